"""Whitespace: HTML collapsing (never a space between two CJK characters), `<br>` runs, block edges."""

from __future__ import annotations

import re
from typing import Any

from bs4 import Tag

from normalize.convert.chars import HTML_SPACE, LINE_INDENT, has_cjk, is_cjk
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
from normalize.convert.tree import TAG, TEXT, node_kind
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
    texts: list[str] = []  # their text, control characters removed
    # whether an element is (inside) one whose text is not collapsed, per element id
    raw = {id(tree): _inside(tree, RAW_TEXT) or tree.name in RAW_TEXT}
    node: Any
    for node in tree.descendants:
        kind = node_kind(node)
        if kind is TAG:
            name = node.name
            parent_raw = raw.get(id(node.parent))
            if parent_raw is None:
                parent_raw = _inside(node, RAW_TEXT)
            raw[id(node)] = parent_raw or name in RAW_TEXT
            if (name in _OBJECTS and (name != "img" or _shown(node))) or (
                name == "script" and is_math_script(node)
            ):
                items.append(_OBJECT)
                texts.append(_OBJECT)
        elif kind is TEXT:
            inside = raw.get(id(node.parent))
            if inside is None:
                inside = _inside(node, RAW_TEXT)
            if not inside:
                items.append(node)
                texts.append(str(node))
    if CONTROL.search("".join(texts)):  # rare: one look at all the text first
        texts = [CONTROL.sub("", text) for text in texts]
    first_char: list[str | None] = [None] * (len(items) + 1)
    for i in range(len(items) - 1, -1, -1):
        stripped = texts[i].lstrip(" \t\n\r\f")
        first_char[i] = stripped[0] if stripped else first_char[i + 1]
    result: dict[int, str] = {}
    last = ""  # last character written so far
    for i, node in enumerate(items):
        if node is _OBJECT:
            last = _OBJECT
            continue
        text = texts[i]
        if "\n" in text or "\r" in text:
            new = _collapse_text(text, last, first_char[i + 1])
        else:  # (what _collapse_text does without line breaks, without a call)
            new = HTML_SPACE.sub(" ", text)
            if last == " " and new.startswith(" "):
                new = new[1:]
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
    if ("\n" not in text and "\r" not in text) or not (
        has_cjk(text) or is_cjk(last) or is_cjk(nxt)
    ):
        # no line break between CJK characters: every run is a space
        text = HTML_SPACE.sub(" ", text)
        return text[1:] if last == " " and text.startswith(" ") else text

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


_SPACE_AROUND_BREAK = re.compile(r"[ \t" + LINE_INDENT + r"]*\n\n[ \t" + LINE_INDENT + r"]*")
_HARD_BREAK = re.compile(r"[ \t]*" + BR + r"[ \t]*")
_SPACE_BEFORE_NEWLINE = re.compile(r"[ \t]+\n")
_INDENT_AFTER_NEWLINE = re.compile(r"\n[" + LINE_INDENT + r"]+")
_BLANK_LINES = re.compile(r"\n{3,}")


class FinishedBlock(str):
    """A block's Markdown as finish_block left it, between the blank lines that set it apart."""

    __slots__ = ()


class BlockRun(str):
    """An element's text made only of finished blocks and white space between them.

    `core` is what finish_block makes of it, put together from the blocks: a page's
    wrappers nest the same text many levels deep, and each level would otherwise
    read all of it again.
    """

    core: str


# White space that finish_block takes out between blocks.
_BETWEEN_BLOCKS = " \t\n" + LINE_INDENT


def joined_children(parts: list[str]) -> str:
    """An element's children's Markdown joined; a BlockRun when they are blocks alone."""
    cores = []
    for part in parts:
        if type(part) is FinishedBlock:
            cores.append(part[2:-2])
        elif part.strip(_BETWEEN_BLOCKS):
            return "".join(parts)
    run = BlockRun("".join(parts))
    run.core = "\n\n".join(cores)
    return run


def finish_block(text: str) -> str:
    """Settle `<br>`s and whitespace in a block's text once the block is complete.

    Two or more `<br>` in a row make a paragraph break; one `<br>` inside
    text is a hard break; a `<br>` at the edge of a block or paragraph is noise.
    """
    if type(text) is BlockRun:
        return text.core
    if BR in text:
        text = _CLOSE_AFTER_BR.sub(lambda m: m.group(1) + BR, text)
        text = _OPEN_BEFORE_BR.sub(lambda m: BR + m.group(1), text)
        text = _close_at_breaks(BR_RUN.sub("\n\n", text))
        # a paragraph break ends the line: blank space on either side of it shows nothing
        text = _SPACE_AROUND_BREAK.sub("\n\n", text)
        while True:
            new = _EDGE_BR.sub("", text)
            if new == text:
                break
            text = new
        text = _HARD_BREAK.sub("\\\\\n", text)
    # (a block's text holds its finished blocks: a quick look first spares most scans)
    if " \n" in text or "\t\n" in text:
        text = _SPACE_BEFORE_NEWLINE.sub("\n", text)
    if "\n" in text:
        text = _INDENT_AFTER_NEWLINE.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
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
    return _FLAT_SPACE.sub(" ", text).strip(" " + LINE_INDENT)


_FLAT_SPACE = re.compile(r"[ \t\n]+")
