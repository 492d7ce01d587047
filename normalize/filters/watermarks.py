"""Remove text a reader of the page never saw, and signatures stamped on every paragraph.

Sites stamp copies with their name in the page's background colour
(`<font color="#F8F8F8">Mitbbs.com</font>` on white), hide strings with
`display:none`, or add 1×1 tracking images. Text whose colour is too close
to its background (WCAG contrast ratio below `min_contrast`) is invisible;
so is an element that is not displayed. Short invisible text goes; a long
invisible block is kept and reported, since it may be content a script
would have shown.
"""

from __future__ import annotations

import colorsys
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # bs4 is imported where a tree is walked, not by a post without HTML
    from bs4 import BeautifulSoup, Tag

from normalize.document import Document, Stage
from normalize.filters.base import Filter
from normalize.markup.html import (
    BLOCK_TAGS,
    CODE,
    MEDIA,
    NEVER,
    attached,
    attr,
    describe,
    elements,
    has_descendant,
    prune_empty,
)
from normalize.rules import load_rules

RGBA = tuple[float, float, float, float]  # red, green, blue 0-255; alpha 0-1
WHITE: RGBA = (255.0, 255.0, 255.0, 1.0)
UNKNOWN = "unknown"  # a background we cannot judge (an image, a gradient)

# Elements with a background of their own unless a style says otherwise.
PAINTED = frozenset({"button", "mark", "input", "select", "textarea", "option"})
# "bg", "has-background", "heroBg" as a word of a class name.
_BACKGROUND_CLASS = re.compile(r"(?:(?<![A-Za-z])[Bb]|(?<=[a-z])B)(?:g|ackground)(?![a-z])")
TRACKERS = frozenset({"img", "iframe", "frame"})
# Where lazy-loading scripts keep an image's real source until it is shown.
LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-srcset", "data-actualsrc")
# Marks of scripts that reveal hidden content on scroll (WOW.js, AOS, ScrollReveal, lazysizes).
REVEAL_ATTRIBUTES = ("data-aos", "data-wow-", "data-sr")
REVEAL_CLASSES = frozenset({"wow", "aos-init", "lazyload", "lazy"})
PARAGRAPHS = frozenset({"p", "li", "dd", "blockquote", "div", "td"})
# Attributes that can make an element other than an image or frame invisible: without
# one of them, an element is as visible as its parent.
HIDING_ATTRIBUTES = frozenset({"style", "hidden", "class", "color"})
SIGNATURE_MAX = 40  # a signature is a short string
# A signature is stamped on a good share of the paragraphs; a credit under three
# photos of a long article ("Photo: <em>Reuters</em>") is not one.
SIGNATURE_SHARE = 1 / 3
# Where a signature may begin inside a paragraph's text: after a sentence end.
_SENTENCE_END = re.compile(r"[。！？…](?=\s*\S)|[.!?](?=\s+\S)")
# What the text before a signature ends with: a sentence, not a label ("Photo: Reuters").
_ENDS_SENTENCE = re.compile(r"[。！？…!?.][”’\"'」』）)]*$")
# A signature names a site: a domain ("Mitbbs.com", "www.example.cn/bbs"), or a name
# that ends in a word for a site ("某某论坛", "Example BBS"). A sentence, a phrase or a
# credit with a colon ("来源：新华网", "See the next chapter.") never does.
_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+(?P<tld>[a-z]{2,12})(?::\d+)?(?:/[\w./-]*)?", re.I)
_SITE_NAME = re.compile(
    r"(?:[\w·&-]+ ?){0,3}?(?:网|网站|论坛|社区|博客|(?<=[\w ])(?:BBS|Forum|Blog))", re.I
)
_SIGNATURE_LEAD = re.compile(r"^[-—–~@©]*\s*")
# File names and languages look like domains ("Node.js", "main.py"); sites do not end so.
_NOT_TLD = frozenset(
    "js ts jsx tsx py rb go rs md txt html htm php asp aspx jsp css json xml yml yaml "
    "jpg jpeg png gif webp svg pdf doc docx xls xlsx ppt pptx zip gz tar exe dll sh bat "
    "mp3 mp4 avi mov log ini cfg conf".split()
)
_STYLE_DECLARATION = re.compile(r"([\w-]+)\s*:\s*((?:[^;(]|\([^)]*\))*)")
_ZERO = re.compile(r"^[+-]?0*\.?0+(?:px|pt|em|rem|ex|ch|vw|vh|%)?$")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")


# --- colours -------------------------------------------------------------------


def named_colors() -> dict[str, str]:
    return load_rules("colors")["named"]


def parse_color(value: str, named: dict[str, str], legacy: bool = False) -> RGBA | None:
    """A CSS colour as RGBA; None when it is not a colour we can read.

    `legacy` accepts hex without "#", as browsers do for `<font color>` and `bgcolor`.
    """
    text = value.strip().lower().replace("!important", "").strip()
    if text == "transparent":
        return (0.0, 0.0, 0.0, 0.0)
    if text in named:
        text = named[text]
    if legacy and re.fullmatch(r"[0-9a-f]{3}|[0-9a-f]{6}", text):
        text = "#" + text
    if text.startswith("#"):
        return _parse_hex(text[1:])
    match = re.fullmatch(r"(rgba?|hsla?)\((.*)\)", text)
    if not match:
        return None
    parts = [p for p in re.split(r"[\s,/]+", match.group(2).strip()) if p]
    if len(parts) not in (3, 4):
        return None
    try:
        alpha = _alpha(parts[3]) if len(parts) == 4 else 1.0
        if match.group(1).startswith("rgb"):
            rgb = [_channel(p) for p in parts[:3]]
            return (rgb[0], rgb[1], rgb[2], alpha)
        hue = float(_NUMBER.match(parts[0]).group(0)) / 360.0  # type: ignore[union-attr]
        sat, light = (_percent(p) for p in parts[1:3])
        red, green, blue = colorsys.hls_to_rgb(hue % 1.0, light, sat)
        return (red * 255, green * 255, blue * 255, alpha)
    except (AttributeError, ValueError):
        return None


def _parse_hex(digits: str) -> RGBA | None:
    if not re.fullmatch(r"[0-9a-f]+", digits) or len(digits) not in (3, 4, 6, 8):
        return None
    if len(digits) in (3, 4):
        digits = "".join(d * 2 for d in digits)
    values = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
    alpha = values[3] / 255 if len(values) == 4 else 1.0
    return (float(values[0]), float(values[1]), float(values[2]), alpha)


def _channel(part: str) -> float:
    if part.endswith("%"):
        return max(0.0, min(255.0, float(part[:-1]) * 2.55))
    return max(0.0, min(255.0, float(part)))


def _alpha(part: str) -> float:
    value = float(part[:-1]) / 100 if part.endswith("%") else float(part)
    return max(0.0, min(1.0, value))


def _percent(part: str) -> float:
    return max(0.0, min(1.0, float(part.rstrip("%")) / 100))


def over(top: RGBA, bottom: RGBA) -> RGBA:
    """`top` painted over an opaque `bottom`."""
    a = top[3]
    return (
        top[0] * a + bottom[0] * (1 - a),
        top[1] * a + bottom[1] * (1 - a),
        top[2] * a + bottom[2] * (1 - a),
        1.0,
    )


def luminance(color: RGBA) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color[0]) + 0.7152 * linear(color[1]) + 0.0722 * linear(color[2])


def contrast(fg: RGBA, bg: RGBA) -> float:
    """WCAG contrast ratio of `fg` (alpha applied) on the opaque `bg`: 1 (none) to 21."""
    lighter, darker = sorted((luminance(over(fg, bg)), luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --- styles -----------------------------------------------------------------------


def style_of(element: Tag) -> dict[str, str]:
    style = element.get("style")
    if not isinstance(style, str):
        return {}
    return {m.group(1).lower(): m.group(2).strip() for m in _STYLE_DECLARATION.finditer(style)}


def is_not_displayed(element: Tag) -> str | None:
    """Why the element is invisible, or None."""
    if element.has_attr("hidden") and str(element.get("hidden")).lower() != "until-found":
        return "hidden attribute"
    style = style_of(element)
    if style.get("display", "").lower().startswith("none"):
        return "display:none"
    if style.get("visibility", "").lower().split(" ")[0] in ("hidden", "collapse"):
        return "visibility:hidden"
    if _ZERO.match(style.get("font-size", "").lower().replace("!important", "").strip()):
        return "font-size:0"
    if _ZERO.match(style.get("opacity", "").lower().replace("!important", "").strip()):
        return "opacity:0"
    return _out_of_sight(style)


def _out_of_sight(style: dict[str, str]) -> str | None:
    """Drawn, but where no one looks: pushed off the page, or in a box of no size."""
    positioned = style.get("position", "").lower().split(" ")[:1] in (["absolute"], ["fixed"])
    sides = ("left", "top") if positioned else ()
    if any(_far_off(style.get(side, "")) for side in (*sides, "text-indent")):
        return "off screen"
    if style.get("overflow", "").lower().split(" ")[:1] in (["hidden"], ["clip"]) and any(
        _ZERO.match(style.get(size, "").strip().lower())
        for size in ("width", "height", "max-width", "max-height")
    ):
        return "zero size"
    return None


def _far_off(value: str) -> bool:
    """A length of at least a thousand pixels (or a hundred em) to the left or top."""
    match = re.fullmatch(r"\s*(-\d+(?:\.\d+)?)(px|em|rem)?\s*(?:!important)?\s*", value.lower())
    if not match:
        return False
    amount = float(match.group(1)) * (16 if match.group(2) in ("em", "rem") else 1)
    return amount <= -999


def _pixels(value: Any) -> float | None:
    match = _NUMBER.match(str(value or "").strip())
    rest = str(value).strip()[match.end() :].strip().lower() if match else ""
    return float(match.group(0)) if match and rest in ("", "px") else None


def is_clipped_away(style: dict[str, str]) -> bool:
    """Positioned and clipped to nothing: `clip: rect(1px, 1px, 1px, 1px)`."""
    if style.get("position", "").lower().split(" ")[0] not in ("absolute", "fixed"):
        return False
    match = re.fullmatch(r"rect\((.*)\)", style.get("clip", "").lower().strip())
    if not match:
        return False
    edges = [_pixels(part) for part in re.split(r"[\s,]+", match.group(1).strip())]
    if len(edges) != 4 or any(edge is None for edge in edges):
        return False
    top, right, bottom, left = (edge or 0.0 for edge in edges)
    return bottom - top <= 1 or right - left <= 1


def revealed(element: Tag) -> bool:
    """Hidden only until a script shows it: an animation on scroll, a lazy-loaded image."""
    style = style_of(element)
    if any(prop.startswith(("animation", "transition")) for prop in style):
        return True
    if any(name.startswith(REVEAL_ATTRIBUTES) for name in element.attrs):
        return True
    if REVEAL_CLASSES & set(attr(element, "class").lower().split()):
        return True
    images = [element] if element.name == "img" else element.find_all("img")
    return any(is_lazy(image) for image in images)


def is_lazy(image: Tag) -> bool:
    return any(image.get(name) for name in LAZY_SOURCES)


# What a person puts into their own post knowingly (an affiliate pixel, a hidden frame):
# not broken, so not removed from authored files.
_PLACED_ON_PURPOSE = ("tracking image", "hidden frame")


def is_tracker(element: Tag) -> str | None:
    """An image or frame nobody sees (a counter, a beacon, a hidden frame), and why."""
    if element.name not in TRACKERS or is_lazy(element):
        return None
    what = "tracking image" if element.name == "img" else "hidden frame"
    style = style_of(element)
    # A style's size wins over the attributes, as in browsers.
    width = _pixels(style.get("width") or element.get("width"))
    height = _pixels(style.get("height") or element.get("height"))
    if width is not None and height is not None and width <= 1 and height <= 1:
        return what
    return what if is_clipped_away(style) else None


class Colors:
    """Foreground and background colours as declared on elements and their ancestors."""

    def __init__(self, named: dict[str, str]) -> None:
        self.named = named
        self._backgrounds: dict[int, tuple[Tag, RGBA | str]] = {}

    def own_color(self, element: Tag) -> RGBA | None:
        value = style_of(element).get("color")
        if value is not None:
            return parse_color(value, self.named)
        if element.name == "font" and element.get("color"):
            return parse_color(str(element["color"]), self.named, legacy=True)
        return None

    def own_background(self, element: Tag) -> RGBA | str | None:
        """The background this element declares: a colour, UNKNOWN, or None."""
        style = style_of(element)
        if style.get("background-image", "none").lower() != "none":
            return UNKNOWN  # a picture behind the text: we cannot judge it
        for prop in ("background-color", "background"):
            value = style.get(prop)
            if value is None:
                continue
            if "url(" in value.lower() or "gradient(" in value.lower():
                return UNKNOWN
            for word in re.findall(r"\S+\([^)]*\)|\S+", value):
                color = parse_color(word, self.named)
                if color is not None:
                    return color
            if prop == "background-color":
                return UNKNOWN
        if element.get("bgcolor"):
            return parse_color(str(element["bgcolor"]), self.named, legacy=True) or UNKNOWN
        if element.get("background"):  # a background image
            return UNKNOWN
        # Painted by the browser or by a stylesheet we never see ("has-black-background-color").
        if element.name in PAINTED or _BACKGROUND_CLASS.search(attr(element, "class")):
            return UNKNOWN
        return None

    def background(self, element: Tag) -> RGBA | str:
        """The opaque colour behind `element`: the nearest declared one, white if none."""
        from bs4 import Tag

        chain = []
        node: Tag | None = element
        while isinstance(node, Tag) and id(node) not in self._backgrounds:
            chain.append(node)
            node = node.parent
        below = self._backgrounds[id(node)][1] if isinstance(node, Tag) else WHITE
        for tag in reversed(chain):
            own = self.own_background(tag)
            result: RGBA | str
            if own is None:
                result = below
            elif isinstance(own, str) or isinstance(below, str):
                # An unknown layer, or a see-through colour over an unknown one: unknown.
                result = own if isinstance(own, tuple) and own[3] >= 1 else UNKNOWN
            else:
                result = over(own, below)
            self._backgrounds[id(tag)] = (tag, result)  # the tag is kept so its id stays unique
            below = result
        return below


# --- the filter -----------------------------------------------------------------------


class WatermarksFilter(Filter):
    name = "watermarks"
    stage = Stage.HTML
    priority = 30
    description = "Remove invisible text, tracking pixels and signatures stamped on paragraphs."
    defaults = {
        "min_contrast": 1.2,  # text under this WCAG contrast ratio with its background is invisible
        "max_hidden_chars": 200,  # longer invisible text is kept, with a warning
        "signatures": True,  # strip a short string that ends several paragraphs
        "signature_repeats": 3,  # ... when it ends at least this many
        "hidden_classes": [],  # more classes that a site's stylesheet hides
    }

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        packaged = load_rules("watermarks")["hidden_classes"]
        self.hidden_classes = {c.lower() for c in packaged + self.options["hidden_classes"]}
        self.named = named_colors()

    def run(self, doc: Document) -> None:
        if doc.tree is None:
            return
        self._remove_invisible(doc, doc.tree)
        if self.options["signatures"]:
            self._strip_signatures(doc, doc.tree)

    def _remove_invisible(self, doc: Document, tree: BeautifulSoup) -> None:
        colors = Colors(self.named)
        for element in elements(tree):
            if element.name in NEVER:
                continue
            rule = self._invisible(element, colors)  # before `attached`: most elements have none
            if rule is None or not attached(element):
                continue
            if doc.authored and rule in _PLACED_ON_PURPOSE:
                continue
            text = element.get_text(" ", strip=True)
            if len(text) > self.options["max_hidden_chars"]:
                self.log(doc, f"{rule}, kept (long)", text, warning=True)
                continue
            if rule not in ("low contrast", "tracking image", "hidden frame") and revealed(element):
                self.log(doc, f"{rule}, kept (a script shows it)", text or describe(element), True)
                continue
            parent = element.parent
            element.extract()
            self.log_removal(doc, rule, text, text or describe(element))
            emptied = prune_empty(parent)
            if emptied is not None:
                self.log(doc, "empty container", f"<{emptied.name}>")

    def _invisible(self, element: Tag, colors: Colors) -> str | None:
        tracker = is_tracker(element)
        if tracker:
            return tracker
        attrs = element.attrs
        if HIDING_ATTRIBUTES.isdisjoint(attrs):
            return None
        if "style" in attrs or "hidden" in attrs:
            reason = is_not_displayed(element)
            if reason:
                return reason
        if self.hidden_classes & set(attr(element, "class").lower().split()):
            return "hidden class"
        color = colors.own_color(element)
        if color is None or not element.get_text(strip=True) or has_descendant(element, MEDIA):
            return None
        # Highlighted code often takes its dark background from a stylesheet we never see.
        if element.name in CODE or any(p.name in CODE for p in element.parents):
            return None
        from bs4 import Tag

        # A descendant that sets its own colours may well be visible: leave the whole alone.
        for inner in element.descendants:
            if not isinstance(inner, Tag):
                continue
            if colors.own_color(inner) is not None or colors.own_background(inner) is not None:
                return None
        background = colors.background(element)
        if isinstance(background, str):  # UNKNOWN
            return None
        ratio = contrast(color, background)
        return "low contrast" if ratio < self.options["min_contrast"] else None

    # --- signatures ---------------------------------------------------------------

    def _strip_signatures(self, doc: Document, tree: BeautifulSoup) -> None:
        paragraphs = [
            p
            for p in elements(tree)
            if p.name in PARAGRAPHS and not has_descendant(p, BLOCK_TAGS) and p.get_text(strip=True)
        ]
        least = max(self.options["signature_repeats"], len(paragraphs) * SIGNATURE_SHARE)
        for _ in range(3):  # a page may carry more than one signature
            # No paragraph holds another (none holds a block): stripping one leaves
            # the endings of the others as they were found.
            endings = [_endings(paragraph) for paragraph in paragraphs]
            counts: Counter[str] = Counter()
            for found in endings:
                counts.update(found)
            repeated = [s for s, n in counts.items() if n >= least]
            if not repeated:
                return
            signature = max(repeated, key=len)
            stripped = 0
            for paragraph, found in zip(paragraphs, endings, strict=True):
                if attached(paragraph) and signature in found:
                    stripped += _strip_suffix(paragraph, signature)
            if not stripped:
                return
            self.log_removal(
                doc, "signature", " ".join([signature] * stripped), f"{signature} (×{stripped})"
            )


def _meaningful_children(element: Tag) -> list[Any]:
    from bs4 import NavigableString, Tag

    return [
        child
        for child in element.children
        if (isinstance(child, Tag) and child.name != "br")
        or (type(child) is NavigableString and child.strip())
    ]


def names_a_site(text: str) -> bool:
    """Is `text` a domain or a site's name, as a signature is, rather than words of the text?"""
    name = _SIGNATURE_LEAD.sub("", text)
    domain = _DOMAIN.fullmatch(name)
    if domain:
        return domain["tld"].lower() not in _NOT_TLD and not name.endswith(".")
    return bool(_SITE_NAME.fullmatch(name)) and not name[:1].islower()


def _endings(paragraph: Tag) -> set[str]:
    """Strings that could be a signature at the end of `paragraph`.

    Either the text of its last inline element, or the text after the last
    sentences; in both cases after a finished sentence, never the whole
    paragraph, and only when it names a site.
    """
    from bs4 import Tag

    text = paragraph.get_text().strip()
    found: set[str] = set()
    children = _meaningful_children(paragraph)
    if not children:
        return found
    last = children[-1]
    if isinstance(last, Tag) and last.name not in CODE and not has_descendant(last, MEDIA):
        tail = last.get_text().strip()
        if 2 <= len(tail) <= SIGNATURE_MAX and text.endswith(tail):
            found.add(tail)
    window = text[-(SIGNATURE_MAX + 2) :]
    offset = len(text) - len(window)
    for match in _SENTENCE_END.finditer(window):
        tail = text[offset + match.end() :].strip()
        if 2 <= len(tail) <= SIGNATURE_MAX:
            found.add(tail)
    return {
        tail
        for tail in found
        if _ENDS_SENTENCE.search(text[: -len(tail)].rstrip()) and names_a_site(tail)
    }


def _strip_suffix(element: Tag, suffix: str) -> int:
    """Take `suffix` off the end of `element`'s text, without crossing elements; 1 if done."""
    from bs4 import NavigableString, Tag

    children = _meaningful_children(element)
    if not children:
        return 0
    last = children[-1]
    if isinstance(last, Tag):
        if last.name in CODE:
            return 0
        if last.get_text().strip() == suffix and not has_descendant(last, MEDIA):
            last.extract()
            return 1
        return _strip_suffix(last, suffix)
    value = str(last).rstrip()
    if not value.endswith(suffix):
        return 0
    last.replace_with(NavigableString(value[: -len(suffix)].rstrip() + str(last)[len(value) :]))
    return 1
