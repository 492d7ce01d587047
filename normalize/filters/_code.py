"""Where the code is in a Markdown body, so text filters can leave it alone."""

from __future__ import annotations

import re

from normalize.commonmark import parse

# A code span: a backtick run closed by a run of the same length, within one paragraph.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)*?(?<!`)\1(?!`)", re.S)


def code_lines(markdown: str) -> set[int]:
    """Indexes of the lines (as `str.split("\\n")` counts them) inside fenced or indented code."""
    lines: set[int] = set()
    for token in parse(markdown)[0]:
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(*token.map))
    return lines


def split_code(markdown: str) -> list[tuple[str, bool]]:
    """The body cut into (text, is_code) pieces whose concatenation is the body.

    Code blocks and inline code spans are code; everything else is prose.
    """
    in_code = code_lines(markdown)
    runs: list[tuple[list[str], bool]] = []
    for number, line in enumerate(_lines(markdown)):
        is_code = number in in_code
        if runs and runs[-1][1] == is_code:
            runs[-1][0].append(line)
        else:
            runs.append(([line], is_code))
    pieces: list[tuple[str, bool]] = []
    for lines, is_code in runs:
        text = "".join(lines)
        if is_code:
            pieces.append((text, True))
            continue
        last = 0
        for match in _CODE_SPAN.finditer(text):
            pieces.append((text[last : match.start()], False))
            pieces.append((match.group(0), True))
            last = match.end()
        pieces.append((text[last:], False))
    return [piece for piece in pieces if piece[0]]


def _lines(text: str) -> list[str]:
    """Lines with their "\n", numbered the way the Markdown parser numbers them."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)
