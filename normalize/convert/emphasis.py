"""Emphasis delimiters written so that CommonMark reads them as emphasis (CJK punctuation)."""

from __future__ import annotations

import re
from bisect import bisect_left

from normalize.convert.chars import is_punct, is_space
from normalize.convert.marks import (
    ATOM_CLOSE,
    ATOM_OPEN,
    CLOSERS,
    DELIMITERS,
    EMPTY_PAIRS,
    OPENERS,
)

_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")  # a backslash and ASCII punctuation
_CLOSER = re.compile("[" + "".join(CLOSERS) + "]")
_OPENER = re.compile("[" + "".join(OPENERS) + "]")
_ANY_DELIMITER = re.compile("[" + "".join(DELIMITERS) + "]")


def _units(text: str) -> tuple[list[str], list[int]]:
    """Characters, with a backslash escape kept together with what it escapes;
    and where in `text` those escapes start."""
    units: list[str] = []
    escapes: list[int] = []
    pos = 0
    for m in _ESCAPE.finditer(text):
        units.extend(text[pos : m.start()])
        units.append(m.group())
        escapes.append(m.start())
        pos = m.end()
    units.extend(text[pos:])
    return units, escapes


def _unit_indexes(text: str, chars: re.Pattern[str], escapes: list[int]) -> list[int]:
    """The units that are characters `chars` finds (each escape before one is one unit)."""
    return [m.start() - bisect_left(escapes, m.start()) for m in chars.finditer(text)]


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


_DEPTH = {ATOM_OPEN: 1, ATOM_CLOSE: -1}
_DEPTH_BACK = {ATOM_CLOSE: 1, ATOM_OPEN: -1}


def _piece_end(units: list[str], i: int) -> int:
    """Index of the last unit of the piece starting at i (a whole atom, or one unit)."""
    if units[i] != ATOM_OPEN:
        return i
    depth = 0
    for j in range(i, len(units)):
        depth += _DEPTH.get(units[j], 0)
        if depth == 0:
            return j
    return i


def _piece_start(units: list[str], i: int) -> int:
    if units[i] != ATOM_CLOSE:
        return i
    depth = 0
    for j in range(i, -1, -1):
        depth += _DEPTH_BACK.get(units[j], 0)
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
    delimited = _ANY_DELIMITER.search(text) is not None
    if delimited:  # (an empty pair is made of delimiters)
        text = _drop_empty_pairs(text)
        delimited = _ANY_DELIMITER.search(text) is not None
    if not delimited:
        return text.replace(ATOM_OPEN, "").replace(ATOM_CLOSE, "")
    units, escapes = _units(text)
    openers = _unit_indexes(text, _OPENER, escapes)
    for i in _unit_indexes(text, _CLOSER, escapes):  # closers, inner ones first
        j = i
        for _ in range(_MAX_MOVES):
            if j == 0 or units[j - 1] in DELIMITERS:
                break
            if _right_flanking(units[j - 1], _visible(units, j + 1, 1)):
                break
            start = _piece_start(units, j - 1)
            units[start : j + 1] = [units[j], *map(_literal, units[start:j])]
            # what moved one place right may hold openers (a link's emphasis)
            for k in range(bisect_left(openers, start), bisect_left(openers, j)):
                openers[k] += 1
            j = start
    for i in reversed(openers):  # openers, inner ones first
        j = i
        for _ in range(_MAX_MOVES):
            if j + 1 == len(units) or units[j + 1] in DELIMITERS:
                break
            if _left_flanking(_visible(units, j - 1, -1), units[j + 1]):
                break
            end = _piece_end(units, j + 1)
            units[j : end + 1] = [*map(_literal, units[j + 1 : end + 1]), units[j]]
            j = end
    text = _drop_empty_pairs("".join(units))
    for marker, symbol in DELIMITERS.items():
        text = text.replace(marker, symbol)
    return text.replace(ATOM_OPEN, "").replace(ATOM_CLOSE, "")
