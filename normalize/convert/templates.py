"""Braces a dump's text holds, written so that the site's generator shows them as text.

A converted article about templates says `{{ page.title }}` or `{% if %}`;
Hexo and Jekyll would run that as a template tag, Hugo runs `{{< … >}}` and
`{{% … %}}` as a shortcode. In prose the first brace becomes `&#123;`, which
every Markdown renderer shows as `{`; code, where an entity would show as
written, is wrapped in `{% raw %}` … `{% endraw %}` for Hexo and Jekyll.
"""

from __future__ import annotations

import re
from itertools import groupby

# What each generator reads as a tag in a post's body. Unknown (or "none"): `{{` and `{%`,
# so the text reads the same under Hexo and Jekyll; an entity shows as `{` anywhere.
_OPENERS = {
    "hexo": re.compile(r"\{(?=[{%#])"),
    "jekyll": re.compile(r"\{(?=[{%])"),
    "hugo": re.compile(r"\{(?=\{[<%])"),
    None: re.compile(r"\{(?=[{%])"),
}
_RAW_IN_CODE = ("hexo", "jekyll")  # they read tags inside code too; Hugo reads only shortcodes
_MAY_HOLD_A_TAG = re.compile(r"\{[{%#]")


def shield_template_syntax(markdown: str, generator: str | None) -> str:
    """`markdown`, a converted dump, with what `generator` would read as a tag made text."""
    opener = _OPENERS.get(generator)
    if opener is None or not _MAY_HOLD_A_TAG.search(markdown):
        return markdown
    from normalize.markup.code import code_lines

    lines = markdown.split("\n")
    in_code = code_lines(markdown)
    out: list[str] = []
    for is_code, numbers in groupby(range(len(lines)), key=in_code.__contains__):
        run = [lines[number] for number in numbers]
        if is_code:
            out.extend(_raw_block(run, generator))
        else:
            out.append(_shield_prose("\n".join(run), opener, generator))
    return "\n".join(out)


def _raw_block(block: list[str], generator: str | None) -> list[str]:
    if generator not in _RAW_IN_CODE or not _MAY_HOLD_A_TAG.search("\n".join(block)):
        return block
    return ["{% raw %}", *block, "{% endraw %}"]


def _shield_prose(text: str, opener: re.Pattern[str], generator: str | None) -> str:
    from normalize.markup.code import inline_code_spans

    pieces: list[str] = []
    cursor = 0
    for start, end in inline_code_spans(text):
        pieces.append(opener.sub("&#123;", text[cursor:start]))
        span = text[start:end]
        if generator in _RAW_IN_CODE and _MAY_HOLD_A_TAG.search(span):
            span = "{% raw %}" + span + "{% endraw %}"
        pieces.append(span)
        cursor = end
    pieces.append(opener.sub("&#123;", text[cursor:]))
    return "".join(pieces)
