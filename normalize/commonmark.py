"""The one CommonMark (+ GFM tables and strikethrough) parser the filters share.

Several filters need the structure of the same Markdown body (where the code
is, where raw HTML is, what is a paragraph); `parse` keeps the last few
results, so a body that no filter changed in between is parsed once.
Callers read the tokens; they must not change them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def parser() -> Any:  # MarkdownIt
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


@lru_cache(maxsize=8)
def parse(markdown: str) -> tuple[list[Any], dict[str, Any]]:
    """The block tokens of `markdown` and the environment (reference definitions)."""
    env: dict[str, Any] = {}
    return parser().parse(markdown, env), env


def render(markdown: str) -> str:
    return parser().render(markdown)
