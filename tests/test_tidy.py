"""The `tidy` filter: whitespace only, code left byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from normalize.document import Document, Kind
from normalize.filters.tidy import TidyFilter, same_rendering, tidy_markdown

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HEXO_POST = """\
## 安装步骤

先更新系统，然后安装依赖：

```bash
sudo apt-get update
sudo apt-get install -y git\x20\x20
```

1. 克隆仓库
2. 运行 `make`，见 [文档](https://example.org/docs_(v2) "Docs")

- 一项
  - 子项

> 引用一段话，
> 第二行。

| 参数 | 说明 |
| --- | --- |
| `-v` | 详细输出 |

    indented code\x20\x20
	with a tab

***

最后一段 **加粗** 和 *斜体*。
"""


def run(body: str, kind: str = Kind.MARKDOWN) -> Document:
    doc = Document(body=body, kind=kind)
    TidyFilter().run(doc)
    return doc


def assert_idempotent(text: str) -> str:
    once = tidy_markdown(text)
    assert tidy_markdown(once) == once
    doc = run(once)
    assert doc.body == once and doc.changes == []
    return once


def test_clean_post_is_left_alone():
    doc = run(HEXO_POST)
    assert doc.body == HEXO_POST
    assert doc.changes == []


def test_trailing_whitespace_stripped_and_hard_break_kept():
    text = "Title line   \n\npara one  \npara two\t\nlast line  \n"
    out = assert_idempotent(text)
    assert out == "Title line\n\npara one\\\npara two\nlast line\n"
    assert same_rendering(out, text)


def test_literal_backslash_before_hard_break():
    text = "path C:\\  \nnext\n"
    out = assert_idempotent(text)
    assert same_rendering(out, text)


def test_blank_line_runs_collapse_and_edges_trimmed():
    text = "\n\n\n# T\n\n\n\ntext\n \t\n\n- a\n\n\n- b\n\n\n\n"
    assert assert_idempotent(text) == "# T\n\ntext\n\n- a\n\n- b\n"


def test_crlf_becomes_lf():
    assert assert_idempotent("a\r\nb\r\n\r\n\r\nc") == "a\nb\n\nc\n"


def test_exactly_one_final_newline():
    assert tidy_markdown("text") == "text\n"
    assert tidy_markdown("text\n\n\n") == "text\n"
    assert tidy_markdown("\n \n") == ""


def test_fenced_code_kept_byte_for_byte():
    code = "```py\ndef f():  \n\treturn 1\t\n\n\n\n# end   \n```"
    text = f"intro\n\n{code}\n\n\n\noutro\n"
    out = assert_idempotent(text)
    assert out == f"intro\n\n{code}\n\noutro\n"


def test_indented_code_and_code_in_lists_kept():
    text = "para\n\n    a  \n\n\n    b\t\n\n- item\n\n  ```\n  x  \n\n\n  y\n  ```\n"
    out = assert_idempotent(text)
    assert out == text


def test_raw_html_blocks_kept():
    text = "<pre>\n  keep  \n\n\n</pre>\n\nafter  \n"
    assert assert_idempotent(text) == "<pre>\n  keep  \n\n\n</pre>\n\nafter\n"


def test_paragraph_indents_dropped():
    text = "\u3000\u3000第一段。\n\n\u00a0\u00a0Second.\n\n- \u3000列表项\n\n> \u3000引用\n"
    assert assert_idempotent(text) == "第一段。\n\nSecond.\n\n- 列表项\n\n> 引用\n"


def test_indent_kept_when_it_protects_a_marker():
    text = "\u3000# 不是标题\n\n\u3000- 不是列表\n"
    out = assert_idempotent(text)
    assert same_rendering(out, text)
    assert "<h1>" not in MD.render(out)


def test_indent_with_spaces_after_it_does_not_make_code():
    text = "\u3000    文字\n"
    assert assert_idempotent(text) == "文字\n"


def test_never_joins_or_spaces_cjk_lines():
    text = "第一行\n第二行\n"
    assert tidy_markdown(text) == text


def test_line_break_inside_code_span_left_alone():
    text = "see `a  \nb` here\n"
    out = assert_idempotent(text)
    assert same_rendering(out, text)


@pytest.mark.parametrize(
    "text",
    [
        HEXO_POST,
        "Setext\n===\n\ntext  \nmore\n",
        "a  \nb  \nc  \n",
        "> quote  \n> more\n>\n>\n> end\n",
        "1. one\n\n\n   two  \n   three\n",
        "\t\n\u3000\n",
    ],
)
def test_idempotent_and_render_preserving(text):
    out = assert_idempotent(text)
    assert same_rendering(out, text)


def test_unclosed_fence_at_the_end_is_stable():
    text = "```\ncode  \n\n"
    assert assert_idempotent(text) == text


def test_only_markdown_bodies():
    doc = run("text  \n\n\n", kind=Kind.TEXT)
    assert doc.body == "text  \n\n\n" and doc.changes == []


def test_logs_only_when_changed():
    assert run("clean\n").changes == []
    doc = run("dirty  \n")
    assert doc.body == "dirty\n"
    assert [(c.filter, c.warning) for c in doc.changes] == [("tidy", False)]


def test_fast_path_agrees_with_the_full_tidy():
    """Whatever `is_tidy` lets through unparsed, the full tidy would leave as it is."""
    from casefile import all_cases
    from conftest import EXPECTED

    from normalize.filters.tidy import is_tidy, tidy_lines

    texts = [case.expected for case in all_cases() if case.expected]
    texts += [p.read_text(encoding="utf-8") for p in EXPECTED.rglob("*.md")]
    texts += ["a\n", "```\ncode  \n\n\n```\n", "- x\n\n  y\n", "a\\\nb\n", "> q\n>\n> r\n"]
    fast = [t for t in texts if is_tidy(t)]
    assert len(fast) > 100
    for text in fast:
        assert tidy_lines(text) == text


def test_fast_path_for_a_missing_final_newline_agrees_with_the_full_tidy():
    """A body tidy but for its final newline (the converter's output) gets just the newline,
    as the full tidy would give it, and the filter adds it without comparing renderings."""
    from casefile import all_cases
    from conftest import EXPECTED

    from normalize.filters.tidy import tidy_lines, tidy_markdown

    texts = [case.expected for case in all_cases() if case.expected]
    texts += [p.read_text(encoding="utf-8") for p in EXPECTED.rglob("*.md")]
    texts += ["```\ncode  \n\n\n```", "    indented\n    code", "a  \nb", "x\n\n\u3000y"]
    for text in [t.rstrip("\n") for t in texts]:
        assert tidy_markdown(text) == tidy_lines(text), text
    doc = run("some *text*")
    assert doc.body == "some *text*\n"
    assert [c.filter for c in doc.changes] == ["tidy"]


_PIECES = st.sampled_from(["a", "\n", " ", "\t", "\r", "\u3000", "\u00a0", "> ", "- ", "1.", "*"])


@given(st.lists(_PIECES, max_size=14).map("".join))
@example("a\n\u3000b\n")
@example("> \u00a0quote\n")
@example("\n")
@example("a \n")
def test_is_tidy_tells_what_one_pattern_over_the_text_told(text):
    """The substring tests answer as the single pattern they replace (kept here as the
    definition): any space or tab at a line end, blank-line run, leading blank line,
    carriage return or U+3000/NBSP indent, and one final newline."""
    import re

    from normalize.filters.tidy import is_tidy

    untidy = re.compile(r"[ \t]\n|\n\n\n|\A\n|\r|^[ >*+\-0-9.)]*[\u3000\u00a0]", re.MULTILINE)
    expected = text.endswith("\n") and not text.endswith("\n\n") and not untidy.search(text + "\n")
    assert is_tidy(text) == expected
