"""What a whole saved page says about itself, read for the front matter.

`page_metadata` reads a page's title, dates, author, description, canonical
URL, cover image, language, tags and categories from what sites write for
search engines and social networks: `<meta>` (Open Graph, `twitter:`, Dublin
Core, `parsely-*`, `sailthru.*`), JSON-LD, microdata, `<time datetime>` and a
few theme conventions (Blogger's `<abbr class="published">`, hAtom's `vcard`).
Only what the page states is returned; nothing is guessed from the text.

`byline_kind` tells whether a short line of the body ("By Jane Doe · April 5,
2023 · 4 min read") only restates that metadata, so it can leave the body.

Dates are strings as a site generator reads them: a date alone stays
`YYYY-MM-DD`; a date with a time is written `YYYY-MM-DDTHH:MM:SS`, followed by
the page's own offset as `+HH:MM` (or `Z`) when it gives one. Fractions of a
second are dropped. A date that cannot be read is passed over for the next
source rather than written as it stands.

Every lookup is an XPath query or a dict access: no Python loop walks the tree.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import cache, cached_property, partial
from itertools import chain
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml.html import HtmlElement

from normalize.convert.plaintext import is_dateline
from normalize.filters.frontmatter import bot_date, site_date
from normalize.markup.links import host_of, joined

# --- Reading values -----------------------------------------------------------

_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def clean_text(value: object) -> str:
    """A value as one line of text: tags dropped, entities decoded, whitespace collapsed."""
    if not isinstance(value, str):
        return ""
    if "<" in value:
        value = _TAG.sub(" ", value)
    return _SPACE.sub(" ", html.unescape(value)).strip()


def text_content(element: Any) -> str:
    """The text of an element and all it holds (lxml.html's text_content, for any lxml element)."""
    return _text_writer()(element)


@cache
def _text_writer() -> Callable[[Any], str]:
    """lxml writing an element's text: the string XPath's string() gives, made faster."""
    from lxml import etree

    return partial(etree.tostring, method="text", encoding="unicode", with_tail=False)


@cache
def _xpath(query: str) -> Any:
    """The query compiled once; its strings plain, not tied to their elements (cheaper)."""
    from lxml import etree  # imported when a page is read: a plain run does without lxml

    return etree.XPath(query, smart_strings=False)


def _class_has(name: str) -> str:
    """An XPath test for a class token (not a substring of another class name).

    The plain substring test goes first: it is cheap, and most elements fail it.
    """
    return f"(contains(@class, '{name}') and contains(concat(' ', normalize-space(@class), ' '), ' {name} '))"


def _meta_tags(root: HtmlElement) -> dict[str, list[str]]:
    """`<meta>` contents by lower-cased `property`, `name` and `http-equiv`, in page order,
    as written: a page has many a tag no key is read from, so each is cleaned when read."""
    tags: dict[str, list[str]] = {}
    for meta in root.xpath("//meta[@content][@property or @name or @http-equiv]"):
        content = meta.get("content")
        # RDFa lets one tag carry several properties: `property="og:title twitter:title"`.
        names = f"{meta.get('property', '')} {meta.get('name', '')} {meta.get('http-equiv', '')}"
        for key in dict.fromkeys(names.lower().split()):
            tags.setdefault(key, []).append(content)
    return tags


# --- JSON-LD ------------------------------------------------------------------

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "LiveBlogPosting",
        "TechArticle",
        "ScholarlyArticle",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "Report",
    }
)
# Pages describe themselves too (Yoast writes a WebPage beside the Article): a weaker source.
PAGE_TYPES = frozenset(
    {"WebPage", "ItemPage", "AboutPage", "CollectionPage", "ProfilePage", "QAPage", "FAQPage"}
)
_NESTED_DEPTH = 6  # @graph inside a list inside mainEntity … deeper is not a page's metadata
_COMMENT_WRAP = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _parse_json_ld(text: str) -> Any:
    """A script's JSON, forgiving comment wrappers and trailing commas; None when unreadable."""
    text = _COMMENT_WRAP.sub("", text.strip())
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return json.loads(attempt, strict=False)  # strict=False: raw newlines in strings
        except (ValueError, RecursionError):
            continue
    return None


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every object of a JSON-LD block: lists, `@graph` and `mainEntity` opened."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, depth = stack.pop(0)
        if depth > _NESTED_DEPTH:
            continue
        if isinstance(item, list):
            stack[:0] = [(child, depth + 1) for child in item]
        elif isinstance(item, dict):
            yield item
            for key in ("@graph", "mainEntity"):
                if isinstance(item.get(key), (list, dict)):
                    stack.append((item[key], depth + 1))


def _ld_types(obj: dict[str, Any]) -> set[str]:
    """An object's types without their vocabulary: `http://schema.org/NewsArticle` → NewsArticle."""
    kinds = obj.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return {re.split(r"[/:#]", name)[-1] for name in names if isinstance(name, str)}


class _JsonLd:
    """The page's JSON-LD: the article it describes, the page, the site, and `@id` references."""

    def __init__(self, root: HtmlElement) -> None:
        self.objects: list[dict[str, Any]] = []
        for script in root.xpath("//script/@type[.='application/ld+json']/.."):
            self.objects.extend(_ld_objects(_parse_json_ld(script.text or "")))
        self.by_id = {o["@id"]: o for o in self.objects if isinstance(o.get("@id"), str)}
        self.article = self._first(ARTICLE_TYPES)
        self.page = self._first(PAGE_TYPES)
        self.site = self._first(frozenset({"WebSite"}))

    def _first(self, kinds: frozenset[str]) -> dict[str, Any]:
        return next((o for o in self.objects if _ld_types(o) & kinds), {})

    def resolve(self, value: Any) -> Any:
        """A `{"@id": …}` reference replaced by the object it names, when the page has it."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
            return self.by_id.get(value.get("@id"), value)
        return value

    def names(self, value: Any) -> list[str]:
        """The names in a person, an organisation, a list of them, or a plain string."""
        value = self.resolve(value)
        if isinstance(value, list):
            return [name for item in value[:20] for name in self.names(item)]
        if isinstance(value, dict):
            value = value.get("name")
            if isinstance(value, list):  # {"name": ["Jane Doe"]} is seen too
                value = value[0] if value else None
        return [clean_text(value)] if isinstance(value, str) else []

    def url(self, value: Any) -> str:
        """An image or link: a string, an ImageObject (`url`/`contentUrl`) or the first of a list."""
        value = self.resolve(value)
        if isinstance(value, list):
            return next((url for url in map(self.url, value[:10]) if url), "")
        if isinstance(value, dict):
            return self.url(value.get("url") or value.get("contentUrl"))
        return clean_text(value)


# --- Dates --------------------------------------------------------------------

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?)?(?!\d)"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            # English, then German and French where they differ
            ("january", "jan", "januar", "janvier", "janv"),
            ("february", "feb", "februar", "février", "févr"),
            ("march", "mar", "märz", "mars"),
            ("april", "apr", "avril"),
            ("may", "mai"),
            ("june", "jun", "juni", "juin"),
            ("july", "jul", "juli", "juillet", "juil"),
            ("august", "aug", "août"),
            ("september", "sept", "sep", "septembre"),
            ("october", "oct", "oktober", "okt", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "dezember", "dez", "décembre", "déc"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# A date as pages print it. Two-digit years are left out: "5/4/23" says too little.
_WRITTEN_DATE = re.compile(
    rf"(?<![\d/.-])(?:(?P<mon1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th|\.|er)?\s+(?:of\s+)?(?P<mon2>{_MONTH}),?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})(?P<sep3>[-/.])(?P<m3>\d{1,2})(?P=sep3)(?P<d3>\d{1,2})"
    r"|(?P<y4>\d{4})\s*年\s*(?P<m4>\d{1,2})\s*月\s*(?P<d4>\d{1,2})\s*[日号]?"
    r"|(?P<a5>\d{1,2})(?P<sep5>[-/.])(?P<b5>\d{1,2})(?P=sep5)(?P<y5>\d{4}))(?![\d/-])",
    re.IGNORECASE,
)


def _day(year: str | int, month: str | int, day: str | int) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def written_dates(match: re.Match[str]) -> list[date]:
    """The days a printed date can mean: one, or two for `05/04/2023` (day or month first)."""
    g = match.groupdict()
    if g["y1"]:
        readings = [_day(g["y1"], _MONTHS[g["mon1"].lower().rstrip(".")], g["d1"])]
    elif g["y2"]:
        readings = [_day(g["y2"], _MONTHS[g["mon2"].lower().rstrip(".")], g["d2"])]
    elif g["y3"]:
        readings = [_day(g["y3"], g["m3"], g["d3"])]
    elif g["y4"]:
        readings = [_day(g["y4"], g["m4"], g["d4"])]
    elif g["sep5"] == ".":  # 05.04.2023: dotted dates put the day first, wherever they are used
        readings = [_day(g["y5"], g["b5"], g["a5"])]
    else:
        readings = [_day(g["y5"], g["b5"], g["a5"]), _day(g["y5"], g["a5"], g["b5"])]
    return list(dict.fromkeys(day for day in readings if day))


def _offset(zone: str) -> str:
    """`+0800` or `+08` as `+08:00`; `Z` stays."""
    if zone == "Z":
        return zone
    digits = zone[1:].replace(":", "")
    return f"{zone[0]}{digits[:2]}:{digits[2:4] or '00'}"


def page_date(value: str) -> str | None:
    """A page's date as `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[±HH:MM|Z]`; None when unreadable."""
    value = value.strip()
    iso = _ISO.match(value)
    if iso:
        day = _day(iso["y"], iso["mo"], iso["d"])
        if day is None:
            return None
        if iso["h"] is None:
            return day.isoformat()
        try:
            moment = datetime(day.year, day.month, day.day, int(iso["h"]), int(iso["mi"]))
            moment = moment.replace(second=int(iso["s"] or 0))
        except ValueError:
            return None
        return moment.isoformat() + (_offset(iso["tz"]) if iso["tz"] else "")
    instant = bot_date(value)  # RFC 1123, as feeds and some CMSes write it
    if instant is not None:
        return site_date(instant, None)
    written = _WRITTEN_DATE.search(value)
    readings = written_dates(written) if written else []
    return readings[0].isoformat() if len(readings) == 1 else None


def _same_moment(first: str, second: str) -> bool:
    """Two page dates naming one moment (`Z` and `+00:00` alike), or one day when either has no time."""
    if len(first) == 10 or len(second) == 10:
        return first[:10] == second[:10]
    try:
        return datetime.fromisoformat(first.replace("Z", "+00:00")) == datetime.fromisoformat(
            second.replace("Z", "+00:00")
        )
    except (TypeError, ValueError):  # an aware moment against a naive one
        return first[:19] == second[:19]


# --- Where each key is read from ----------------------------------------------

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "citation_publication_date",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
)
# Microdata of the post, not of a comment under it.
_NOT_IN_COMMENT = "[not(ancestor::*[@itemtype][1][contains(@itemtype, 'Comment')])]"
_DATE_HEADER = f"//*[@class][{_class_has('date-header')}]"
_FIRST_POST_TIME = f"(//*[{_class_has('author')}]//time[@datetime])[1]"
_PUBLISHED_TIMES = (
    "//time[@pubdate]",
    f"//time[{_class_has('published')} or {_class_has('entry-date')}]",
    # A <time> in the article, unless it says when the article was changed.
    "//article//time[@datetime][not(@itemprop='dateModified')]"
    f"[not({_class_has('updated')})][not({_class_has('modified')})]",
)
_PUBLISHED_MARKUP = (
    "//*[@itemprop='datePublished']" + _NOT_IN_COMMENT,
    _PUBLISHED_TIMES[0],
    f"//abbr[{_class_has('published')}]",
    *_PUBLISHED_TIMES[1:],
    _DATE_HEADER,  # Blogger: "Wednesday, April 5, 2023" above the post
    _FIRST_POST_TIME,  # a forum thread's first post
)
# A post's links to its tags and categories, inside the post (its <article> or
# `hentry`) and not in its comments.
# A post's links to its tags and categories; they count inside the post only.
_TAG_LINKS = (  # the plain `contains` first: it is cheap, and most links fail it
    "//a[contains(@rel, 'tag')][contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]"
    "[not(contains(concat(' ', normalize-space(@rel), ' '), ' category '))]"
)
_CATEGORY_LINKS = (
    "//a[contains(@rel, 'category') and contains(concat(' ', normalize-space(@rel), ' '), ' category ')"
    " or contains(@href, '/categories/')]"
)
# What holds the post: its <article>, or an element of class `hentry` or `post`.
_POST_CLASSES = frozenset({"hentry", "post"})
# Headings themes mark as the post's title (a logo's <h1> may stand above them).
_TITLE_CLASSES = ("entry-title", "post-title", "article-title", "topic-title")
_TITLE_MARKUP = (  # the cheap tests first: each is made of every element of the page
    "//*[@class][contains(@class, 'title')][self::h1 or self::h2 or self::h3]"
    f"[{' or '.join(map(_class_has, _TITLE_CLASSES))}]"
)
# Where themes print the date for readers: a byline or meta line, checked when nothing above says.
_DATE_LINE_CLASSES = ("byline", "post-meta", "entry-meta", "posted-on", "post-date")
_DATE_LINES = (
    "//*[@class][" + " or ".join(f"contains(@class, '{c}')" for c in _DATE_LINE_CLASSES) + "]"
)
# An element the site classes as a date ("date", "post-date", "ar_date"), outside the
# page's header, menus, sidebars, event lists and comments (today's date, other days).
_DATE_ELEMENTS = (
    "//*[@class][contains(@class, 'date')]"
    "[contains(concat(' ', normalize-space(@class), ' '), ' date ')"
    " or contains(concat(normalize-space(@class), ' '), '-date ')"
    " or contains(concat(normalize-space(@class), ' '), '_date ')]"
    "[not(ancestor::article[preceding::article or following::article])]"  # a teaser's
    "[not(ancestor-or-self::*[self::nav or self::aside or self::footer or self::header"
    + "".join(
        f" or contains(@class, '{word}') or contains(@id, '{word}')"
        for word in ("comment", "menu", "nav", "sidebar", "widget", "event", "calendar")
    )
    + "])]"
)
# Short lines of the article: of the one <article>, or of the one with the title
# (a page's other <article>s are teasers, with dates of their own); else the
# lines that follow the title.
_ARTICLE_LINES = (
    "(//article[not(preceding::article or following::article) or .//h1]"
    "//*[self::p or self::div or self::span or self::small or self::header]"
    "[string-length(normalize-space()) <= 80])[position() <= 40]"
)
_TITLE_LINES = "(//h1)[position() <= 3]/following-sibling::*[1]"
_SAYS_UPDATED = re.compile(r"updated|modified|edited|更新|修改", re.IGNORECASE)
# A blog's permalink: /2015/06/08/slug/ or /2015-06-08-slug.
_URL_DATE = re.compile(r"/((?:19|20)\d{2})([/-])(\d{2})\2(\d{2})(?:[/-]|\.html?$|$)")
_MODIFIED_MARKUP = (
    "//*[@itemprop='dateModified']" + _NOT_IN_COMMENT,
    f"//abbr[{_class_has('updated')}]",
    f"//time[{_class_has('updated')}]",
)
_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
)
_VCARD_AUTHOR = (
    f"//*[@class][{_class_has('vcard')}][{_class_has('author')} or {_class_has('post-author')}]"
    f"//*[{_class_has('fn')}]"
)
# A forum thread (phpBB): the first post's author is the thread's.
_FIRST_POST_AUTHOR = f"(//*[{_class_has('author')}]//a[{_class_has('username')} or {_class_has('username-coloured')}])[1]"
_AUTHOR_MARKUP = (
    "//*[@itemprop='author']" + _NOT_IN_COMMENT,
    "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]",
    _VCARD_AUTHOR,
    _FIRST_POST_AUTHOR,
)
_HEADLINE_MARKUP = "//*[@itemprop='headline']"
# What a query needs of the page to pick anything: one of these words in the values
# of an attribute ("tag": in the names of its rare elements). Each query walks the
# whole page; each attribute's values are read once, and a query they rule out is not run.
_NEEDED: dict[str, list[tuple[str, str]]] = {
    _DATE_HEADER: [("class", "date-header")],
    _FIRST_POST_TIME: [("class", "author")],
    _VCARD_AUTHOR: [("class", "vcard")],
    _FIRST_POST_AUTHOR: [("class", "username")],
    _TITLE_MARKUP: [("class", word) for word in _TITLE_CLASSES],
    _DATE_LINES: [("class", word) for word in _DATE_LINE_CLASSES],
    _DATE_ELEMENTS: [("class", "date")],
    _PUBLISHED_MARKUP[0]: [("itemprop", "datePublished")],
    _MODIFIED_MARKUP[0]: [("itemprop", "dateModified")],
    _AUTHOR_MARKUP[0]: [("itemprop", "author")],
    _HEADLINE_MARKUP: [("itemprop", "headline")],
    _TAG_LINKS: [("rel", "tag")],
    _CATEGORY_LINKS: [("rel", "category"), ("href", "/categories/")],
    _AUTHOR_MARKUP[1]: [("rel", "author")],
    **{query: [("tag", "time")] for query in (*_PUBLISHED_TIMES, _MODIFIED_MARKUP[2])},
    **{query: [("tag", "abbr")] for query in (_PUBLISHED_MARKUP[2], _MODIFIED_MARKUP[1])},
    _ARTICLE_LINES: [("tag", "article")],
}
# The elements many pages lack, read in one query for the "tag" needs above.
_RARE_ELEMENTS = "//time | //abbr | //article"
_TITLE_META = ("og:title", "twitter:title", "parsely-title", "sailthru.title", "dc.title")
_DESCRIPTION_META = ("description", "og:description", "twitter:description", "dc.description")
_IMAGE_META = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
)
_LANG_META = ("og:locale", "content-language", "language", "dc.language")


class _Page:
    """One page's sources, read once, and the rules that choose among them."""

    def __init__(self, root: HtmlElement, url: str | None) -> None:
        self.root = root
        self.url = url
        self.meta = _meta_tags(root)
        self.cleaned_meta: dict[str, list[str]] = {}
        self.attribute_values: dict[str, str] = {}
        self.ld = _JsonLd(root)

    def first_meta(self, keys: Iterable[str]) -> str:
        return next((values[0] for key in keys if (values := self.all_meta(key))), "")

    def all_meta(self, key: str) -> list[str]:
        """The tag's contents as text, the empty ones left out."""
        if key not in self.meta:
            return []
        if key not in self.cleaned_meta:
            contents = map(clean_text, self.meta.get(key, []))
            self.cleaned_meta[key] = [content for content in contents if content]
        return self.cleaned_meta[key]

    def markup_value(self, element: HtmlElement) -> str:
        """What a marked element states: `content`, `datetime` or `title`, else its text."""
        for attr in ("content", "datetime", "title"):
            if element.get(attr):
                return clean_text(element.get(attr))
        return clean_text(text_content(element))

    def find(self, query: str) -> list[HtmlElement]:
        """What the query picks; nothing, unread, when the page lacks what it needs."""
        needs = _NEEDED.get(query)
        if needs and not any(word in self.values_of(attribute) for attribute, word in needs):
            return []
        return list(self.root.xpath(query))

    def values_of(self, attribute: str) -> str:
        """Every value the page gives the attribute, in one string ("tag": the names of
        its rare elements)."""
        if attribute not in self.attribute_values:
            if attribute == "tag":
                values = [element.tag for element in self.root.xpath(_RARE_ELEMENTS)]
            else:
                values = _xpath(f"//@{attribute}")(self.root)
            self.attribute_values[attribute] = " ".join(values)
        return self.attribute_values[attribute]

    def markup_values(self, query: str, limit: int = 1) -> list[str]:
        values = (self.markup_value(element) for element in self.find(query)[:limit])
        return [value for value in values if value]

    # --- dates

    def dates(self, ld_key: str, meta_keys: tuple[str, ...], markup: tuple[str, ...]) -> str:
        """The first readable date among JSON-LD, `<meta>`, then the page's markup."""
        candidates: list[Any] = [self.ld.article.get(ld_key)]
        candidates += [value for key in meta_keys for value in self.all_meta(key)[:1]]
        candidates.append(self.ld.page.get(ld_key))
        from_markup = (value for query in markup for value in self.markup_values(query))
        values = chain((v for v in candidates if isinstance(v, str)), from_markup)
        return next(filter(None, map(page_date, values)), "")

    def published(self, source: str) -> str:
        return (
            self.dates("datePublished", _PUBLISHED_META, _PUBLISHED_MARKUP)
            or self.printed_date()
            or _url_date(source or self.url or "")
        )

    def printed_date(self) -> str:
        """The date a byline or a date line shows readers ("Posted on April 5, 2023").

        Only a line that names one day and says nothing of an update, so a
        "Last updated" footer is not taken for the day the post went out.
        """
        byline = self._one_date_of(self.find(_DATE_LINES)[:3])
        if byline:
            return byline
        lines = (clean_text(text_content(element)) for element in self.find(_ARTICLE_LINES))
        dateline = next((page_date(line) or "" for line in lines if is_dateline(line)), "")
        return dateline or self.title_date() or self._one_date_of(self.find(_DATE_ELEMENTS)[:3])

    @staticmethod
    def _one_date_of(elements: list[Any]) -> str:
        """The date of the first element that names one day and no update."""
        for element in elements:
            text = clean_text(text_content(element))
            dates = list(_WRITTEN_DATE.finditer(text)) if len(text) <= BYLINE_MAX else []
            if len(dates) == 1 and not _SAYS_UPDATED.search(text):
                return page_date(dates[0].group()) or ""
        return ""

    def title_date(self) -> str:
        """The first date of the short line right below the title ("Written: … / Updated: …"),
        unless what comes before it says it is an update."""
        for element in self.root.xpath(_TITLE_LINES):
            text = clean_text(text_content(element))
            found = _WRITTEN_DATE.search(text) if len(text) <= BYLINE_MAX else None
            if found and not _SAYS_UPDATED.search(text[: found.start()]):
                return page_date(found.group()) or ""
        return ""

    def updated(self, published: str) -> str:
        modified = self.dates("dateModified", _MODIFIED_META, _MODIFIED_MARKUP)
        return "" if published and _same_moment(modified, published) else modified

    # --- people, words, places

    def authors(self) -> list[str]:
        """The names from the first source that gives any, in order, each once."""
        sources = chain(
            [self.ld.names(self.ld.article.get("author"))],
            (self.all_meta(key) for key in _AUTHOR_META),
            (self.markup_authors(query) for query in _AUTHOR_MARKUP),
            [self.ld.names(self.ld.page.get("author"))],
        )
        for names in sources:
            usable = list(dict.fromkeys(filter(None, map(_person, names))))
            if usable:
                return usable
        return []

    def markup_authors(self, query: str) -> list[str]:
        """Microdata authors are often a Person with an `itemprop=name` inside."""
        names = []
        for element in self.find(query)[:10]:
            inner = element.xpath(".//*[@itemprop='name']")
            named = inner[0] if inner else element
            # Not markup_value: a link's `title` is "author profile", not a name.
            names.append(clean_text(named.get("content") or text_content(named)))
        return names

    def site_names(self) -> list[str]:
        publisher = self.ld.resolve(self.ld.article.get("publisher"))
        return [
            *self.all_meta("og:site_name")[:1],
            *self.all_meta("application-name")[:1],
            *self.ld.names(publisher),
            *self.ld.names(self.ld.site),
        ]

    def title(self, host: str) -> str:
        headline = self.ld.article.get("headline") or self.ld.article.get("name")
        candidates: list[Callable[[], list[str] | str]] = [  # called in turn: XPath costs
            lambda: self.first_meta(_TITLE_META[:1]),
            lambda: clean_text(headline),
            lambda: self.first_meta(_TITLE_META[1:]),
            lambda: self.markup_values(_HEADLINE_MARKUP),
            lambda: self.markup_values(_TITLE_MARKUP),
            self.heading,
            lambda: clean_text(self.ld.page.get("name")),
            lambda: [clean_text(text_content(t)) for t in self.root.xpath("//title")[:1]],
        ]
        title = next((t for t in map(_first_value, candidates) if t), "")
        return without_site_name(title, self.site_names(), host)

    def heading(self) -> str:
        """The article's `<h1>`, or the page's only one (several: a logo and the post, say),
        when the page's `<title>` names it."""
        headings = self.root.xpath("//article//h1")
        if not headings:
            headings = self.root.xpath("//h1")
            if len(headings) != 1:
                return ""
        text = clean_text(text_content(headings[0]))
        if _comparable(text) in map(_comparable, self.site_names()):
            return ""
        # A <title> that does not name the heading says what the page is ("Site index").
        titles = [clean_text(text_content(t)) for t in self.root.xpath("//title")[:1]]
        return "" if titles and titles[0] and text not in titles[0] else text

    def description(self) -> str:
        return self.first_meta(_DESCRIPTION_META) or clean_text(
            self.ld.article.get("description") or self.ld.page.get("description")
        )

    @cached_property
    def bases(self) -> list[str]:
        return list(_xpath("//base/@href")(self.root))

    def base(self, source: str) -> str:
        """The URL relative links are read against: `<base href>`, else the page's own."""
        page_url = source or self.url or ""
        bases = self.bases
        return joined(page_url, bases[0].strip()) if bases else page_url

    def source(self) -> str:
        """The canonical URL, else `og:url`, else the URL the caller gave; only absolute ones."""
        given = self.url or ""
        base = self.base(given)
        candidates = [*self.root.xpath("//link[@rel='canonical']/@href")[:1]]
        candidates += [*self.all_meta("og:url")[:1], self.ld.url(self.ld.article.get("url"))]
        for candidate in candidates:
            absolute = joined(base, clean_text(candidate)) if candidate else ""
            if absolute.startswith(("http://", "https://")) and host_of(absolute):
                return absolute
        return given

    def image(self, source: str) -> str:
        image = self.first_meta(_IMAGE_META) or self.ld.url(
            self.ld.article.get("image") or self.ld.page.get("image")
        )
        if not image:
            image = next(iter(self.root.xpath("//link[@rel='image_src']/@href")), "")
        base = self.base(source)
        return joined(base, image) if image and base else image

    def lang(self) -> str:
        document = self.root.getroottree().getroot()
        written = (document.get("lang") or document.get("xml:lang") or "").strip()
        if written:
            return written
        stated = clean_text(self.ld.article.get("inLanguage") or self.ld.page.get("inLanguage"))
        return _locale(stated or self.first_meta(_LANG_META))

    def tags(self) -> list[str]:
        return _first_words(
            lambda: self.all_meta("article:tag"),
            lambda: self.ld.article.get("keywords"),
            lambda: self.all_meta("parsely-tags")[:1],
            lambda: self.all_meta("sailthru.tags")[:1],
            lambda: self.ld.page.get("keywords"),
            lambda: self.post_links(_TAG_LINKS),  # the post's own labels (Blogger, WordPress, Hexo)
            lambda: self.all_meta("keywords")[:1],  # the least trusted: stuffed for search engines
        )

    def post_links(self, query: str) -> list[str]:
        """The text of the post's links that `query` picks, inside the post only: a
        sidebar's list of every category is not this post's."""
        links = [link for link in self.find(query) if _in_post(link)]
        return [clean_text(text_content(link)) for link in links][:50]

    def categories(self) -> list[str]:
        return _first_words(
            lambda: self.all_meta("article:section"),
            lambda: self.ld.article.get("articleSection"),
            lambda: self.all_meta("parsely-section")[:1],
            lambda: self.post_links(_CATEGORY_LINKS),
        )


def _in_post(element: HtmlElement) -> bool:
    return any(
        ancestor.tag == "article" or _POST_CLASSES & set((ancestor.get("class") or "").split())
        for ancestor in element.iterancestors()
    )


def _first_value(source: Callable[[], list[str] | str]) -> str:
    value = source()
    return value if isinstance(value, str) else next((v for v in value if v), "")


def _first_words(*sources: Callable[[], Any]) -> list[str]:
    """The words of the first source that gives any; later sources are not asked."""
    return next((words for words in (_word_list(source()) for source in sources) if words), [])


def _url_date(url: str) -> str:
    """The day in a blog's permalink, `/2015/06/08/slug/`; empty when there is none."""
    found = _URL_DATE.search(url.split("?")[0].split("#")[0])
    day = _day(found[1], found[3], found[4]) if found else None
    return day.isoformat() if day else ""


_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|www\.|/)", re.IGNORECASE)
_BY = re.compile(r"^(?:by|written by|posted by|author)\s*:?\s+|^作者\s*[:：]\s*", re.IGNORECASE)


def _person(name: str) -> str:
    """A name as a person reads it: no "By " before it; links and handles are not names."""
    name = _BY.sub("", clean_text(name))
    if not name or len(name) > 100 or _URL_LIKE.match(name) or name.startswith("@"):
        return ""
    return name


def _word_list(value: Any) -> list[str]:
    """Tags or sections from a list, or one string separated by commas, each once."""
    items = value if isinstance(value, list) else [value]
    words: dict[str, str] = {}  # by their case-folded form: "Python" and "python" are one tag
    for item in items[:100]:
        if isinstance(item, str):
            for word in re.split(r"\s*[,，、;；]\s*", clean_text(item)):
                word = _TAG_PREFIX.sub("", word)
                if not _MACHINE_KEY.match(word):
                    words.setdefault(word.casefold(), word)
    return [word for word in words.values() if word]


# Keywords some platforms fill with their own flags: "Tag:Testing" is a tag,
# "Elevated:false" and "LockedPostSource:NONE" are not.
_TAG_PREFIX = re.compile(r"^(?:tag|topic|keyword):(?=\S)", re.I)
_MACHINE_KEY = re.compile(r"^\w+:\S")


def _locale(value: str) -> str:
    """`en_US` as `en-US`, `zh_cn` as `zh-CN`: language, then region, as HTML writes them."""
    parts = re.split(r"[-_]", value.strip())
    if not parts[0]:
        return ""
    region = [p.upper() if len(p) == 2 else p for p in parts[1:]]
    return "-".join([parts[0].lower(), *region])


def _comparable(text: str) -> str:
    """Text reduced for comparing names: letters and digits only, lower-cased."""
    return re.sub(r"[\W_]+", "", text).casefold()


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "edu", "ac", "ne", "or", "go"})


def _host_names(host: str) -> set[str]:
    """What a site's name may be when it is only its host: blog.example.com, example.com, example.

    Never a bare suffix: "uk" or "co" of bbc.co.uk is no site's name.
    """
    labels = host.lower().removeprefix("www.").split(".")
    domains = [labels[i:] for i in range(len(labels) - 1)]
    names = {".".join(domain) for domain in domains}
    names |= {domain[0] for domain in domains if domain[0] not in _SECOND_LEVEL}
    return {_comparable(name) for name in names}


# A title's last separator for a site's name after it, its first for one before it
# (Blogger writes "Blog name: Post").
_SITE_AFTER = re.compile(r"^(?P<title>.+\S)\s+[|\-–—·»]{1,2}\s+(?P<site>\S.*)$")
_SITE_BEFORE = re.compile(r"^(?P<site>.+?\S)(?:\s+[|\-–—·»]{1,2}|:)\s+(?P<title>\S.*)$")


def without_site_name(title: str, sites: list[str], host: str = "") -> str:
    """`Title | Site` (or `Site | Title`) without the site, when the page names that site."""
    names = {_comparable(site) for site in sites} | _host_names(host)
    names.discard("")
    for pattern in (_SITE_AFTER, _SITE_BEFORE):
        parts = pattern.match(title)
        if parts and _comparable(parts["site"]) in names:
            return parts["title"]
    return title


# --- The page's metadata --------------------------------------------------------


def page_metadata(root: HtmlElement, url: str | None = None) -> dict[str, Any]:
    """The front matter a page states about itself, keys in a fixed order, absent when unstated.

    `title`, `date`, `updated` (only when it differs from `date`), `author` (a
    list when several), `description`, `source`, `image`, `lang`, `tags` and
    `categories`. `root` is the page parsed by lxml (`lxml.html` or plain `etree`);
    `url` is where the page was fetched from, when known: it is the `source`
    when the page names no canonical URL, and relative images are read against it.
    """
    page = _Page(root, url)
    source = page.source()
    host = host_of(source or page.base("")) or ""
    published = page.published(source)
    authors = page.authors()
    found: dict[str, Any] = {
        "title": page.title(host),
        "date": published,
        "updated": page.updated(published),
        "author": authors[0] if len(authors) == 1 else authors,
        "description": page.description(),
        "source": source,
        "image": page.image(source),
        "lang": page.lang(),
        "tags": page.tags(),
        "categories": page.categories(),
    }
    return {key: _plain(value) for key, value in found.items() if value}


def _plain(value: Any) -> Any:
    """Plain strings: lxml's XPath strings know their element, and YAML cannot write them."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return str(value) if isinstance(value, str) else value


# --- Bylines ------------------------------------------------------------------

BYLINE_MAX = 120
_READING_TIME = re.compile(
    r"(?:(?:estimated\s+)?(?:reading|read)\s+time\s*[:：]?\s*(?:about\s+|~\s*)?)?"
    r"(?<!\d)\d{1,3}(?:\s*[-–]\s*\d{1,3})?\s*min(?:ute)?s?\.?(?:\s+(?:read|reading)\b)?"
    r"|(?:预计)?(?:阅读|閱讀)(?:时间|時間|时长|需要|约)?\s*[:：]?\s*(?:约|大约)?\s*\d{1,3}\s*分钟"
    r"|\d{1,3}\s*分钟(?:阅读|读完)",
    re.IGNORECASE,
)
_WORD_COUNT = re.compile(r"(?<!\d)\d[\d,.]*\s*(?:words|wörter|mots|字)", re.IGNORECASE)
_COMMENT_COUNT = re.compile(
    r"(?<!\d)\d{1,6}\s*(?:comments?|kommentare?|commentaires?|responses?|replies|条?评论|則留言)",
    re.IGNORECASE,
)
_SAYS_READING = re.compile(r"read|阅读|閱讀|读完", re.IGNORECASE)
_TIME_OF_DAY = re.compile(
    r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*(?:Z|UTC|GMT|(?-i:[A-Z]{1,3}T)|[+-]\d{2}:?\d{2})(?!\w))?"
    r"|T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|(?<!\d)\d{1,2}\s*[ap]\.?m\.?(?!\w)",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[\s|·•,:;/()\[\]\-–—_~*｜丨：，；、（）]+")
_CONNECTING = frozenset(
    "by posted published updated last modified originally written on in at and the "
    "min mins minute minutes read reading time date "
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun "
    # German and French bylines: "am 24. März 2004 um 19:49 Uhr von …", "publié le … par …"
    "am um uhr von veröffentlicht aktualisiert le par publié mis à jour".split()
)
# Chinese connecting words, longest first so that 发布于 goes before 发布.
_CJK_CONNECTING = sorted(
    "作者 发布于 发表于 发布时间 发表时间 发布日期 发表日期 发布 发表 更新于 更新时间 最后更新 最后更新于 "
    "更新 日期 时间 于 阅读 分钟 约 编辑 星期一 星期二 星期三 星期四 星期五 星期六 星期日 星期天 "
    "周一 周二 周三 周四 周五 周六 周日".split(),
    key=len,
    reverse=True,
)


def _metadata_days(metadata: dict[str, Any]) -> set[date]:
    """The days the metadata's `date` and `updated` name (YAML may have read them as dates)."""
    days: set[date] = set()
    for key in ("date", "updated"):
        value = metadata.get(key)
        if isinstance(value, datetime):
            value = value.date()
        fields = _ISO.match(value.strip()) if isinstance(value, str) else None
        day = _day(fields["y"], fields["mo"], fields["d"]) if fields else value
        if isinstance(day, date):
            days.add(day)
    return days


# Every written date has a year of four digits; a line without one is not searched for dates.
_YEAR = re.compile(r"\d{4}")


def _blanked(text: str, matches: list[re.Match[str]]) -> str:
    """The text with each match a space: `pattern.sub(" ", text)` from matches already found."""
    parts, end = [], 0
    for match in matches:
        parts += [text[end : match.start()], " "]
        end = match.end()
    return "".join(parts) + text[end:]


def _metadata_authors(metadata: dict[str, Any]) -> list[str]:
    authors = metadata.get("author")
    names = authors if isinstance(authors, list) else [authors]
    return sorted((n.strip() for n in names if isinstance(n, str) and n.strip()), key=len)[::-1]


def _whole_name(name: str) -> str:
    """A name not inside a longer word; Chinese writes no spaces, so there only the name."""
    before = r"(?<!\w)" if name[0].isascii() else ""
    after = r"(?!\w)" if name[-1].isascii() else ""
    return before + re.escape(name) + after


def _only_connecting(rest: str) -> bool:
    """Whether what is left of a line is separators and connecting words only."""
    for word in _SEPARATORS.split(rest.casefold()):
        if not word or word in _CONNECTING:
            continue
        for phrase in _CJK_CONNECTING:
            word = word.replace(phrase, "")
        if word:
            return False
    return True


def byline_kind(text: str, metadata: dict[str, Any]) -> str | None:
    """ "byline", "date line" or "reading time" when `text` only restates `metadata`; else None.

    The line may hold the author's name (as in `metadata["author"]`), dates
    (each one the metadata's `date` or `updated` day; `05/04/2023` matches when
    either reading does), a time of day, a reading time, separators and the
    words that join them ("By", "Posted on", "Updated:", "作者：", "发布于").
    Any other word means the line says more, and it stays.
    """
    line = clean_text(text)
    if not line or len(line) > BYLINE_MAX:
        return None
    rest, named, dated, timed = line, False, False, False
    for name in _metadata_authors(metadata):
        rest, count = re.subn(_whole_name(name), " ", rest, flags=re.IGNORECASE)
        named = named or count > 0
    days = _metadata_days(metadata)
    dates = list(_WRITTEN_DATE.finditer(rest)) if _YEAR.search(rest) else []
    for match in dates:
        if not days & set(written_dates(match)):
            return None  # a date the metadata does not hold: the line tells something new
        dated = True
    rest = _blanked(rest, dates)
    rest = _TIME_OF_DAY.sub(" ", rest) if dated else rest
    # "21 minutes · 4312 words": a word count says the minutes are reading time.
    rest, counted = _WORD_COUNT.subn(" ", rest)
    for match in _READING_TIME.finditer(rest):
        timed = timed or bool(counted or _SAYS_READING.search(match.group()))
    if timed:
        rest = _READING_TIME.sub(" ", rest)
    rest = _COMMENT_COUNT.sub(" ", rest)  # "71 Kommentare": the site's count, said nowhere else
    if not (named or dated or timed) or not _only_connecting(rest):
        return None
    return "byline" if named else "date line" if dated else "reading time"
