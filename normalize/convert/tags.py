"""Which HTML elements the converter drops, keeps inside <pre>, or treats as blocks."""

from __future__ import annotations

import re

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
