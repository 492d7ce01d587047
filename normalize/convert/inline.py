"""Inline elements: emphasis, code spans, links, images.

An inline converter wraps its content line by line (`wrap_lines`), leaving
emphasis delimiters and link/code units as private markers that the final
pass writes out once the characters on both sides are known.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import Tag

from normalize.convert.base import ConverterBase
from normalize.convert.escaping import escape_inline
from normalize.convert.links import AUTOLINK, image_source, link_destination, link_title
from normalize.convert.marks import (
    ATOM_CLOSE,
    ATOM_OPEN,
    BR,
    CODE_CLOSE,
    CODE_OPEN,
    DEL_CLOSE,
    DEL_OPEN,
    EM_CLOSE,
    EM_OPEN,
    HEADING_END,
    PREFIX_END,
    STASH,
    STRONG_CLOSE,
    STRONG_OPEN,
    WHOLE_LINE,
)
from normalize.convert.whitespace import SPAN_SPACE, chomp
from normalize.markup.links import is_unsafe_image, is_unsafe_link

_CODE_BREAKS = re.compile(f"[ {BR}]{{2,}}|{BR}")


def _ends_in_hard_break(line: str) -> bool:
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def wrap_lines(text: str, wrap: Callable[[str], str], breaks: bool = True) -> str:
    """Apply an inline wrapper (emphasis, link, code span) to `text`.

    Text holding finished blocks (`<b><p>…</p><ul>…</ul></b>`) is wrapped
    line by line, inside the block markup and before a hard-break backslash;
    code blocks, table rows and rules are left as they are.
    """
    if "\n" not in text:
        return wrap(text)
    lines = []
    for line in text.split("\n"):
        cut = line.rfind(PREFIX_END) + 1
        prefix, rest = line[:cut], line[cut:]
        heading = rest.find(HEADING_END) + 1
        prefix, rest = prefix + rest[:heading], rest[heading:]
        if not rest.strip() or rest.startswith((STASH, WHOLE_LINE)):
            lines.append(line)
            continue
        tail = "\\" if breaks and _ends_in_hard_break(rest) else ""
        lines.append(prefix + wrap(rest[: len(rest) - len(tail)]) + tail)
    return "\n".join(lines)


def atom(markdown: str) -> str:
    """Mark a link, image or code span as a unit that emphasis fixing must not split."""
    return ATOM_OPEN + markdown + ATOM_CLOSE


class InlineMixin(ConverterBase):
    # -- inline -------------------------------------------------------------

    def emphasis(
        self, text: str, parent_tags: set[str], mark: str, opener: str, closer: str
    ) -> str:
        if "_noformat" in parent_tags or mark in parent_tags:
            return text

        def wrap(part: str) -> str:
            head, core, tail = chomp(part)
            if not core.strip(BR):
                return part
            return head + opener + core + closer + tail

        return wrap_lines(text, wrap)

    def convert_b(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self.emphasis(text, parent_tags, "_strong", STRONG_OPEN, STRONG_CLOSE)

    def convert_em(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self.emphasis(text, parent_tags, "_em", EM_OPEN, EM_CLOSE)

    def convert_del(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self.emphasis(text, parent_tags, "_del", DEL_OPEN, DEL_CLOSE)

    convert_strong = convert_b
    convert_i = convert_em
    convert_s = convert_del
    convert_strike = convert_del

    def convert_q(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return text if "_noformat" in parent_tags else "“" + text + "”"

    def code_span(self, code: str, table: bool = False) -> str:
        """A code span, delimited at the end: `a``b` side by side must become one."""
        if table:
            code = code.replace("|", "\\|")
        return atom(CODE_OPEN + code + CODE_CLOSE)

    def convert_code(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:
            return text
        table = "_table" in parent_tags

        def wrap(part: str) -> str:
            head, core, tail = chomp(part)
            if not core:
                return " " if part else ""
            return head + self.code_span(core, table) + tail

        # `\` is code here: a line break is a space, one however many breaks and spaces
        # (the text's own spaces are collapsed already, as HTML shows inline code)
        text = _CODE_BREAKS.sub(" ", text)
        return wrap_lines(text, wrap, breaks=False)

    convert_samp = convert_code
    convert_tt = convert_code

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:
            return text
        if not text.strip(SPAN_SPACE):
            return " " if text else ""  # an empty anchor
        href = str(el.get("href") or "").strip()
        if not href or is_unsafe_link(href):
            return text
        if "_table" in parent_tags:
            href = href.replace("|", "%7C")
        title = link_title(str(el.get("title") or ""))
        dest = link_destination(href)

        def wrap(part: str) -> str:
            head, core, tail = chomp(part)
            if not core.strip(BR):
                return part
            if not title and core == href and AUTOLINK.match(href):
                return head + atom(f"<{href}>") + tail
            return head + atom(f"[{core}]({dest}{title})") + tail

        return wrap_lines(text, wrap)

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        src = image_source(el)
        if not src or "_noformat" in parent_tags or is_unsafe_image(src):
            return ""
        table = "_table" in parent_tags
        alt = escape_inline(" ".join(str(el.get("alt") or "").split()), "\n", "\n", table)
        if table:
            src = src.replace("|", "%7C")
        title = link_title(str(el.get("title") or ""))
        return atom(f"![{alt}]({link_destination(src)}{title})")

    # -- the final pass -------------------------------------------------------
