"""The article filter's tree helpers: plain lxml elements read and changed as lxml.html
reads and changes its own, and blocks found in one pass as the plain definitions find them."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from normalize.filters import article
from normalize.filters._page_meta import _blanked, page_metadata, text_content

PAGES = sorted(Path(__file__).parent.parent.joinpath("fixtures", "pages").glob("*.html"))

PAGE = """<html><head><title>T</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<style>.a { background: url("img/bg.png") } @import "print.css";</style></head>
<body><!-- ad: top -->
<div id="wrap" style="background: url('/tile.png')">lead <b>bold</b> tail
  <p>First <a href="/one">one</a>, then <a href="https://other.example/two">two</a>.</p>
  <section><p>Inner <img src="pic.jpg"> para</p><div><p>Deep</p></div></section>
  <object codebase="/applets/" data="clip.swf" archive="a.jar b.jar"></object>
  <form action="send"><button formaction="save">Save</button></form>
  <p>Last <!-- note --> words</p>
</div>after wrap</body></html>"""


def both(html: str = PAGE) -> tuple[etree._Element, lxml.html.HtmlElement]:
    return article.parse_page(html), lxml.html.document_fromstring(html.encode())


def test_text_content_reads_what_lxml_html_reads():
    plain, html = both()
    for mine, theirs in zip(plain.iter(), html.iter(), strict=True):
        if isinstance(mine.tag, str):
            assert text_content(mine) == theirs.text_content()


@pytest.mark.parametrize("tag", ["b", "p", "section", "img", "object"])
def test_drop_tree_keeps_the_tail_as_lxml_html_does(tag):
    plain, html = both()
    for root in (plain, html):
        for element in list(root.iter(tag)):
            if root is plain:
                article.drop_tree(element)
            else:
                element.drop_tree()
    assert article._outer_html(plain) == lxml.html.tostring(html, encoding="unicode")


def test_html_is_written_as_lxml_html_writes_it():
    plain, html = both()
    # lxml.html drops the Content-Type <meta>; so does the article's writer.
    assert article._outer_html(plain) == lxml.html.tostring(html, encoding="unicode")
    assert "Content-Type" not in article._outer_html(plain)
    body, theirs = plain.find("body"), html.find("body")
    expected = (theirs.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in theirs
    )
    assert article._inner_html(body) == expected


def test_links_are_rewritten_as_lxml_html_rewrites_them():
    plain, html = both()
    base = "https://site.example/blog/post/"
    article.absolute_links(plain, base)

    def absolute(link: str) -> str:
        if not link or link.startswith(("#", "data:", "mailto:", "javascript:", "tel:")):
            return link
        return article.joined(base, link.strip())

    html.rewrite_links(absolute, resolve_base_href=False)
    written = article._outer_html(plain)
    assert written == lxml.html.tostring(html, encoding="unicode")
    assert 'url("https://site.example/blog/post/img/bg.png")' in written
    assert 'href="https://site.example/one"' in written


def _leaf_blocks_by_definition(container):
    blocks = [b for b in container.iter(*article._BLOCKS) if b is not container]
    return [b for b in blocks if next(b.iterdescendants(*article._BLOCKS), None) is None]


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_leaf_blocks_are_the_blocks_holding_no_block(path):
    body = article.parse_page(path.read_text(encoding="utf-8")).find("body")
    assert article._leaf_blocks(body) == _leaf_blocks_by_definition(body)
    assert article._leaf_blocks(body)  # the pages have blocks: the comparison says something


def _first_prose_by_definition(blocks, count):
    long = {b for b in blocks if article._text_length(b) > article.BYLINE_MAX}
    prose = [
        b
        for b in blocks
        if b in long and not any(inner in long for inner in b.iterdescendants(*article._BLOCKS))
    ]
    return prose[:count]


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
@pytest.mark.parametrize("count", [1, 3, 1000])
def test_first_prose_is_the_first_long_blocks_holding_no_long_block(path, count):
    body = article.parse_page(path.read_text(encoding="utf-8")).find("body")
    blocks = [b for b in body.iter(*article._BLOCKS) if b is not body]
    assert article._first_prose(blocks, count) == _first_prose_by_definition(blocks, count)


def test_blocks_above_a_paragraph_leave_out_its_holders():
    body = article.parse_page(PAGE).find("body")
    blocks = [b for b in body.iter(*article._BLOCKS) if b is not body]
    deep = next(p for p in body.iter("p") if text_content(p) == "Deep")
    above = article._blocks_above(blocks, deep)
    assert [text_content(b).split()[0] for b in above] == ["First", "Inner"]
    assert article._blocks_above(blocks, None) == []


def test_a_loop_that_drops_an_element_passes_over_what_it_held():
    body = article.parse_page(PAGE).find("body")
    seen = []
    for element in article._still_attached(list(body.iter("div", "section", "p"))):
        seen.append(text_content(element).split()[0])
        if element.tag == "section":
            article.drop_tree(element)
    # The section's paragraphs and its <div> went with it; the last paragraph is still read.
    assert seen == ["lead", "First", "Inner", "Last"]


def test_blanked_is_the_pattern_substituted():
    pattern = re.compile(r"\d{4}-\d{2}-\d{2}")
    for text in ["", "none here", "2023-04-05", "on 2023-04-05 and 2024-01-02.", "x2023-04-05y"]:
        assert _blanked(text, list(pattern.finditer(text))) == pattern.sub(" ", text)


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_page_metadata_reads_plain_lxml_trees_as_lxml_html_ones(path):
    page = path.read_text(encoding="utf-8")
    plain, html = both(page)
    assert page_metadata(plain) == page_metadata(html)


MARKED = """<html><head><title>A post</title></head><body>
<div class="hentry"><h2 class="entry-title post">A post</h2>
<abbr class="published" title="2015-06-08T10:00:00">June 8</abbr>
<span class="vcard author"><span class="fn">Ann Lee</span></span>
<a rel="tag" href="/t/cache">cache</a> <a href="/categories/ops">ops</a></div>
</body></html>"""


def test_markup_a_page_has_is_read_though_queries_are_skipped_on_pages_without_it():
    found = page_metadata(article.parse_page(MARKED))
    assert found["title"] == "A post"
    assert found["date"] == "2015-06-08T10:00:00"
    assert found["author"] == "Ann Lee"
    assert found["tags"] == ["cache"]
    assert found["categories"] == ["ops"]
