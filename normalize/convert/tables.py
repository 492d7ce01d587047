"""Tables: GFM pipe tables for data, layout tables unwrapped into their content."""

from __future__ import annotations

from typing import Any

from bs4 import Tag

from normalize.convert.base import ConverterBase
from normalize.convert.marks import WHOLE_LINE
from normalize.convert.tags import BLOCK_IN_CELL
from normalize.convert.tree import is_text
from normalize.convert.whitespace import finish_block, flat


class TableMixin(ConverterBase):
    # -- tables -------------------------------------------------------------

    def is_layout(self, table: Tag) -> bool:
        """A table that only arranges content: one cell, or cells holding blocks."""
        key = id(table)
        if key not in self.layout:
            self.layout[key] = _arranges_content(table)
        return self.layout[key]

    def convert_data_table(self, table: Tag, parent_tags: set[str]) -> str:
        """A GFM table; content the browser would lay out outside the grid goes before it.

        Rows come in the order a browser shows them (`<thead>` first, `<tfoot>`
        last); the first row is the header. A cell spanning columns or rows
        leaves empty cells where it reaches, so every column stays in place.
        """
        cell_tags = (parent_tags - {"_noformat"}) | {"table", "_inline", "_table"}
        head: list[Tag] = []
        body: list[Tag] = []
        foot: list[Tag] = []
        captions: list[str] = []
        stray: list[str] = []
        for child in table.children:
            if not isinstance(child, Tag):
                stray.append(self.stray_content(child, parent_tags))
            elif child.name == "tr":
                body.append(child)
            elif child.name in ("thead", "tbody", "tfoot"):
                group = {"thead": head, "tbody": body, "tfoot": foot}[child.name]
                for row in child.children:
                    if isinstance(row, Tag) and row.name == "tr":
                        group.append(row)
                    else:
                        stray.append(self.stray_content(row, parent_tags))
            elif child.name == "caption":
                captions.append(flat(self.process_tag(child, cell_tags)))
            elif child.name not in ("colgroup", "col"):
                stray.append(self.stray_content(child, parent_tags))
        rows: list[list[str]] = []
        for group in (head, body, foot):  # a rowspan never reaches into the next group
            rows += self.grid(group, cell_tags, stray, parent_tags)
        before = finish_block("\n\n".join([*captions, "".join(stray)]))
        if not rows:
            return "\n\n" + before + "\n\n"
        width = max(len(r) for r in rows)
        lines = []
        for i, cells in enumerate(rows):
            padded = cells + [""] * (width - len(cells))
            lines.append(WHOLE_LINE + "| " + " | ".join(padded) + " |")
            if i == 0:
                lines.append(WHOLE_LINE + "|" + " --- |" * width)
        return "\n\n" + before + "\n\n" + "\n".join(lines) + "\n\n"

    def grid(
        self, trs: list[Tag], cell_tags: set[str], stray: list[str], tags: set[str]
    ) -> list[list[str]]:
        """The cells' Markdown, row by row, with `colspan` and `rowspan` laid out."""
        covered: dict[int, int] = {}  # column -> rows a cell above still covers
        rows = []
        for tr in trs:
            row: list[str] = []
            for cell in tr.children:
                if not isinstance(cell, Tag) or cell.name not in ("td", "th"):
                    stray.append(self.stray_content(cell, tags))
                    continue
                _skip_covered(row, covered)
                first = len(row)
                row.append(flat(self.process_tag(cell, cell_tags)))
                row.extend([""] * (_span(cell, "colspan") - 1))
                down = _span(cell, "rowspan") - 1
                if down:
                    for col in range(first, len(row)):
                        covered[col] = down
            if row:
                last = max((col for col, n in covered.items() if n > 0), default=-1)
                _skip_covered(row, covered, last)
                rows.append(row)
        return rows

    def stray_content(self, node: Any, tags: set[str]) -> str:
        if isinstance(node, Tag):
            return self.process_tag(node, tags)
        return self.process_text(node, tags) if is_text(node) else ""

    def convert_table(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self.convert_block(el, text, parent_tags)  # layout tables only

    convert_td = convert_table
    convert_th = convert_table
    convert_tr = convert_table


_BLOCKS_IN_CELL = frozenset(BLOCK_IN_CELL)
_CELLS = ("td", "th")


def _arranges_content(table: Tag) -> bool:
    """One cell of its own (not a nested table's), or a block inside one of its cells.

    One walk of the table: a table nested outside its cells holds none of its cells.
    """
    cells = 0
    stack: list[tuple[Tag, bool]] = [(c, False) for c in table.contents if isinstance(c, Tag)]
    while stack:
        node, in_cell = stack.pop()
        name = node.name
        if in_cell and name in _BLOCKS_IN_CELL:
            return True
        if name in _CELLS:
            cells += 1
            in_cell = True
        elif name == "table":
            continue
        stack.extend((c, in_cell) for c in node.contents if isinstance(c, Tag))
    return cells <= 1


def _span(cell: Tag, attr: str) -> int:
    """A cell's `colspan` or `rowspan`, 1 when missing or invalid, never huge."""
    value = str(cell.get(attr) or "1").strip()
    return min(int(value), 100) if value.isdigit() and int(value) > 0 else 1


def _skip_covered(row: list[str], covered: dict[int, int], upto: int = -1) -> None:
    """Empty cells where a cell above still reaches, and up to column `upto`."""
    while covered.get(len(row), 0) > 0 or len(row) <= upto:
        if covered.get(len(row), 0) > 0:
            covered[len(row)] -= 1
        row.append("")
