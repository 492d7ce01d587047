"""Private control characters the converter leaves in its text until the context is known.

Inline converters leave these in their output (a `<br>`, emphasis
delimiters, spots that need a backslash only at a line start, structural
indentation, links and code spans as units); the final pass resolves them.
Any of them found in the input text is removed first.
"""

from __future__ import annotations

import re

BR = "\x00"
STASH = "\x01"  # \x01<n>\x01 stands for stashed code block n
STRONG_OPEN, STRONG_CLOSE = "\x02", "\x03"
EM_OPEN, EM_CLOSE = "\x04", "\x05"
DEL_OPEN, DEL_CLOSE = "\x0e", "\x0f"
ESCAPE_HERE = "\x06"  # put a backslash here if this turns out to be a line start
PREFIX_END = "\x07"  # ends a list/quote prefix, so the content start is known
INDENT = "\x1a"  # a structural space, safe from whitespace clean-up
ATOM_OPEN, ATOM_CLOSE = "\x10", "\x11"  # around a link, image or code span
CODE_OPEN, CODE_CLOSE = "\x12", "\x13"  # around a code span's text, fenced at the end
WHOLE_LINE = "\x14"  # starts a table row or rule, which inline wrappers leave alone
HEADING_END = "\x15"  # ends the `## ` of a heading
ITEM_START, ITEM_END = "\x16", "\x17"  # around a list item, until its list joins them

EDGE_MARKERS = (PREFIX_END, INDENT, WHOLE_LINE, HEADING_END, ITEM_START, ITEM_END)
OPENERS = {STRONG_OPEN: "**", EM_OPEN: "*", DEL_OPEN: "~~"}
CLOSERS = {STRONG_CLOSE: "**", EM_CLOSE: "*", DEL_CLOSE: "~~"}
DELIMITERS = {**OPENERS, **CLOSERS}
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
EMPTY_PAIRS = re.compile(
    f"{STRONG_OPEN}{STRONG_CLOSE}|{EM_OPEN}{EM_CLOSE}|{DEL_OPEN}{DEL_CLOSE}|"
    f"{STRONG_CLOSE}{STRONG_OPEN}|{EM_CLOSE}{EM_OPEN}|{DEL_CLOSE}{DEL_OPEN}"
)
