"""Formulas in dumps, found by their TeX source: MathML annotations, KaTeX, MathJax scripts.

A page shows a formula twice over: the rendering a reader sees (MathML,
KaTeX's HTML, MathJax's spans) and, beside it, the TeX it was made from.
Markdown says a formula as TeX between `$` (inline) or `$$` (display), so
the TeX is written and the rendering dropped. Both the converter and the
fidelity measure read formulas through these functions.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import NavigableString, Tag

_MATH_SCRIPT = re.compile(r"^\s*math/tex\s*(;.*)?$", re.I)
_DISPLAY_MODE = re.compile(r"mode\s*=\s*display", re.I)
# What MathJax (v2) puts before its script: a preview, then the rendering.
_MATHJAX_RENDERING = re.compile(r"^(?:MathJax|mjx)", re.I)


def _classes(el: Tag) -> list[str]:
    value: Any = el.get("class") or []
    return value if isinstance(value, list) else str(value).split()


def tex_annotation(el: Tag) -> str | None:
    """The TeX source a MathML formula (or a KaTeX span holding one) carries, if any."""
    for note in el.find_all("annotation"):
        if "tex" in str(note.get("encoding") or "").lower():
            tex = note.get_text().strip()
            return tex or None
    return None


def is_math_script(el: Tag) -> bool:
    """`<script type="math/tex">`: MathJax's TeX source of a formula."""
    return el.name == "script" and bool(_MATH_SCRIPT.match(str(el.get("type") or "")))


def is_katex(el: Tag) -> bool:
    return el.name == "span" and "katex" in _classes(el)


def formula(el: Tag) -> tuple[str, bool] | None:
    """(TeX, display) for an element that stands for a formula with TeX source, else None."""
    if el.name == "math":
        tex = tex_annotation(el)
        return (tex, str(el.get("display") or "").lower() == "block") if tex else None
    if is_katex(el):
        tex = tex_annotation(el)
        if not tex:
            return None
        parent = el.parent
        display = parent is not None and "katex-display" in _classes(parent)
        return tex, display
    if is_math_script(el):
        tex = el.get_text().strip()
        return (tex, bool(_DISPLAY_MODE.search(str(el.get("type"))))) if tex else None
    return None


def is_math_rendering(el: Tag) -> bool:
    """A MathJax rendering (or preview) whose TeX follows in a math/tex script."""
    if not any(_MATHJAX_RENDERING.match(c) for c in _classes(el)):
        return False
    nxt = el.next_sibling
    while nxt is not None:
        if isinstance(nxt, Tag):
            if is_math_script(nxt):
                return True
            if not any(_MATHJAX_RENDERING.match(c) for c in _classes(nxt)):
                return False
        elif isinstance(nxt, NavigableString) and str(nxt).strip():
            return False
        nxt = nxt.next_sibling
    return False


def shown_text(el: Tag) -> str:
    """The text a reader sees in a formula's rendering (its TeX annotation left out)."""
    parts = []
    for node in el.descendants:
        if isinstance(node, NavigableString) and not any(
            p.name in ("annotation", "annotation-xml") for p in node.parents
        ):
            parts.append(str(node))
    return " ".join("".join(parts).split())


def write_tex(tex: str, display: bool, table: bool = False) -> str:
    """`$tex$`, or `$$` lines around display TeX; blank lines inside would end the paragraph."""
    if display:
        lines = [line.strip() for line in tex.split("\n") if line.strip()]
        return "$$\n" + "\n".join(lines) + "\n$$"
    inline = " ".join(tex.split())
    if table:
        inline = inline.replace("|", "\\|")
    return "$" + inline + "$"
