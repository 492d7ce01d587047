"""Braces in a converted dump are written so that the site's generator shows them as text."""

from __future__ import annotations

import pytest
from conftest import run_cli

from normalize.convert.templates import shield_template_syntax

ARTICLE = (
    "<p>This article explains how a layout prints the title of a page, why the site generator "
    "needs it, and what happens when the page has no title at all, with real examples.</p>"
    * 4  # a dump: paragraphs of text around a few tags
    + "<p>The tag {{ page.title }} and the shortcode {{< youtube id >}} are written so.</p>"
    "<p>Inline: <code>{{ x }}</code>.</p><pre><code>{% if x %}{{ .Content }}{% endif %}\n</code></pre>"
    "<p>Plain {braces} and {#hash} stay.</p>"
)


def converted(generator: str) -> str:
    code, out, err = run_cli(
        "--generator", generator, "--stdin-filename", "a.html", input=ARTICLE.encode()
    )
    assert code == 0, err
    return out.decode().split("real examples.\n\n")[-1]


def test_hexo_and_jekyll_see_entities_in_prose_and_raw_tags_around_code():
    for generator in ("hexo", "jekyll"):
        assert converted(generator) == (
            "The tag &#123;{ page.title }} and the shortcode &#123;{< youtube id >}} are written so.\n\n"
            "Inline: {% raw %}`{{ x }}`{% endraw %}.\n\n"
            "{% raw %}\n```\n{% if x %}{{ .Content }}{% endif %}\n```\n{% endraw %}\n\n"
            "Plain {braces} and "
            + ("&#123;#hash}" if generator == "hexo" else "{#hash}")
            + " stay.\n"
        )


def test_hugo_reads_only_shortcodes_so_only_they_are_escaped():
    out = converted("hugo")
    assert "The tag {{ page.title }} and the shortcode &#123;{< youtube id >}}" in out
    assert "Inline: `{{ x }}`." in out and "{% raw %}" not in out


def test_without_a_known_generator_prose_is_safe_for_any_and_code_is_untouched():
    out = converted("none")
    assert "The tag &#123;{ page.title }} and the shortcode &#123;{< youtube id >}}" in out
    assert "Inline: `{{ x }}`." in out and "{% raw %}" not in out


@pytest.mark.parametrize("generator", ["hexo", "jekyll", "hugo", "none"])
def test_the_shielded_output_is_stable(generator):
    first = run_cli("--generator", generator, "--stdin-filename", "a.html", input=ARTICLE.encode())[
        1
    ]
    again = run_cli("--generator", generator, "--stdin-filename", "a.md", input=first)[1]
    assert again == first


def test_markdown_without_tag_openers_is_returned_as_it_is():
    text = "A {brace} and a `{code}` span.\n"
    assert shield_template_syntax(text, "jekyll") is text
