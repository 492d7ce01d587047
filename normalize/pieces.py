"""A big HTML body cut into pieces at element boundaries, so that no tree holds all of it.

A BeautifulSoup tree costs some 40 bytes per byte of HTML; a 50 MB page
would need 2 GB. The pipeline converts such a page piece by piece: each
piece is the page's outer elements (`<html>`, `<body>` and a wrapper that
holds nearly everything, such as the article's `<div>`) around a run of
their children, which converts to exactly the Markdown those children make
in the whole page. So a piece ends only between two blocks that convert on
their own: never inside an element, never inside inline text, never before a
list (a list right after another takes the other bullet), and never inside a
region an ad comment marker opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# A body longer than this (in characters) is converted in pieces of about this size.
PIECE_SIZE = 1_500_000

# Outer elements a piece may open inside: each converts to its children's blocks,
# a blank line apart, and nothing of its own.
_WRAPPERS = frozenset({"div", "section", "article", "main", "center"})
# "Nearly everything": a wrapper holding this share of its parent's elements is descended into.
_WRAPPER_SHARE = 0.9
# Blocks a piece may end after or start with: each converts to blocks of its own.
_BLOCKS = frozenset(
    {
        *_WRAPPERS,
        "address", "aside", "blockquote", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hgroup", "hr", "nav", "p", "pre", "table",
    }
)  # fmt: skip


@dataclass
class Pieces:
    """The pieces' HTML, first to last, and the page's `<base href>` (the first one)."""

    html: list[str] = field(default_factory=list)
    base: str | None = None


def html_pieces(
    html: str, size: int = PIECE_SIZE, marker: Callable[[str], str | None] | None = None
) -> Pieces | None:
    """`html` cut into pieces of about `size` characters, or None when it does not cut.

    `marker` tells whether a comment opens ("start") or closes ("end") a region
    that must stay in one piece.
    """
    root = _parse(html)
    body = root.find("body") if root is not None else None
    if body is None:
        return None
    outer: list[Any] = [root]  # the elements every piece opens
    container = body
    while container is not None:
        outer.append(container)
        container = _lone_wrapper(container)
    if _open_regions(outer, marker):
        return None  # a region opened outside the innermost wrapper: nothing may cut it
    before = [_before(element, outer[i + 1]) for i, element in enumerate(outer[:-1])]
    after = [_after(element, outer[i + 1]) for i, element in enumerate(outer[:-1])]
    groups = _groups(outer[-1], size, marker)
    if len(groups) < 2:
        return None
    first_outer = "".join(_leading_nodes(root))
    pieces = Pieces(base=_first_base(root))
    for i, group in enumerate(groups):
        head = "".join(
            _start_tag(element) + "".join(before[level] if i == 0 else [])
            for level, element in enumerate(outer[:-1])
        )
        head += _start_tag(outer[-1]) + (_text(outer[-1].text) if i == 0 else "")
        last = i == len(groups) - 1
        tail = f"</{outer[-1].tag}>" + "".join(
            ("".join(after[level]) if last else "") + f"</{element.tag}>"
            for level, element in reversed(list(enumerate(outer[:-1])))
        )
        pieces.html.append((first_outer if i == 0 else "") + head + "".join(group) + tail)
    return pieces


def _parse(html: str) -> Any:
    """The tree lxml builds of `html`, as it builds it for BeautifulSoup."""
    from lxml import etree

    parser = etree.HTMLParser(recover=True, remove_comments=False)
    parser.feed(html)
    return parser.close()


def _lone_wrapper(container: Any) -> Any:
    """The child of `container` that holds nearly all its elements, when it is a plain wrapper."""
    total = container.xpath("count(.//*)")
    for child in container:
        if not isinstance(child.tag, str):
            continue
        inside = child.xpath("count(.//*)") + 1
        if inside >= total * _WRAPPER_SHARE:
            return child if child.tag in _WRAPPERS and not child.attrib.get("hidden") else None
    return None


def _before(element: Any, inner: Any) -> list[str]:
    """What `element` holds before `inner`, its child, as HTML."""
    texts = [_text(element.text)]
    for child in element:
        if child is inner:
            break
        texts.append(_html(child))
    return texts


def _after(element: Any, inner: Any) -> list[str]:
    """What `element` holds after `inner`, its child (and `inner`'s tail), as HTML."""
    texts = [_text(inner.tail)]
    for child in inner.itersiblings():
        texts.append(_html(child))
    return texts


def _groups(
    container: Any, size: int, marker: Callable[[str], str | None] | None
) -> list[list[str]]:
    """The children of `container` as HTML, in runs of about `size` characters."""
    groups: list[list[str]] = [[]]
    length = depth = 0
    children = list(container)
    for i, child in enumerate(children):
        text = _html(child)
        groups[-1].append(text)
        length += len(text)
        if not isinstance(child.tag, str) and marker is not None:
            depth = _step(depth, marker(child.text or ""))
        nxt = children[i + 1] if i + 1 < len(children) else None
        if length >= size and nxt is not None and not depth and _ends_here(child, nxt):
            groups.append([])
            length = 0
    return groups if groups[-1] else groups[:-1]


def _ends_here(child: Any, nxt: Any) -> bool:
    """May a piece end after `child`, with `nxt` opening the next?"""
    return (
        child.tag in _BLOCKS
        and nxt.tag in _BLOCKS
        and not (child.tail or "").strip()
        and not nxt.attrib.get("hidden")
    )


def _step(depth: int, mark: str | None) -> int:
    if mark == "start":
        return depth + 1
    if mark == "end":
        return max(0, depth - 1)
    return depth


def _open_regions(outer: list[Any], marker: Callable[[str], str | None] | None) -> int:
    """How many marked regions the comments before each wrapper leave open."""
    depth = 0
    for element, inner in zip(outer, outer[1:], strict=False):
        for child in element:
            if child is inner:
                break
            if not isinstance(child.tag, str) and marker is not None:
                depth = _step(depth, marker(child.text or ""))
    return depth


def _start_tag(element: Any) -> str:
    from lxml import etree

    shell = etree.Element(element.tag, dict(element.attrib))
    text = etree.tostring(shell, method="html", encoding="unicode")
    return text[: text.rindex("</")] if text.endswith(f"</{element.tag}>") else text


def _leading_nodes(root: Any) -> list[str]:
    """Comments and processing instructions before `<html>`."""
    return [_html(node) for node in reversed(list(root.itersiblings(preceding=True)))]


def _first_base(root: Any) -> str | None:
    from normalize.convert.tree import absolute_base

    for base in root.iter("base"):
        if base.get("href") is not None:
            return absolute_base(base.get("href"))
    return None


def _html(node: Any) -> str:
    from lxml import etree

    return str(etree.tostring(node, method="html", encoding="unicode", with_tail=True))


def _text(text: str | None) -> str:
    from html import escape

    return escape(text or "", quote=False)
