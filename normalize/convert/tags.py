"""Which HTML elements the converter drops, keeps inside <pre>, or treats as blocks."""

from __future__ import annotations

import re
from typing import Any

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
    "canvas",
    "svg",
    "annotation",  # MathML: the TeX or MathML source of a formula, not shown
    "annotation-xml",
    "map",
    "area",
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
# HTML elements a browser shows inside a <pre> as elements. Head-only and
# form-internal names (`base`, `link`, `title`, `source`, `option`, …) are left
# out: inside a <pre> they are placeholders far more often (`FROM <base image>`,
# `cp <source> <dest>`), so they stay text.
PRE_ELEMENTS = frozenset(
    {
        *PRE_MARKUP,
        *(f"h{n}" for n in range(1, 7)),
        "acronym", "address", "article", "aside", "audio", "bdi", "bdo", "blockquote",
        "button", "caption", "center", "col", "colgroup", "dd", "details", "dfn", "dl",
        "dt", "embed", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr",
        "iframe", "main", "nav", "nobr", "noscript", "picture", "rp", "rt", "ruby",
        "script", "section", "style", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "video",
    }
)  # fmt: skip
# Elements that end a <pre> left open: what code never holds, and a page's
# article always does (paragraphs, images, headings, tables).
PRE_ENDERS = frozenset(
    {
        *(f"h{n}" for n in range(1, 7)),
        "address", "article", "aside", "blockquote", "center", "details", "div", "dl",
        "figure", "footer", "form", "header", "hr", "iframe", "img", "main", "nav", "ol",
        "p", "picture", "pre", "section", "table", "ul", "video",
    }
)  # fmt: skip
# Inside a closed <pre>, these show it is a page, not code, that the <pre> wraps.
PRE_PAGE_BLOCKS = PRE_ENDERS - {"div", "p", "ol", "ul", "img", "pre"}
# Attributes that stand without a value in HTML; any other bare word after a tag
# name (`<base image>`, `<stage name>`) is a placeholder, not an attribute.
BARE_ATTRIBUTES = frozenset(
    {
        "allowfullscreen", "async", "autofocus", "autoplay", "checked", "compact",
        "contenteditable", "controls", "default", "defer", "disabled", "download",
        "draggable", "hidden", "inert", "ismap", "itemscope", "loop", "multiple", "muted",
        "nohref", "noshade", "novalidate", "nowrap", "open", "playsinline", "readonly",
        "required", "reversed", "selected", "spellcheck", "translate",
    }
)  # fmt: skip
_ATTRIBUTE = re.compile(r"""\s*([^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def attributes_look_like_html(attrs: str) -> bool:
    """True if `attrs` (what follows a tag's name) reads as HTML attributes."""
    pos = 0
    rest = attrs.rstrip().removesuffix("/").rstrip()
    while pos < len(rest):
        m = _ATTRIBUTE.match(rest, pos)
        if not m or m.end() == pos:
            return False
        name = m.group(1).lower()
        bare = "=" not in m.group(0)
        if ":" in name and not name.startswith(("xml", "xlink:")):
            return False  # `android:text=…`: pasted XML
        if bare and name not in BARE_ATTRIBUTES and not name.startswith(("data-", "aria-")):
            return False
        pos = m.end()
    return True


def attribute_text(el: Any) -> str:
    """A parsed element's attributes written back as text, for `is_pre_element`."""
    parts = []
    for key, value in el.attrs.items():
        value = " ".join(value) if isinstance(value, list) else value
        parts.append(f" {key}" if value in ("", None) else f' {key}="{value}"')
    return "".join(parts)


def is_pre_element(name: str, attrs: str = "") -> bool:
    """An element a browser would make of `<name attrs>` inside a <pre>, not a placeholder."""
    if not (name.islower() or name.isupper()):
        return False  # `<groupId>`, `<TextView>`: pasted XML
    return name.lower() in PRE_ELEMENTS and attributes_look_like_html(attrs)


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
# Dropped elements a reader sees text in, which Markdown cannot hold: their text is reported.
SHOWN_DROPS = {"svg", "select", "datalist"}
# Players and embedded documents: Markdown has no form for them, so they stay HTML as written.
EMBED_TAGS = {"iframe", "video", "audio", "source", "track", "object", "embed"}
# Inline elements Markdown cannot say: they stay HTML around their converted content.
KEPT_INLINE = {"sup", "sub", "kbd", "u", "mark", "abbr", "ins"}
# Comments that stay (Hexo's and Jekyll's excerpt separator), as the `ads` filter keeps them.
KEPT_COMMENTS = ("more",)
RAW_TEXT = {"pre", "textarea", *DROP_TAGS, *EMBED_TAGS}
HEADING = re.compile(r"h[1-6]")
CODE_TAGS = ["code", "samp", "tt"]
OWN_BLOCKS = {
    "blockquote",
    "details",
    "dl",
    "hr",
    "li",
    "ol",
    "ul",
    "pre",
    "table",
    "td",
    "th",
    "tr",
}
MARKS = {
    "b": "_strong",
    "strong": "_strong",
    "em": "_em",
    "i": "_em",
    "del": "_del",
    "s": "_del",
    "strike": "_del",
}
BLOCK_IN_CELL = [
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
