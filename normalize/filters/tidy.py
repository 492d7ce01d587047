"""Whitespace clean-up of a Markdown body; code and raw HTML blocks are left byte for byte."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from normalize.commonmark import parse, render
from normalize.convert.escaping import block_marker_offset
from normalize.document import Document, Kind, Stage
from normalize.filters.base import Filter

if TYPE_CHECKING:
    from markdown_it.token import Token

_VERBATIM = {"fence", "code_block", "html_block"}
_INDENT_CHARS = "\u3000\u00a0"


def same_rendering(a: str, b: str) -> bool:
    """Whether two bodies render alike; spaces before a line end, or at the end, never show
    (a raw HTML block last in a body renders with the body's final newline, or without)."""

    def norm(text: str) -> str:
        html = render(text.replace("\r\n", "\n").replace("\r", "\n"))
        return re.sub(r"[ \t]+\n", "\n", html).rstrip()

    return norm(a) == norm(b)


def _content_lines(tokens: list[Token], i: int) -> range | None:
    """The source lines holding the inline text of a paragraph or setext heading."""
    tok = tokens[i]
    if tok.map is None:
        return None
    start, end = tok.map
    if tok.type == "paragraph_open":
        return range(start, end)
    if tok.type == "heading_open" and tok.markup in ("=", "-"):
        return range(start, end - 1)  # without the underline
    return None


def _ends_with_backslash_break(line: str) -> bool:
    run = len(line) - len(line.rstrip("\\"))
    return run % 2 == 1


def _as_backslash_break(line: str) -> str:
    """`text  ` (a hard break) as `text\\`; a literal backslash before the spaces stays one."""
    text = line.rstrip(" \t")
    if _ends_with_backslash_break(text):
        text += "\\"
    return text + "\\"


def _drop_indent(line: str, first: str) -> str:
    """Remove U+3000/NBSP right before the paragraph text `first` on `line`."""
    body = line.rstrip()
    first = first.rstrip()
    if not first or not body.endswith(first) or block_marker_offset(first) is not None:
        return line
    pos = len(body) - len(first)
    start = pos
    while start > 0 and line[start - 1].isspace():
        start -= 1
    gap = line[start:pos]
    cut = min((gap.find(c) for c in _INDENT_CHARS if c in gap), default=-1)
    if cut < 0:
        return line
    # spaces before the indent belong to the list or quote around the paragraph
    return line[:start] + gap[:cut] + line[pos:]


# A U+3000/NBSP paragraph indent, which tidying drops.
_SPACE_INDENT = re.compile(r"^[ >*+\-0-9.)]*[\u3000\u00a0]", re.MULTILINE)


def is_tidy(text: str) -> bool:
    """True when `tidy_markdown` would return `text` unchanged, found without parsing:
    one final newline, and no space or tab at a line end, blank-line run, leading blank
    line, carriage return or U+3000/NBSP indent. (Plain substring tests, each at C speed;
    the indent's pattern only where one of its spaces is.)"""
    return (
        text.endswith("\n")
        and not text.endswith("\n\n")
        and not text.startswith("\n")
        and not any(mark in text for mark in (" \n", "\t\n", "\n\n\n", "\r"))
        and not (("\u3000" in text or "\u00a0" in text) and _SPACE_INDENT.search(text))
    )


def tidy_markdown(text: str) -> str:
    """Trailing spaces, blank-line runs, paragraph indents, line endings, final newline."""
    if is_tidy(text):
        return text
    if is_tidy(text + "\n"):  # tidy but for its final newline, as the converter leaves it
        return text + "\n"
    return tidy_lines(text)


def tidy_lines(text: str) -> str:
    """`tidy_markdown` without the fast path: parse, then tidy line by line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (text[:-1] if text.endswith("\n") else text).split("\n")
    tokens = parse(text)[0]
    verbatim: set[int] = set()
    breaks: set[int] = set()
    firsts: dict[int, str] = {}
    for i, tok in enumerate(tokens):
        if tok.type in _VERBATIM and tok.map:
            verbatim.update(range(*tok.map))
            continue
        content = _content_lines(tokens, i)
        if content is None or not len(content):
            continue
        inline = tokens[i + 1]
        firsts[content[0]] = inline.content.split("\n", 1)[0]
        spaced = [n for n in content[:-1] if re.search(r" {2,}$", lines[n])]
        slashed = [
            n
            for n in content[:-1]
            if not lines[n].endswith(" ") and _ends_with_backslash_break(lines[n])
        ]
        hard = sum(1 for c in inline.children or [] if c.type == "hardbreak")
        if hard == len(spaced) + len(slashed):
            breaks.update(spaced)
        else:  # a line break inside a code span, say: leave these lines alone
            verbatim.update(spaced)

    out: list[tuple[int, str]] = []  # (source line number, new line)
    for n, line in enumerate(lines):
        if n in verbatim:
            out.append((n, line))
            continue
        if n in firsts:
            line = _drop_indent(line, firsts[n])
        line = _as_backslash_break(line) if n in breaks else line.rstrip(" \t")
        if not line and (not out or out[-1][1] == ""):
            continue  # a leading blank line, or a second one in a row
        out.append((n, line))
    while out and out[-1][0] not in verbatim and not out[-1][1]:
        out.pop()
    return "\n".join(line for _, line in out) + "\n" if out else ""


def settle(before: str, after: str) -> str:
    """`after`, an edit of `before`, with what the edits left behind tidied and nothing else.

    A line an edit emptied goes with the blank lines around it down to one,
    spaces an edit left at a line end go, unless the line ended so before (a
    hard break); a changed body ends with a newline. Lines no edit touched
    stay as they are, however they are written, blank runs and spaces included.
    """
    from difflib import SequenceMatcher

    old, new = before.split("\n"), after.split("\n")
    edited: set[int] = set()  # lines an edit wrote
    seams: set[int] = set()  # lines an edit made neighbours of (those around a cut)
    kept_ends: dict[int, str] = {}
    # Blank and frequent lines only extend matches, never anchor them: linear, not quadratic.
    matcher = SequenceMatcher(lambda line: not line.strip(), old, new)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "delete":
            seams.update(n for n in (j1 - 1, j1) if 0 <= n < len(new))
        edited.update(range(j1, j2))
        for k in range(j2 - j1):
            if i1 + k < i2:
                kept_ends[j1 + k] = old[i1 + k][len(old[i1 + k].rstrip(" \t")) :]
    lines = []
    for number, line in enumerate(new):
        if number in edited:
            end = line[len(line.rstrip(" \t")) :]
            if end and (not line.strip() or kept_ends.get(number) != end):
                line = line.rstrip(" \t")
        lines.append((number, line))
    near_edit = edited | seams
    out: list[str] = []
    for index, (number, line) in enumerate(lines):
        blank_run = not line and (not out or not out[-1].strip())
        previous = lines[index - 1][0] if index else None
        if blank_run and (number in near_edit or previous in near_edit):
            continue  # a second blank line, or a blank first line, that an edit made
        out.append(line)
    text = "\n".join(out)
    return text + "\n" if text != before and not text.endswith("\n") else text


class TidyFilter(Filter):
    name = "tidy"
    stage = Stage.MARKDOWN
    priority = 90
    description = "Tidy Markdown whitespace: trailing spaces, blank lines, indents, final newline."

    def run(self, doc: Document) -> None:
        if doc.kind != Kind.MARKDOWN or doc.body is None:
            return
        if doc.authored:
            new = settle(doc.source_body or "", doc.body)
        else:
            new = tidy_markdown(doc.body)
        if new == doc.body:
            return
        # A final newline renders as nothing: only another change needs the renderings compared.
        if new != doc.body + "\n" and not same_rendering(new, doc.body):
            self.log(doc, "skipped", "tidying would change how the body renders", warning=True)
            return
        doc.body = new
        self.log(doc, "whitespace", "tidied whitespace")
