"""Whitespace: HTML collapsing (never a space between two CJK characters), `<br>` runs, block edges."""

from __future__ import annotations

import re
from typing import Any

from bs4 import Tag

from normalize.convert.chars import HTML_SPACE, LINE_INDENT, is_cjk
from normalize.convert.links import image_source
from normalize.convert.marks import (
    BR,
    CLOSERS,
    CONTROL,
    DEL_CLOSE,
    DEL_OPEN,
    EM_CLOSE,
    EM_OPEN,
    OPENERS,
    STRONG_CLOSE,
    STRONG_OPEN,
)
from normalize.convert.math import is_math_script
from normalize.convert.tags import RAW_TEXT
from normalize.convert.tree import is_text
from normalize.markup.links import is_unsafe_image

SPAN_SPACE = " \t\n\u3000\u00a0" + BR  # what an inline span pushes out of its edges


def _inside(node: Any, names: set[str]) -> bool:
    for parent in node.parents:
        if parent.name in names:
            return True
    return False


# Elements that show as content without text: a space next to one is a real space.
_OBJECTS = {"img", "video", "audio", "picture", "svg", "input", "textarea", "select"}
_OBJECT = "\ufffc"  # stands for such an element in the run of characters


def collapse_whitespace(tree: Tag) -> dict[int, str]:
    """HTML whitespace collapsing across text nodes, as a browser lays it out.

    A run that holds a line break between two CJK characters disappears
    instead of becoming a space. Returns the new text per text node id.
    """
    items: list[Any] = []  # text nodes, and _OBJECT for an image or the like
    for node in tree.descendants:
        if isinstance(node, Tag):
            if (node.name in _OBJECTS and (node.name != "img" or _shown(node))) or is_math_script(
                node
            ):
                items.append(_OBJECT)
        elif is_text(node) and not _inside(node, RAW_TEXT):
            items.append(node)
    first_char: list[str | None] = [None] * (len(items) + 1)
    for i in range(len(items) - 1, -1, -1):
        stripped = CONTROL.sub("", str(items[i])).lstrip(" \t\n\r\f")
        first_char[i] = stripped[0] if stripped else first_char[i + 1]
    result: dict[int, str] = {}
    last = ""  # last character written so far
    for i, node in enumerate(items):
        if node is _OBJECT:
            last = _OBJECT
            continue
        new = _collapse_text(CONTROL.sub("", str(node)), last, first_char[i + 1])
        result[id(node)] = new
        if new:
            last = new[-1]
    return result


def _shown(img: Tag) -> bool:
    """Whether an image will be written (one without a usable source is dropped)."""
    src = image_source(img)
    return bool(src) and not is_unsafe_image(src)


def _collapse_text(text: str, last: str, nxt: str | None) -> str:
    """Collapse the whitespace runs of one text node, given what comes before and after."""

    def collapse(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() > 0 else last
        after = text[m.end()] if m.end() < len(text) else nxt
        if ("\n" in m.group() or "\r" in m.group()) and is_cjk(before) and is_cjk(after):
            return ""
        if m.start() == 0 and last == " ":
            return ""
        return " "

    return HTML_SPACE.sub(collapse, text)


def chomp(text: str) -> tuple[str, str, str]:
    """Split an inline span into outer leading space, content, outer trailing space."""
    core = text.strip(SPAN_SPACE)
    if not core:
        return ("", "", "")
    head = text[: len(text) - len(text.lstrip(SPAN_SPACE))]
    tail = text[len(text.rstrip(SPAN_SPACE)) :]
    return head, core, tail


BR_RUN = re.compile(BR + r"(?:[" + LINE_INDENT + "]*" + BR + r")+")  # a paragraph break
_CLOSE_AFTER_BR = re.compile(BR + "([" + "".join(CLOSERS) + "]+)")
_OPEN_BEFORE_BR = re.compile("([" + "".join(OPENERS) + "]+)" + BR)
_EDGE_BR = re.compile(r"(?:^|(?<=\n))[ \t]*" + BR + "|" + BR + r"[ \t]*(?=\n|$)")


def finish_block(text: str) -> str:
    """Settle `<br>`s and whitespace in a block's text once the block is complete.

    Two or more `<br>` in a row make a paragraph break; one `<br>` inside
    text is a hard break; a `<br>` at the edge of a block or paragraph is noise.
    """
    if BR in text:
        text = _CLOSE_AFTER_BR.sub(lambda m: m.group(1) + BR, text)
        text = _OPEN_BEFORE_BR.sub(lambda m: BR + m.group(1), text)
        text = _close_at_breaks(BR_RUN.sub("\n\n", text))
        # a paragraph break ends the line: blank space on either side of it shows nothing
        text = re.sub(r"[ \t" + LINE_INDENT + r"]*\n\n[ \t" + LINE_INDENT + r"]*", "\n\n", text)
        while True:
            new = _EDGE_BR.sub("", text)
            if new == text:
                break
            text = new
        text = re.sub(r"[ \t]*" + BR + r"[ \t]*", "\\\\\n", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n[" + LINE_INDENT + r"]+", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip(" \t\n" + LINE_INDENT)


_PAIRS = {STRONG_OPEN: STRONG_CLOSE, EM_OPEN: EM_CLOSE, DEL_OPEN: DEL_CLOSE}
_OPENER_OF = {close: open_ for open_, close in _PAIRS.items()}


def _close_at_breaks(text: str) -> str:
    """Emphasis cannot span paragraphs: one open across a break made of `<br>`s is closed
    before the break and opened again after it (`<b>a<br><br>b</b>` is `**a**`, `**b**`)."""
    if "\n\n" not in text:
        return text
    out = []
    still_open: list[str] = []
    for part in text.split("\n\n"):
        part = "".join(still_open) + part
        still_open = []
        for char in part:
            if char in _PAIRS:
                still_open.append(char)
            elif char in _OPENER_OF and still_open and still_open[-1] == _OPENER_OF[char]:
                still_open.pop()
        out.append(part + "".join(_PAIRS[o] for o in reversed(still_open)))
    return "\n\n".join(out)


def flat(text: str) -> str:
    """One line, for headings and table cells."""
    text = text.replace("\\\n", " ").replace(BR, " ")
    return re.sub(r"[ \t\n]+", " ", text).strip(" " + LINE_INDENT)
