"""HTML bodies and plain-text dumps to CommonMark (+ GFM tables).

`convert_tree(tree)` turns a BeautifulSoup tree into Markdown through a
markdownify subclass; `text_to_markdown(text)` turns a plain-text dump into
one escaped paragraph per line; `protect_pre_text(html)` may be applied to
raw HTML before parsing so that `<pre>` text like `FROM <base image>` is not
turned into elements.

Inline converters leave private control characters in their output (a
`<br>`, emphasis delimiters, spots that need a backslash only at a line
start, structural indentation, links and code spans as units), resolved
once the surrounding context is known: a `<br>` is a hard break, a paragraph
break or noise depending on its whole block, and whether `**` renders as
bold depends on the characters on both sides of it. Code blocks are stashed
and put back at the very end so that no whitespace rule ever touches them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction
from markdownify import MarkdownConverter

from normalize.document import Document, Kind, Stage
from normalize.filters._links import defuse_markdown_links, is_unsafe_image, is_unsafe_link
from normalize.filters._tree import BLOCK_TAGS
from normalize.filters.base import Filter

# Private markers; any of these found in the input text is removed first.
BR = "\x00"
STASH = "\x01"  # \x01<n>\x01 stands for stashed code block n
STRONG_OPEN, STRONG_CLOSE = "\x02", "\x03"
EM_OPEN, EM_CLOSE = "\x04", "\x05"
DEL_OPEN, DEL_CLOSE = "\x0e", "\x0f"
ESCAPE_HERE = "\x06"  # put a backslash here if this turns out to be a line start
PREFIX_END = "\x07"  # ends a list/quote prefix, so the content start is known
INDENT = "\x1a"  # a structural space, safe from whitespace clean-up
ATOM_OPEN, ATOM_CLOSE = "\x10", "\x11"  # around a link, image or code span
CODE_OPEN, CODE_CLOSE = "\x12", "\x13"  # around a code span's text, fenced at the end
WHOLE_LINE = "\x14"  # starts a table row or rule, which inline wrappers leave alone
HEADING_END = "\x15"  # ends the `## ` of a heading
ITEM_START, ITEM_END = "\x16", "\x17"  # around a list item, until its list joins them

_EDGE_MARKERS = (PREFIX_END, INDENT, WHOLE_LINE, HEADING_END, ITEM_START, ITEM_END)
OPENERS = {STRONG_OPEN: "**", EM_OPEN: "*", DEL_OPEN: "~~"}
CLOSERS = {STRONG_CLOSE: "**", EM_CLOSE: "*", DEL_CLOSE: "~~"}
DELIMITERS = {**OPENERS, **CLOSERS}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_EMPTY_PAIRS = re.compile(
    f"{STRONG_OPEN}{STRONG_CLOSE}|{EM_OPEN}{EM_CLOSE}|{DEL_OPEN}{DEL_CLOSE}|"
    f"{STRONG_CLOSE}{STRONG_OPEN}|{EM_CLOSE}{EM_OPEN}|{DEL_CLOSE}{DEL_OPEN}"
)

MAX_DEPTH = 150  # markdownify recurses once per element; stay far from the limit

DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "meta",
    "link",
    "iframe",
    "object",
    "embed",
    "canvas",
    "svg",
    "math",
    "map",
    "area",
    "source",
    "track",
    "param",
    "input",
    "select",
    "datalist",
    "frameset",
    "frame",
}
# Tags that a syntax highlighter puts inside <pre>; anything else there is
# most likely text the author forgot to escape (`FROM <base image>`).
PRE_MARKUP = {
    "a",
    "abbr",
    "b",
    "big",
    "cite",
    "code",
    "del",
    "em",
    "font",
    "i",
    "ins",
    "kbd",
    "label",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "tt",
    "u",
    "var",
    "br",
    "wbr",
    "img",
    "div",
    "p",
    "li",
    "ol",
    "ul",
    "pre",
}
PRE_LINES = {"div", "p", "li"}
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}

_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0002fa1f"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_INLINE_SPECIAL = re.compile(r"\\|`|\[|\]|<|&|\||~+|\*+|_+")
_LINE_INDENT = " \t\u3000\u00a0"
_RAW_TEXT = {"pre", "textarea", *DROP_TAGS}
_SPAN_SPACE = " \t\n\u3000\u00a0" + BR  # what an inline span pushes out of its edges
_HEADING = re.compile(r"h[1-6]")
_CODE_TAGS = ["code", "kbd", "samp", "tt"]
_OWN_BLOCKS = {"blockquote", "hr", "li", "ol", "ul", "pre", "table", "td", "th", "tr"}
_MARKS = {
    "b": "_strong",
    "strong": "_strong",
    "em": "_em",
    "i": "_em",
    "del": "_del",
    "s": "_del",
    "strike": "_del",
}
_BLOCK_IN_CELL = [
    "p",
    "div",
    "ul",
    "ol",
    "table",
    "pre",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "figure",
    "dl",
    "section",
    "article",
]

_LANG_PATTERNS = [
    re.compile(r"(?:^|\s)(?:language|lang|highlight|hljs)-([\w+#.-]+)"),
    re.compile(r"brush:\s*([\w+#.-]+)"),
]
_LANG_WORD = re.compile(r"[^\w+#.-]")
_PLACEHOLDER_SRC = re.compile(
    r"(?:^data:image/(?:gif|png|svg)[^,]{0,40},.{0,200}$|blank|placeholder|spacer|"
    r"loading|lazy|grey\.gif|gray\.gif|transparent|pixel\.gif|1x1)",
    re.IGNORECASE,
)
_LAZY_ATTRS = (
    "data-original",
    "data-src",
    "data-lazy-src",
    "data-actualsrc",
    "data-url",
    "data-echo",
    "data-lazyload",
    "data-original-src",
    "file",
)
_AUTOLINK = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00-\x1f]*$")


# --- character classes (as CommonMark / markdown-it see them) -------------


def is_cjk(ch: str | None) -> bool:
    return ch is not None and bool(_CJK_CHAR.match(ch))


def is_space(ch: str | None) -> bool:
    """Unicode whitespace in CommonMark's sense; line edges count as space."""
    if ch is None or ch in "\n\t\r\f\v" or ch in _EDGE_MARKERS:
        return True
    return unicodedata.category(ch) == "Zs"


def is_punct(ch: str | None) -> bool:
    if ch is None:
        return False
    return ch in _ASCII_PUNCT or unicodedata.category(ch)[0] in "PS"


# --- escaping ---------------------------------------------------------------


def _run_is_emphasis(char: str, prev: str | None, nxt: str | None) -> bool:
    """Could a run of `*` or `_` between prev and nxt open or close emphasis?"""
    left = not is_space(nxt) and (not is_punct(nxt) or is_space(prev) or is_punct(prev))
    right = not is_space(prev) and (not is_punct(prev) or is_space(nxt) or is_punct(nxt))
    if char == "*":
        return left or right
    can_open = left and (not right or is_punct(prev))
    can_close = right and (not left or is_punct(nxt))
    return can_open or can_close


def escape_inline(
    text: str, before: str | None = None, after: str | None = None, table: bool = False
) -> str:
    """Backslash-escape what CommonMark would read as inline markup.

    `before`/`after` are the characters around `text`: None when unknown (the
    escaping is then conservative at the edges), "\\n" at a line edge.
    """
    unknown = object()

    def around(start: int, end: int) -> tuple[Any, Any]:
        prev = text[start - 1] if start > 0 else (unknown if before is None else before)
        nxt = text[end] if end < len(text) else (unknown if after is None else after)
        return prev, nxt

    def replace(m: re.Match[str]) -> str:
        s = m.group()
        prev, nxt = around(m.start(), m.end())
        c = s[0]
        if c == "\\":
            if nxt is unknown or nxt.isspace() or nxt in _ASCII_PUNCT:
                return "\\\\"  # the space after it may be trimmed or moved
            return s
        if c in "`[]":
            return "\\" + s
        if c == "<":
            if nxt is unknown or (nxt.isascii() and nxt.isalpha()) or nxt in "/!?":
                return "\\<"
            return s
        if c == "&":
            return "\\&" if _ENTITY.match(text, m.start()) else s
        if c == "|":
            return "\\|" if table else s
        if c == "~":
            if len(s) >= 2 or prev is unknown or nxt is unknown:
                return "\\~" * len(s)
            return s
        # `*` and `_` runs
        if prev is unknown or nxt is unknown or _run_is_emphasis(c, prev, nxt):
            return ("\\" + c) * len(s)
        return s

    return _INLINE_SPECIAL.sub(replace, text)


# \s, not [ \t]: an NBSP or U+3000 after `#` may be stripped as an indent or end of line
_MARKER_AT_START = re.compile(r"#{1,6}(?:\s|$)|[>|]|[-+*](?:\s|$)|[-=]+\s*$|(?:[-_*]\s*){3,}$")
_ORDERED_AT_START = re.compile(r"([0-9]{1,9})[.)](?:\s|$)")


def block_marker_offset(text: str) -> int | None:
    """Where a backslash would stop `text`, at a line start, being read as a block marker."""
    if _MARKER_AT_START.match(text):
        return 0
    m = _ORDERED_AT_START.match(text)
    return m.end(1) if m else None


def escape_text_line(line: str) -> str:
    """A line of plain text as a Markdown paragraph line that renders as itself."""
    out = escape_inline(line, before="\n", after="\n")
    offset = block_marker_offset(out)
    return out if offset is None else out[:offset] + "\\" + out[offset:]


# --- plain text -------------------------------------------------------------

_SENTENCE_END = tuple("。.!?;:：，,！？；…、")
_CODE_LIKE = re.compile(
    r"[{};]\s*$|->|=>|::|\(\)|</?\w+>|^\s*(?:#include|def |class |import |from \S+ import|"
    r"function\b|return\b|public |private |var |let |const )|\w+\s*[=!<>]=|[^=]=[^=]"
)


def looks_like_title(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 150 and not line.endswith(_SENTENCE_END) and not _CODE_LIKE.search(line)


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)"
    r"(?:\s*(?:星期|周)[一二三四五六日天])?",
    re.IGNORECASE,
)


def split_title(text: str) -> tuple[str | None, str]:
    """The first line as a title when it looks like one, and the rest of the text.

    A title is followed by a blank line and more text; a blog's dateline
    above it (`Tuesday, March 31, 2015`) is skipped and stays in the text.
    """
    lines = text.splitlines()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 2:
        return None, text
    first = filled[0]
    if _DATELINE.fullmatch(lines[first].strip()):
        if len(filled) < 3 or not looks_like_title(lines[filled[1]]):
            return None, text
        title = filled[1]
        return lines[title].strip(), "\n".join(lines[:title] + lines[title + 1 :])
    if lines[first + 1].strip() or not looks_like_title(lines[first]):
        return None, text
    return lines[first].strip(), "\n".join(lines[first + 1 :])


def text_to_markdown(text: str) -> str:
    """Plain text, one paragraph per non-blank line, escaped where needed."""
    paragraphs = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            paragraphs.append(escape_text_line(line))
    return "\n\n".join(paragraphs)


# --- tree preparation -----------------------------------------------------


def _is_text(node: Any) -> bool:
    return isinstance(node, NavigableString) and not isinstance(
        node, (Comment, CData, ProcessingInstruction, Declaration, Doctype)
    )


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
                leaf = _new_tag(tree, node.name)
                leaf.attrs = dict(node.attrs)
                leaves.append(leaf)
            continue
        if not _is_text(node) or (node.parent is not None and node.parent.name in DROP_TAGS):
            continue
        if pending_break and leaves:
            leaves += [_new_tag(tree, "br"), _new_tag(tree, "br")]
        pending_break = False
        leaves.append(NavigableString(str(node)))
    return leaves


def _repair_lists(tree: Tag) -> None:
    """`<ul>` directly inside `<ul>` belongs to the item before it."""
    for lst in tree.find_all(["ul", "ol"]):
        parent = lst.parent
        if parent is None or parent.name not in ("ul", "ol"):
            continue
        prev = lst.find_previous_sibling("li")
        if prev is not None:
            prev.append(lst.extract())
        else:
            lst.wrap(_new_tag(tree, "li"))


def _new_tag(tree: Tag, name: str) -> Tag:
    root = tree
    while root.parent is not None:
        root = root.parent
    soup = root if isinstance(root, BeautifulSoup) else BeautifulSoup("", "html.parser")
    return soup.new_tag(name)


def _marks_into_links(tree: Tag) -> None:
    """`<b><a>x</a></b>` as `[**x**](…)`: emphasis around a link cannot always flank it."""
    for link in tree.find_all("a"):
        mark = link.parent
        if mark is None or mark.name not in _MARKS or not link.contents:
            continue
        if any(c is not link and (isinstance(c, Tag) or str(c).strip()) for c in mark.children):
            continue
        inner = _new_tag(tree, mark.name)
        mark.unwrap()
        for child in list(link.contents):
            inner.append(child.extract())
        link.append(inner)


def _merge_code_runs(tree: Tag) -> None:
    """`<kbd>Ctrl</kbd><kbd>C</kbd>` as one code span: two side by side would run together."""
    for code in tree.find_all(_CODE_TAGS):
        nxt = code.next_sibling
        while isinstance(nxt, Tag) and nxt.name in _CODE_TAGS and code.parent is not None:
            for child in list(nxt.contents):
                code.append(child.extract())
            nxt.decompose()
            nxt = code.next_sibling


def _move_captions(tree: Tag) -> None:
    """A figure reads as its image, then its caption."""
    for fig in tree.find_all("figure"):
        for cap in fig.find_all("figcaption", recursive=False):
            fig.append(cap.extract())


def _inside(node: Any, names: set[str]) -> bool:
    for parent in node.parents:
        if parent.name in names:
            return True
    return False


def _collapse_whitespace(tree: Tag) -> dict[int, str]:
    """HTML whitespace collapsing across text nodes, as a browser lays it out.

    A run that holds a line break between two CJK characters disappears
    instead of becoming a space. Returns the new text per text node id.
    """
    nodes = [n for n in tree.descendants if _is_text(n) and not _inside(n, _RAW_TEXT)]
    first_char: list[str | None] = [None] * (len(nodes) + 1)
    for i in range(len(nodes) - 1, -1, -1):
        stripped = _CONTROL.sub("", str(nodes[i])).lstrip(" \t\n\r\f")
        first_char[i] = stripped[0] if stripped else first_char[i + 1]
    result: dict[int, str] = {}
    last = ""  # last character written so far
    for i, node in enumerate(nodes):
        new = _collapse_text(_CONTROL.sub("", str(node)), last, first_char[i + 1])
        result[id(node)] = new
        if new:
            last = new[-1]
    return result


def _collapse_text(text: str, last: str, nxt: str | None) -> str:
    """Collapse the whitespace runs of one text node, given what comes before and after."""

    def collapse(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() > 0 else last
        after = text[m.end()] if m.end() < len(text) else nxt
        if ("\n" in m.group() or "\r" in m.group()) and is_cjk(before) and is_cjk(after):
            return ""
        if m.start() == 0 and last == " ":
            return ""
        return " "

    return _HTML_SPACE.sub(collapse, text)


# --- the converter ----------------------------------------------------------


def _chomp(text: str) -> tuple[str, str, str]:
    """Split an inline span into outer leading space, content, outer trailing space."""
    core = text.strip(_SPAN_SPACE)
    if not core:
        return ("", "", "")
    head = text[: len(text) - len(text.lstrip(_SPAN_SPACE))]
    tail = text[len(text.rstrip(_SPAN_SPACE)) :]
    return head, core, tail


def _code_language(el: Tag) -> str:
    """The language of a <pre>, from its own, its <code>'s or a wrapper's attributes."""
    wrappers = [p for _, p in zip(range(2), el.parents, strict=False) if p.name == "div"]
    for node in [el, *el.find_all("code", limit=1), *wrappers]:
        lang = node.get("data-lang") or node.get("data-language")
        if lang:
            return _LANG_WORD.sub("", str(lang))
        classes: Any = node.get("class") or []
        cls = " ".join(classes) if isinstance(classes, list) else str(classes)
        for pattern in _LANG_PATTERNS:
            m = pattern.search(cls)
            if m:
                return _LANG_WORD.sub("", m.group(1))
    return ""


def _fence_for(code: str) -> str:
    longest = max((len(r) for r in re.findall("`+", code)), default=0)
    return "`" * max(3, longest + 1)


def _link_destination(url: str) -> str:
    url = re.sub(r"[\n\r]", "", url.strip()).replace("<", "%3C").replace(">", "%3E")
    url = re.sub(r"\\(?=[!-/:-@\[-`{-~])", r"\\\\", url)  # keep backslashes literal
    url = _ENTITY.sub(lambda m: "\\" + m.group(), url)  # `&copy;` must stay text
    if not url or re.search(r"[\s()]", url):
        return "<" + url + ">"
    return url


def _link_title(title: str) -> str:
    title = " ".join(title.split())
    return ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"' if title else ""


def _image_source(el: Tag) -> str:
    src = str(el.get("src") or "").strip()
    if src and not _PLACEHOLDER_SRC.search(src):
        return src
    for attr in _LAZY_ATTRS:
        lazy = str(el.get(attr) or "").strip()
        if lazy:
            return lazy
    srcset = str(el.get("srcset") or el.get("data-srcset") or "").strip()
    if srcset:
        return srcset.split(",")[0].split()[0]
    return src


def _ends_in_hard_break(line: str) -> bool:
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def _wrap_lines(text: str, wrap: Callable[[str], str], breaks: bool = True) -> str:
    """Apply an inline wrapper (emphasis, link, code span) to `text`.

    Text holding finished blocks (`<b><p>…</p><ul>…</ul></b>`) is wrapped
    line by line, inside the block markup and before a hard-break backslash;
    code blocks, table rows and rules are left as they are.
    """
    if "\n" not in text:
        return wrap(text)
    lines = []
    for line in text.split("\n"):
        cut = line.rfind(PREFIX_END) + 1
        prefix, rest = line[:cut], line[cut:]
        heading = rest.find(HEADING_END) + 1
        prefix, rest = prefix + rest[:heading], rest[heading:]
        if not rest.strip() or rest.startswith((STASH, WHOLE_LINE)):
            lines.append(line)
            continue
        tail = "\\" if breaks and _ends_in_hard_break(rest) else ""
        lines.append(prefix + wrap(rest[: len(rest) - len(tail)]) + tail)
    return "\n".join(lines)


def _code_span(code: str) -> str:
    longest = max((len(r) for r in re.findall("`+", code)), default=0)
    ticks = "`" * (longest + 1)
    padded = code.startswith(" ") and code.endswith(" ")
    if code.startswith("`") or code.endswith("`") or padded:
        code = " " + code + " "
    return ticks + code + ticks


_CODE_TEXT = re.compile(CODE_OPEN + "([^" + CODE_CLOSE + "]*)" + CODE_CLOSE)


def _write_code_spans(text: str) -> str:
    return _CODE_TEXT.sub(lambda m: _code_span(m[1]), text)


def _atom(markdown: str) -> str:
    """Mark a link, image or code span as a unit that emphasis fixing must not split."""
    return ATOM_OPEN + markdown + ATOM_CLOSE


_BR_RUN = re.compile(BR + r"(?:[" + _LINE_INDENT + "]*" + BR + r")+")
_CLOSE_AFTER_BR = re.compile(BR + "([" + "".join(CLOSERS) + "]+)")
_OPEN_BEFORE_BR = re.compile("([" + "".join(OPENERS) + "]+)" + BR)
_EDGE_BR = re.compile(r"(?:^|(?<=\n))[ \t]*" + BR + "|" + BR + r"[ \t]*(?=\n|$)")


def finish_block(text: str) -> str:
    """Settle `<br>`s and whitespace in a block's text once the block is complete.

    Two or more `<br>` in a row make a paragraph break; one `<br>` inside
    text is a hard break; a `<br>` at the edge of a block or paragraph is noise.
    """
    if BR in text:
        text = _CLOSE_AFTER_BR.sub(lambda m: m.group(1) + BR, text)
        text = _OPEN_BEFORE_BR.sub(lambda m: BR + m.group(1), text)
        text = _BR_RUN.sub("\n\n", text)
        text = re.sub(r"[ \t]*\n\n[ \t]*", "\n\n", text)
        while True:
            new = _EDGE_BR.sub("", text)
            if new == text:
                break
            text = new
        text = re.sub(r"[ \t]*" + BR + r"[ \t]*", "\\\\\n", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n[" + _LINE_INDENT + r"]+", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip(" \t\n" + _LINE_INDENT)


def _flat(text: str) -> str:
    """One line, for headings and table cells."""
    text = text.replace("\\\n", " ").replace(BR, " ")
    return re.sub(r"[ \t\n]+", " ", text).strip(" " + _LINE_INDENT)


class HtmlToMarkdown(MarkdownConverter):
    """markdownify, with the rules this project's output conventions need."""

    def __init__(self, bullet: str = "-") -> None:
        super().__init__(heading_style="atx", bullets=bullet)
        self.bullet = bullet
        self.stash: list[str] = []
        self.texts: dict[int, str] = {}
        self.layout: dict[int, bool] = {}
        self.item_numbers: dict[int, int] = {}
        self.converters: dict[str, Callable[..., str] | None] = {}

    # -- driving ------------------------------------------------------------

    def convert_root(self, root: Tag) -> str:
        self.texts = _collapse_whitespace(root)
        return self.finish(self.process_tag(root, set()))

    def process_tag(self, node: Tag, parent_tags: set[str] | None = None) -> str:
        parent_tags = parent_tags if parent_tags is not None else set()
        name = (node.name or "").lower()
        if "pre" in parent_tags:
            return self.process_in_pre(node, name, parent_tags)
        if name in DROP_TAGS:
            return ""
        if name == "table" and not self.is_layout(node):
            return self.convert_data_table(node, parent_tags)
        tags = parent_tags | {name}
        if _HEADING.fullmatch(name):
            tags.add("_inline")
        if name == "pre" or name in _CODE_TAGS:
            tags.add("_noformat")
        if name in _MARKS:
            tags.add(_MARKS[name])
        text = self.children_text(node, tags)
        convert = self.converter(name)
        return convert(node, text, parent_tags) if convert else text

    def children_text(self, node: Tag, tags: set[str]) -> str:
        parts = []
        for child in node.children:
            if isinstance(child, Tag):
                parts.append(self.process_tag(child, tags))
            elif _is_text(child):
                parts.append(self.process_text(child, tags))
            elif isinstance(child, Comment) and "pre" in tags:
                parts.append("<!--" + str(child) + "-->")
        return "".join(parts)

    def process_in_pre(self, node: Tag, name: str, tags: set[str]) -> str:
        """Inside <pre> every character counts; markup is either highlighting or lost text."""
        if name == "br":
            # `line<br>\n` is one line break, not two
            nxt = node.next_sibling
            return "" if isinstance(nxt, NavigableString) and str(nxt).startswith("\n") else "\n"
        text = self.children_text(node, tags)
        if name not in PRE_MARKUP:
            return self.literal_tag(node, text)
        if name in PRE_LINES and text and not text.endswith("\n") and node.next_sibling is not None:
            text += "\n"
        return text

    def literal_tag(self, el: Tag, inner: str) -> str:
        """An element the parser made out of text like `FROM <base image>`, written back."""
        attrs = ""
        for key, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            attrs += f" {key}" if value in ("", None) else f' {key}="{value}"'
        text = f"<{el.name}{attrs}>{inner}"
        unclosed = el.next_sibling is None and "\n" in inner
        if el.name not in VOID_TAGS and not unclosed:
            text += f"</{el.name}>"
        return text

    def converter(self, name: str) -> Callable[..., str] | None:
        """The convert_* method for a tag: block tags without one convert like <div>."""
        if name not in self.converters:
            fn = getattr(self, "convert_" + re.sub(r"[\[\]:-]", "_", name), None)
            if _HEADING.fullmatch(name):
                level = int(name[1])
                fn = lambda el, text, tags: self.convert_hN(level, el, text, tags)  # noqa: E731
            elif name in BLOCK_TAGS and name not in _OWN_BLOCKS:
                fn = self.convert_block  # markdownify's own (dd as `:   `) are not CommonMark
            self.converters[name] = fn
        return self.converters[name]

    def process_text(self, el: Any, parent_tags: set[str] | None = None) -> str:
        parent_tags = parent_tags or set()
        if "pre" in parent_tags:
            return str(el)
        text = self.texts.get(id(el))
        if text is None:  # not seen by the whitespace pass (e.g. inside <textarea>)
            text = _HTML_SPACE.sub(" ", _CONTROL.sub("", str(el)))
        if not text or "_noformat" in parent_tags:
            return text
        text = escape_inline(text, table="_table" in parent_tags)
        indent = len(text) - len(text.lstrip(_LINE_INDENT))
        offset = block_marker_offset(text[indent:])
        if offset is not None:
            text = text[: indent + offset] + ESCAPE_HERE + text[indent + offset :]
        return text

    # -- blocks -------------------------------------------------------------

    def convert_block(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return " " + _flat(text) + " "
        text = finish_block(text)
        return "\n\n" + text + "\n\n" if text else ""

    def convert_hN(self, n: int, el: Tag, text: str, parent_tags: set[str]) -> str:
        text = _flat(text)
        if "_inline" in parent_tags:
            return " " + text + " " if text else ""
        if not text:
            return ""
        # a trailing run of '#' would be read as the heading's closing sequence
        text = re.sub(r"(^|\s|\x06)(#+)$", lambda m: m.group(1) + "\\" + m.group(2), text)
        return "\n\n" + "#" * max(1, min(6, n)) + " " + HEADING_END + text + "\n\n"

    def convert_hr(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return " " if "_inline" in parent_tags else "\n\n" + WHOLE_LINE + "***\n\n"

    def convert_blockquote(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return " " + _flat(text) + " "
        text = finish_block(text)
        if not text:
            return ""
        lines = [">" + INDENT + PREFIX_END + line if line else ">" for line in text.split("\n")]
        return "\n\n" + "\n".join(lines) + "\n\n"

    def convert_list(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        text = self.convert_block(el, text, parent_tags)
        return (
            text.replace(ITEM_END + "\n\n" + ITEM_START, "\n")
            .replace(ITEM_END, "")
            .replace(ITEM_START, "")
        )

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return " " + _flat(text) + " "
        text = finish_block(text)
        if not text:
            return ""
        # keep `text` + nested list tight, as the HTML had it
        text = re.sub(r"\n\n(?=(?:[-+*]|1[.)])" + INDENT + PREFIX_END + ")", "\n", text)
        parent = el.parent
        if parent is not None and parent.name == "ol":
            marker = f"{self.item_number(el, parent)}."
        else:
            marker = self.bullet
        lines = text.split("\n")
        out = [marker + INDENT + PREFIX_END + lines[0]]
        pad = INDENT * (len(marker) + 1) + PREFIX_END
        out += [pad + line if line else "" for line in lines[1:]]
        if parent is None or parent.name not in ("ul", "ol"):
            return "\n\n" + "\n".join(out) + "\n\n"
        # items of one list follow each other without a blank line
        return "\n\n" + ITEM_START + "\n".join(out) + ITEM_END + "\n\n"

    def item_number(self, li: Tag, ol: Tag) -> int:
        # numbered once per list: find_previous_siblings per item is quadratic
        if id(li) not in self.item_numbers:
            start = str(ol.get("start") or "1").strip()
            n = int(start) if start.isdigit() else 1
            for item in ol.find_all("li", recursive=False):
                self.item_numbers[id(item)] = n
                n += 1
        return self.item_numbers.get(id(li), 1)

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if text.startswith("\n"):  # what the parser does for <pre>\n, done for <pre><code>\n
            text = text[1:]
        if text.endswith("\n"):
            text = text[:-1]
        if not text.strip():
            return ""
        if "_inline" in parent_tags:
            flat = " ".join(text.split())
            if "_noformat" in parent_tags:  # already inside a code span
                return flat
            return self.code_span(flat, "_table" in parent_tags)
        fence = _fence_for(text)
        self.stash.append(f"{fence}{_code_language(el)}\n{text}\n{fence}")
        return f"\n\n{STASH}{len(self.stash) - 1}{STASH}\n\n"

    def convert_br(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags or "_noformat" in parent_tags:
            return " "
        return BR

    # -- tables -------------------------------------------------------------

    def is_layout(self, table: Tag) -> bool:
        """A table that only arranges content: one cell, or cells holding blocks."""
        key = id(table)
        if key not in self.layout:
            cells = [c for c in table.find_all(["td", "th"]) if c.find_parent("table") is table]
            self.layout[key] = len(cells) <= 1 or any(c.find(_BLOCK_IN_CELL) for c in cells)
        return self.layout[key]

    def convert_data_table(self, table: Tag, parent_tags: set[str]) -> str:
        """A GFM table; content the browser would lay out outside the grid goes before it."""
        cell_tags = (parent_tags - {"_noformat"}) | {"table", "_inline", "_table"}
        rows: list[list[str]] = []
        captions: list[str] = []
        stray: list[str] = []
        groups: list[Tag] = [table]
        while groups:
            for child in groups.pop(0).children:
                if not isinstance(child, Tag):
                    stray.append(self.stray_content(child, parent_tags))
                    continue
                name = child.name
                if name in ("thead", "tbody", "tfoot"):
                    groups.append(child)
                elif name == "tr":
                    rows.append(self.table_row(child, cell_tags, stray, parent_tags))
                elif name == "caption":
                    captions.append(_flat(self.process_tag(child, cell_tags)))
                elif name not in ("colgroup", "col"):
                    stray.append(self.stray_content(child, parent_tags))
        rows = [row for row in rows if row]
        before = finish_block("\n\n".join([*captions, "".join(stray)]))
        if not rows:
            return "\n\n" + before + "\n\n"
        width = max(len(r) for r in rows)
        lines = []
        for i, row in enumerate(rows):
            lines.append(WHOLE_LINE + "| " + " | ".join(row + [""] * (width - len(row))) + " |")
            if i == 0:
                lines.append(WHOLE_LINE + "|" + " --- |" * width)
        return "\n\n" + before + "\n\n" + "\n".join(lines) + "\n\n"

    def table_row(
        self, tr: Tag, cell_tags: set[str], stray: list[str], tags: set[str]
    ) -> list[str]:
        row = []
        for cell in tr.children:
            if not isinstance(cell, Tag) or cell.name not in ("td", "th"):
                stray.append(self.stray_content(cell, tags))
                continue
            row.append(_flat(self.process_tag(cell, cell_tags)))
            span = str(cell.get("colspan") or "1")
            if span.isdigit() and int(span) > 1:
                row.extend([""] * (min(int(span), 100) - 1))
        return row

    def stray_content(self, node: Any, tags: set[str]) -> str:
        if isinstance(node, Tag):
            return self.process_tag(node, tags)
        return self.process_text(node, tags) if _is_text(node) else ""

    def convert_table(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self.convert_block(el, text, parent_tags)  # layout tables only

    convert_td = convert_table
    convert_th = convert_table
    convert_tr = convert_table

    # -- inline -------------------------------------------------------------

    def emphasis(
        self, text: str, parent_tags: set[str], mark: str, opener: str, closer: str
    ) -> str:
        if "_noformat" in parent_tags or mark in parent_tags:
            return text

        def wrap(part: str) -> str:
            head, core, tail = _chomp(part)
            if not core.strip(BR):
                return part
            return head + opener + core + closer + tail

        return _wrap_lines(text, wrap)

    def convert_b(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self.emphasis(text, parent_tags, "_strong", STRONG_OPEN, STRONG_CLOSE)

    def convert_em(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self.emphasis(text, parent_tags, "_em", EM_OPEN, EM_CLOSE)

    def convert_del(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self.emphasis(text, parent_tags, "_del", DEL_OPEN, DEL_CLOSE)

    convert_strong = convert_b
    convert_i = convert_em
    convert_s = convert_del
    convert_strike = convert_del

    def convert_sub(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return text

    convert_sup = convert_sub

    def convert_q(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return text if "_noformat" in parent_tags else "“" + text + "”"

    def code_span(self, code: str, table: bool = False) -> str:
        """A code span, delimited at the end: `a``b` side by side must become one."""
        if table:
            code = code.replace("|", "\\|")
        return _atom(CODE_OPEN + code + CODE_CLOSE)

    def convert_code(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:
            return text
        table = "_table" in parent_tags

        def wrap(part: str) -> str:
            head, core, tail = _chomp(part)
            if not core:
                return " " if part else ""
            return head + self.code_span(core, table) + tail

        return _wrap_lines(text.replace(BR, " "), wrap, breaks=False)  # `\` is code here

    convert_kbd = convert_code
    convert_samp = convert_code
    convert_tt = convert_code

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:
            return text
        if not text.strip(_SPAN_SPACE):
            return " " if text else ""  # an empty anchor
        href = str(el.get("href") or "").strip()
        if not href or is_unsafe_link(href):
            return text
        if "_table" in parent_tags:
            href = href.replace("|", "%7C")
        title = _link_title(str(el.get("title") or ""))
        dest = _link_destination(href)

        def wrap(part: str) -> str:
            head, core, tail = _chomp(part)
            if not core.strip(BR):
                return part
            if not title and core == href and _AUTOLINK.match(href):
                return head + _atom(f"<{href}>") + tail
            return head + _atom(f"[{core}]({dest}{title})") + tail

        return _wrap_lines(text, wrap)

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        src = _image_source(el)
        if not src or "_noformat" in parent_tags or is_unsafe_image(src):
            return ""
        table = "_table" in parent_tags
        alt = escape_inline(" ".join(str(el.get("alt") or "").split()), "\n", "\n", table)
        if table:
            src = src.replace("|", "%7C")
        title = _link_title(str(el.get("title") or ""))
        return _atom(f"![{alt}]({_link_destination(src)}{title})")

    def convert_video(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        src = str(el.get("src") or "").strip()
        source = el.find("source", src=True)
        if not src and source is not None:
            src = str(source.get("src") or "").strip()
        poster = str(el.get("poster") or "").strip()
        if "_noformat" in parent_tags:
            return text
        label = _flat(text) or escape_inline(src, "\n", "\n")
        src = "" if is_unsafe_link(src) else src
        poster = "" if is_unsafe_image(poster) else poster
        if src and poster:
            image = f"![{label}]({_link_destination(poster)})"
            return _atom(f"[{image}]({_link_destination(src)})")
        if src:
            return _atom(f"[{label}]({_link_destination(src)})")
        if poster:
            return _atom(f"![{label}]({_link_destination(poster)})")
        return text

    convert_audio = convert_video

    # -- the final pass -------------------------------------------------------

    def finish(self, text: str) -> str:
        text = _resolve_line_starts(finish_block(text))
        text = text.replace(CODE_CLOSE + ATOM_CLOSE + ATOM_OPEN + CODE_OPEN, "")  # `a``b`
        text = _write_code_spans(fix_emphasis(text))
        text = text.replace(INDENT, " ")
        for marker in (PREFIX_END, WHOLE_LINE, HEADING_END):
            text = text.replace(marker, "")
        text = re.sub(r"[ \t]+$", "", text, flags=re.MULTILINE)
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
        return self.unstash(text)

    def unstash(self, text: str) -> str:
        """Put code blocks back, indented like the list item or quote they sit in."""

        def put_back(m: re.Match[str]) -> str:
            prefix = m.group(1)
            cont = re.sub(r"[^>]", " ", prefix)
            lines = self.stash[int(m.group(2))].split("\n")
            rest = [cont + line if line else cont.rstrip() for line in lines[1:]]
            return "\n".join([prefix + lines[0], *rest])

        pattern = r"^([ >\-+*0-9.)]*)" + STASH + r"(\d+)" + STASH
        return re.sub(pattern, put_back, text, flags=re.MULTILINE)


def _resolve_line_starts(text: str) -> str:
    """Escape markers become backslashes where a line's content starts; the rest go."""
    if ESCAPE_HERE not in text:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if ESCAPE_HERE not in line:
            continue
        start = line.rfind(PREFIX_END) + 1
        content = line[start:]
        m = re.match(r"[0-9]{0,9}" + ESCAPE_HERE, content)
        if m:
            content = content[: m.end() - 1] + "\\" + content[m.end() :]
        lines[i] = line[:start].replace(ESCAPE_HERE, "") + content.replace(ESCAPE_HERE, "")
    return "\n".join(lines)


# --- emphasis ----------------------------------------------------------------


def _units(text: str) -> list[str]:
    """Characters, with a backslash escape kept together with what it escapes."""
    units: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _ASCII_PUNCT:
            units.append(text[i : i + 2])
            i += 2
        else:
            units.append(text[i])
            i += 1
    return units


def _literal(unit: str) -> str:
    """A lone backslash stays literal wherever it moves (next to `*` it would escape it)."""
    return "\\\\" if unit == "\\" else unit


def _unit_space(unit: str | None) -> bool:
    return unit is None or (len(unit) == 1 and is_space(unit))


def _unit_punct(unit: str | None) -> bool:
    # links, images and code spans begin and end with punctuation
    return unit is not None and (unit in (ATOM_OPEN, ATOM_CLOSE) or is_punct(unit[-1]))


def _left_flanking(prev: str | None, nxt: str | None) -> bool:
    return not _unit_space(nxt) and (not _unit_punct(nxt) or _unit_space(prev) or _unit_punct(prev))


def _right_flanking(prev: str | None, nxt: str | None) -> bool:
    return not _unit_space(prev) and (not _unit_punct(prev) or _unit_space(nxt) or _unit_punct(nxt))


def _visible(units: list[str], i: int, step: int) -> str | None:
    while 0 <= i < len(units):
        if units[i] not in DELIMITERS:
            return units[i]
        i += step
    return None


def _piece_end(units: list[str], i: int) -> int:
    """Index of the last unit of the piece starting at i (a whole atom, or one unit)."""
    if units[i] != ATOM_OPEN:
        return i
    depth = 0
    for j in range(i, len(units)):
        depth += {ATOM_OPEN: 1, ATOM_CLOSE: -1}.get(units[j], 0)
        if depth == 0:
            return j
    return i


def _piece_start(units: list[str], i: int) -> int:
    if units[i] != ATOM_CLOSE:
        return i
    depth = 0
    for j in range(i, -1, -1):
        depth += {ATOM_CLOSE: 1, ATOM_OPEN: -1}.get(units[j], 0)
        if depth == 0:
            return j
    return i


def _drop_empty_pairs(text: str) -> str:
    # empty spans, and `**a****b**` (two spans side by side) merged into one
    while True:
        new = _EMPTY_PAIRS.sub("", text)
        if new == text:
            return text
        text = new


_MAX_MOVES = 64  # a span that needs more is left as it is, not moved in quadratic time


def fix_emphasis(text: str) -> str:
    """Write emphasis markers so that CommonMark reads them as emphasis.

    `**注意：**正文` is not bold: a closing `**` after punctuation must be
    followed by space or punctuation. Punctuation (or a link, or a code span)
    at the edge of a span is moved outside it until the delimiters flank.
    """
    units = _units(_drop_empty_pairs(text))
    i = 0
    while i < len(units):  # closers, inner ones first
        if units[i] in CLOSERS:
            j = i
            for _ in range(_MAX_MOVES):
                if j == 0 or units[j - 1] in DELIMITERS:
                    break
                if _right_flanking(units[j - 1], _visible(units, j + 1, 1)):
                    break
                start = _piece_start(units, j - 1)
                units[start : j + 1] = [units[j], *map(_literal, units[start:j])]
                j = start
        i += 1
    i = len(units) - 1
    while i >= 0:  # openers, inner ones first
        if units[i] in OPENERS:
            j = i
            for _ in range(_MAX_MOVES):
                if j + 1 == len(units) or units[j + 1] in DELIMITERS:
                    break
                if _left_flanking(_visible(units, j - 1, -1), units[j + 1]):
                    break
                end = _piece_end(units, j + 1)
                units[j : end + 1] = [*map(_literal, units[j + 1 : end + 1]), units[j]]
                j = end
        i -= 1
    text = _drop_empty_pairs("".join(units))
    for marker, symbol in DELIMITERS.items():
        text = text.replace(marker, symbol)
    return text.replace(ATOM_OPEN, "").replace(ATOM_CLOSE, "")


_PRE_BLOCK = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre\s*>)", re.IGNORECASE | re.DOTALL)
_PRE_STRAY_LT = re.compile(
    r"<(?!/?(?:" + "|".join(sorted(PRE_MARKUP - {"pre"})) + r")\b[^<>]*>)", re.IGNORECASE
)


def protect_pre_text(html: str) -> str:
    """Escape `<` inside <pre> unless it opens highlighting markup; call before parsing.

    Authors paste `FROM <base image>` or XML into <pre> unescaped; an HTML
    parser turns that text into elements (lower-casing `<groupId>`), which
    the converter can only partly write back.
    """
    return _PRE_BLOCK.sub(
        lambda m: m.group(1) + _PRE_STRAY_LT.sub("&lt;", m.group(2)) + m.group(3), html
    )


def _flat_text(tree: Tag) -> str:
    return text_to_markdown(tree.get_text("\n"))


def _drop_spaces_before_pre_breaks(tree: Tag) -> None:
    """`code  <br>` in a <pre> is a Markdown hard break some converter wrote out;
    its two spaces belong to that break, not to the code."""
    for br in tree.select("pre br"):
        before = br.previous_sibling
        if isinstance(before, NavigableString) and before.rstrip(" \t") != before:
            before.replace_with(before.rstrip(" \t"))


def convert_tree(tree: Tag, *, bullet: str = "-", warn: Callable[[str], None] | None = None) -> str:
    """Markdown for an HTML tree (a BeautifulSoup or a Tag), without outer blank lines.

    The tree is modified (deep nesting flattened, stray lists and captions moved).
    `warn` receives a message when the conversion had to lose structure.
    """
    if flatten_deep(tree, MAX_DEPTH) and warn:
        warn(f"HTML nested deeper than {MAX_DEPTH} levels was flattened")
    _repair_lists(tree)
    _marks_into_links(tree)
    _merge_code_runs(tree)
    _move_captions(tree)
    _drop_spaces_before_pre_breaks(tree)
    try:
        return HtmlToMarkdown(bullet).convert_root(tree)
    except RecursionError:
        if warn:
            warn("HTML too deeply nested; converted as plain text")
        return _flat_text(tree)


class MarkdownFilter(Filter):
    name = "markdown"
    stage = Stage.MARKDOWN
    priority = 0
    description = "Convert an HTML or plain-text body to CommonMark."
    defaults = {"bullet": "-", "title_from_text": True}

    def run(self, doc: Document) -> None:
        if doc.tree is not None:
            body = convert_tree(
                doc.tree,
                bullet=self.options["bullet"],
                warn=lambda message: self.log(doc, "depth", message, warning=True),
            )
            doc.body = body + "\n" if body else ""
            doc.tree = None
            doc.kind = Kind.MARKDOWN
            self.log(doc, "html", "converted HTML to Markdown")
        elif doc.kind == Kind.TEXT:
            text = doc.body or ""
            # Only a page dump has a title line; its chrome is what shows it is one.
            # (Markdown that happens to hold no markup must not lose its first line.)
            page_dump = doc.changed_by("boilerplate")
            if (
                self.options["title_from_text"]
                and page_dump
                and not (doc.metadata or {}).get("title")
            ):
                title, rest = split_title(text)
                if title:
                    if doc.metadata is None:
                        doc.metadata = {}
                    doc.metadata["title"] = title
                    text = rest
                    self.log(doc, "title", title)
            body = text_to_markdown(text)
            doc.body = body + "\n" if body else ""
            doc.kind = Kind.MARKDOWN
            self.log(doc, "text", "converted plain text to Markdown")
        elif doc.kind == Kind.MARKDOWN and doc.body:
            # Markdown written by others: its links are not converted, but never left live.
            doc.body, removed = defuse_markdown_links(doc.body)
            for url in removed:
                self.log(doc, "unsafe-link", url)
