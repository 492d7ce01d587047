"""Remove advertising: ad slots, ad scripts, regions between ad comments, ad labels.

What counts as an ad is data (rules/ads.toml). Class and id names are read
as words, never as substrings, so `header`, `download` or `badge` are safe.
An element is only ever removed whole; a container that a removal leaves
without text or images goes too. HTML comments are not content and are
dropped, except the ones listed in `keep_comments` (Hexo's `<!-- more -->`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:  # bs4 is imported where a tree is walked, not by a post without HTML
    from bs4 import BeautifulSoup, Comment, Tag

from normalize.document import Document, Kind, Stage
from normalize.filters.base import Filter
from normalize.filters.watermarks import is_tracker
from normalize.markup.code import code_lines
from normalize.markup.html import (
    CELLS,
    MEDIA,
    NEVER,
    attached,
    attr,
    describe,
    elements,
    has_descendant,
    prune_empty,
    text_nodes,
)
from normalize.rules import load_rules

URL_ATTRIBUTES = ("src", "href", "data-src")
SLOT_ATTRIBUTES = ("data-ad-client", "data-ad-slot")
# The article itself is never an ad, whatever its class says ("post has-ads").
ARTICLE = frozenset({"article", "main"})
# A label word in a table cell or a list item is data ("广告" as a line of a budget).
DATA = frozenset({"td", "th", "li", "dt", "dd", "caption", "option"})
MAX_MARKER = 80  # an ad start/end comment is short; a longer comment is prose
# Decoration around a label ("- Advertisement -", "【广告】").
_LABEL_TRIM = " \t-–—_*·•:：()[]【】「」"
# Markdown around a line's text: list marker, heading, quote.
_LINE_MARKUP = re.compile(r"^\s*(?:>\s*)*(?:[*+-]\s+|\d+[.)]\s+|#{1,6}\s+)?")
_LIST_ITEM = re.compile(r"^\s*(?:>\s*)*(?:[*+-]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s*(?:>\s*)*#{1,6}\s")
_NAME_PART = re.compile(r"\d+x\d+|[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^\W\d_]+")


# Class and id names judged, remembered while a run lasts (pages repeat their few names).
_NAME_MEMORY = 50_000

# Atomic CSS gives each element many short classes; a hand-named block has a few words.
ATOMIC_CLASSES = 5


def is_atomic_css(classes: list[str]) -> bool:
    """Generated one- and two-letter classes (`q r s ad ae af`): `ad` there names no ad."""
    return len(classes) >= ATOMIC_CLASSES and all(len(name) <= 3 for name in classes)


def name_tokens(name: str, known: Iterable[str] = ()) -> list[str]:
    """A class, id or comment as lower-case words: split on - _ spaces, digits and camelCase."""
    known = set(known)
    tokens: list[str] = []
    for part in re.split(r"[\W_]+", name):
        if not part:
            continue
        if part.lower() in known:
            tokens.append(part.lower())
            continue
        words = [w.lower() for w in _NAME_PART.findall(part)]
        # camelCase split some known words apart ("AdSense" -> ad, sense): join them back.
        i = 0
        while i < len(words):
            if i + 1 < len(words) and words[i] + words[i + 1] in known:
                tokens.append(words[i] + words[i + 1])
                i += 2
            else:
                tokens.append(words[i])
                i += 1
    return tokens


class AdRules:
    """The packaged ad rules plus what configuration adds."""

    def __init__(self, options: dict[str, Any]) -> None:
        rules = load_rules("ads")
        self.ad_words = set(rules["ad_words"]) | {w.lower() for w in options["classes"]}
        self.box_words = set(rules["box_words"])
        self.negations = set(rules["negations"])
        self.negations_after = set(rules["negations_after"])
        self.vendor_words = set(rules["vendor_words"])
        self.hosts = {h.lower() for h in rules["hosts"] + options["hosts"]}
        self.scripts = re.compile("|".join(rules["script_patterns"]))
        self.start_words = set(rules["start_words"])
        self.end_words = set(rules["end_words"])
        self.comment_ignore = [s.lower() for s in rules["comment_ignore"]]
        self.labels = {label.casefold() for label in rules["labels"] + options["labels"]}
        self.known = self.ad_words | self.box_words | self.vendor_words
        self._judged: dict[str, bool] = {}

    def names_ad(self, name: str) -> bool:
        """Does this class or id name an ad? Its head word must be an ad word."""
        judged = self._judged.get(name)
        if judged is None:
            if len(self._judged) >= _NAME_MEMORY:
                self._judged.clear()
            judged = self._judged[name] = self._names_ad(name)
        return judged

    def _names_ad(self, name: str) -> bool:
        tokens = name_tokens(name, self.known)
        if any(t in self.vendor_words for t in tokens):
            return True
        words = [t for t in tokens if not re.fullmatch(r"\d+(?:x\d+)?", t)]
        i = len(words) - 1
        while i >= 0 and words[i] in self.box_words:
            i -= 1
        return i >= 0 and words[i] in self.ad_words and not self._negated(words, i)

    def _negated(self, words: list[str], i: int) -> bool:
        """Is the ad word at `i` negated, as in "no-ads", "has-ads" or "ad-free"?"""
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        return before in self.negations or after in self.negations_after

    def says_ad(self, words: list[str]) -> bool:
        """Does a phrase speak of an ad (an ad word that no neighbour negates)?"""
        return any(w in self.ad_words and not self._negated(words, i) for i, w in enumerate(words))

    def is_ad_host(self, url: str) -> bool:
        if "//" not in url:
            return False
        try:
            host = (urlsplit(url.strip()).hostname or "").lower()
        except ValueError:
            return False
        parts = host.split(".")
        return any(".".join(parts[i:]) in self.hosts for i in range(len(parts) - 1))

    def marker(self, comment: str) -> str | None:
        """Whether a comment opens ("start") or closes ("end") an ad region, else None."""
        text = comment.strip()
        if len(text) > MAX_MARKER or any(s in text.lower() for s in self.comment_ignore):
            return None
        tokens = name_tokens(text, self.known)
        words = set(tokens)

        def has(vocabulary: set[str]) -> bool:
            # Chinese has no spaces to split on: look for those words inside the text.
            return bool(words & vocabulary) or any(w in text for w in vocabulary if not w.isascii())

        chinese_ad = any(w in text for w in self.ad_words if not w.isascii())
        if not (self.says_ad(tokens) or chinese_ad):
            return None
        start, end = has(self.start_words), has(self.end_words)
        if start != end:
            return "start" if start else "end"
        return None

    def is_label(self, text: str) -> bool:
        return text.strip(_LABEL_TRIM).casefold() in self.labels


class AdsFilter(Filter):
    name = "ads"
    stage = Stage.HTML
    priority = 20
    description = "Remove ad slots, ad scripts, ad comment regions, ad labels and HTML comments."
    defaults = {
        "classes": [],  # more words that name an ad in a class or id
        "hosts": [],  # more ad-serving hosts
        "labels": [],  # more lines that only say "advertisement"
        "comment_regions": True,  # remove what ad start/end comments enclose
        "drop_comments": True,  # remove the other HTML comments
        "keep_comments": ["more"],  # comments kept anyway (Hexo's excerpt mark)
        "max_text": 1000,  # a would-be ad with more text than this is kept, with a warning
    }

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self.rules = AdRules(self.options)

    def run(self, doc: Document) -> None:
        tree = doc.tree
        if tree is not None:
            if self.options["comment_regions"]:
                self._remove_regions(doc, tree)
            self._remove_elements(doc, tree)
            self._remove_label_elements(doc, tree)
            if self.options["drop_comments"] and not doc.authored:  # a person's notes stay
                self._drop_comments(doc, tree)
        elif doc.body and doc.kind in (Kind.MARKDOWN, Kind.TEXT):
            doc.body = self._remove_label_lines(doc, doc.body)

    # --- comment regions -------------------------------------------------

    def _remove_regions(self, doc: Document, tree: BeautifulSoup) -> None:
        open_marks: list[Any] = []
        pairs: list[tuple[int, Any, Any]] = []  # (nesting depth, start, end)
        for comment in _comments(tree):
            kind = self.rules.marker(str(comment))
            if kind == "start":
                open_marks.append(comment)
            elif kind == "end" and open_marks:
                start = open_marks.pop()
                pairs.append((len(open_marks), start, comment))
        for start in open_marks:  # never closed: it removes nothing but itself
            self.log(doc, "ad marker without an end", str(start).strip(), warning=True)
        # Outer regions first: an inner pair goes with its outer one, and a start
        # that is never closed does not stop the pairs after it from being removed.
        for _, start, end in sorted(pairs, key=lambda pair: pair[0]):
            if not (attached(start) and attached(end)):
                continue
            nodes = _between(start, end)
            text = " ".join(_text_of(n) for n in nodes).strip()
            if len(text) > self.options["max_text"]:
                self.log(doc, "ad region kept (too much text)", text, warning=True)
                continue
            parents = [n.parent for n in nodes]
            for node in nodes:
                node.extract()
            for marker in (start, end):
                marker.extract()
            self.log_removal(doc, "ad comment region", text, text or _describe(nodes))
            for parent in parents:
                self._prune(doc, parent)

    # --- elements ----------------------------------------------------------

    def _remove_elements(self, doc: Document, tree: BeautifulSoup) -> None:
        for element in elements(tree):
            if element.name in NEVER:
                continue
            rule = self._ad_rule(element)
            if rule is None or not attached(element):  # the rule first: most elements have none
                continue
            if doc.authored and rule == "ad host" and is_tracker(element):
                continue  # an affiliate pixel its author placed: invisible, and not broken
            text = element.get_text(" ", strip=True)
            if element.name != "script" and len(text) > self.options["max_text"]:
                self.log(doc, f"{rule} kept (too much text)", text, warning=True)
                continue
            if element.name == "a" and text and _in_running_text(element):
                # A tracked link in a sentence: its words are the author's, only the link goes.
                element.unwrap()
                self.log(doc, "ad link unwrapped", text)
                continue
            self._remove(doc, element, rule, text or _describe([element]))

    def _ad_rule(self, element: Tag) -> str | None:
        rules = self.rules
        if element.name == "script":
            if rules.is_ad_host(attr(element, "src")):
                return "ad script"
            if rules.scripts.search(element.string or ""):
                return "ad script"
            return None
        attrs = element.attrs
        if not attrs:
            return None  # nothing below can say "ad" of an element without attributes
        if any(attrs.get(name) for name in SLOT_ATTRIBUTES):
            return "ad slot"
        if any(name in attrs and rules.is_ad_host(attr(element, name)) for name in URL_ATTRIBUTES):
            return "ad host"
        if element.name in ARTICLE:
            return None
        classes = attr(element, "class").split()
        if not is_atomic_css(classes):
            for name in classes:
                if rules.names_ad(name):
                    return "ad class"
        if "id" in attrs and rules.names_ad(attr(element, "id")):
            return "ad id"
        return None

    # --- labels --------------------------------------------------------------

    def _remove_label_elements(self, doc: Document, tree: BeautifulSoup) -> None:
        for text in text_nodes(tree):
            if not self.rules.is_label(text):
                continue
            if text.parent is None or not attached(text):
                continue
            if any(parent.name in DATA for parent in text.parents):
                continue
            label = text.strip()
            target: Any = text
            node: Tag | None = text.parent
            while (
                node is not None
                and node.name not in NEVER | CELLS
                and node.get_text(strip=True) == label
                and not has_descendant(node, MEDIA)
            ):
                target, node = node, node.parent
            self._remove(doc, target, "ad label", label)

    def _remove_label_lines(self, doc: Document, body: str) -> str:
        lines = body.split("\n")
        skip = code_lines(body) if doc.kind == Kind.MARKDOWN else set()
        kept = []
        for number, line in enumerate(lines):
            text = _LINE_MARKUP.sub("", line).strip().strip("*_")
            if _LIST_ITEM.match(line) or _HEADING.match(line):  # data, or a section's title
                text = ""
            if number not in skip and text and self.rules.is_label(text):
                self.log_removal(doc, "ad label", line.strip())
                continue
            kept.append(line)
        return "\n".join(kept) if len(kept) != len(lines) else body

    # --- comments --------------------------------------------------------------

    def _drop_comments(self, doc: Document, tree: BeautifulSoup) -> None:
        keep = {k.strip().lower() for k in self.options["keep_comments"]}
        for comment in _comments(tree):
            if comment.strip().lower() in keep:
                continue
            comment.extract()
            self.log(doc, "comment", str(comment).strip() or "(empty)")

    # --- removing ----------------------------------------------------------------

    def _remove(self, doc: Document, node: Any, rule: str, detail: str) -> None:
        from bs4 import Tag

        parent = node.parent
        node.extract()
        self.log_removal(
            doc, rule, node.get_text(" ") if isinstance(node, Tag) else str(node), detail
        )
        self._prune(doc, parent)

    def _prune(self, doc: Document, parent: Tag | None) -> None:
        removed = prune_empty(parent)
        if removed is not None:
            self.log(doc, "empty container", f"<{removed.name}>")


def _in_running_text(element: Tag) -> bool:
    """Is there other text beside `element` in its parent, as around a link in a sentence?"""
    from bs4 import NavigableString, Tag

    parent = element.parent
    if parent is None:
        return False
    return any(
        (sibling is not element)
        and (sibling.get_text(strip=True) if isinstance(sibling, Tag) else str(sibling).strip())
        for sibling in parent.children
        if isinstance(sibling, Tag) or type(sibling) is NavigableString
    )


def _comments(tree: BeautifulSoup) -> list[Comment]:
    from bs4 import Comment

    return [node for node in tree.descendants if isinstance(node, Comment)]


def _between(start: Comment, end: Comment) -> list[Any]:
    """The outermost nodes after `start` and before `end`, in document order."""
    end_ancestors = {id(p) for p in end.parents}
    nodes: list[Any] = []
    taken: set[int] = set()
    for node in start.next_elements:
        if node is end:
            return nodes
        if id(node) in end_ancestors:
            continue
        taken.add(id(node))
        if id(node.parent) not in taken:
            nodes.append(node)
    return []  # `end` was not after `start`: remove nothing


def _text_of(node: Any) -> str:
    from bs4 import NavigableString, Tag

    if isinstance(node, Tag):
        return node.get_text(" ", strip=True)
    return str(node).strip() if type(node) is NavigableString else ""


def _describe(nodes: list[Any]) -> str:
    from bs4 import Tag

    return " ".join(describe(n) for n in nodes if isinstance(n, Tag))
