"""Link and image destinations, titles and sources (lazy images, placeholders)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from normalize.convert.chars import ENTITY

if TYPE_CHECKING:
    from bs4 import Tag

_PLACEHOLDER_SRC = re.compile(
    r"(?:^data:image/(?:gif|png|svg)[^,]{0,40},.{0,200}$|blank|placeholder|spacer|"
    r"loading|lazy|grey\.gif|gray\.gif|transparent|pixel\.gif|1x1)",
    re.IGNORECASE,
)
LAZY_ATTRS = (
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
AUTOLINK = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00-\x1f]*$")


_LINE_BREAKS = re.compile(r"[\n\r]")
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_NEEDS_BRACKETS = re.compile(r"[\s()]")


def link_destination(url: str) -> str:
    url = _LINE_BREAKS.sub("", url.strip()).replace("<", "%3C").replace(">", "%3E")
    url = _BACKSLASH.sub(r"\\\\", url)  # keep backslashes literal
    url = ENTITY.sub(lambda m: "\\" + m.group(), url)  # `&copy;` must stay text
    if not url or _NEEDS_BRACKETS.search(url):
        return "<" + url + ">"
    return url


def link_title(title: str) -> str:
    title = " ".join(title.split())
    return ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"' if title else ""


def image_source(el: Tag) -> str:
    src = str(el.get("src") or "").strip()
    if src and not _PLACEHOLDER_SRC.search(src):
        return src
    for attr in LAZY_ATTRS:
        lazy = str(el.get(attr) or "").strip()
        if lazy:
            return lazy
    srcset = str(el.get("srcset") or el.get("data-srcset") or "").strip()
    if srcset:
        return srcset.split(",")[0].split()[0]
    return src
