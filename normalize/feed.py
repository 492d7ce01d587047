"""RSS and Atom feeds, read as the XML they are and turned into one HTML body.

An HTML parser reads a feed wrongly: `<link>` is a void element there, and
`<![CDATA[…]]>` item bodies become comments or `]]>` residue. A feed is read
with lxml's XML parser (recovering from the errors real feeds have), and
each item becomes a heading (its title, linked), a line with its date and
author, and its body, which is HTML whether written in CDATA or escaped. The
channel's title goes to the front matter, its link and description to the
top of the body. Nothing of what a reader sees is dropped: an item's
summary is kept too when its full content does not hold it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

# A feed's root, after the XML declaration, comments, a doctype and stylesheet instructions.
_FEED_START = re.compile(
    r"\A\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*"
    r"<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)\b",
    re.S | re.I,
)
_XHTML = "http://www.w3.org/1999/xhtml"
# Where an item's body is, fullest first (RSS 2.0 content:encoded, Atom content, RSS description).
_BODIES = ("encoded", "full-text", "content", "description", "summary")
_DATES = ("pubDate", "published", "updated", "date", "issued", "modified")
_AUTHORS = ("author", "creator")
_ITEMS = ("item", "entry")
_TAGS = ("category", "subject")


def looks_like_feed(text: str) -> bool:
    """An RSS (0.9x, 1.0, 2.0) or Atom document: its root element, after the prolog."""
    return bool(_FEED_START.match(text[:4096]))


@dataclass
class Feed:
    title: str = ""
    link: str = ""
    description: str = ""  # HTML
    rights: str = ""
    people: list[str] = field(default_factory=list)  # its editor, webmaster, author
    items: list[Item] = field(default_factory=list)


@dataclass
class Item:
    title: str = ""
    link: str = ""
    date: str = ""
    author: str = ""
    tags: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)  # HTML, fullest first


def read_feed(text: str) -> Feed | None:
    """The feed's channel and items, or None when the XML has no feed in it."""
    from lxml import etree

    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, huge_tree=True, encoding="utf-8"
    )
    if text.rfind("<![CDATA[") > text.rfind("]]>"):
        text += "]]>"  # a feed cut off inside a body: the recovering parser would drop it
    # The text is decoded already: its declaration's encoding no longer applies.
    root = etree.fromstring(text.lstrip("\ufeff").encode("utf-8"), parser)
    if root is None or _name(root) not in ("rss", "feed", "RDF"):
        return None
    channel = _child(root, "channel")
    if _name(root) == "feed" or channel is None:
        channel = root
    feed = Feed(
        title=_text(_child(channel, "title")),
        link=_link(channel),
        description=_html_of(_first_child(channel, ("description", "subtitle", "tagline"))),
        rights=_text(_first_child(channel, ("copyright", "rights"))),
        people=_people(channel),
    )
    # RSS 2.0 puts items in the channel; RSS 1.0 next to it; Atom's entries are the root's.
    for element in root.iter():
        if isinstance(element.tag, str) and _name(element) in _ITEMS:
            feed.items.append(_item(element))
    return feed


def _item(element: Any) -> Item:
    bodies = [_html_of(_child(element, name)) for name in _BODIES]
    return Item(
        title=_text(_child(element, "title")),
        link=_link(element),
        date=_text(_first_child(element, _DATES)),
        author=_author(element),
        tags=_tags(element),
        bodies=[body for body in bodies if body.strip()],
    )


def feed_html(feed: Feed) -> str:
    """The feed as one HTML body: channel link and description, then each item."""
    parts = []
    if feed.link:
        parts.append(f'<p><a href="{html.escape(feed.link)}">{html.escape(feed.link)}</a></p>')
    if feed.description:
        parts.append(f"<div>{feed.description}</div>")
    if feed.people:
        parts.append(f"<p>{' · '.join(html.escape(person) for person in feed.people)}</p>")
    if feed.rights:
        parts.append(f"<p>{html.escape(feed.rights)}</p>")
    for item in feed.items:
        parts.append(_item_html(item))
    return "\n".join(parts) + "\n"


def _item_html(item: Item) -> str:
    parts = []
    title = html.escape(item.title or item.link or "")
    if title:
        if item.link:
            title = f'<a href="{html.escape(item.link)}">{title}</a>'
        parts.append(f"<h2>{title}</h2>")
    byline = " · ".join(
        html.escape(part) for part in (item.date, item.author, ", ".join(item.tags)) if part
    )
    if byline:
        parts.append(f"<p><em>{byline}</em></p>")
    kept: list[str] = []
    for body in item.bodies:
        # A summary the full content already holds is the same words twice.
        if not any(_words(body) <= _words(other) for other in kept):
            kept.append(body)
    parts.extend(f"<div>{body}</div>" for body in kept)
    return "\n".join(parts)


def _words(fragment: str) -> set[str]:
    return set(re.findall(r"\w+", html.unescape(re.sub(r"<[^>]*>", " ", fragment))))


def _name(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: Any, name: str) -> Any:
    return next(
        (child for child in element if isinstance(child.tag, str) and _name(child) == name), None
    )


def _first_child(element: Any, names: tuple[str, ...]) -> Any:
    return next(
        (child for child in map(lambda name: _child(element, name), names) if child is not None),
        None,
    )


def _text(element: Any) -> str:
    """The element's text, HTML entities a feed uses undeclared (`&laquo;`) resolved."""
    if element is None:
        return ""
    return " ".join(html.unescape(_inner(element, markup=False)).split())


def _inner(element: Any, markup: bool = True) -> str:
    """The source of the element's content: text, undeclared entities as written (`&nbsp;`),
    and child elements as markup (or their text only)."""
    from lxml import etree

    pieces = [element.text or ""]
    for child in element:
        if isinstance(child, etree._Entity):
            pieces.append(child.text or "")
        elif isinstance(child.tag, str):
            pieces.append(
                etree.tostring(child, encoding="unicode", with_tail=False)
                if markup
                else html.escape("".join(child.itertext()), quote=False)
            )
        pieces.append(child.tail or "")
    return "".join(pieces)


def _link(element: Any) -> str:
    """RSS's `<link>` text, or Atom's `<link href>` (the alternate one when several)."""
    links = [child for child in element if isinstance(child.tag, str) and _name(child) == "link"]
    for link in links:
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return str(link.get("href"))
    for link in links:
        if _text(link):
            return _text(link)
    return ""


def _tags(element: Any) -> list[str]:
    """RSS `<category>` and `<dc:subject>` text, Atom `<category term label>`."""
    tags = []
    for child in element:
        if isinstance(child.tag, str) and _name(child) in _TAGS:
            tag = _text(child) or child.get("label") or child.get("term") or ""
            if tag and tag not in tags:
                tags.append(tag)
    return tags


def _author(element: Any) -> str:
    for name in _AUTHORS:
        author = _child(element, name)
        if author is not None:
            inner = _child(author, "name")  # Atom: <author><name>…</name></author>
            return _text(inner if inner is not None else author)
    return ""


def _people(channel: Any) -> list[str]:
    """The channel's managing editor, webmaster and author, each once."""
    people = [_text(_child(channel, name)) for name in ("managingEditor", "webMaster")]
    people.append(_author(channel))
    return list(dict.fromkeys(person for person in people if person))


def _html_of(element: Any) -> str:
    """An item body as HTML: escaped or CDATA text is HTML already; Atom's xhtml is markup;
    Atom's `type="text"` is plain text."""
    if element is None:
        return ""
    kind = (element.get("type") or "").lower()
    if kind == "xhtml":
        children = [child for child in element if isinstance(child.tag, str)]
        wrapper = children[0] if len(children) == 1 and _name(children[0]) == "div" else element
        return _without_namespaces(_inner(wrapper))
    if kind == "text":
        text = html.unescape(_inner(element, markup=False))
        return html.escape(text, quote=False).replace("\n", "<br>\n")
    return _inner(element)


def _without_namespaces(markup: str) -> str:
    """XHTML as an HTML parser expects it: no `html:` prefixes, no xmlns attributes."""
    markup = re.sub(r"\sxmlns(?::\w+)?=\"[^\"]*\"", "", markup)
    return re.sub(r"(</?)\w+:(?=\w)", r"\1", markup)
