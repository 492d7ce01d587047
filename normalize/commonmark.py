"""The one CommonMark (+ GFM tables and strikethrough) parser the filters share.

Several filters need the structure of the same Markdown body (where the code
is, where raw HTML is, what is a paragraph); `parse` keeps the last few
results, so a body that no filter changed in between is parsed once.
Callers read the tokens; they must not change them (rendering fills in the
`alt` attribute of images, the same text every time).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def parser() -> Any:  # MarkdownIt
    return new_parser()


def new_parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


@lru_cache(maxsize=8)
def parse(markdown: str) -> tuple[list[Any], dict[str, Any]]:
    """The block tokens of `markdown` and the environment (reference definitions)."""
    env: dict[str, Any] = {}
    return parser().parse(markdown, env), env


def render(markdown: str) -> str:
    """`markdown` as HTML, from the tokens `parse` keeps (a body just parsed is not parsed again)."""
    md = parser()
    tokens, env = parse(markdown)
    return md.renderer.render(tokens, md.options, env)


@lru_cache(maxsize=1)
def _reading_parser() -> Any:  # MarkdownIt
    md = new_parser()
    # markdown-it shows a link to javascript: as its source text, for safety; a
    # reader of any renderer sees the link text, which is what the guard compares.
    md.validateLink = lambda url: True
    return md


def render_as_read(markdown: str) -> str:
    """HTML of `markdown` as a reader sees it: every link a link, whatever its target."""
    return _reading_parser().render(markdown)
