"""What Markdown cannot say stays HTML: embeds, `sup`/`kbd`/…, `details`, definition lists, `<!-- more -->`.

Embeds (players, frames, `<picture>` with sources) are written as BeautifulSoup
serialises them, each as a block of its own. Inline elements such as
`<sup>` stay HTML around their content, which is converted (and escaped) as
Markdown, since CommonMark reads Markdown between inline tags. `<details>`
and definition lists keep their tags on lines of their own with blank lines
around Markdown content, which CommonMark then renders inside them.
Formulas with a TeX source become `$…$` / `$$…$$` (see `math`).

HTML blocks are stashed like code blocks, so no whitespace or escaping rule
touches them, and put back indented like the list item or quote they sit in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bs4 import BeautifulSoup, Comment, Tag

from normalize.convert.base import ConverterBase
from normalize.convert.inline import atom, wrap_lines
from normalize.convert.marks import STASH
from normalize.convert.math import formula, is_katex, is_math_rendering, shown_text, write_tex
from normalize.convert.tags import EMBED_TAGS, KEPT_INLINE
from normalize.convert.tree import is_text
from normalize.convert.whitespace import BR_RUN, chomp, finish_block, flat
from normalize.markup.links import is_unsafe_image, is_unsafe_link

# Attributes holding a URL that a browser follows or loads.
_URL_ATTRS = {"src", "href", "data", "poster", "action", "formaction", "xlink:href"}
_IMAGE_ATTRS = {"src", "poster"}  # on these, an inline picture (data:image/png) is fine
_VOID_PARENTS = ["source", "track", "embed", "param"]
_BLANK_LINE = re.compile(r"\n(?=[ \t]*\n)")


def strip_unsafe_attributes(el: Tag) -> None:
    """Event handlers, `srcdoc` and script or data URLs would stay live in kept HTML: removed."""
    for node in [el, *el.find_all(True)]:
        for name in list(node.attrs):
            key = name.lower()
            value = node.attrs[name]
            value = " ".join(value) if isinstance(value, list) else str(value)
            unsafe_url = key in _URL_ATTRS and (
                is_unsafe_image(value) if key in _IMAGE_ATTRS else is_unsafe_link(value)
            )
            if key.startswith("on") or key == "srcdoc" or unsafe_url:
                del node.attrs[name]


def _unnest_voids(el: Tag) -> None:
    """lxml puts what follows a `<source>` inside it; a browser reads it as the next sibling."""
    for void in reversed(el.find_all(_VOID_PARENTS)):
        for child in reversed(list(void.children)):
            void.insert_after(child.extract())


def html_of(el: Tag) -> str:
    """`el` as BeautifulSoup serialises it, with no blank line (it would end an HTML block)."""
    strip_unsafe_attributes(el)
    _unnest_voids(el)
    return _BLANK_LINE.sub("&#10;", str(el))  # a character reference reads as the same newline


def tags_of(el: Tag) -> tuple[str, str]:
    """The opening and closing tag of `el`, attributes as BeautifulSoup writes them."""
    strip_unsafe_attributes(el)
    shell = _soup().new_tag(el.name)
    shell.attrs = dict(el.attrs)
    empty = str(shell)
    close = f"</{el.name}>"
    return _BLANK_LINE.sub("&#10;", empty[: len(empty) - len(close)]), close


@lru_cache(maxsize=1)
def _soup() -> BeautifulSoup:
    return BeautifulSoup("", "html.parser")


def is_definition_list(el: Tag) -> bool:
    """A `<dl>` of terms; one whose terms are only pictures (a WordPress gallery) is layout."""
    terms = el.find_all("dt", recursive=False)
    return any(term.get_text(strip=True) for term in terms)


# The elements `kept_html` may write as HTML or TeX (besides a MathJax rendering).
_KEPT_NAMES = frozenset({"math", "script", "span", "picture", "dl", "details", *EMBED_TAGS})


def _has_tags(el: Tag) -> bool:
    return any(isinstance(child, Tag) for child in el.children)


class KeptHtmlMixin(ConverterBase):
    keep_comments: frozenset[str] = frozenset()

    def kept_html(self, node: Tag, name: str, parent_tags: set[str]) -> str | None:
        """The output for an element written as HTML or TeX, or None to convert it as usual."""
        if node.get("class") and is_math_rendering(node):  # a rendering has a class
            self.report("MathJax rendering written as TeX", node.get_text(" ", strip=True))
            return ""
        if name not in _KEPT_NAMES:
            return None
        if name in ("math", "script", "span"):
            found = formula(node)
            if found is not None:
                return self.write_formula(node, *found, parent_tags)
            if is_katex(node):
                return None
        if name in EMBED_TAGS or (name == "picture" and node.find("source") is not None):
            return self.html_block(html_of(node), parent_tags)
        if name == "dl" and is_definition_list(node):
            return self.convert_definition_list(node, parent_tags)
        if name == "details":
            return self.convert_details(node, parent_tags)
        return None

    # -- blocks -----------------------------------------------------------------

    def html_block(self, html: str, parent_tags: set[str]) -> str:
        """Raw HTML on lines of its own; inside a heading or table cell, on one line."""
        if "_inline" in parent_tags or "_table" in parent_tags:
            line = " ".join(html.split())
            if "_table" in parent_tags:
                line = line.replace("|", "&#124;")
            return " " + atom(line) + " "
        self.stash.append(html)
        return f"\n\n{STASH}{len(self.stash) - 1}{STASH}\n\n"

    def mixed_block(self, parts: Iterable[tuple[bool, str]], parent_tags: set[str]) -> str:
        """HTML lines and Markdown blocks in turn: (is_html, text) pieces, HTML runs joined."""
        out: list[str] = []
        html: list[str] = []
        for is_html, text in parts:
            if is_html:
                html.append(text)
                continue
            if not text:
                continue
            if html:
                out.append(self.html_block("\n".join(html), parent_tags))
                html = []
            out.append("\n\n" + text + "\n\n")
        if html:
            out.append(self.html_block("\n".join(html), parent_tags))
        return "".join(out)

    def markdown_of(self, node: Tag, parent_tags: set[str], skip: Tag | None = None) -> str:
        tags = parent_tags | {node.name}
        parts = []
        for child in node.children:
            if child is skip:
                continue
            if isinstance(child, Tag):
                parts.append(self.process_tag(child, tags))
            elif is_text(child):
                parts.append(self.process_text(child, tags))
            elif isinstance(child, Comment):
                parts.append(self.comment(child, tags))
        return finish_block("".join(parts))

    def convert_details(self, el: Tag, parent_tags: set[str]) -> str:
        summary = el.find("summary", recursive=False)
        if "_inline" in parent_tags or "_table" in parent_tags:
            head = html_of(summary) if summary is not None else ""
            body = flat(self.markdown_of(el, parent_tags | {"_inline"}, skip=summary))
            opening, closing = tags_of(el)
            return " " + atom(" ".join((opening + head).split())) + body + atom(closing) + " "
        opening, closing = tags_of(el)
        parts = [(True, opening)]
        if summary is not None:
            parts.append((True, html_of(summary)))
        parts += [(False, self.markdown_of(el, parent_tags, skip=summary)), (True, closing)]
        return self.mixed_block(parts, parent_tags)

    def convert_definition_list(self, el: Tag, parent_tags: set[str]) -> str:
        """Terms and definitions keep their tags; one holding markup gets Markdown inside."""
        if "_inline" in parent_tags or "_table" in parent_tags:
            return self.html_block(html_of(el), parent_tags)
        opening, closing = tags_of(el)
        parts = [(True, opening)]
        for child in el.children:
            if not isinstance(child, Tag):
                continue
            if child.name not in ("dt", "dd") or not _has_tags(child):
                parts.append((True, html_of(child)))
                continue
            inner_open, inner_close = tags_of(child)
            parts += [
                (True, inner_open),
                (False, self.markdown_of(child, parent_tags)),
                (True, inner_close),
            ]
        parts.append((True, closing))
        return self.mixed_block(parts, parent_tags)

    # -- formulas -----------------------------------------------------------------

    def write_formula(self, el: Tag, tex: str, display: bool, parent_tags: set[str]) -> str:
        if el.name != "script":  # a script's TeX is not shown; a rendering's text is
            self.report("formula written as TeX", shown_text(el))
        if "_noformat" in parent_tags:
            return tex
        table = "_table" in parent_tags
        if display and "_inline" not in parent_tags and not table:
            self.stash.append(write_tex(tex, display=True))
            return f"\n\n{STASH}{len(self.stash) - 1}{STASH}\n\n"
        text = write_tex(tex, display=False, table=table)
        return atom("$" + text + "$" if display else text)

    # -- inline -------------------------------------------------------------------

    def kept_inline(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:  # inside a code span: its text only
            return text
        opening, closing = tags_of(el)
        opening = " ".join(opening.split())
        if "_table" in parent_tags:
            opening = opening.replace("|", "&#124;")

        def wrap(part: str) -> str:
            head, core, tail = chomp(part)
            if not core:
                return part
            return head + atom(opening) + core + atom(closing) + tail

        def wrap_paragraphs(line: str) -> str:
            # `<br><br>` inside will be a paragraph break, which inline HTML cannot span
            pieces = BR_RUN.split(line)
            breaks = BR_RUN.findall(line)
            out = wrap(pieces[0])
            for brk, piece in zip(breaks, pieces[1:], strict=True):
                out += brk + wrap(piece)
            return out

        return wrap_lines(text, wrap_paragraphs)

    # -- comments -----------------------------------------------------------------

    def comment(self, node: Comment, parent_tags: set[str]) -> str:
        """A comment kept as written (`<!-- more -->`), on a line of its own; others go."""
        if str(node).strip().lower() not in self.keep_comments:
            return ""
        return self.html_block("<!--" + str(node) + "-->", parent_tags)


for _name in KEPT_INLINE:
    setattr(KeptHtmlMixin, "convert_" + _name, KeptHtmlMixin.kept_inline)
