"""Find the raw HTML blocks of a Markdown body, so they can be cleaned like an HTML body."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=1)
def _parser():  # -> MarkdownIt
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def html_block_ranges(markdown: str) -> list[tuple[int, int]]:
    """Line ranges [start, end) of the top-level HTML blocks."""
    return [
        (tok.map[0], tok.map[1])
        for tok in _parser().parse(markdown)
        if tok.type == "html_block" and tok.level == 0 and tok.map
    ]


def replace_html_blocks(markdown: str, convert: Callable[[str], str]) -> str:
    """Each top-level HTML block replaced by `convert(block)`, kept apart by blank lines."""
    ranges = html_block_ranges(markdown)
    if not ranges:
        return markdown
    lines = markdown.split("\n")
    for start, end in reversed(ranges):
        converted = convert("\n".join(lines[start:end])).strip("\n")
        lines[start:end] = ["", converted, ""] if converted else [""]
    return "\n".join(lines)
