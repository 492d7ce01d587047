"""Find the blocks of a Markdown body that hold raw HTML, so they are cleaned like an HTML body.

A block is either a raw HTML block, kept as written, or a Markdown block
with inline HTML in it, rendered to HTML first (with the document's
reference definitions, so `[text][1]` still resolves).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from normalize.commonmark import parse, parser


def _has_html(tokens: list[Any]) -> bool:
    return any(
        tok.type == "html_block" or any(child.type == "html_inline" for child in tok.children or [])
        for tok in tokens
    )


def html_blocks(markdown: str) -> list[tuple[int, int, str]]:
    """Top-level blocks holding raw HTML: line range [start, end) and their HTML."""
    md = parser()
    tokens, env = parse(markdown)
    lines = markdown.split("\n")
    found = []
    i = 0
    while i < len(tokens):
        start_token = tokens[i]
        j = _block_end(tokens, i)
        block = tokens[i : j + 1]
        if start_token.map and _has_html(block):
            start, end = start_token.map
            source = "\n".join(lines[start:end])
            if start_token.type == "html_block":
                html = source
            else:
                html = md.renderer.render(block, md.options, env)
            found.append((start, end, html))
        i = j + 1
    return found


def _block_end(tokens: list[Any], i: int) -> int:
    """Index of the token closing the top-level block opened at `i`."""
    depth = tokens[i].nesting
    j = i
    while depth > 0:
        j += 1
        depth += tokens[j].nesting
    return j


def _merge_adjacent(
    blocks: list[tuple[int, int, str]], lines: list[str]
) -> list[tuple[int, int, str]]:
    """Blocks separated only by blank lines become one fragment, so that an ad
    region opened by a comment in one block and closed in another is seen whole."""
    merged: list[tuple[int, int, str]] = []
    for start, end, html in blocks:
        if merged and not any(line.strip() for line in lines[merged[-1][1] : start]):
            first, _, previous = merged[-1]
            merged[-1] = (first, end, previous + "\n" + html)
        else:
            merged.append((start, end, html))
    return merged


def replace_html_blocks(markdown: str, convert: Callable[[str], str]) -> str:
    """Each run of blocks holding HTML replaced by `convert(html)`, kept apart by blank lines."""
    lines = markdown.split("\n")
    blocks = _merge_adjacent(html_blocks(markdown), lines)
    for start, end, html in reversed(blocks):
        converted = convert(html).strip("\n")
        lines[start:end] = ["", converted, ""] if converted else [""]
    return "\n".join(lines)
