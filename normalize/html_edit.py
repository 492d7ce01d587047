"""Clean HTML where it stands: the tree filters change a tree, only their changes reach the source.

HTML that a person wrote (inside a Markdown post, or an `.html` file cleaned
in place) must keep every byte no rule names. The source is parsed with
html.parser, recording where each element, text and comment came from;
after the filters have run, the tree is compared with what was parsed:

- a node no longer in the tree: its source is cut (an unwrapped element
  loses only its tags, its content stays);
- an element whose attributes changed: only those attributes are rewritten,
  in the quotes they had;
- a node the filters added: its HTML is inserted where it now stands.

Everything else is copied from the source. Spans the caller marks as
protected (code, template tags) are never edited: an edit that would touch
one is dropped and reported.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

from bs4 import NavigableString, Tag
from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

from normalize.convert.tree import quiet_soup
from normalize.markup.code import MASK

_MARKUP_STRINGS = (Comment, Declaration, Doctype, CData, ProcessingInstruction)
Edit = tuple[int, int, str]  # replace source[start:end] with the text


@dataclass
class _Spans:
    """Where each parsed node came from, by the node's id (the nodes are kept alive)."""

    line_starts: list[int]
    opens: dict[int, tuple[int, int]] = field(default_factory=dict)  # start tag, comment, text
    closes: dict[int, tuple[int, int]] = field(default_factory=dict)  # end tags
    strays: list[tuple[int, int]] = field(default_factory=list)  # end tags closing nothing
    nodes: list[Any] = field(default_factory=list)


class _PositionParser(BeautifulSoupHTMLParser):
    """bs4's html.parser driver, noting the source span of every token it turns into a node."""

    def __init__(self, *args: Any, spans: _Spans, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spans = spans
        self._self_closing = False

    def _here(self) -> int:
        line, column = self.getpos()
        return self.spans.line_starts[line - 1] + column

    def _note(self, node: Any, start: int, end: int) -> None:
        self.spans.opens[id(node)] = (start, end)
        self.spans.nodes.append(node)

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        self._self_closing = True
        try:
            super().handle_startendtag(tag, attrs)
        finally:
            self._self_closing = False

    def handle_starttag(self, tag: str, attrs: Any, handle_empty_element: bool = True) -> None:
        start = self._here()
        end = start + len(self.get_starttag_text() or "")
        before = self.soup._most_recent_element
        super().handle_starttag(tag, attrs, handle_empty_element)
        node = self.soup._most_recent_element
        if isinstance(node, Tag) and node is not before:
            self._note(node, start, end)

    def handle_endtag(self, tag: str, check_already_closed: bool = True) -> None:
        if check_already_closed and not self._self_closing:  # an end tag in the source
            start = self._here()
            close = self.rawdata.find(">", start)
            span = (start, close + 1 if close >= 0 else len(self.rawdata))
            node = self.soup.currentTag
            while node is not None and node.name != tag:
                node = node.parent
            if tag in self.already_closed_empty_element or node is None or node is self.soup:
                self.spans.strays.append(span)
            else:
                self.spans.closes[id(node)] = span
        super().handle_endtag(tag, check_already_closed)

    def _markup(self, handler: Any, data: str, closer: str) -> None:
        start = self._here()
        before = self.soup._most_recent_element
        handler(data)
        node = self.soup._most_recent_element
        found = self.rawdata.find(closer, start + 2)
        end = found + len(closer) if found >= 0 else len(self.rawdata)
        if node is not None and node is not before:
            self._note(node, start, end)

    def handle_comment(self, data: str) -> None:
        self._markup(super().handle_comment, data, "-->")

    def handle_decl(self, data: str) -> None:
        self._markup(super().handle_decl, data, ">")

    def unknown_decl(self, data: str) -> None:
        self._markup(super().unknown_decl, data, "]]>" if data.startswith("CDATA[") else ">")

    def handle_pi(self, data: str) -> None:
        self._markup(super().handle_pi, data, ">")


class _PositionBuilder(HTMLParserTreeBuilder):
    def __init__(self, spans: _Spans) -> None:
        super().__init__()
        self.spans = spans

    def feed(self, markup: Any, _parser_class: Any = None) -> None:
        parser = cast(Any, partial(_PositionParser, spans=self.spans))  # a class, with spans bound
        super().feed(markup, _parser_class=parser)


class SourceTree:
    """An HTML fragment or page as a bs4 tree that remembers its source.

    `masked`, when given, is what the parser reads instead of `source`: the
    same length, with protected spans blanked so that nothing in them looks
    like markup. `tree` is for the filters; `edited()` is the source with
    their changes applied, or None when the tree could not be mapped back
    onto the source (then nothing may be edited).
    """

    def __init__(self, source: str, masked: str | None = None) -> None:
        self.source = source
        text = source if masked is None else masked
        self._parsed = text
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._spans = _Spans(starts)
        self.tree = quiet_soup(text, builder=_PositionBuilder(self._spans))
        self.mapped = self._map_text(text)
        self._children = {id(n): list(n.contents) for n in self._spans.nodes if isinstance(n, Tag)}
        self._children[id(self.tree)] = list(self.tree.contents)
        self._attrs = {id(n): _copy_attrs(n.attrs) for n in self._spans.nodes if isinstance(n, Tag)}

    def _map_text(self, text: str) -> bool:
        """Give every text node the span of source between tokens; False if they do not line up."""
        spans = self._spans
        taken = sorted([*spans.opens.values(), *spans.closes.values(), *spans.strays])
        gaps = []
        cursor = 0
        for start, end in taken:
            if start > cursor:
                gaps.append((cursor, start))
            cursor = max(cursor, end)
        if cursor < len(text):
            gaps.append((cursor, len(text)))
        strings = [
            s
            for s in self.tree.descendants
            if isinstance(s, NavigableString) and not isinstance(s, _MARKUP_STRINGS)
        ]
        if len(strings) != len(gaps):
            return False
        for string, (start, end) in zip(strings, gaps, strict=False):
            if not _same_text(text[start:end], str(string)):
                return False
            spans.opens[id(string)] = (start, end)
            spans.nodes.append(string)
        return True

    # --- after the filters ---------------------------------------------------

    def edits(self) -> list[list[Edit]]:
        """The filters' changes as groups of (start, end, replacement): each group all or nothing."""
        groups: list[list[Edit]] = []
        replaced = self._added(self.tree, groups)
        self._removed_or_changed(self.tree, groups, replaced)
        return groups

    def edited(
        self, protected: Sequence[tuple[int, int]] = ()
    ) -> tuple[str, list[str], list[str]] | None:
        """The source with the filters' changes, the source text they cut, and what was kept
        as protected; None if the tree could not be mapped onto the source."""
        if not self.mapped:
            return None
        accepted: list[Edit] = []
        refused = []
        for group in self.edits():
            if any(
                _overlaps(start, end, protected) or self._holds_masked(text)
                for start, end, text in group
            ):
                refused.append(" ".join(self.source[a:b] or text for a, b, text in group))
            else:
                accepted.extend(group)
        pieces = []
        cut = []
        cursor = 0
        for start, end, replacement in sorted(accepted, key=lambda edit: edit[:2]):
            if start < cursor:
                continue  # inside something already cut
            pieces.append(self.source[cursor:start])
            pieces.append(replacement)
            cut.append(self.source[start:end])
            cursor = end
        pieces.append(self.source[cursor:])
        return "".join(pieces), [text for text in cut if text], refused

    def _holds_masked(self, text: str) -> bool:
        """Whether an edit would write text the parser read only as a placeholder (code, say)."""
        return MASK in text and MASK not in self.source

    def _full_span(self, node: Any) -> tuple[int, int]:
        start, end = self._spans.opens[id(node)]
        close = self._spans.closes.get(id(node))
        if close is not None:
            return start, close[1]
        for child in reversed(self._children.get(id(node), [])):
            if id(child) in self._spans.opens:
                return start, max(end, self._full_span(child)[1])
        return start, end

    def _removed_or_changed(self, node: Any, groups: list[list[Edit]], replaced: set[int]) -> None:
        for child in self._children.get(id(node), []):
            if id(child) not in self._spans.opens or id(child) in replaced:
                continue
            if _attached(child, self.tree):
                if isinstance(child, Tag) and child.attrs != self._attrs[id(child)]:
                    start, end = self._spans.opens[id(child)]
                    tag = _rewrite_attrs(
                        self.source[start:end], self._attrs[id(child)], child.attrs
                    )
                    groups.append([(start, end, tag)])
                self._removed_or_changed(child, groups, replaced)
            elif isinstance(child, Tag) and _keeps_descendant(child, self._children, self.tree):
                # unwrapped: its tags go, what it held stays
                close = self._spans.closes.get(id(child))
                tags = [self._spans.opens[id(child)], *([close] if close else [])]
                groups.append([(start, end, "") for start, end in tags])
                self._removed_or_changed(child, groups, replaced)
            else:
                groups.append([(*self._full_span(child), "")])

    def _added(self, node: Any, groups: list[list[Edit]]) -> set[int]:
        """Nodes the filters put into the tree, inserted after the parsed node before them.

        A new text in the place of a parsed one is a rewrite of that text: only
        the characters that differ are edited. Returns the ids of texts so rewritten.
        """
        replaced: set[int] = set()
        for index, child in enumerate(node.contents):
            if id(child) in self._spans.opens:
                if isinstance(child, Tag):
                    replaced |= self._added(child, groups)
                continue
            old = self._text_replaced(node, index)
            if old is not None and isinstance(child, NavigableString):
                replaced.add(id(old))
                groups.append(self._text_edits(old, str(child)))
                continue
            at = self._insertion_point(node, index)
            groups.append([(at, at, _serialize(child))])
        return replaced

    def _text_replaced(self, parent: Any, index: int) -> Any:
        """The parsed text that stood where `parent.contents[index]` stands, if it is gone.

        It is the first text gone from between the parsed node before this one and
        the next that is still there: nodes removed beside it (an ad, say) are passed.
        """
        before = next(
            (n for n in reversed(parent.contents[:index]) if id(n) in self._spans.opens), None
        )
        original = self._children.get(id(parent), [])
        position = original.index(before) + 1 if before is not None and before in original else 0
        for candidate in original[position:]:
            if _attached(candidate, self.tree):
                return None
            plain = isinstance(candidate, NavigableString) and not isinstance(
                candidate, _MARKUP_STRINGS
            )
            if plain and id(candidate) in self._spans.opens:
                return candidate
        return None

    def _text_edits(self, old: Any, new: str) -> list[Edit]:
        start, end = self._spans.opens[id(old)]
        parsed = str(old)
        # Where each character of the parsed text starts in the source (entities are longer there).
        starts = _char_starts(self._parsed[start:end], parsed)
        edits = []
        for a, b, text in _differences(parsed, new):
            if starts is None or not (_on_boundary(starts, a) and _on_boundary(starts, b)):
                return [(start, end, html.escape(new, quote=False))]  # rewritten whole
            edits.append((start + starts[a], start + starts[b], html.escape(text, quote=False)))
        return edits

    def _insertion_point(self, parent: Any, index: int) -> int:
        for sibling in reversed(parent.contents[:index]):
            if id(sibling) in self._spans.opens:
                return self._full_span(sibling)[1]
        if parent is self.tree:
            return 0
        return self._spans.opens[id(parent)][1]


def _differences(old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) in `old` that make it `new`, as few characters as found."""
    from difflib import SequenceMatcher

    head = len(os.path.commonprefix([old, new]))
    tail = len(os.path.commonprefix([old[head:][::-1], new[head:][::-1]]))
    a, b = old[head : len(old) - tail], new[head : len(new) - tail]
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [
        (head + i1, head + i2, b[j1:j2])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def _char_starts(source: str, parsed: str) -> list[int] | None:
    """For each character of `parsed` (the text of `source` with its character references
    decoded) the offset in `source` where it starts, then len(source); None when decoding
    the references one by one does not give `parsed`."""
    starts: list[int] = []
    pieces = []
    cursor = 0
    for match in _CHARACTER_REFERENCE.finditer(source):
        pieces.append(source[cursor : match.start()])
        starts.extend(range(cursor, match.start()))
        decoded = html.unescape(match.group(0))
        pieces.append(decoded)
        starts.extend([match.start()] * len(decoded))
        cursor = match.end()
    pieces.append(source[cursor:])
    starts.extend(range(cursor, len(source) + 1))
    return starts if "".join(pieces) == parsed else None


def _on_boundary(starts: list[int], index: int) -> bool:
    """Whether a cut before character `index` falls between source characters, not in an entity."""
    return index == 0 or starts[index] != starts[index - 1]


def _serialize(node: Any) -> str:
    if isinstance(node, Comment):
        return f"<!--{node}-->"
    if isinstance(node, NavigableString):
        return html.escape(str(node), quote=False)
    return str(node.decode())


def _same_text(source: str, parsed: str) -> bool:
    if source == parsed:
        return True
    if not source.strip(" \t\n\r\f") and parsed in (" ", "\n"):
        return True  # bs4 keeps white space between tags as one character
    return html.unescape(source) == parsed


def _copy_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, list) else v for k, v in attrs.items()}


def _attached(node: Any, root: Any) -> bool:
    while node is not None:
        if node is root:
            return True
        node = vars(node).get("parent")  # a decomposed node has no attributes left
    return False


def _keeps_descendant(node: Any, children: dict[int, list[Any]], root: Any) -> bool:
    stack = list(children.get(id(node), []))
    while stack:
        child = stack.pop()
        if _attached(child, root):
            return True
        stack.extend(children.get(id(child), []))
    return False


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < b and a < max(end, start + 1) for a, b in spans)


_ATTR = re.compile(
    r"""(?P<lead>\s+)(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
)


def _attr_text(value: Any) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


def _rewrite_attrs(tag: str, before: dict[str, Any], after: dict[str, Any]) -> str:
    """The start tag `tag` with only the attributes that changed between `before` and `after` rewritten."""
    name_end = re.match(r"<[^\s/>]+", tag)
    head = name_end.end() if name_end else 1
    out = [tag[:head]]
    cursor = head
    for match in _ATTR.finditer(tag, head):
        name = match["name"].lower()
        out.append(tag[cursor : match.start()])
        cursor = match.end()
        if name not in after:
            continue  # removed
        if name in before and _attr_text(before[name]) == _attr_text(after[name]):
            out.append(match.group(0))
            continue
        quote = match["value"][0] if match["value"] and match["value"][0] in "\"'" else '"'
        value = html.escape(_attr_text(after[name]), quote=False).replace(quote, f"&#{ord(quote)};")
        out.append(f"{match['lead']}{match['name']}={quote}{value}{quote}")
    rest = tag[cursor:]
    added = "".join(
        f' {name}="{html.escape(_attr_text(value))}"'
        for name, value in after.items()
        if name not in before
    )
    if added:
        end = re.search(r"\s*/?>\Z", rest)
        cut = end.start() if end else len(rest)
        rest = rest[:cut] + added + rest[cut:]
    out.append(rest)
    return "".join(out)
