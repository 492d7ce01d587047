"""Helpers the tree filters share: what counts as empty, and pruning what a removal empties."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bs4 import NavigableString, Tag

# bs4 is imported where a tree is walked, so a document without HTML never loads it.

# Elements that are content even without text.
MEDIA = frozenset(
    {
        "img",
        "picture",
        "video",
        "audio",
        "iframe",
        "svg",
        "object",
        "embed",
        "canvas",
        "math",
        "input",
        "select",
        "textarea",
        "hr",
    }
)
# Never removed: the document itself.
NEVER = {"[document]", "html", "head", "body"}
# Table parts are not removed on their own: an empty cell keeps the columns in place.
CELLS = {"td", "th", "tr", "thead", "tbody", "tfoot"}
# Elements that make a block of their own (a paragraph break around them).
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "details",
        "dialog",
        "dd",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "[document]",
    }
)
# Elements whose text is code, not prose.
CODE = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})


def first_descendant(root: Tag, names: Collection[str]) -> Tag | None:
    """The first element below `root` named one of `names` (as `root.find(names)`, without
    bs4's matching machinery)."""
    from bs4 import Tag

    for node in root.descendants:
        if isinstance(node, Tag) and node.name in names:
            return node
    return None


def has_descendant(element: Tag, names: Collection[str]) -> bool:
    """Does `element` hold one of these elements?"""
    return first_descendant(element, names) is not None


def elements(root: Any) -> list[Tag]:
    """Every element below `root`, in document order: `find_all(True)` without bs4's matching."""
    from bs4 import Tag

    return [node for node in root.descendants if isinstance(node, Tag)]


def text_nodes(root: Any) -> list[NavigableString]:
    """The text below `root` in document order; comments, scripts, styles and the like excluded.

    What `find_all(string=True)` filtered to plain strings gives, without bs4's
    matching machinery, which costs more than the walk itself.
    """
    from bs4 import NavigableString

    return [node for node in root.descendants if type(node) is NavigableString]


def elements_and_text(root: Any) -> tuple[list[Tag], list[NavigableString]]:
    """`elements(root)` and `text_nodes(root)` from one walk."""
    from bs4 import NavigableString, Tag

    tags: list[Tag] = []
    texts: list[NavigableString] = []
    for node in root.descendants:
        if isinstance(node, Tag):
            tags.append(node)
        elif type(node) is NavigableString:
            texts.append(node)
    return tags, texts


def attr(element: Tag, name: str) -> str:
    """An attribute as one string ("" when absent; class lists joined by spaces)."""
    value = element.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def is_empty(element: Tag) -> bool:
    """No text a reader sees and no image or other media."""
    return not element.get_text(strip=True) and not has_descendant(element, MEDIA)


def attached(node: Any) -> bool:
    """Still part of the document (not inside something already removed)."""
    while node.parent is not None:
        node = node.parent
    return getattr(node, "name", None) == "[document]"


def prune_empty(parent: Tag | None) -> Tag | None:
    """Remove the outermost container that a removal left with nothing to show; return it."""
    if parent is None or not attached(parent):
        return None
    top = None
    node: Tag | None = parent
    while node is not None and node.name not in NEVER and is_empty(node):
        top, node = node, node.parent
    if top is None or top.name in CELLS:
        return None
    return top.extract()


def describe(element: Tag) -> str:
    """An element without text, for the log: its tag and what it loaded or pointed to."""
    source = attr(element, "src") or attr(element, "data-src") or attr(element, "href")
    return f"<{element.name} {source}>" if source else f"<{element.name}>"
