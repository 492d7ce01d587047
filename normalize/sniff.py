"""Tell what a body is — HTML, Markdown or plain text — from its content.

The file name is only a hint: Hexo dumps are `.txt` files holding front
matter and HTML, and a `.md` file can hold a whole HTML page.
"""

from __future__ import annotations

import re

from normalize.document import Kind

_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)

# Elements that only HTML has: a body built of these is HTML, not Markdown with inline HTML.
_HTML_TAG = re.compile(
    r"</?(?:!doctype|html|head|body|div|p|span|br|table|tbody|tr|td|th|ul|ol|li|h[1-6]|img|a|"
    r"blockquote|pre|code|strong|em|b|i|font|section|article|main|header|footer|nav|figure|"
    r"figcaption|iframe|script|style|ins|hr|dl|dt|dd|center|meta|link|title|picture|source|video)"
    r"(?=[\s/>])",
    re.I,
)
_HTML_START = re.compile(r"\A\s*(?:<!doctype|<html|<\?xml|<!--|<[a-z][a-z0-9]*(?=[\s/>]))", re.I)

# Markdown that plain text from a web page does not contain.
_STRONG_SIGNS = [
    re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M),  # ATX heading
    re.compile(r"^ {0,3}(?:```|~~~)", re.M),  # fence
    re.compile(r"!\[[^\]\n]*\]\([^)\s]+[^)]*\)|\[[^\]\n]+\]\([^)\s]+[^)]*\)"),  # image, link
    re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S", re.M),  # reference definition
    re.compile(r"(?:\*\*|__)\S(?:[^\n]*?\S)?(?:\*\*|__)"),  # strong emphasis
    re.compile(r"\\[!-/:-@\[-`{-~]"),  # backslash escape (any ASCII punctuation)
    re.compile(r"^ {0,3}>", re.M),  # block quote
    re.compile(r"`[^`\n]+`"),  # code span
    re.compile(r"\\\n"),  # hard break
    # HTML that a converted dump keeps because Markdown cannot say it (a text dump holds none)
    re.compile(
        r"<(sup|sub|kbd|u|mark|abbr|ins)\b[^<>]*>[^<\n]*</\1>"
        r"|^ {0,3}(?:</?(?:details|summary|audio|object|embed|picture)\b|<!--\s*more\s*-->)",
        re.I | re.M,
    ),
]
# Markup that a text dump may hold too ("1. first", "* note"): Markdown unless named .txt.
_WEAK_SIGNS = [
    re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])[ \t]+\S", re.M),  # list item
    re.compile(r"^ {0,3}\|?[ \t]*:?-{3,}:?[ \t]*\|", re.M),  # table delimiter row
    re.compile(r"(?<![\w*])\*(?![\s*])[^*\n]+(?<![\s*])\*(?![\w*])"),  # emphasis
]

_MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")
_HTML_EXTENSIONS = (".html", ".htm", ".xhtml")


def split_front_matter_block(text: str) -> tuple[str, str]:
    """The leading front-matter block (fences included) and the rest; ("", text) if none."""
    match = _FRONT_MATTER.match(text)
    return (match.group(0), text[match.end() :]) if match else ("", text)


def markdown_signs(text: str, signs: list[re.Pattern[str]] = _STRONG_SIGNS) -> int:
    return sum(1 for sign in signs if sign.search(text))


def looks_like_html(body: str) -> bool:
    """Starts with a tag and has more HTML structure than Markdown structure."""
    if not _HTML_START.match(body):
        return False
    if re.match(r"\s*<(?:!doctype|html|\?xml)", body, re.I):
        return True
    tags = len(_HTML_TAG.findall(body))
    # A Markdown post that merely opens with an ad block or a <div> wrapper has
    # Markdown structure after it; an HTML body has tags throughout.
    lines_outside_tags = [
        line for line in body.splitlines() if line.strip() and not line.lstrip().startswith("<")
    ]
    markdown_lines = sum(1 for line in lines_outside_tags if markdown_signs(line))
    return tags >= 2 and tags >= 2 * markdown_lines


def sniff(text: str, name: str | None = None) -> str:
    """The kind of the body of `text` (front matter, if any, is looked past)."""
    front, body = split_front_matter_block(text)
    if looks_like_html(body):
        return Kind.HTML
    lower = (name or "").lower()
    if front or lower.endswith(_MARKDOWN_EXTENSIONS) or markdown_signs(body):
        return Kind.MARKDOWN
    if not lower.endswith(".txt") and markdown_signs(body, _WEAK_SIGNS):
        return Kind.MARKDOWN
    if lower.endswith(_HTML_EXTENSIONS):
        # An .html file without HTML has been normalized in place already.
        return Kind.HTML if _HTML_TAG.search(body) else Kind.MARKDOWN
    return Kind.TEXT
