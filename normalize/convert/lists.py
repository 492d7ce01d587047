"""Lists: tight items, `start` honoured, nested lists indented under their item."""

from __future__ import annotations

import re

from bs4 import Tag

from normalize.convert.base import ConverterBase
from normalize.convert.marks import INDENT, ITEM_END, ITEM_START, PREFIX_END
from normalize.convert.whitespace import finish_block, flat

_BEFORE_NESTED_LIST = re.compile(r"\n\n(?=(?:[-+*]|1[.)])" + INDENT + PREFIX_END + ")")


class ListMixin(ConverterBase):
    def convert_list(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        text = self.convert_block(el, text, parent_tags)
        return (
            text.replace(ITEM_END + "\n\n" + ITEM_START, "\n")
            .replace(ITEM_END, "")
            .replace(ITEM_START, "")
        )

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return " " + flat(text) + " "
        text = finish_block(text)
        if not text:
            return ""
        # keep `text` + nested list tight, as the HTML had it
        text = _BEFORE_NESTED_LIST.sub("\n", text)
        parent = el.parent
        if parent is not None and parent.name == "ol":
            marker = f"{self.item_number(el, parent)}{self.list_marker(parent)}"
        elif parent is not None and parent.name == "ul":
            marker = self.list_marker(parent)
        else:
            marker = self.bullet
        lines = text.split("\n")
        out = [marker + INDENT + PREFIX_END + lines[0]]
        pad = INDENT * (len(marker) + 1) + PREFIX_END
        out += [pad + line if line else "" for line in lines[1:]]
        if parent is None or parent.name not in ("ul", "ol"):
            return "\n\n" + "\n".join(out) + "\n\n"
        # items of one list follow each other without a blank line
        return "\n\n" + ITEM_START + "\n".join(out) + ITEM_END + "\n\n"

    def list_marker(self, lst: Tag) -> str:
        """The bullet (or `.`/`)` for `<ol>`) of a list: a list right after one of the
        same kind takes the other marker, or Markdown would join the two lists."""
        chain = [lst]  # this list and the run of same-kind lists right before it
        while id(chain[-1]) not in self.list_markers:
            before = _list_before(chain[-1])
            if before is None or before.name != lst.name:
                break
            chain.append(before)
        first, other = (".", ")") if lst.name == "ol" else (self.bullet, _other(self.bullet))
        previous = self.list_markers.get(id(chain[-1]))
        for item in reversed(chain):
            if id(item) not in self.list_markers:
                marker = other if previous == first else first
                self.list_markers[id(item)] = marker
            previous = self.list_markers[id(item)]
        return self.list_markers[id(lst)]

    def item_number(self, li: Tag, ol: Tag) -> int:
        # numbered once per list: find_previous_siblings per item is quadratic
        if id(li) not in self.item_numbers:
            start = str(ol.get("start") or "1").strip()
            n = int(start) if start.isdigit() else 1
            for item in ol.find_all("li", recursive=False):
                self.item_numbers[id(item)] = n
                n += 1
        return self.item_numbers.get(id(li), 1)


def _other(bullet: str) -> str:
    return "*" if bullet != "*" else "-"


def _list_before(lst: Tag) -> Tag | None:
    """The list whose Markdown ends right before this one's, if any.

    That is the previous sibling element when nothing but white space lies
    between, or the last list in a wrapper (`<div>`) that ends with one.
    """
    node = lst.previous_sibling
    for _ in range(100):
        while node is not None and not isinstance(node, Tag) and not str(node).strip():
            node = node.previous_sibling
        if not isinstance(node, Tag):
            return None
        if node.name in ("ul", "ol"):
            return node
        if node.name not in _WRAPPERS:
            return None
        node = node.contents[-1] if node.contents else node.previous_sibling
    return None


# Blocks that add nothing of their own around a list they end with.
_WRAPPERS = {"div", "section", "article", "main", "aside", "center", "span", "font"}
