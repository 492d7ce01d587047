"""Emphasis delimiters written so that CommonMark reads them as emphasis (CJK punctuation)."""

from __future__ import annotations

from normalize.convert.chars import ASCII_PUNCT, is_punct, is_space
from normalize.convert.marks import (
    ATOM_CLOSE,
    ATOM_OPEN,
    CLOSERS,
    DELIMITERS,
    EMPTY_PAIRS,
    OPENERS,
)


def _units(text: str) -> list[str]:
    """Characters, with a backslash escape kept together with what it escapes."""
    units: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in ASCII_PUNCT:
            units.append(text[i : i + 2])
            i += 2
        else:
            units.append(text[i])
            i += 1
    return units


def _literal(unit: str) -> str:
    """A lone backslash stays literal wherever it moves (next to `*` it would escape it)."""
    return "\\\\" if unit == "\\" else unit


def _unit_space(unit: str | None) -> bool:
    return unit is None or (len(unit) == 1 and is_space(unit))


def _unit_punct(unit: str | None) -> bool:
    # links, images and code spans begin and end with punctuation
    return unit is not None and (unit in (ATOM_OPEN, ATOM_CLOSE) or is_punct(unit[-1]))


def _left_flanking(prev: str | None, nxt: str | None) -> bool:
    return not _unit_space(nxt) and (not _unit_punct(nxt) or _unit_space(prev) or _unit_punct(prev))


def _right_flanking(prev: str | None, nxt: str | None) -> bool:
    return not _unit_space(prev) and (not _unit_punct(prev) or _unit_space(nxt) or _unit_punct(nxt))


def _visible(units: list[str], i: int, step: int) -> str | None:
    while 0 <= i < len(units):
        if units[i] not in DELIMITERS:
            return units[i]
        i += step
    return None


def _piece_end(units: list[str], i: int) -> int:
    """Index of the last unit of the piece starting at i (a whole atom, or one unit)."""
    if units[i] != ATOM_OPEN:
        return i
    depth = 0
    for j in range(i, len(units)):
        depth += {ATOM_OPEN: 1, ATOM_CLOSE: -1}.get(units[j], 0)
        if depth == 0:
            return j
    return i


def _piece_start(units: list[str], i: int) -> int:
    if units[i] != ATOM_CLOSE:
        return i
    depth = 0
    for j in range(i, -1, -1):
        depth += {ATOM_CLOSE: 1, ATOM_OPEN: -1}.get(units[j], 0)
        if depth == 0:
            return j
    return i


def _drop_empty_pairs(text: str) -> str:
    # empty spans, and `**a****b**` (two spans side by side) merged into one
    while True:
        new = EMPTY_PAIRS.sub("", text)
        if new == text:
            return text
        text = new


_MAX_MOVES = 64  # a span that needs more is left as it is, not moved in quadratic time


def fix_emphasis(text: str) -> str:
    """Write emphasis markers so that CommonMark reads them as emphasis.

    `**注意：**正文` is not bold: a closing `**` after punctuation must be
    followed by space or punctuation. Punctuation (or a link, or a code span)
    at the edge of a span is moved outside it until the delimiters flank.
    """
    units = _units(_drop_empty_pairs(text))
    i = 0
    while i < len(units):  # closers, inner ones first
        if units[i] in CLOSERS:
            j = i
            for _ in range(_MAX_MOVES):
                if j == 0 or units[j - 1] in DELIMITERS:
                    break
                if _right_flanking(units[j - 1], _visible(units, j + 1, 1)):
                    break
                start = _piece_start(units, j - 1)
                units[start : j + 1] = [units[j], *map(_literal, units[start:j])]
                j = start
        i += 1
    i = len(units) - 1
    while i >= 0:  # openers, inner ones first
        if units[i] in OPENERS:
            j = i
            for _ in range(_MAX_MOVES):
                if j + 1 == len(units) or units[j + 1] in DELIMITERS:
                    break
                if _left_flanking(_visible(units, j - 1, -1), units[j + 1]):
                    break
                end = _piece_end(units, j + 1)
                units[j : end + 1] = [*map(_literal, units[j + 1 : end + 1]), units[j]]
                j = end
        i -= 1
    text = _drop_empty_pairs("".join(units))
    for marker, symbol in DELIMITERS.items():
        text = text.replace(marker, symbol)
    return text.replace(ATOM_OPEN, "").replace(ATOM_CLOSE, "")
