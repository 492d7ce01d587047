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
            cells = [c for c in table.find_all(["td", "th"]) if c.find_parent("table") is table]
            self.layout[key] = len(cells) <= 1 or any(c.find(BLOCK_IN_CELL) for c in cells)
        return self.layout[key]

    def convert_data_table(self, table: Tag, parent_tags: set[str]) -> str:
        """A GFM table; content the browser would lay out outside the grid goes before it."""
        cell_tags = (parent_tags - {"_noformat"}) | {"table", "_inline", "_table"}
        rows: list[list[str]] = []
        captions: list[str] = []
        stray: list[str] = []
        groups: list[Tag] = [table]
        while groups:
            for child in groups.pop(0).children:
                if not isinstance(child, Tag):
                    stray.append(self.stray_content(child, parent_tags))
                    continue
                name = child.name
                if name in ("thead", "tbody", "tfoot"):
                    groups.append(child)
                elif name == "tr":
                    rows.append(self.table_row(child, cell_tags, stray, parent_tags))
                elif name == "caption":
                    captions.append(flat(self.process_tag(child, cell_tags)))
                elif name not in ("colgroup", "col"):
                    stray.append(self.stray_content(child, parent_tags))
        rows = [row for row in rows if row]
        before = finish_block("\n\n".join([*captions, "".join(stray)]))
        if not rows:
            return "\n\n" + before + "\n\n"
        width = max(len(r) for r in rows)
        lines = []
        for i, row in enumerate(rows):
            lines.append(WHOLE_LINE + "| " + " | ".join(row + [""] * (width - len(row))) + " |")
            if i == 0:
                lines.append(WHOLE_LINE + "|" + " --- |" * width)
        return "\n\n" + before + "\n\n" + "\n".join(lines) + "\n\n"

    def table_row(
        self, tr: Tag, cell_tags: set[str], stray: list[str], tags: set[str]
    ) -> list[str]:
        row = []
        for cell in tr.children:
            if not isinstance(cell, Tag) or cell.name not in ("td", "th"):
                stray.append(self.stray_content(cell, tags))
                continue
            row.append(flat(self.process_tag(cell, cell_tags)))
            span = str(cell.get("colspan") or "1")
            if span.isdigit() and int(span) > 1:
                row.extend([""] * (min(int(span), 100) - 1))
        return row

    def stray_content(self, node: Any, tags: set[str]) -> str:
        if isinstance(node, Tag):
            return self.process_tag(node, tags)
        return self.process_text(node, tags) if is_text(node) else ""

    def convert_table(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self.convert_block(el, text, parent_tags)  # layout tables only

    convert_td = convert_table
    convert_th = convert_table
    convert_tr = convert_table
