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
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # markdown-it shows a link to javascript: as its source text, for safety. The
    # filters read structure, not render for a browser: every link stays a link, as
    # a reader of any renderer sees it (and as the output guard compares it).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


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
def _native() -> Any:  # markdown_it_pyrs.MarkdownIt, or None
    try:
        from markdown_it_pyrs import MarkdownIt
    except ImportError:
        return None
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def render_text(markdown: str) -> str:
    """`markdown` as HTML to read its text from, by the native (Rust) port of the same
    parser, ten times faster. It shows a `javascript:` link as its source, so it reads
    only Markdown whose links were made safe (the output), never a person's input."""
    native = _native()
    return native.render(markdown) if native is not None else render(markdown)
