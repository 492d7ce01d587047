"""The same tree as `BeautifulSoup(html, "lxml")`, built several times faster.

bs4's lxml builder turns each of lxml's parse events into several layers of
Python calls (the builder's callback, the soup's handle_*/endData/pushTag,
Tag.__init__, setup, string_container...), some 25 µs per element. Here the
same lxml parser, set up as bs4 sets it up and fed the same markup, reports its
events to a lean target that creates the bs4 objects directly, with the
attributes and links bs4's own building leaves on them. Everything around the
parse (the BeautifulSoup object, the choice of markup and encoding, the retry
with UTF-8 bytes, ParserRejectedMarkup, the final clean-up) is still bs4's own
constructor: only the builder's `feed` is replaced, for this one parse.

The target mirrors bs4 4.15's LXMLTreeBuilder and BeautifulSoup.handle_*
methods; with any other bs4 version, or anything the target was not written
for (a namespace map, which lxml's HTML parser never reports), the tree is
built by bs4 itself.
"""

from __future__ import annotations

import gc
import re
import threading
from collections import Counter
from typing import Any

import bs4
from bs4 import BeautifulSoup
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import (
    AttributeValueList,
    Comment,
    Doctype,
    NamespacedAttribute,
    NavigableString,
    Tag,
    XMLAttributeDict,
)
from lxml import etree

from normalize.convert.tree import quiet_soup

# The bs4 release whose building the target reproduces (its tests compare the two).
VERIFIED_BS4 = "4.15.0"

_ASCII_SPACES = BeautifulSoup.ASCII_SPACES
_NONWHITESPACE = re.compile(r"\S+")  # bs4.builder.nonwhitespace_re
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_new_tag = Tag.__new__
_new_str = str.__new__
_set_item = dict.__setitem__
_MAIN_STRINGS = Tag.MAIN_CONTENT_STRING_TYPES


class _Unsupported(Exception):
    """The markup needs something the target does not reproduce: bs4 builds it."""


def fast_soup(html: str) -> BeautifulSoup:
    """`quiet_soup(html, "lxml")`, built by the lean target where it is sure to match."""
    if bs4.__version__ != VERIFIED_BS4:
        return quiet_soup(html, "lxml")
    builder = LXMLTreeBuilder()
    builder.feed = lambda markup: _feed(builder, markup)  # type: ignore[method-assign]
    try:
        return quiet_soup(html, builder=builder)
    except _Unsupported:
        return quiet_soup(html, "lxml")
    finally:
        del builder.feed  # the tree keeps a plain LXMLTreeBuilder


def _feed(builder: LXMLTreeBuilder, markup: Any) -> None:
    """LXMLTreeBuilder.feed with `_Target` in place of the builder's callbacks."""
    soup = builder.soup
    assert soup is not None
    parser, target = _parser(soup.original_encoding, builder.huge_tree)
    target.begin(soup, builder)
    # Nothing built here is garbage until the tree is dropped: the collector's
    # passes over the young objects would only cost time (a third of it).
    collecting = gc.isenabled()
    gc.disable()
    try:
        parser.feed(markup)
        parser.close()
    except BaseException as e:
        _local.parsers = {}  # a parser stopped midway is not used again
        if isinstance(e, (UnicodeDecodeError, LookupError, etree.ParserError)):
            raise bs4.ParserRejectedMarkup(e) from e
        raise
    finally:
        if collecting:
            gc.enable()
        builder.parser = parser
        target.hand_back()


# One parser and target per thread, used again for every document: making a
# parser for a target costs lxml an inspection of the target's `start` (some
# 40 µs, more than a short body's whole tree).
_local = threading.local()


def _parser(encoding: str | None, huge_tree: bool) -> tuple[Any, _Target]:
    """lxml's HTML parser as LXMLTreeBuilder makes it, reporting to a `_Target`."""
    parsers: dict[tuple[str | None, bool], tuple[Any, _Target]] | None
    parsers = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    found = parsers.get((encoding, huge_tree))
    if found is None:
        target = _Target()
        parser = etree.HTMLParser(
            target=target, recover=True, huge_tree=huge_tree, encoding=encoding
        )
        found = parsers[(encoding, huge_tree)] = (parser, target)
    return found


class _Kind:
    """What bs4 derives from a tag's name, worked out once per name."""

    __slots__ = ("can_be_empty", "multi_valued", "preserves_whitespace", "container")

    def __init__(self, builder: LXMLTreeBuilder, name: str) -> None:
        lists = builder.cdata_list_attributes
        self.can_be_empty = builder.can_be_empty_element(name)
        self.multi_valued = lists.get("*", set()) | (lists.get(name.lower()) or set())
        self.preserves_whitespace = name in builder.preserve_whitespace_tags
        self.container = builder.string_containers.get(name)


class _Target:
    """lxml parser target that builds the soup as BeautifulSoup.handle_* would.

    The soup's parse state (tag stack, pending text, the element parsed last)
    lives here while lxml reports events and goes back to the soup at the end,
    so that bs4's constructor finishes exactly as after its own feed.
    """

    def __init__(self) -> None:
        self.text: list[str] = []
        self.data = self.text.append  # lxml calls it for every run of text
        self.kinds: dict[str, _Kind] = {}
        self.begin(None, None)

    def begin(self, soup: Any, builder: Any) -> None:
        """Take over the parse state of a soup that bs4 has just reset."""
        self.soup = soup
        self.builder = builder
        self.stack: list[Tag] = list(soup.tagStack) if soup else []
        self.current: Any = soup.currentTag if soup else None
        self.last: Any = soup._most_recent_element if soup else None
        self.whitespace_kept: list[Tag] = list(soup.preserve_whitespace_tag_stack) if soup else []
        self.containers: list[Tag] = list(soup.string_container_stack) if soup else []
        self.names: dict[str, None] = dict.fromkeys(soup.open_tag_counter) if soup else {}
        self.text[:] = soup.current_data if soup else []
        if len(self.kinds) > 4096:  # pages that make up tag names
            self.kinds.clear()
        # Every tag shares the builder's namespace mapping, as in bs4.
        self.namespaces = builder.active_namespace_prefixes[-1] if builder else None
        self.soup_class = type(soup)
        self.multi_valued = builder.cdata_list_attributes if builder else None
        self.whitespace_tags = builder.preserve_whitespace_tags if builder else None

    def hand_back(self) -> None:
        """Put the parse state back on the soup for bs4's constructor to finish,
        and let go of the tree."""
        soup = self.soup
        soup.tagStack = self.stack
        soup.currentTag = self.current
        soup._most_recent_element = self.last
        soup.preserve_whitespace_tag_stack = self.whitespace_kept
        soup.string_container_stack = self.containers
        soup.current_data = list(self.text)
        counter: Counter[str] = Counter(dict.fromkeys(self.names, 0))
        for tag in self.stack[1:]:
            counter[tag.name] += 1
        soup.open_tag_counter = counter
        self.begin(None, None)

    # lxml's events, as LXMLTreeBuilder receives them.

    def start(self, name: str, attrib: dict[str, str], nsmap: Any = None) -> None:
        """handle_starttag: a new Tag, linked after the element parsed last, made current."""
        if nsmap:
            raise _Unsupported("namespace map")
        if self.text:
            self._end_text(None)
        namespace = prefix = None
        if name[0] == "{" and "}" in name:
            namespace, name = name[1:].split("}", 1)
            prefix = _prefix_for(namespace)
        kind = self.kinds.get(name)
        if kind is None:
            kind = self.kinds[name] = _Kind(self.builder, name)
        parent = self.current
        siblings = parent.contents
        before = siblings[-1] if siblings else None
        previous = self.last
        tag = _new_tag(Tag)
        # The attributes Tag.__init__ sets, in its order.
        tag.__dict__ = {
            "parser_class": self.soup_class,
            "name": name,
            "namespace": namespace,
            "_namespaces": self.namespaces,
            "prefix": prefix,
            "sourceline": None,
            "sourcepos": None,
            "attribute_value_list_class": AttributeValueList,
            "attrs": self._attrs(attrib, kind.multi_valued) if attrib else XMLAttributeDict(),
            "known_xml": False,
            "contents": [],
            "parent": parent,
            "previous_element": previous,
            "next_element": None,
            "next_sibling": None,
            "previous_sibling": before,
            "hidden": False,
            "can_be_empty_element": kind.can_be_empty,
            "cdata_list_attributes": self.multi_valued,
            "preserve_whitespace_tags": self.whitespace_tags,
            "interesting_string_types": _MAIN_STRINGS
            if kind.container is None
            else {kind.container},
        }
        if name == "meta":
            self.builder.set_up_substitutions(tag)
        if previous is not None:
            previous.next_element = tag
        if before is not None:
            before.next_sibling = tag
        siblings.append(tag)
        self.last = self.current = tag
        self.stack.append(tag)
        self.names[name] = None
        if kind.preserves_whitespace:
            self.whitespace_kept.append(tag)
        if kind.container is not None:
            self.containers.append(tag)

    def end(self, name: str) -> None:
        """handle_endtag: the current tag closed (or, on a stray end tag, as _popToTag does)."""
        if self.text:
            self._end_text(None)
        prefix = None
        if name[0] == "{" and "}" in name:
            namespace, name = name[1:].split("}", 1)
            prefix = _prefix_for(namespace)
        current = self.current
        stack = self.stack
        if name == current.name and prefix == current.prefix and len(stack) > 1:
            self._pop()
        else:
            self._pop_to(name, prefix)

    def comment(self, text: str) -> None:
        self._string(text, Comment)

    def doctype(self, name: str, pubid: str, system: str) -> None:
        self._string(Doctype._string_for_name_and_ids(name, pubid, system), Doctype)

    def pi(self, target: str, data: str) -> None:
        self._string(target + " " + data, self.builder.processing_instruction_class)

    def close(self) -> None:
        self.builder.close()

    # Building.

    def _attrs(self, attrib: dict[str, str], multi_valued: set[str]) -> XMLAttributeDict:
        """The tag's attribute dict, class-like values split into lists, as bs4 does."""
        attrs = XMLAttributeDict(attrib)
        for key in attrib:
            if key[0] == "{" and "}" in key:
                return self._namespaced_attrs(attrib, multi_valued)
            if key in multi_valued:  # a list needs none of XMLAttributeDict's conversions
                _set_item(attrs, key, AttributeValueList(_NONWHITESPACE.findall(attrib[key])))
        return attrs

    def _namespaced_attrs(self, attrib: dict[str, str], multi_valued: set[str]) -> XMLAttributeDict:
        """The rare attribute written `{uri}name`: bs4 makes it a NamespacedAttribute."""
        attrs = XMLAttributeDict()
        for key, value in attrib.items():
            if key[0] == "{" and "}" in key:
                namespace, local = key[1:].split("}", 1)
                attrs[NamespacedAttribute(_prefix_for(namespace), local, namespace)] = value
            else:
                attrs[key] = value
        for key in list(attrs):
            if key in multi_valued:
                attrs[key] = AttributeValueList(_NONWHITESPACE.findall(attrs[key]))
        return attrs

    def _pop(self) -> None:
        """popTag: the current tag closed, its parent current again."""
        tag = self.stack.pop()
        if self.whitespace_kept and tag is self.whitespace_kept[-1]:
            self.whitespace_kept.pop()
        if self.containers and tag is self.containers[-1]:
            self.containers.pop()
        if self.stack:
            self.current = self.stack[-1]

    def _pop_to(self, name: str, prefix: str | None) -> None:
        """_popToTag for an end tag that does not close the current tag."""
        if name == BeautifulSoup.ROOT_TAG_NAME:
            return
        open_names = [tag.name for tag in self.stack[1:]]
        for i in range(len(self.stack) - 1, 0, -1):
            if name not in open_names:
                break
            tag = self.stack[i]
            open_names.pop()
            self._pop()
            if name == tag.name and prefix == tag.prefix:
                break

    def _string(self, text: str, kind: type[NavigableString]) -> None:
        """A comment, doctype or processing instruction: endData, the text, endData(kind)."""
        if self.text:
            self._end_text(None)
        self.text.append(text)
        self._end_text(kind)

    def _end_text(self, kind: type[NavigableString] | None) -> None:
        """endData: the pending text as one string of the right class, linked in."""
        text = self.text[0] if len(self.text) == 1 else "".join(self.text)
        self.text.clear()
        if not self.whitespace_kept and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        if kind is None:
            kind = NavigableString
            if self.containers:
                kind = self.builder.string_containers.get(self.containers[-1].name, kind)
        parent = self.current
        siblings = parent.contents
        before = siblings[-1] if siblings else None
        previous = self.last
        string = _new_str(kind, text)
        # The attributes NavigableString.__new__ and setup set, in their order;
        # bs4's _linkage_fixer changes nothing while a document is parsed in order.
        string.__dict__ = {
            "hidden": False,
            "parent": parent,
            "previous_element": previous,
            "next_element": None,
            "next_sibling": None,
            "previous_sibling": before,
        }
        if previous is not None:
            previous.next_element = string
        if before is not None:
            before.next_sibling = string
        siblings.append(string)
        self.last = string


def _prefix_for(namespace: str) -> str | None:
    """The prefix bs4's lxml builder finds for a namespace in HTML: only xml's is known."""
    return "xml" if namespace == _XML_NS else None
