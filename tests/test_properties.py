"""Properties over generated input: never an uncaught error, always UTF-8 with front matter
that parses, and a second pass that changes nothing."""

from __future__ import annotations

import frontmatter
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from normalize import Document, InputError, Pipeline
from normalize.loss_guard import LossError

PIPELINE = Pipeline.default()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = st.sampled_from(
    [
        "中文",
        "段落",
        "。",
        "，",
        "：",
        "word",
        "snake_case",
        "a*b",
        "[x]",
        "#tag",
        "1.",
        "-",
        ">",
        "`",
        "&amp;",
        "&",
        "<",
        "|",
        "\\",
        "_",
        "**",
        " ",
        "\u3000",
        "\u00a0",
        "\n",
        "http://e.org/a?b=1&c=2",
    ]
)
TEXT = st.lists(WORDS, max_size=12).map("".join)
INLINE_TAGS = st.sampled_from(
    ["b", "i", "em", "strong", "code", "span", "a", "font", "u", "s", "sup"]
)
BLOCK_TAGS = st.sampled_from(
    ["p", "div", "blockquote", "li", "ul", "ol", "h2", "pre", "td", "table"]
)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def build(tag: str, inner: list[str], attrs: str) -> str:
        return f"<{tag}{attrs}>{''.join(inner)}</{tag}>"

    attrs = st.sampled_from(
        [
            "",
            ' href="https://cors.zfour.workers.dev/?http://h.org/p"',
            ' class="ad"',
            ' color="#F8F8F8"',
            ' style="display:none"',
            ' class="language-py"',
            ' href="javascript:x"',
        ]
    )
    return st.builds(build, INLINE_TAGS | BLOCK_TAGS, st.lists(children, max_size=4), attrs)


HTML = st.recursive(
    TEXT | st.just("<br>") | st.just('<img src="http://h.org/i.png">'), _element, max_leaves=25
).map(lambda fragment: f"<div>{fragment}</div>")
MARKDOWN_LINES = st.sampled_from(
    [
        "# Title",
        "## 小节",
        "- item",
        "1. first",
        "> quote",
        "```",
        "```python",
        "    code",
        "",
        "text with *em* and **strong**",
        "中文段落，没有空格。",
        "[link](http://e.org)",
        "| a | b |",
        "|---|---|",
        "line with trailing spaces  ",
        "***",
        "<div>html</div>",
        "\\* escaped",
    ]
)
MARKDOWN = st.lists(MARKDOWN_LINES | TEXT, max_size=15).map("\n".join)
FRONT_MATTER = st.sampled_from(
    [
        "",
        "---\ntitle: 标题\n---\n\n",
        "\n---\ntitle: 'a: b'\ndate: Fri, 07 May 2021 21:12:54 GMT\n---\n",
        "---\ntags:\n - a\n    - b\n---\n",
    ]
)


def normalize_once(raw: bytes, name: str | None = None) -> str | None:
    """The output, or None when the input is refused with an InputError (a clean refusal).

    Losing text is never a clean refusal: the built-in filters log all they remove.
    """
    try:
        return PIPELINE.run(Document.from_bytes(raw, name=name))
    except LossError:
        raise
    except InputError:
        return None


def check(raw: bytes, name: str | None = None) -> None:
    first = normalize_once(raw, name)
    if first is None:
        return
    first.encode("utf-8")  # no lone surrogates
    if first.startswith("---\n"):
        frontmatter.loads(first)  # the front matter parses
    second = normalize_once(first.encode("utf-8"), name)
    assert second == first


@SETTINGS
@given(FRONT_MATTER, HTML)
@example("", "<p><strong>。</strong></p>")  # bold of one character, re-read as Markdown
def test_html(front: str, html: str) -> None:
    check((front + html).encode("utf-8"))


@SETTINGS
@given(FRONT_MATTER, MARKDOWN)
@example(
    "---\ntitle: 标题\n---\n\n", "<div>html</div>\n\n```\n# Title"
)  # blank line after the fence
def test_markdown(front: str, markdown: str) -> None:
    check((front + markdown).encode("utf-8"), "post.md")


@SETTINGS
@given(st.lists(TEXT, max_size=10).map("\n\n".join))
def test_text(text: str) -> None:
    check(text.encode("utf-8"), "dump.txt")


@SETTINGS
@given(st.binary(max_size=300))
@example(b"\x1aA\xce\x92\x80")  # found here: repairs that were not a fixed point
@example(b"\xac\x05\xfcc")  # found by the fuzz target
@example(b"\x8d\xc7\xa7k\xb9")  # a C1 control hiding mojibake until removed
def test_bytes(raw: bytes) -> None:
    check(raw)
