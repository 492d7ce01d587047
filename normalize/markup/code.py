"""Where the code and template syntax are in a Markdown body, so filters leave them alone."""

from __future__ import annotations

import re
from bisect import bisect_right

from normalize.commonmark import parse

# A code span: a backtick run closed by a run of the same length, within one paragraph.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)*?(?<!`)\1(?!`)", re.S)

# Template syntax of the site generators (Liquid, Go templates, Hugo shortcodes, EJS/ERB):
# inert text the generator reads. A block tag whose body is literal text (raw, code) takes it along.
TEMPLATE = re.compile(
    r"\{%-?\s*(?P<block>raw|highlight|codeblock|code|comment|include_code)\b.*?%\}"
    r".*?\{%-?\s*end(?P=block)\s*-?%\}"
    r"|\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%.*?%\}|\{\{.*?\}\}|<%.*?%>",
    re.S,
)
_AUTOLINK = re.compile(
    r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+>"
)
_MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$\w])\$(?![\s$])[^$\n]+?(?<![\s\\])\$(?![\w$])", re.S)
_ESCAPED_LT = re.compile(r"\\<")


def code_lines(markdown: str) -> set[int]:
    """Indexes of the lines (as `str.split("\\n")` counts them) inside fenced or indented code."""
    lines: set[int] = set()
    for token in parse(markdown)[0]:
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(*token.map))
    return lines


def code_spans(markdown: str) -> list[tuple[int, int]]:
    """Offsets of code blocks, code spans and template tags: text no filter may edit."""
    in_code = code_lines(markdown)
    spans: list[tuple[int, int]] = []
    offset = 0
    prose_start = None
    for number, line in enumerate(_lines(markdown)):
        if number in in_code:
            if prose_start is not None:
                spans.extend(_inline_code(markdown, prose_start, offset))
                prose_start = None
            spans.append((offset, offset + len(line)))
        elif prose_start is None:
            prose_start = offset
        offset += len(line)
    if prose_start is not None:
        spans.extend(_inline_code(markdown, prose_start, offset))
    return _merged(spans)


def inline_code_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the code spans in `text`, a run of lines outside code blocks."""
    return [(m.start(), m.end()) for m in _CODE_SPAN.finditer(text)]


def _inline_code(markdown: str, start: int, end: int) -> list[tuple[int, int]]:
    text = markdown[start:end]
    spans = inline_code_spans(text)
    templates = [(m.start(), m.end()) for m in TEMPLATE.finditer(text)]
    found = spans + [span for span in templates if not _inside(span[0], spans)]
    return [(start + a, start + b) for a, b in found]


def protected_spans(markdown: str) -> list[tuple[int, int]]:
    """`code_spans`, plus what an HTML parser would misread there: autolinks, math, `\\<`."""
    spans = code_spans(markdown)
    extra = [
        (m.start(), m.end())
        for pattern in (_AUTOLINK, _MATH, _ESCAPED_LT)
        for m in pattern.finditer(markdown)
        if not _inside(m.start(), spans)
    ]
    return _merged(spans + extra)


MASK = "\u2800"  # a blank no one writes: what `masked` puts in place of protected text


def masked(text: str, spans: list[tuple[int, int]], blank: str = MASK) -> str:
    """`text` with every character of `spans` but line breaks replaced by `blank` (same length)."""
    pieces = []
    cursor = 0
    for start, end in spans:
        pieces.append(text[cursor:start])
        pieces.append(re.sub(r"[^\n]", blank, text[start:end]))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def split_code(markdown: str) -> list[tuple[str, bool]]:
    """The body cut into (text, is_code) pieces whose concatenation is the body.

    Code blocks, code spans and template tags are code; everything else is prose.
    """
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in code_spans(markdown):
        pieces.append((markdown[cursor:start], False))
        pieces.append((markdown[start:end], True))
        cursor = end
    pieces.append((markdown[cursor:], False))
    return [piece for piece in pieces if piece[0]]


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `offset` falls in one of `spans` (sorted, not overlapping)."""
    index = bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _lines(text: str) -> list[str]:
    """Lines with their "\n", numbered the way the Markdown parser numbers them."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)
