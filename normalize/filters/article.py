"""Whole pages: the article, not the site.

A saved page (an `<html>` document, or a fragment with page chrome around an
`<article>` or `<main>`) is read with lxml before the one bs4 parse. Its
metadata goes to the front matter, where the input has none of its own; its
article is found and only the article goes on down the chain, its links made
absolute when the page's address is known. Everything else is logged as
removed, so `-v`, `--report` and the output guard account for every word.

Finding the article: a container the page marks as the article's body
(`itemprop=articleBody`, a class such as `entry-content`), else its
`<article>`, else `<main>`; else the block that holds the most prose, scored
by paragraphs as readability does. Inside it, blocks that are the site
(share bars, related posts, comment threads, tag lists) go too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from typing import Any

from normalize.document import Document, Kind, Stage
from normalize.filters._page_meta import BYLINE_MAX, byline_kind, page_metadata, text_content
from normalize.filters.base import Filter
from normalize.loss_guard import STREAM_OVER, parsed_page_text
from normalize.markup.html import BLOCK_TAGS
from normalize.markup.links import host_of, joined
from normalize.rules import load_rules

# A URL with its scheme, or its host (`//cdn.example/x`): not relative to the page.
_ABSOLUTE = re.compile(r"[a-z][a-z0-9+.-]*:|//", re.I)
# A document, not a fragment: what a saved page or `curl URL` gives.
_PAGE = re.compile(r"<(?:html|head|body)[\s>]", re.I)
# A fragment with the site around its article.
_ARTICLE = re.compile(r"<(?:article|main)[\s>]", re.I)
_SITE = re.compile(r"<(?:nav|header|footer|aside)[\s>]", re.I)
# Elements a reader never sees; their text is not the page's.
_UNSEEN = ("script", "style", "noscript", "template", "link", "meta")
# Words that make a class name the page's layout rather than a block.
_LAYOUT_WORDS = frozenset({"layout", "has", "with", "no", "wrapper", "container", "template"})
_WORD_SPLIT = re.compile(r"[\W_]+")
_NAMES_KEPT = 50_000
_WHITE_SPACE = (" ", "\n", "\t", "\r", "\xa0", "\u3000")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Elements that make a block of their own.
_BLOCKS = tuple(sorted(BLOCK_TAGS - {"body", "html"}))
# Elements whose class or id can make them the article's body or a block of the site.
_CONTAINERS = frozenset(
    {
        "div",
        "section",
        "article",
        "main",
        "aside",
        "nav",
        "header",
        "footer",
        "ul",
        "ol",
        "dl",
        "span",
        "form",
        "table",
        "td",
        "center",
        "font",
    }
)
# ...and those whose class or id can make them a block of the site (`<p class="footer">`).
_SITE_BLOCKS = _CONTAINERS | {"p"}
# What a reader sees besides text.
_MEDIA = ("img", "picture", "video", "audio", "iframe", "svg", "object", "embed", "canvas")
# What makes a block more than a line of links.
_SUBSTANCE = ("img", "picture", "video", "iframe", "pre", "code", "table")
# A picture this small (or smaller) is an icon or an avatar.
_ICON_SIZE = 100
# Two letters in a row: a word, not a count such as 1.2K.
_WORDY = re.compile(r"[^\W\d_]{2}")
# Where a site's buttons lead.
_CALL_TO_ACTION = re.compile(
    r"sign[_-]?in|sign[_-]?up|log[_-]?in|register|subscribe|follow|sharer|share\?|intent/tweet",
    re.I,
)
# A box of links: at least this many links into the site, this share of its text.
_LINK_LISTS = ("div", "section", "aside", "ul", "ol", "table", "nav")
_LIST_LINKS = 3
_LIST_DENSITY = 0.6
# A credit line, whole: a label, then a name or an agency.
_CREDIT_HOLDERS = ("figcaption", "span", "small", "p", "div", "em", "i", "cite")
_CREDIT = re.compile(
    r"\(?\s*(?:(?:photo(?:graph)?s?|image|picture|illustration|credit|foto|bild|quelle)"
    r"\s*(?:by|:|von)|©|\(c\))\s*[^.!?]{1,80}\)?",
    re.I,
)
_CREDIT_LONGEST = 100  # the longest text _CREDIT matches in a flat text (one space between words)
# Bylines are looked for above this many paragraphs (a standfirst may come first).
_BYLINE_PARAGRAPHS = 3
# The label of a link to another story of the site.
_RELATED_LABEL = re.compile(
    r"(?:read more|read also|also read|related|see also|more on this|recommended"
    r"|weiterführende[rn]? links?|lesen sie auch|mehr zum thema|auch interessant)\s*[:：]?"
    r"|(?:相关阅读|推荐阅读|延伸阅读|相关文章)\s*[:：]?",
    re.I,
)
# What a heading's link to itself shows.
_ANCHOR_MARKS = frozenset({"", "#", "¶", "§", "🔗", "link", "permalink", "anchor"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Blocks whose text is prose when scoring a page that marks no article.
_PROSE = ("p", "pre", "blockquote", "td")
# Blocks whose own lines of text, parted by <br>, are prose too.
_LOOSE_PROSE_HOLDERS = ("div", "section", "article", "td")
_BLOCK_SET = frozenset(_BLOCKS)
# A paragraph beside the best block is the article's from this length on.
_SIBLING_PARAGRAPH = 80
# A block's wrappers are still the article while they add at most this share of its text.
_WRAPPER_GAIN = 1.3
# Another marked block is a part of the article when it holds this share of the largest's text.
_PART_SHARE = 0.2


def is_page(html: str) -> bool:
    """A whole page, or a fragment that holds an article and the site around it."""
    head = html[:4096]
    return bool(_PAGE.search(head) or (_ARTICLE.search(html) and _SITE.search(html)))


class Words:
    """The class, id and role of elements as words, matched against rule phrases."""

    def __init__(self, phrases: Iterable[str]) -> None:
        alternatives = "|".join(re.escape(" ".join(phrase.lower().split())) for phrase in phrases)
        self.pattern = re.compile(f"(?:^| )({alternatives})(?= |$)") if alternatives else None
        self.named: dict[str, str | None] = {}  # a page repeats its class names: each read once

    def match(self, element: Any) -> str | None:
        """The first phrase the element's class or id spells, or None."""
        if self.pattern is None:
            return None
        for name in (element.get("class"), element.get("id")):
            if name:
                spelled = self.named.get(name, "")
                if spelled == "":  # not read yet
                    if len(self.named) > _NAMES_KEPT:  # a long batch: start afresh
                        self.named.clear()
                    spelled = self.named[name] = self._spelled(name)
                if spelled:
                    return spelled
        return None

    def _spelled(self, name: str) -> str | None:
        assert self.pattern is not None
        for value in name.split():
            words = " ".join(_WORD_SPLIT.split(_CAMEL.sub("-", value).lower())).strip()
            if _LAYOUT_WORDS & set(words.split()):
                continue  # "has-sidebar", "sidebar-layout": the page's grid, not a sidebar
            found = self.pattern.search(words)
            if found:
                return found.group(1)
        return None


class ArticleFilter(Filter):
    name = "article"
    stage = Stage.HTML
    priority = 0
    # Runs on the page's HTML source, before the tree is built: a page's
    # site is cut before bs4 builds anything of it.
    reads_source = True
    description = (
        "Keep the article of a whole page; its title, date and author to the front matter."
    )
    defaults = {
        "content": [],  # more class or id words of a container that holds the article
        "chrome": [],  # more class or id words of blocks that are the site
        # A marked container is the article when it holds this much text, or
        # this share of the page's.
        "min_text": 200,
        "min_share": 0.25,
        # Front-matter keys under the names a site generator expects: {source = "link"}.
        "rename": {},
    }

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        rules = load_rules("article")
        self.content = Words([*rules["content"], *self.options["content"]])
        self.chrome = Words([*rules["chrome"], *self.options["chrome"]])
        self.page_chrome = Words(rules["page_chrome"])
        self.tags = frozenset(rules["tags"])
        self.page_tags = frozenset(rules["page_tags"])
        self.roles = frozenset(rules["roles"])

    def run(self, doc: Document) -> None:
        if doc.keep_format or doc.kind != Kind.HTML or doc.tree is not None:
            return  # a page rewritten in place keeps its site: it is the site
        html = doc.body or ""
        if not is_page(html):
            return
        root = parse_page(html)
        body = root.find("body") if root is not None else None
        if body is None:
            return
        found = page_metadata(root)  # before the scripts go: JSON-LD is in one
        for element in list(body.iter(*_UNSEEN)):
            drop_tree(element)  # unseen: not the page's text, no removal to log
        if len(html) <= STREAM_OVER:  # a bigger page's text is read as the guard needs it
            seen = parsed_page_text(root)  # the output guard's, read before any of it is cut
            if seen is not None:
                doc.seen_text = (html, seen)
        logged = len(doc.changes)
        article = self._article(doc, body)
        metadata = {**found, **(doc.metadata or {})}
        if metadata.get("title"):
            self._drop_title_heading(doc, article, str(metadata["title"]))
        base = base_url(root, found)
        host = host_of(base) or _commonest_host(root)
        self._trim_edges(doc, article, host)
        self._drop_related_links(doc, article, host)
        self._drop_link_lists(doc, article, host)
        self._drop_credits(doc, article)
        self._drop_heading_anchors(doc, article)
        self._simplify_pictures(doc, article)
        self._clear_head(doc, article, metadata)
        self._clear_tail(doc, article, metadata)
        if next(article.iter(*_MEDIA), None) is None and not _text_length(article):
            # All of it looked like the site: unsure, the page is kept whole.
            del doc.changes[logged:]
            self.log(doc, "kept", "no article found: the page is kept whole", warning=True)
            return
        self._add_metadata(doc, found)
        if base:
            absolute_links(article, base)
        doc.body = _inner_html(article) if article is body else _outer_html(article)

    def _article(self, doc: Document, body: Any) -> Any:
        """The article, with the site around and inside it cut."""
        article = self.marked_article(body)
        if article is None:
            # Nothing marks the article: the site goes first, then the prose is found.
            self._prune(doc, body, inside=False)
            article = self._prose_article(doc, body)
        self._cut_outside(doc, body, article)
        self._prune(doc, article, inside=article is not body)
        return article

    def _add_metadata(self, doc: Document, found: dict[str, Any]) -> None:
        """What the page says of itself, where the front matter has no word of its own."""
        rename = self.options["rename"]
        metadata = dict(doc.metadata or {})
        added = []
        for key, value in found.items():
            key = rename.get(key, key)
            if value and not metadata.get(key):
                metadata[key] = value
                added.append(key)
        if added:
            doc.metadata = metadata
            self.log(doc, "metadata", ", ".join(added))

    # --- finding the article ------------------------------------------------------------

    def marked_article(self, body: Any) -> Any:
        """The container the page marks as its article, when it holds enough of the text.

        An article marked in parts (a body split around an ad, a thread's posts)
        is the block that holds them all; a wrapper that adds little to it (a
        standfirst, a lead picture) is the article's too."""
        length = _measured()  # nothing changes the page while its article is looked for
        least, share = self.options["min_text"], self.options["min_share"]
        for tier in self._marked(body):
            tier = [element for element in tier if not self._in_site(element, body)]
            if not tier:
                continue
            best = max(tier, key=lambda element: (length(element), _depth(element)))
            size = length(best)
            # Too little text: less than both min_text and min_share of the page's (the
            # page is measured only when the block is short).
            if size < least and size < length(body) * share:
                continue
            parts = [
                element
                for element in tier
                if length(element) >= size * _PART_SHARE and not _nested(element, best)
            ]
            article = _common_ancestor([best, *parts], body)
            return _with_wrappers(article, body, length(article) * _WRAPPER_GAIN, length)
        return None

    def _in_site(self, element: Any, body: Any) -> bool:
        """Whether the element is, or lies inside, a block of the site (a sidebar's excerpts)."""
        while element is not None and element is not body:
            if self._chrome_kind(element, inside=False) is not None:
                return True
            element = element.getparent()
        return False

    def _prose_article(self, doc: Document, body: Any) -> Any:
        """The block with the most prose, with its siblings that hold prose too."""
        scores = _prose_scores(body)
        if not scores:
            return body
        best = max(scores, key=lambda element: scores[element])
        top = scores[best]
        threshold = max(_LITTLE_PROSE, top * 0.2)
        if top < _LITTLE_PROSE:
            # A page of a few lines (a comic, a gallery with captions): no block stands out,
            # so the article is what holds all of its lines that score near the best,
            # pictures between them included.
            best = _common_ancestor([e for e, score in scores.items() if score >= top / 2], body)
        # A wrapper that adds little (an intro, a caption) is the article's.
        best = _with_wrappers(best, body, _text_length(best) * _WRAPPER_GAIN)
        if best is body:
            return best
        parent = best.getparent()
        siblings = [child for child in parent if isinstance(child.tag, str)]
        if not any(
            scores.get(child, 0.0) >= threshold or _holds_prose_paragraph(child)
            for child in siblings
            if child is not best
        ):
            return best
        # A sibling without prose of its own is the site, unless it is a paragraph
        # of the article's (a short line, a list item written as a <div>) or holds
        # one (a section: a heading over a paragraph or two).
        for child in siblings:
            if scores.get(child, 0.0) >= threshold or _is_paragraph(child):
                continue
            if _text_length(child) and not _holds_prose_paragraph(child):
                self.log_removal(doc, "outside the article", _flat(child))
                drop_tree(child)
        return parent

    def _marked(self, body: Any) -> Iterator[list[Any]]:
        """Containers the page marks as its article, most telling first."""
        # Attributes first, then their elements: XPath tests attributes faster than elements.
        marked = body.xpath('descendant::*/@itemprop[.="articleBody" or .="text"]/..')
        if marked:
            yield marked
        by_name = [element for element in body.iter(*_CONTAINERS) if self.content.match(element)]
        if by_name:
            yield by_name
        for path in (".//article", 'descendant::*/@role[.="main"]/..', ".//main"):
            found = body.xpath(path)
            if found:
                yield found

    # --- cutting the site ---------------------------------------------------------------

    def _cut_outside(self, doc: Document, body: Any, article: Any) -> None:
        """Everything around the article, logged block by block, in the page's order."""
        if article is body:
            return
        child = article
        while child is not body:
            parent = child.getparent()
            loose = [parent.text or ""]  # text between the blocks, one removal per level
            for sibling in parent:
                if sibling is not child and isinstance(sibling.tag, str):  # not a comment
                    text = _flat(sibling)
                    if text:
                        self.log_removal(doc, "outside the article", text)
                loose.append(sibling.tail or "")
            text = " ".join(" ".join(loose).split())
            if text:
                self.log_removal(doc, "outside the article", text)
            child = parent

    def _prune(self, doc: Document, container: Any, inside: bool) -> None:
        """Blocks in the container that are the site: share bars, related posts, comments.

        A block holding half the container's text is not the site, whatever its
        name, unless that text is mostly links (a menu)."""
        most = None  # half the container's text before any cut, measured when first needed
        elements = list(container.iterdescendants())
        index = 0
        while index < len(elements):
            element = elements[index]
            index += 1
            if not isinstance(element.tag, str):
                continue
            kind = self._chrome_kind(element, inside)
            if kind is None:
                continue
            if most is None:
                most = _text_length(container) / 2
            if _text_length(element) > most and _link_density(element) < 0.5:
                continue
            text = _flat(element)
            if text:
                self.log_removal(doc, f"site: {kind}", text)
            drop_tree(element)
            index += sum(1 for _ in element.iterdescendants())  # gone with it

    def _chrome_kind(self, element: Any, inside: bool) -> str | None:
        """What kind of site block the element is (a tag, role or class word), or None."""
        tag = element.tag
        if tag in self.tags or (not inside and tag in self.page_tags):
            return tag
        role = element.get("role")
        if role in self.roles:
            return role
        if tag == "a" and _is_script_button(element):
            return "button"
        if tag not in _SITE_BLOCKS or (element.get("class") is None and element.get("id") is None):
            return None  # a heading or a list item is the article's, whatever its class says
        return self.chrome.match(element) or (None if inside else self.page_chrome.match(element))

    def _trim_edges(self, doc: Document, article: Any, host: str | None) -> None:
        """What opens or closes the article without being the article: blocks of links
        into the site (permalinks, tags, feeds, back links; a link to another site may
        be what the article cites), and headings left with nothing under them."""
        # Read from each end only as far as the site goes. Cutting a leaf block
        # leaves the others' text as it was, so a blank one stays blank.
        blocks = _leaf_blocks(article)
        for block in reversed(blocks):
            if not _text_length(block):  # a picture (the site's corner or rule image) is kept
                continue
            if block.tag in _HEADINGS and _ends(block, article):
                rule = "site: heading of nothing"
            elif _is_link_block(block, host, density=0.5, longest=300):
                rule = "site: links"
            else:
                break
            self.log_removal(doc, rule, _flat(block))
            drop_tree(block)
        for block in blocks:
            if _is_blank(block):
                continue
            if not _attached_below(block, article) or not _is_link_block(block, host, 0.8, 100):
                break
            self.log_removal(doc, "site: links", _flat(block))
            drop_tree(block)

    def _drop_related_links(self, doc: Document, article: Any, host: str | None) -> None:
        """ "Read more: <a link to another story>" lines set between the paragraphs."""
        for block in _leaf_blocks(article):
            if _RELATED_LABEL.match(_flat(block)) and _is_link_block(block, host, 0.5, 300):
                self.log_removal(doc, "site: related link", _flat(block))
                drop_tree(block)

    def _drop_link_lists(self, doc: Document, article: Any, host: str | None) -> None:
        """Lists and boxes of links into the site set in the article: related stories,
        teasers, a tag cloud. Links to other sites may be the article's sources."""
        for element in _still_attached(list(article.iter(*_LINK_LISTS))):
            if element is article:
                continue
            inward = [a for a in element.iter("a") if _leads_into(a.get("href") or "", host)]
            if len(inward) < _LIST_LINKS or next(element.iter("pre", "code"), None) is not None:
                continue
            length = _text_length(element)
            linked = sum(_text_length(link) for link in inward)
            if length and linked >= _LIST_DENSITY * length:
                self.log_removal(doc, "site: links", _flat(element))
                drop_tree(element)

    def _drop_credits(self, doc: Document, article: Any) -> None:
        """A picture's credit line ("Photograph by …", "(Credit: …)"): the agency's, not the
        article's words. A caption that says more than who took the picture stays."""
        for element in _still_attached(list(article.iter(*_CREDIT_HOLDERS))):
            if next(element.iter("img"), None) is not None:
                continue
            text = _flat_within(element, _CREDIT_LONGEST)
            if text is not None and _CREDIT.fullmatch(text):
                self.log_removal(doc, "site: credit", text)
                drop_tree(element)

    def _simplify_pictures(self, doc: Document, article: Any) -> None:
        """A <picture> is its <img>: the other formats and sizes serve the site's readers."""
        count = 0
        for picture in list(article.iter("picture")):
            image = next(picture.iter("img"), None)
            if image is None:
                continue
            image.tail = picture.tail
            picture.getparent().replace(picture, image)
            count += 1
        if count:
            self.log(doc, "picture", f"{count} <picture> written as its <img>")

    def _drop_heading_anchors(self, doc: Document, article: Any) -> None:
        """The `#` or `¶` a docs theme puts in each heading to link to it."""
        for heading in list(article.iter(*_HEADINGS)):
            for link in list(heading.iter("a")):
                text = _flat(link).strip("\u200b")
                if (link.get("href") or "").startswith("#") and text in _ANCHOR_MARKS:
                    self.log_removal(doc, "site: heading anchor", text)
                    drop_tree(link)

    def _clear_head(self, doc: Document, article: Any, metadata: dict[str, Any]) -> None:
        """What stands above the article's prose and only restates the front matter or
        serves the site: a byline, date or reading time, the author's avatar, counters
        of claps and comments, a follow or sign-in link.

        Inner blocks are judged first, so that a line left with nothing but its
        separators goes with them."""
        blocks = [block for block in article.iter(*_BLOCKS) if block is not article]
        prose = _first_prose(blocks, _BYLINE_PARAGRAPHS)
        head = _blocks_above(blocks, prose[-1] if prose else None)
        first = set(_blocks_above(blocks, prose[0] if prose else None))
        for block in reversed(head):
            if not _attached_below(block, article):
                continue
            text = _flat_within(block, BYLINE_MAX)
            pictures = list(block.iter(*_SUBSTANCE))
            if text is None or not (text or pictures):
                continue
            if any(not _is_avatar(picture, metadata) for picture in pictures):
                continue  # a lead picture is the article's
            kind = byline_kind(text, metadata) if text else "avatar"
            if not kind and block in first:  # above the first paragraph: the site's buttons
                kind = _site_head_kind(block, text)
            if kind:
                self.log_removal(doc, kind, text)
                drop_tree(block)

    def _clear_tail(self, doc: Document, article: Any, metadata: dict[str, Any]) -> None:
        """The date line some sites print below the article, once it is the front matter's."""
        last = next(
            (block for block in reversed(_leaf_blocks(article)) if _text_length(block)), None
        )
        if last is not None and next(last.iter(*_SUBSTANCE), None) is None:
            text = _flat(last)
            if byline_kind(text, metadata) == "date line":
                self.log_removal(doc, "date line", text)
                drop_tree(last)

    def _drop_title_heading(self, doc: Document, article: Any, title: str) -> None:
        """The heading that repeats the front matter's title."""
        heading = next(article.iter("h1", "h2"), None)
        if heading is not None and _flat(heading) == title:
            self.log_removal(doc, "title heading", title)
            drop_tree(heading)


# --- reading the page -------------------------------------------------------------------


def parse_page(html: str) -> Any:
    """The page as an lxml tree; None when lxml finds no document in it.

    Comments stay (the ads filter reads ad regions from them); what a broken
    page has after its `</body>` is moved into the body, where browsers show it."""
    from lxml import etree

    # Plain lxml elements: lxml.html's would look up a Python class for every node.
    parser = etree.HTMLParser(encoding="utf-8", remove_pis=True, collect_ids=False)
    try:
        root = etree.fromstring(html.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    if root is None:
        return None  # lxml.html's "Document is empty"
    body = root.find("body")
    if body is not None:
        for stray in [child for child in root if child.tag not in ("head", "body")]:
            body.append(stray)
    return root


def base_url(root: Any, metadata: dict[str, Any]) -> str | None:
    """The page's address: its <base href>, else the canonical link or og:url it names."""
    for value in [*root.xpath("//base/@href"), metadata.get("source") or ""]:
        if str(value).startswith(("http://", "https://")):
            return str(value).strip()
    return None


def absolute_links(container: Any, base: str) -> None:
    """Links and images that lead somewhere from a blog post; #anchors stay in the page."""

    def absolute(link: str) -> str:
        if not link or link.startswith(("#", "data:", "mailto:", "javascript:", "tel:")):
            return link
        return joined(base, link.strip())

    _rewrite_links(container, absolute)


def _rewrite_links(container: Any, rewrite: Callable[[str], str]) -> None:
    """Every link in the container through `rewrite`, as lxml.html's rewrite_links does."""
    from lxml.html import HtmlMixin

    # lxml.html finds the links (attributes, inline styles, <style>, <object>); its
    # finder asks nothing of the element that plain lxml elements lack.
    for element, attribute, link, position in HtmlMixin.iterlinks(container):
        new = rewrite(link.strip())
        if new == link:
            continue
        if attribute is None:  # a url() in a <style>
            element.text = element.text[:position] + new + element.text[position + len(link) :]
            continue
        value = element.get(attribute)
        if not position and len(value) == len(link):
            element.set(attribute, new)
        else:
            element.set(attribute, value[:position] + new + value[position + len(link) :])


# --- measuring text ---------------------------------------------------------------------


def _flat(element: Any) -> str:
    return " ".join(text_content(element).split())


_SPLIT_SPACE = r"\s"  # what str.split() takes for white space
_MEASURED_SPACE = "".join(_WHITE_SPACE)  # what _text_length leaves out


def _holds_more_than(text: str, count: int, space: str) -> bool:
    """Whether `text` holds more than `count` characters outside the class `space`; a
    long text is known so by its first characters, not read whole (a page's wrappers
    each hold most of its text)."""
    return len(text) > count and _more_than(count, space).match(text) is not None


@cache
def _more_than(count: int, space: str) -> re.Pattern[str]:
    return re.compile(rf"[{space}]*(?:[^{space}][{space}]*){{{count + 1}}}")


def _flat_within(element: Any, most: int) -> str | None:
    """_flat(element) when it is at most `most` characters long, else None."""
    text = text_content(element)
    if _holds_more_than(text, most, _SPLIT_SPACE):
        return None
    flat = " ".join(text.split())
    return flat if len(flat) <= most else None


def _longer_than(element: Any, length: int) -> bool:
    """Whether _text_length(element) > length."""
    return _holds_more_than(text_content(element), length, _MEASURED_SPACE)


def _text_length(element: Any) -> int:
    """Characters of text, white space not counted (a page's indentation says nothing)."""
    text = text_content(element)
    return len(text) - sum(map(text.count, _WHITE_SPACE))


def _measured() -> Callable[[Any], int]:
    """_text_length that measures each element once: for a pass that changes no text."""
    lengths: dict[Any, int] = {}

    def length(element: Any) -> int:
        if element not in lengths:
            lengths[element] = _text_length(element)
        return lengths[element]

    return length


def _depth(element: Any) -> int:
    return sum(1 for _ in element.iterancestors())


def _ends(element: Any, container: Any) -> bool:
    """Whether no text or picture of the container follows the element."""
    following = element.xpath(
        "following::text()[normalize-space()] | following::img | following::iframe"
    )
    return not any(_within(node, container) for node in following)


def _with_wrappers(
    element: Any, body: Any, most: float, length: Callable[[Any], int] = _text_length
) -> Any:
    """The element's outermost wrapper below the body that holds at most `most` text."""
    while (
        element is not body
        and element.getparent() is not body
        and length(element.getparent()) <= most
    ):
        element = element.getparent()
    return element


def _nested(element: Any, other: Any) -> bool:
    """Whether one of the two elements holds the other."""
    return _within(element, other) or _within(other, element)


def _common_ancestor(elements: list[Any], body: Any) -> Any:
    """The innermost element that holds them all (the body at most)."""
    common = elements[0]
    for element in elements[1:]:
        while not _within(element, common) and common is not body:
            common = common.getparent()
    return common


def _within(node: Any, container: Any) -> bool:
    """Whether a node (an element or a text result of XPath) lies inside the container."""
    # lxml's text results are strings that know the element they belong to.
    element = node if hasattr(node, "tag") else node.getparent()
    return element is container or _holds(container, element)


def _leaf_blocks(container: Any) -> list[Any]:
    """Blocks with no block inside them, in document order."""
    blocks = [element for element in container.iter(*_BLOCKS) if element is not container]
    if not blocks:
        return []
    # In document order a block's inner blocks come right after it: a block holds
    # none when the block after it lies outside it.
    following = [*blocks[1:], None]
    return [
        block
        for block, after in zip(blocks, following, strict=True)
        if after is None or not _holds(block, after)
    ]


def _holds(ancestor: Any, element: Any) -> bool:
    """Whether the element lies inside the ancestor."""
    parent = element.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def _is_link_block(block: Any, host: str | None, density: float, longest: int) -> bool:
    """Short text that is mostly links into the site, and no picture or code."""
    if next(block.iter(*_SUBSTANCE), None) is not None:
        return False
    length = _text_length(block)
    if not 0 < length <= longest:
        return False
    wrapping = next(block.iterancestors("a"), None)  # <a href><h6>Back to the start</h6></a>
    if wrapping is not None:
        return _leads_into(wrapping.get("href") or "", host)
    inward = [link for link in block.iter("a") if _leads_into(link.get("href") or "", host)]
    return sum(_text_length(link) for link in inward) >= density * length


@lru_cache(maxsize=4096)  # a page links to its own pages again and again
def _leads_into(href: str, host: str | None) -> bool:
    """Whether a link stays on the page's site (relative, or to its host)."""
    href = href.strip()
    if href.startswith("#"):
        return False  # a place in the article itself
    if not _ABSOLUTE.match(href):
        return True  # relative: the page's own site
    return host is not None and host_of(href) == host


def _commonest_host(root: Any) -> str | None:
    """The host most of the page's links lead to: its own site, when it names no address."""
    hosts = Counter(host_of(str(href).strip()) for href in root.xpath("//a/@href"))
    hosts.pop(None, None)
    return hosts.most_common(1)[0][0] if hosts else None


def _blocks_above(blocks: list[Any], paragraph: Any) -> list[Any]:
    """The blocks (in document order) above the paragraph and not holding it; none when
    there is no paragraph."""
    if paragraph is None:
        return []
    holders = set(paragraph.iterancestors())
    return [block for block in blocks[: blocks.index(paragraph)] if block not in holders]


def _first_prose(blocks: list[Any], count: int) -> list[Any]:
    """The first `count` paragraphs of prose among blocks in document order (all when fewer).

    A paragraph of prose is a block of more than a byline's length holding no
    such block of its own.

    A block's inner blocks follow it in document order, so a long block holds no
    long block when the next long block lies outside it; the blocks after the
    last paragraph wanted are not measured."""
    prose: list[Any] = []
    previous = None
    for block in blocks:
        if not _longer_than(block, BYLINE_MAX):
            continue
        if previous is not None and not _holds(previous, block):
            prose.append(previous)
            if len(prose) == count:
                return prose
        previous = block
    if previous is not None:
        prose.append(previous)
    return prose


def _is_script_button(link: Any) -> bool:
    """A link that only runs a script ("Select all", "Print"): a button in a link's clothing."""
    href = (link.get("href") or "").strip().lower()
    # "#" alone leads nowhere: a script listens for the click.
    return (
        href.startswith("javascript:")
        or href == "#"
        or (link.get("onclick") is not None and not href)
    )


def _is_avatar(picture: Any, metadata: dict[str, Any]) -> bool:
    """A small picture, or one of the author: it goes with the byline."""
    if picture.tag != "img":
        return False
    authors = metadata.get("author") or []
    names = {authors} if isinstance(authors, str) else set(map(str, authors))
    size = [picture.get(side) or "" for side in ("width", "height")]
    small = any(value.isdigit() and int(value) <= _ICON_SIZE for value in size)
    return small or (picture.get("alt") or "").strip() in names


def _site_head_kind(block: Any, text: str) -> str | None:
    """A counter (`1.2K`, `14`, `·`) or a follow, share or sign-in link, or None."""
    if not _WORDY.search(text):
        return "site: counter"
    links = list(block.iter("a"))
    if links and all(_CALL_TO_ACTION.search(link.get("href") or "") for link in links):
        if sum(_text_length(link) for link in links) == _text_length(block):
            return "site: call to action"
    return None


def _is_blank(block: Any) -> bool:
    return not _text_length(block) and next(block.iter(*_SUBSTANCE), None) is None


def _still_attached(elements: list[Any]) -> Iterator[Any]:
    """Elements in document order for a loop that drops some of them: those inside one
    it dropped are passed over (they follow it in document order)."""
    dropped = None
    for element in elements:
        if dropped is not None and _holds(dropped, element):
            continue
        dropped = None
        yield element
        if element.getparent() is None:  # the loop dropped it
            dropped = element


def _attached_below(element: Any, container: Any) -> bool:
    """Whether the element still hangs below the container (no ancestor of it was dropped)."""
    return _holds(container, element)


# A block's prose score under which no block of the page stands out as its article.
_LITTLE_PROSE = 10.0


def _prose_scores(body: Any) -> dict[Any, float]:
    """Each block's prose, scored as readability does: a paragraph counts for its
    parent, half for its grandparent; commas and length add, links take away.

    A <div> of text alone is a paragraph, and lines written beside a block's
    inner blocks, parted by <br>, are paragraphs of that block, as readability
    makes them."""
    scores: dict[Any, float] = {}

    def add(parent: Any, text: str) -> None:
        if len(text) < 25 or parent is None:
            return
        score = 1 + text.count(",") + text.count("，") + min(len(text) // 100, 3)
        scores[parent] = scores.get(parent, 0.0) + score
        grandparent = parent.getparent() if parent is not body else None
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + score / 2

    for block in body.iter(*_PROSE):
        add(block.getparent(), _flat(block))
    for block in body.iter(*_LOOSE_PROSE_HOLDERS):
        if _is_paragraph(block):
            if block.tag not in _PROSE:  # a <div> of text alone is a paragraph
                add(block.getparent(), _flat(block))
            continue
        for text in _loose_lines(block):  # lines beside inner blocks: paragraphs of the block
            add(block, text)
    length = _measured()  # a link lies in several scored blocks: each is measured once
    return {
        element: score * (1 - _link_density(element, length)) for element, score in scores.items()
    }


def _is_paragraph(element: Any) -> bool:
    """A <p>, or a block of text alone (a <div> a page uses as a paragraph)."""
    if element.tag in ("p", "pre", "blockquote"):
        return True
    return element.tag in _LOOSE_PROSE_HOLDERS and not any(
        child.tag in _BLOCK_SET for child in element
    )


def _is_prose_paragraph(element: Any) -> bool:
    """A paragraph long enough and with few enough links to be the article's, as
    readability takes a sibling of its best block."""
    return (
        _is_paragraph(element)
        and _text_length(element) > _SIBLING_PARAGRAPH
        and _link_density(element) < 0.25
    )


def _holds_prose_paragraph(element: Any) -> bool:
    """Whether the element is, or holds, a paragraph long enough to be the article's."""
    return _is_prose_paragraph(element) or any(
        _is_prose_paragraph(paragraph) for paragraph in element.iter("p")
    )


def _loose_lines(block: Any) -> Iterator[str]:
    """The runs of text a block holds outside its inner blocks, parted at <br>."""
    run = [block.text or ""]
    for child in block:
        if not isinstance(child.tag, str) or child.tag == "br" or child.tag in _BLOCK_SET:
            if isinstance(child.tag, str):
                yield " ".join("".join(run).split())
                run = []
        else:
            run.append(text_content(child))
        run.append(child.tail or "")
    yield " ".join("".join(run).split())


def _link_density(element: Any, length: Callable[[Any], int] = _text_length) -> float:
    total = length(element)
    if not total:
        return 1.0
    linked = sum(length(link) for link in element.iter("a"))
    return min(linked / total, 1.0)


def _inner_html(element: Any) -> str:
    parts = [element.text or ""]
    parts.extend(_html(child, with_tail=True) for child in element)
    return "".join(parts)


def _outer_html(element: Any) -> str:
    return _html(element, with_tail=False)


# What lxml.html.tostring drops: the charset <meta> lxml writes (the body is text by now).
_CONTENT_TYPE_META = re.compile(r'<meta http-equiv="Content-Type"[^>]*>')


def _html(element: Any, with_tail: bool) -> str:
    """An element as HTML, as lxml.html.tostring writes it."""
    from lxml import etree

    written = etree.tostring(element, method="html", encoding="unicode", with_tail=with_tail)
    return _CONTENT_TYPE_META.sub("", written)


def drop_tree(element: Any) -> None:
    """The element and all it holds out of the tree; its tail stays, joined to what
    came before it (lxml.html's drop_tree, for plain lxml elements)."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)
