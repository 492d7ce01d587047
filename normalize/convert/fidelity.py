"""Round-trip fidelity: does the Markdown, rendered, show what its source HTML showed?

Both sides are read the way a reader sees them. The source is the HTML the
converter received; the other side is the Markdown rendered to HTML by
markdown-it-py (CommonMark + GFM tables and strikethrough). Each side
becomes a `Reading`:

- words, in order: runs of letters and digits, a CJK character on its own
  (text that runs on across inline tags is one word, as a reader sees
  `1<sup>er</sup>`; blocks, line breaks, images and keys separate words);
- for each word, its marks: strong, em, code, del, heading level, list
  item, quote;
  emphasis inside code is highlighting, and a code block shows none;
- for each word, the link target it sits in (resolved against the
  document's base; `javascript:` and other script links are not targets);
- the images, each with every URL it may load (`src`, lazy-loading
  attributes, the first `srcset` candidate);
- a formula with a TeX source (MathML annotation, KaTeX, MathJax script) as
  the words of its TeX, its rendering left out.

The HTML is parsed as the pipeline parses it (BeautifulSoup with lxml), and
walked without recursion, so any depth is read. `score` aligns the two word lists and reports five measures in [0, 1]:
text recall and precision, marks (aligned words with the same marks),
links (aligned words, linked on either side, with the same target) and
images (source images whose URL appears in the rendering).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urljoin

from bs4 import NavigableString
from markdown_it import MarkdownIt

from normalize.convert.math import formula, is_math_rendering
from normalize.convert.tree import quiet_soup

MEASURES = ("text_recall", "text_precision", "marks", "links", "images")

_MARKS = {
    "strong": "strong",
    "b": "strong",
    "em": "em",
    "i": "em",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
    "pre": "code",
    "del": "del",
    "s": "del",
    "strike": "del",
    "li": "li",
    "blockquote": "quote",
    **{f"h{n}": f"h{n}" for n in range(1, 7)},
}
_INLINE = frozenset({"strong", "em", "del"})
_HIDDEN = {
    "head", "title", "script", "style", "noscript", "template", "meta", "link", "base",
    "iframe", "object", "embed", "canvas", "svg", "annotation", "annotation-xml", "select", "datalist", "input",
    "map", "area", "frameset", "frame",
}  # fmt: skip
# Elements that end a word: blocks, line breaks, and boxes such as images and keys.
_SEPARATE = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div",
    "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "img", "kbd", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "video", "audio",
}  # fmt: skip
_LAZY = ("data-src", "data-original", "data-lazy-src", "data-actualsrc", "data-url",
         "data-echo", "data-lazyload", "data-original-src", "file")  # fmt: skip
_CJK = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
)
_WORD = re.compile(f"[{_CJK}]|[^\\W{_CJK}]+")
_SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript|livescript|data):", re.I)
_BREAK = "\x00"  # separates words in the running text; never part of one
_INVISIBLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Reading:
    words: list[str] = field(default_factory=list)
    marks: list[frozenset[str]] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)
    images: list[set[str]] = field(default_factory=list)


def _url(value: str | None, base: str | None) -> str | None:
    # browsers ignore white space and controls inside a scheme ("java\tscript:")
    if value is None or not value.strip() or _SCRIPT_URL.match(re.sub(r"[\x00-\x20]", "", value)):
        return None
    value = value.strip()
    if base and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^#", value):
        try:
            value = urljoin(base, value)
        except ValueError:
            pass
    return unquote(value).replace(" ", "").rstrip("/")


def read_html(html: str, base: str | None = None) -> Reading:
    """The words, marks, links and images a reader sees in an HTML document."""
    reading = Reading()
    if not html.strip():
        return reading
    root = quiet_soup(html, "lxml")  # lxml's own tree builder stops at depth 256
    found = root.find("base", href=True)
    if found is not None and re.match(r"^https?://", str(found.get("href")), re.I):
        base = str(found.get("href"))
    # The running text, and for each of its characters the marks and link around it.
    chars: list[str] = []
    char_marks: list[frozenset[str]] = []
    char_links: list[str | None] = []

    def emit(text: str, marks: frozenset[str], link: str | None) -> None:
        chars.append(text)
        char_marks.extend([marks] * len(text))
        char_links.extend([link] * len(text))

    # An iterative walk; a string on the stack is a word break to emit on leaving a block.
    todo: list[Any] = [(root, frozenset(), None)]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            emit(item, frozenset(), None)
            continue
        node, marks, link = item
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:  # not a comment, doctype, CDATA or PI
                emit(_INVISIBLE.sub("", str(node)), marks, link)
            continue
        tag = node.name.lower()
        if is_math_rendering(node):  # shown again by the TeX script after it
            continue
        tex = formula(node) if tag in ("math", "script", "span") else None
        if tex is not None:  # a formula reads as its TeX, as Markdown writes it
            emit(" " + tex[0] + " ", marks, link)
            continue
        if tag in _HIDDEN:
            continue
        if tag in _SEPARATE:
            emit(_BREAK, marks, link)
            todo.append(_BREAK)
        if tag == "pre":  # a code block shows no emphasis in Markdown, nor in most pages
            marks = (marks - _INLINE) | {"code"}
        elif tag in _MARKS and not (_MARKS[tag] in _INLINE and "code" in marks):
            marks = marks | {_MARKS[tag]}  # (emphasis inside code is highlighting)
        if tag == "a" and node.get("href") is not None:
            link = _url(str(node.get("href")), base)
        elif tag in ("video", "audio"):  # a player: its file is what a link would open
            source = node.find("source")
            src = node.get("src") or (source.get("src") if source is not None else None)
            link = _url(str(src) if src else None, base)
        if tag == "img":
            urls = {_url(_attr(node, a), base) for a in ("src", *_LAZY)}
            srcset = _attr(node, "srcset") or _attr(node, "data-srcset") or ""
            if srcset.strip():
                urls.add(_url(srcset.split(",")[0].split()[0], base))
            kept = {u for u in urls if u}
            if kept:
                reading.images.append(kept)
        children = list(node.children)
        if tag == "table":  # shown with its head first and its foot last
            children.sort(key=lambda c: {"thead": 0, "tfoot": 2}.get(str(c.name), 1))
        for child in reversed(children):
            todo.append((child, marks, link))
    text = "".join(chars)
    for m in _WORD.finditer(text):
        reading.words.append(m.group().lower())
        reading.marks.append(char_marks[m.start()])
        reading.links.append(char_links[m.start()])
    return reading


def _attr(node: Any, name: str) -> str | None:
    value = node.get(name)
    return str(value) if value is not None else None


_RENDERER: list[MarkdownIt] = []


def render(markdown: str) -> str:
    """Markdown to HTML as markdown-it-py's CommonMark preset, with GFM tables and strikethrough."""
    if not _RENDERER:
        _RENDERER.append(MarkdownIt("commonmark").enable(["table", "strikethrough"]))
    return _RENDERER[0].render(markdown)


def score(html: str, markdown: str, base: str | None = None) -> dict[str, float]:
    """The five measures for Markdown converted from `html` (see the module doc)."""
    source = read_html(html, base)
    shown = read_html(render(markdown))
    matcher = difflib.SequenceMatcher(None, source.words, shown.words, autojunk=False)
    matched = same_marks = linked = same_link = 0
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            i, j = block.a + k, block.b + k
            matched += 1
            same_marks += source.marks[i] == shown.marks[j]
            if source.links[i] is not None or shown.links[j] is not None:
                linked += 1
                same_link += source.links[i] == shown.links[j]
    rendered_images = set().union(*shown.images) if shown.images else set()
    kept = sum(1 for urls in source.images if urls & rendered_images)
    return {
        "text_recall": matched / len(source.words) if source.words else 1.0,
        "text_precision": matched / len(shown.words) if shown.words else 1.0,
        "marks": same_marks / matched if matched else 1.0,
        "links": same_link / linked if linked else 1.0,
        "images": kept / len(source.images) if source.images else 1.0,
    }


def differences(html: str, markdown: str, base: str | None = None, limit: int = 10) -> list[str]:
    """What differs, word by word, for a failure message."""
    source = read_html(html, base)
    shown = read_html(render(markdown))
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, source.words, shown.words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            out.append(f"{op}: {source.words[i1:i2][:8]} -> {shown.words[j1:j2][:8]}")
            continue
        for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
            if source.marks[i] != shown.marks[j]:
                out.append(
                    f"marks of {source.words[i]!r}: {set(source.marks[i])} -> {set(shown.marks[j])}"
                )
            elif source.links[i] != shown.links[j]:
                out.append(f"link of {source.words[i]!r}: {source.links[i]} -> {shown.links[j]}")
    rendered = set().union(*shown.images) if shown.images else set()
    out += [f"image lost: {sorted(urls)[0]}" for urls in source.images if not urls & rendered]
    return out[:limit]


@contextmanager
def recording() -> Iterator[list[tuple[str, str]]]:
    """Every tree converted inside the block, as (HTML received, Markdown written)."""
    from normalize.convert import converter

    calls: list[tuple[str, str]] = []
    original: Callable[..., str] = converter.convert_tree

    def convert_tree(tree: Any, **options: Any) -> str:
        html = str(tree)
        markdown = original(tree, **options)
        calls.append((html, markdown))
        return markdown

    converter.convert_tree = convert_tree
    try:
        yield calls
    finally:
        converter.convert_tree = original


def format_scores(rows: dict[str, dict[str, float]]) -> str:
    """One line per document, then the mean and the minimum of each measure."""
    width = max((len(name) for name in rows), default=8) + 2
    lines = ["document".ljust(width) + " ".join(f"{m[:10]:>10}" for m in MEASURES)]
    for name, scores in rows.items():
        lines.append(name.ljust(width) + " ".join(f"{scores[m]:10.4f}" for m in MEASURES))
    for label, pick in (("mean", lambda v: sum(v) / len(v)), ("min", min)):
        if rows:
            values = [pick([s[m] for s in rows.values()]) for m in MEASURES]
            lines.append(label.ljust(width) + " ".join(f"{v:10.4f}" for v in values))
    return "\n".join(lines)
