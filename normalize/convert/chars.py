"""Character classes as CommonMark (markdown-it) sees them, and the CJK ranges."""

from __future__ import annotations

import re
import unicodedata

from normalize.convert.marks import EDGE_MARKERS

_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0002fa1f"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
LINE_INDENT = " \t\u3000\u00a0"


def is_cjk(ch: str | None) -> bool:
    return ch is not None and bool(_CJK_CHAR.match(ch))


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


def is_space(ch: str | None) -> bool:
    """Unicode whitespace in CommonMark's sense; line edges count as space."""
    if ch is None or ch in "\n\t\r\f\v" or ch in EDGE_MARKERS:
        return True
    return unicodedata.category(ch) == "Zs"


def is_punct(ch: str | None) -> bool:
    if ch is None:
        return False
    return ch in ASCII_PUNCT or unicodedata.category(ch)[0] in "PS"
