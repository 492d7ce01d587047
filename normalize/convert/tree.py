"""Tree preparation before conversion: deep nesting flattened, invalid nesting repaired."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from bs4 import (
    BeautifulSoup,
    Comment,
    MarkupResemblesLocatorWarning,
    NavigableString,
    Tag,
    XMLParsedAsHTMLWarning,
)
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

from normalize.convert.index import TagIndex, class_matches, first_parent
from normalize.convert.links import LAZY_ATTRS
from normalize.convert.tags import CODE_TAGS, DROP_TAGS, MARKS, MAX_DEPTH, PRE_PAGE_BLOCKS
from normalize.markup.html import BLOCK_TAGS, first_descendant


def is_text(node: Any) -> bool:
    return isinstance(node, NavigableString) and not isinstance(
        node, (Comment, CData, ProcessingInstruction, Declaration, Doctype)
    )


# What a node is, by its class: an element, text, a comment, or something else
# (a CDATA section, a doctype), which is never written out.
TAG, TEXT, COMMENT, OTHER = "tag", "text", "comment", "other"
_KINDS: dict[type, str] = {}


def node_kind(node: Any) -> str:
    """TAG, TEXT (as `is_text`), COMMENT or OTHER; one dictionary look-up per class."""
    kind = _KINDS.get(type(node))
    if kind is None:
        if isinstance(node, Tag):
            kind = TAG
        elif is_text(node):
            kind = TEXT
        elif isinstance(node, Comment):
            kind = COMMENT
        else:
            kind = OTHER
        _KINDS[type(node)] = kind
    return kind


def flatten_deep(tree: Tag, limit: int = MAX_DEPTH) -> bool:
    """Replace what is nested deeper than `limit` by its text, images and
    paragraph breaks; True if anything was flattened."""
    depth: dict[int, int] = {id(tree): 0}
    too_deep: list[Tag] = []
    for node in tree.descendants:
        if not isinstance(node, Tag):
            continue
        d = depth.get(id(node.parent), 0) + 1
        depth[id(node)] = d
        if d == limit and any(isinstance(c, Tag) and c.contents for c in node.children):
            too_deep.append(node)
    for top in too_deep:
        leaves = _leaves(tree, top)
        top.clear()
        for leaf in leaves:
            top.append(leaf)
    return bool(too_deep)


def _leaves(tree: Tag, top: Tag) -> list[Any]:
    """Copies of the text, images and line breaks under `top`, blocks kept apart."""
    leaves: list[Any] = []
    pending_break = False
    for node in top.descendants:  # iterative, whatever the depth
        if isinstance(node, Tag):
            if node.name in BLOCK_TAGS:
                pending_break = True
            elif node.name in ("br", "img"):
                leaf = new_tag(tree, node.name)
                leaf.attrs = dict(node.attrs)
                leaves.append(leaf)
            continue
        if not is_text(node) or (node.parent is not None and node.parent.name in DROP_TAGS):
            continue
        if pending_break and leaves:
            leaves += [new_tag(tree, "br"), new_tag(tree, "br")]
        pending_break = False
        leaves.append(NavigableString(str(node)))
    return leaves


def repair_lists(tree: Tag, index: TagIndex | None = None) -> None:
    """`<ul>` directly inside `<ul>` belongs to the item before it."""
    index = index or TagIndex(tree)
    for lst in index.named(_LISTS):
        parent = lst.parent
        if parent is None or parent.name not in _LISTS:
            continue
        prev = _previous_item(lst)
        if prev is not None:
            prev.append(lst.extract())
        else:
            lst.wrap(new_tag(tree, "li"))
        index.changed()


_LISTS = ("ul", "ol")


def _previous_item(node: Tag) -> Tag | None:
    for sibling in node.previous_siblings:
        if isinstance(sibling, Tag) and sibling.name == "li":
            return sibling
    return None


def new_tag(tree: Tag, name: str) -> Tag:
    root = tree
    while root.parent is not None:
        root = root.parent
    soup = root if isinstance(root, BeautifulSoup) else BeautifulSoup("", "html.parser")
    return soup.new_tag(name)


def marks_into_links(tree: Tag, index: TagIndex | None = None) -> None:
    """`<b><a>x</a></b>` as `[**x**](…)`: emphasis around a link cannot always flank it."""
    index = index or TagIndex(tree)
    for link in index.named(("a",)):
        mark = link.parent
        if mark is None or mark.name not in MARKS or not link.contents:
            continue
        if any(c is not link and (isinstance(c, Tag) or str(c).strip()) for c in mark.children):
            continue
        inner = new_tag(tree, mark.name)
        mark.unwrap()
        for child in list(link.contents):
            inner.append(child.extract())
        link.append(inner)
        index.changed()


def merge_code_runs(tree: Tag, index: TagIndex | None = None) -> None:
    """`<code>a</code><code>b</code>` as one code span: two side by side would run together."""
    index = index or TagIndex(tree)
    for code in index.named(CODE_TAGS):
        nxt = code.next_sibling
        while isinstance(nxt, Tag) and nxt.name in CODE_TAGS and code.parent is not None:
            for child in list(nxt.contents):
                code.append(child.extract())
            nxt.decompose()
            index.changed()
            nxt = code.next_sibling


def unwrap_numbered_code(
    tree: Tag,
    dropped: Callable[[str, str], None] | None = None,
    index: TagIndex | None = None,
) -> None:
    """A highlighter's table of line numbers beside the code (Hexo's `figure.highlight`,
    Pygments' and Rouge's `linenos` tables) is its code block; the numbers are not code."""
    index = index or TagIndex(tree)
    gutters = [td for td in index.named(("td",)) if class_matches(td, _GUTTER.search)]
    for gutter in gutters:
        row = first_parent(gutter, "tr")
        table = first_parent(gutter, "table")
        code = _code_cell(row) if row is not None else None
        pre = first_descendant(code, ("pre",)) if code is not None else None
        if table is None or pre is None or _count_rows(table) != 1:
            continue
        language = _highlight_language(table)
        if language and not pre.get("class"):
            pre["class"] = f"language-{language}"
        if dropped:
            dropped("line numbers", gutter.get_text(" ", strip=True))
        table.replace_with(pre.extract())
        index.changed()


def _code_cell(row: Tag) -> Tag | None:
    for node in row.descendants:
        if isinstance(node, Tag) and node.name == "td" and class_matches(node, _CODE_CELL.search):
            return node
    return None


def _count_rows(table: Tag) -> int:
    return sum(1 for node in table.descendants if isinstance(node, Tag) and node.name == "tr")


def _highlight_language(table: Tag) -> str:
    """`python` of `<figure class="highlight python">` around the table, if any."""
    holder = next((p for p in table.parents if class_matches(p, _is_highlight)), None)
    classes = [c for c in (holder.get("class") or []) if c != "highlight"] if holder else []
    return classes[0] if classes else ""


def _is_highlight(value: str) -> bool:
    return value == "highlight"


_GUTTER = re.compile(r"^(?:gutter|linenos|rouge-gutter|gl)$")
_CODE_CELL = re.compile(r"^(?:code|rouge-code|highlight)$")


def move_captions(tree: Tag, index: TagIndex | None = None) -> None:
    """A figure reads as its image, then its caption."""
    index = index or TagIndex(tree)
    for fig in index.named(("figure",)):
        captions = [c for c in fig.contents if isinstance(c, Tag) and c.name == "figcaption"]
        for cap in captions:
            fig.append(cap.extract())
            index.changed()


_EMOJI = re.compile(r"emoji|smil", re.IGNORECASE)


def unwrap_page_pres(tree: Tag, index: TagIndex | None = None) -> None:
    """A <pre> that holds headings, tables, quotes or pictures wraps a page, not code:
    it converts like a <div>, so the article comes out as Markdown."""
    index = index or TagIndex(tree)
    for pre in index.named(("pre",)):
        if _wraps_page(pre):
            pre.name = "div"


def _wraps_page(pre: Tag) -> bool:
    pictures = False
    for node in pre.descendants:
        if not isinstance(node, Tag):
            continue
        if node.name in PRE_PAGE_BLOCKS:
            return True
        if node.name == "img" and not pictures:
            pictures = not _EMOJI.search(
                " ".join(node.get("class") or []) + " " + str(node.get("src", ""))
            )
    return pictures


def drop_spaces_before_pre_breaks(tree: Tag, index: TagIndex | None = None) -> None:
    """`code  <br>` in a <pre> is a Markdown hard break some converter wrote out;
    its two spaces belong to that break, not to the code."""
    index = index or TagIndex(tree)
    for br in index.named(("br",)):
        if not any(parent.name == "pre" for parent in br.parents):
            continue
        before = br.previous_sibling
        if isinstance(before, NavigableString) and before.rstrip(" \t") != before:
            before.replace_with(before.rstrip(" \t"))


_URL_ATTRS = {
    "a": ("href",),
    "img": ("src", *LAZY_ATTRS),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
}
_ABSOLUTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|#)")


def document_base(tree: Tag, index: TagIndex | None = None) -> str | None:
    """The URL a `<base href>` names, when it is absolute."""
    base = (index or TagIndex(tree)).first("base", _has_href)
    return absolute_base(str(base.get("href") or "") if base is not None else "")


def absolute_base(href: str) -> str | None:
    """A `<base href>` value, when it is absolute (a relative one is ignored)."""
    href = href.strip()
    return href if re.match(r"^https?://", href, re.I) else None


def _has_href(tag: Tag) -> bool:
    return tag.get("href") is not None


def resolve_urls(tree: Tag, base: str, index: TagIndex | None = None) -> None:
    """Relative link and image URLs made absolute against `base` (fragments stay)."""
    for el in (index or TagIndex(tree)).named(_URL_ATTRS):
        for attr in _URL_ATTRS[el.name]:
            value = el.get(attr)
            if not isinstance(value, str) or not value.strip():
                continue
            value = value.strip()
            if _ABSOLUTE.match(value):
                continue
            try:
                el[attr] = urljoin(base, value)
            except ValueError:  # a malformed URL is left as written
                continue


# How deep quotes and lists may nest in the Markdown: markdown-it (CommonMark
# preset) stops at 20 block levels and drops what lies deeper; a quote takes
# one level, a list two (the list and its item).
MARKDOWN_NESTING = 19


def cap_nesting(tree: Tag, budget: int = MARKDOWN_NESTING, index: TagIndex | None = None) -> bool:
    """Quotes and lists nested deeper than a renderer shows become plain blocks.

    Their content stays where it is, inside the deepest quote or list item
    that is kept; True if anything was changed.
    """
    if index is not None:
        # nothing can nest deeper than all the quotes, lists and items together
        nesting = index.named(("blockquote", "ul", "ol", "li"))
        quotes = sum(1 for tag in nesting if tag.name == "blockquote")
        if 2 * len(nesting) - quotes <= budget:
            return False
    changed = False
    stack: list[tuple[Tag, int]] = [(tree, 0)]
    while stack:
        node, level = stack.pop()
        for child in node.contents:
            if not isinstance(child, Tag):
                continue
            cost = _NESTING_COST.get(child.name, 0)
            if child.name == "li" and node.name not in ("ul", "ol"):
                cost = 2  # an item outside a list is written as a list of its own
            if cost and level + cost > budget:
                if child.name in ("ul", "ol"):
                    for item in child.children:
                        if isinstance(item, Tag) and item.name == "li":
                            item.name = "div"
                child.name = "div"
                changed = True
                cost = 0
            stack.append((child, level + cost))
    return changed


_NESTING_COST = {"blockquote": 1, "ul": 2, "ol": 2}


# What bs4 says about the markup it is given (an XML declaration, a string like a URL).
_BS4_WARNINGS = (XMLParsedAsHTMLWarning, MarkupResemblesLocatorWarning)


def quiet_soup(markup: str, *args: Any, **kwargs: Any) -> BeautifulSoup:
    """BeautifulSoup(markup, ...) with bs4's advice about the markup kept off the terminal.

    An XHTML page or an XML-looking fragment would make bs4 print an
    XMLParsedAsHTMLWarning to the user; the tool reports what it does itself.
    """
    with warnings.catch_warnings():
        for category in _BS4_WARNINGS:
            warnings.simplefilter("ignore", category)
        return BeautifulSoup(markup, *args, **kwargs)
