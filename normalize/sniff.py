"""Tell what a body is — HTML, Markdown or plain text — from its content.

The file name is only a hint: Hexo dumps are `.txt` files holding front
matter and HTML, and a `.md` file can hold a whole HTML page.
"""

from __future__ import annotations

import re
from functools import cache

from normalize.document import Kind
from normalize.files import in_template_folder

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
    re.compile(r"~~\S(?:[^\n]*?\S)?~~"),  # strikethrough (GFM)
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
    lines = body.splitlines()
    lines_outside_tags = [
        line for line in lines if line.strip() and not line.lstrip().startswith("<")
    ]
    markdown_lines = 0
    # Most HTML has no Markdown at all, which one search of those lines together tells
    # (a sign found in a line is found in the lines joined); else they are counted.
    if markdown_signs("\n".join(lines_outside_tags)):
        markdown_lines = sum(1 for line in lines_outside_tags if markdown_signs(line))
    # A paragraph of text after a blank line, outside any tag, is how Markdown is written.
    paragraphs = sum(
        1
        for before, line in zip(lines, lines[1:], strict=False)
        if not before.strip() and line.strip() and not line.lstrip().startswith("<")
    )
    return tags >= 2 and tags >= 2 * (markdown_lines + paragraphs)


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


# --- templates and files with nothing to clean ---------------------------------------------

# Template syntax: Liquid/Jinja/Nunjucks `{% … %}`, Go/Hugo/Mustache `{{ … }}` (shortcodes
# `{{< … >}}` and `{{% … %}}` included) and EJS/ERB `<% … %>`. A tag opens with a name or an
# expression, so `x^{{2}}` in TeX or `{%` starting a TeX comment is not one. Bounded, so a
# stray `{{` costs a few hundred characters of scanning, not the rest of the file.
_TEMPLATE_TAG = re.compile(
    r"\{%-?[ \t]*(?P<liquid>[A-Za-z_][\w.]*)[^\n]{0,400}?-?%\}"
    r"|\{\{[<%]?-?[ \t]*(?P<go>[A-Za-z_.$/\"'(][^\s}]*)[\s\S]{0,400}?\}\}"
    r"|<%[-=_#]?(?P<ejs>[\s\S]{0,400}?)%>"
)
# Tags that shape a page (control flow, inheritance, the slot where a post goes): a post
# writes includes, shortcodes and values; a layout writes these.
_LAYOUT_WORDS = re.compile(
    r"(?:if|unless|elsif|elif|else|for|endif|endunless|endfor|case|when|endcase|block|endblock|"
    r"extends|layout|tablerow|paginate|endpaginate|macro|endmacro|capture|endcapture|"
    r"define|range|with|end|template|partial|partialCached|content|\.Content|yield|body)\b"
)
# Code, where template syntax is an example: fences, code spans, and <pre>, <code>, <script>,
# <style> and <textarea> elements. Each kind opens with a space, a backtick, a tilde or `<`,
# and the pattern opens with that class (the rest of the opening is checked looking back), so
# the engine skips from candidate to candidate in C rather than trying every kind at every
# character of a page's scripts.
_CODE_SPANS = re.compile(
    r"[ `~<](?:"
    # a fence at a line's start, after up to three spaces, up to the same fence or the end
    r"(?<![^\n].)(?<= ) {0,2}(?P<fence>`{3,}|~{3,})[^\n]*\n[\s\S]*?"
    r"(?:^ {0,3}(?P=fence)[`~]*[ \t]*$|\Z)"
    r"|(?<![^\n].)(?<=`)(?P<tick_fence>`{2,})[^\n]*\n[\s\S]*?"
    r"(?:^ {0,3}`(?P=tick_fence)[`~]*[ \t]*$|\Z)"
    r"|(?<![^\n].)(?<=~)(?P<tilde_fence>~{2,})[^\n]*\n[\s\S]*?"
    r"(?:^ {0,3}~(?P=tilde_fence)[`~]*[ \t]*$|\Z)"
    # a code span: a run of backticks, then up to 2000 characters and a run of as many
    r"|(?<=`)(?P<ticks>`*)(?!`)[\s\S]{1,2000}?`(?<!``)(?P=ticks)(?!`)"
    # code in HTML, up to its first end tag (runs without `<` taken whole)
    r"|(?<=<)(?P<tag>pre|code|script|style|textarea)\b[^>]*>"
    r"[^<]*(?:<(?!/(?P=tag)\s*>)[^<]*)*</(?P=tag)\s*>"
    r")",
    re.M | re.I,
)
_LEADING_FRONT_MATTER = re.compile(
    r"\A\ufeff?[ \t\r\n]*(?:---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)|\+\+\+[ \t]*\r?\n.*?\r?\n\+\+\+)"
    r"[ \t]*(?:\r?\n|\Z)",
    re.S,
)
_TEMPLATE_EXTENSIONS = (
    ".liquid",
    ".ejs",
    ".erb",
    ".njk",
    ".nunjucks",
    ".jinja",
    ".jinja2",
    ".j2",
    ".hbs",
    ".handlebars",
    ".mustache",
    ".tmpl",
    ".gohtml",
    ".swig",
    ".twig",
)
# A page written by people has few words per template tag; a dump has paragraphs of text
# around the odd `{{` it quotes.
_WORDS_PER_TAG_OF_A_DUMP = 40
_HTML_MARKUP = re.compile(r"<[^>]*>")
# A converter writes `{` as an entity so that the site's generator shows it as text.
_ESCAPED_BRACE = re.compile(r"&#0*123;|&#x0*7b;|&lbrace;|&lcub;", re.I)


def template_tags(text: str) -> list[re.Match[str]]:
    """The template tags of `text` that are not inside code (fences, code spans, <pre>, <script>)."""
    return list(_TEMPLATE_TAG.finditer(_code_blanked(text)))


def _code_blanked(text: str) -> str:
    """`text` with its code written over with spaces, so that positions stay."""
    return _CODE_SPANS.sub(_blank, text)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def is_template(text: str, name: str | None = None) -> bool:
    """True when `text` is a site's template (a layout, include or partial), not a post or dump.

    A file under a template folder (`_layouts`, `_includes`, Hugo's `layouts`, `themes`, …) or
    with a template extension is one. Any other file must hold template syntax outside code,
    and that syntax must shape the file — template tags in its
    front matter (a scaffold or archetype), or control flow and the content slot of a layout —
    and the file must show no sign of a dump: paragraphs of text around few tags, or braces
    written as entities. A post whose Markdown body holds `{% include %}` or `{{< youtube >}}`
    is a post.
    """
    if in_template_folder(name) or (name or "").lower().endswith(_TEMPLATE_EXTENSIONS):
        return True  # an include of plain HTML is part of the site's theme all the same
    if "{{" not in text and "{%" not in text and "<%" not in text:
        return False
    outside_code = _code_blanked(text)
    tags = list(_TEMPLATE_TAG.finditer(outside_code))
    if not tags:
        return False
    front = _LEADING_FRONT_MATTER.match(text)
    if front and any(tag.start() < front.end() for tag in tags):
        return True
    if _ESCAPED_BRACE.search(text) or _text_heavy(outside_code, tags):
        return False
    if any(_shapes_a_page(tag) for tag in tags):
        return True
    # HTML interleaved with values (`<title>{{ page.title }}</title>`) is a template too;
    # a Markdown body that uses a few values or includes is a post.
    body = _TEMPLATE_TAG.sub("", text[front.end() :] if front else text)
    if (name or "").lower().endswith(_MARKDOWN_EXTENSIONS) and _written_as_a_post(body, tags):
        return False
    return looks_like_html(body)


_SHORTCODE = re.compile(r"\{\{[<%]")
# A paragraph of prose: a block that opens with a word, of a sentence's length.
_PROSE_BLOCK = re.compile(r"(?:\A|\n[ \t]*\n)[ \t]*[^\W\d_][^\n]{40,}")


def _written_as_a_post(body: str, tags: list[re.Match[str]]) -> bool:
    """A Markdown file whose only tags are shortcodes, or that holds paragraphs of prose
    between its HTML (`body`, its tags taken out), is a post however much HTML it has
    (an embed, a table of contents)."""
    if all(_SHORTCODE.match(tag.group(0)) for tag in tags):
        return True
    return len(_PROSE_BLOCK.findall(body)) >= 2


def _shapes_a_page(tag: re.Match[str]) -> bool:
    if tag.group("ejs") is not None:
        return True  # a post never holds EJS outside code; a Hexo theme is made of it
    word = tag.group("liquid") or tag.group("go") or ""
    return bool(_LAYOUT_WORDS.fullmatch(word.lstrip("-<%")))


@cache
def _words() -> re.Pattern[str]:
    """A word, or a CJK character: compiled when a text with template tags is weighed (its
    CJK ranges take milliseconds to compile)."""
    return re.compile(r"[^\W\d_]+|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _text_heavy(outside_code: str, tags: list[re.Match[str]]) -> bool:
    prose = _HTML_MARKUP.sub(" ", _TEMPLATE_TAG.sub(" ", outside_code))
    return len(_words().findall(prose)) > _WORDS_PER_TAG_OF_A_DUMP * len(tags)


_QUIET_START = re.compile(r"<(?:!--|style\b|script\b)", re.I)
_QUIET = re.compile(r"<!--[\s\S]*?-->|<(?P<tag>style|script)\b[^>]*>[\s\S]*?</(?P=tag)\s*>", re.I)


def nothing_to_clean(text: str) -> str | None:
    """Why `text` needs no work, or None: empty, or only style, script and comments.

    Such a file (an empty post, an include holding a `<style>`) is not a dump a filter could
    improve; turning it into nothing would be a loss, and refusing it would block a commit.
    """
    text = text.lstrip("\ufeff").strip()
    if not text:
        return "empty"
    # Looked at only when it opens like one: most files open with words or other markup.
    if _QUIET_START.match(text) and not _QUIET.sub("", text).strip():
        return "no text: only style, script or comments"
    return None


def skip_reason(text: str, name: str | None = None) -> str | None:
    """Why `text` is passed through untouched ("empty", "no text: …", "template"), or None."""
    return nothing_to_clean(text) or ("template" if is_template(text, name) else None)
