"""Backslash escapes: only where CommonMark would misread the text (never `snake\\_case`)."""

from __future__ import annotations

import re
from typing import Any

from normalize.convert.chars import ASCII_PUNCT, ENTITY, is_punct, is_space

_INLINE_SPECIAL = re.compile(r"\\|`|\[|\]|<|&|\||~+|\*+|_+")


def _run_is_emphasis(char: str, prev: str | None, nxt: str | None) -> bool:
    """Could a run of `*` or `_` between prev and nxt open or close emphasis?"""
    left = not is_space(nxt) and (not is_punct(nxt) or is_space(prev) or is_punct(prev))
    right = not is_space(prev) and (not is_punct(prev) or is_space(nxt) or is_punct(nxt))
    if char == "*":
        return left or right
    can_open = left and (not right or is_punct(prev))
    can_close = right and (not left or is_punct(nxt))
    return can_open or can_close


def escape_inline(
    text: str, before: str | None = None, after: str | None = None, table: bool = False
) -> str:
    """Backslash-escape what CommonMark would read as inline markup.

    `before`/`after` are the characters around `text`: None when unknown (the
    escaping is then conservative at the edges), "\\n" at a line edge.
    """
    if _INLINE_SPECIAL.search(text) is None:
        return text
    unknown = object()

    def around(start: int, end: int) -> tuple[Any, Any]:
        prev = text[start - 1] if start > 0 else (unknown if before is None else before)
        nxt = text[end] if end < len(text) else (unknown if after is None else after)
        return prev, nxt

    def replace(m: re.Match[str]) -> str:
        s = m.group()
        prev, nxt = around(m.start(), m.end())
        c = s[0]
        if c == "\\":
            if nxt is unknown or nxt.isspace() or nxt in ASCII_PUNCT:
                return "\\\\"  # the space after it may be trimmed or moved
            return s
        if c in "`[]":
            return "\\" + s
        if c == "<":
            if nxt is unknown or (nxt.isascii() and nxt.isalpha()) or nxt in "/!?":
                return "\\<"
            return s
        if c == "&":
            return "\\&" if ENTITY.match(text, m.start()) else s
        if c == "|":
            return "\\|" if table else s
        if c == "~":
            if len(s) >= 2 or prev is unknown or nxt is unknown:
                return "\\~" * len(s)
            return s
        # `*` and `_` runs
        if prev is unknown or nxt is unknown or _run_is_emphasis(c, prev, nxt):
            return ("\\" + c) * len(s)
        return s

    return _INLINE_SPECIAL.sub(replace, text)


# \s, not [ \t]: an NBSP or U+3000 after `#` may be stripped as an indent or end of line
_MARKER_AT_START = re.compile(r"#{1,6}(?:\s|$)|[>|]|[-+*](?:\s|$)|[-=]+\s*$|(?:[-_*]\s*){3,}$")
_ORDERED_AT_START = re.compile(r"([0-9]{1,9})[.)](?:\s|$)")


_MARKER_STARTS = frozenset("#>|-+*=_0123456789")  # what the two patterns above start with


def block_marker_offset(text: str) -> int | None:
    """Where a backslash would stop `text`, at a line start, being read as a block marker."""
    if text[:1] not in _MARKER_STARTS:
        return None
    if _MARKER_AT_START.match(text):
        return 0
    m = _ORDERED_AT_START.match(text)
    return m.end(1) if m else None


def escape_text_line(line: str) -> str:
    """A line of plain text as a Markdown paragraph line that renders as itself."""
    out = escape_inline(line, before="\n", after="\n")
    offset = block_marker_offset(out)
    return out if offset is None else out[:offset] + "\\" + out[offset:]
