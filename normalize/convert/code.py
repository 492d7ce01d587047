"""Code: fences longer than any backtick run, languages from class names, text pasted into <pre>."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from normalize.convert.marks import CODE_CLOSE, CODE_OPEN
from normalize.convert.tags import PRE_ENDERS, PRE_MARKUP, is_pre_element
from normalize.markup.html import BLOCK_TAGS, first_descendant

if TYPE_CHECKING:
    from bs4 import Tag

_LANG_PATTERNS = [
    re.compile(r"(?:^|\s)(?:language|lang|highlight|hljs)-([\w+#.-]+)"),
    re.compile(r"brush:\s*([\w+#.-]+)"),
]
_LANG_WORD = re.compile(r"[^\w+#.-]")


def code_language(el: Tag) -> str:
    """The language of a <pre>, from its own, its <code>'s or a wrapper's attributes."""
    wrappers = [p for _, p in zip(range(2), el.parents, strict=False) if p.name == "div"]
    code = first_descendant(el, ("code",))
    for node in [el, *([code] if code is not None else []), *wrappers]:
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


_BACKTICKS = re.compile("`+")


def fence_for(code: str) -> str:
    longest = max((len(r) for r in _BACKTICKS.findall(code)), default=0)
    return "`" * max(3, longest + 1)


def _code_span(code: str) -> str:
    longest = max((len(r) for r in _BACKTICKS.findall(code)), default=0)
    ticks = "`" * (longest + 1)
    padded = code.startswith(" ") and code.endswith(" ")
    if code.startswith("`") or code.endswith("`") or padded:
        code = " " + code + " "
    return ticks + code + ticks


_CODE_TEXT = re.compile(CODE_OPEN + "([^" + CODE_CLOSE + "]*)" + CODE_CLOSE)


def write_code_spans(text: str) -> str:
    return _CODE_TEXT.sub(lambda m: _code_span(m[1]), text)


_PRE_BLOCK = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre\s*>)", re.IGNORECASE | re.DOTALL)
_PRE_OPEN = re.compile(r"<pre\b[^>]*>", re.IGNORECASE)
_PRE_CLOSE = re.compile(r"</pre\s*>", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)((?:\s|/)[^<>]*)?>")
_TAG_OR_LT = re.compile("(" + _TAG.pattern + ")|<")
_PRE_STRAY_LT = re.compile(
    r"<(?!/?(?:" + "|".join(sorted(PRE_MARKUP - {"pre"})) + r")\b[^<>]*>)", re.IGNORECASE
)


# `<?php … ?>` (not an XML declaration): text to the reader, a bogus comment to a parser
_PROCESSING = re.compile(r"<\?(?![xX][mM][lL])(.{0,5000}?)\?>", re.DOTALL)


def protect_pre_text(html: str) -> str:
    """Escape what an HTML parser would swallow as markup; call before parsing.

    Authors paste `FROM <base image>` or XML into <pre> unescaped; an HTML
    parser turns that text into elements (lower-casing `<groupId>`), which
    the converter can only partly write back. So a <pre> holding such a
    placeholder is code: `<` in it is escaped unless it opens highlighting
    markup. A <pre> whose tags are all HTML elements (`<style>`, `<p>`,
    `<img>`) keeps them as elements, as a browser does. A `<?php … ?>`
    written anywhere would be dropped as a comment: it is escaped too, so it
    stays text. A <pre> left open should be closed first (`close_open_pres`).
    """
    html = _PROCESSING.sub(
        lambda m: "&lt;?" + m.group(1).replace("<", "&lt;").replace(">", "&gt;") + "?&gt;", html
    )
    return _PRE_BLOCK.sub(lambda m: m.group(1) + _protect_pre_body(m.group(2)) + m.group(3), html)


def _protect_pre_body(code: str) -> str:
    placeholders = any(not is_pre_element(m[2], m[3] or "") for m in _TAG.finditer(code))
    if placeholders:
        return _PRE_STRAY_LT.sub("&lt;", code)
    return _TAG_OR_LT.sub(lambda m: m.group(1) or "&lt;", code)  # a lone `<` (`i<n`) is text


def close_open_pres(html: str) -> tuple[str, int]:
    """Close each <pre> left open where a page's article starts; how many were closed.

    A bot that copies a page's `<pre><style>…</style>` and never closes the
    <pre> would put the whole article in it: a browser shows the article
    (paragraphs, images), the converter would write one code block. The <pre>
    ends before the first paragraph, image, heading or table (or closing block
    tag) that follows it, or before the next <pre>.
    """
    out: list[str] = []
    pos = closed = 0
    while (m := _PRE_OPEN.search(html, pos)) is not None:
        close = _PRE_CLOSE.search(html, m.end())
        following = _PRE_OPEN.search(html, m.end())
        if close and (following is None or close.start() < following.start()):
            out.append(html[pos : close.end()])
            pos = close.end()
            continue
        end = _open_pre_end(html, m.end(), following.start() if following else len(html))
        out.append(html[pos:end] + "</pre>")
        pos = end
        closed += 1
    out.append(html[pos:])
    return "".join(out), closed


def _open_pre_end(html: str, start: int, limit: int) -> int:
    for tag in _TAG.finditer(html, start, limit):
        name = tag[2].lower()
        if tag[1] and (name in BLOCK_TAGS or name in PRE_ENDERS):
            return tag.start()
        if not tag[1] and name in PRE_ENDERS and is_pre_element(tag[2], tag[3] or ""):
            return tag.start()
    return limit
