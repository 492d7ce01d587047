"""Content decides what a body is; the file name is only a hint."""

from __future__ import annotations

import pytest

from normalize.document import Kind
from normalize.sniff import sniff

HEXO_HTML = "\n---\ntitle: t\n---\n\n<div>\n<p>段落</p><br><p>另一段</p>\n</div>\n"
MARKDOWN_WITH_AD = (
    '---\ntitle: t\n---\n\n<ins class="adsbygoogle"></ins><script>x</script>\n\n'
    "## Heading\n\nText with a [link](http://example.org).\n\n## Another\n\nMore.\n"
)


@pytest.mark.parametrize(
    "text, name, kind",
    [
        (HEXO_HTML, "dump.txt", Kind.HTML),  # a .txt holding front matter and HTML
        (HEXO_HTML, None, Kind.HTML),
        ("<!DOCTYPE html><html><body>x</body></html>", "page.md", Kind.HTML),
        ("<div><p>a</p></div>", None, Kind.HTML),
        (MARKDOWN_WITH_AD, "post.md", Kind.MARKDOWN),
        ("# Title\n\nSome *text*.\n", None, Kind.MARKDOWN),
        ("---\ntitle: x\n---\n\nplain words\n", None, Kind.MARKDOWN),
        ("top of page\n\nA title\n\nA paragraph.\n", None, Kind.TEXT),
        ("top of page\n\nA title\n\nA paragraph.\n", "dump.txt", Kind.TEXT),
        ("just words\n", "post.md", Kind.MARKDOWN),
        ("Line with 1 < 2 and a <b>bold</b> word.\n", "page.html", Kind.HTML),
    ],
)
def test_sniff(text, name, kind):
    assert sniff(text, name) == kind


def test_escaped_markdown_is_never_taken_for_text():
    # The output of a text dump must be read back as Markdown, or a second run would escape again.
    assert sniff("1\\. not a list\n\nSome \\*stars\\*\n", "dump.txt") == Kind.MARKDOWN
