"""ads: ad slots, ad scripts, ad comment regions, ad labels and comments go; content stays."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from normalize.document import Document, Kind
from normalize.filters.ads import AdsFilter


def clean(html: str, **options) -> tuple[BeautifulSoup, Document]:
    doc = Document(body=html, kind=Kind.HTML, tree=BeautifulSoup(html, "lxml"))
    AdsFilter(options).run(doc)
    return doc.tree, doc


def body_html(tree: BeautifulSoup) -> str:
    return tree.body.decode_contents() if tree.body else ""


def text(tree: BeautifulSoup) -> str:
    return " ".join(tree.get_text(" ").split())


# --- AdSense and ad hosts ----------------------------------------------------


def test_adsense_slot_and_push_script_go():
    tree, doc = clean(
        "<p>Before the ad.</p>"
        '<ins class="adsbygoogle" style="display:block"'
        ' data-ad-client="ca-pub-1" data-ad-slot="2"></ins>'
        "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>"
        "<p>After the ad.</p>"
    )
    assert body_html(tree) == "<p>Before the ad.</p><p>After the ad.</p>"
    assert {c.rule for c in doc.changes} == {"ad slot", "ad script"}


def test_ordinary_script_stays():
    tree, _ = clean("<p>x</p><script>document.title = 'hello';</script>")
    assert tree.find("script") is not None


@pytest.mark.parametrize(
    "tag",
    [
        '<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js"></script>',
        '<iframe src="https://securepubads.g.doubleclick.net/frame?x=1"></iframe>',
        '<iframe src="//ws-na.amazon-adsystem.com/widgets/q?ServiceVersion=1"></iframe>',
        '<script src="https://cdn.taboola.com/libtrc/site/loader.js"></script>',
        '<script src="https://widgets.outbrain.com/outbrain.js"></script>',
        '<img src="https://ad.doubleclick.net/ddm/ad/banner.gif" alt="">',
    ],
)
def test_ad_host_elements_go(tag):
    tree, _ = clean(f"<div><p>Article text.</p>{tag}</div>")
    assert body_html(tree) == "<div><p>Article text.</p></div>"


@pytest.mark.parametrize(
    "tag",
    [
        '<iframe src="https://www.youtube.com/embed/abc"></iframe>',
        '<img src="https://images.example.org/adsense-dashboard.png" alt="screenshot">',
        '<script src="https://cdn.example.org/ads.js"></script>',  # the path is no host
    ],
)
def test_non_ad_hosts_stay(tag):
    tree, _ = clean(f"<div><p>Article text.</p>{tag}</div>")
    assert (
        body_html(tree)
        == f"<div><p>Article text.</p>{str(BeautifulSoup(tag, 'html.parser'))}</div>"
    )


# --- class and id words ------------------------------------------------------


@pytest.mark.parametrize(
    "attrs",
    [
        'class="ad"',
        'class="ads"',
        'class="advert"',
        'class="advertisement"',
        'class="adsense"',
        'class="ad-slot"',
        'class="sponsored"',
        'class="sidebar-ad"',
        'class="ads_top"',
        'class="adSlot"',
        'class="googleAdSense"',
        'id="div-gpt-ad-1234567-0"',
        'class="post-body ad-container"',
        'id="taboola-below-article"',
    ],
)
def test_ad_class_or_id_goes(attrs):
    tree, _ = clean(f"<p>Kept paragraph.</p><div {attrs}>Buy now</div>")
    assert body_html(tree) == "<p>Kept paragraph.</p>"


@pytest.mark.parametrize(
    "name",
    [
        "header",
        "download",
        "shadow",
        "thread",
        "lead",
        "badge",
        "loaded",
        "gradient",
        "head-ad-title",
        "no-ads",
        "ad-free",
        "add-to-cart",
        "admin-panel",
        "roadmap",
        "headline",
        "shadow-box",
    ],
)
def test_words_containing_ad_are_not_ads(name):
    for attrs in (f'class="{name}"', f'id="{name}"'):
        html = f"<div {attrs}>Real content here</div>"
        tree, doc = clean(html)
        assert text(tree) == "Real content here", attrs
        assert not doc.changes


def test_ad_block_with_a_long_text_is_kept_with_a_warning():
    long_text = "This is a long article paragraph. " * 40
    tree, doc = clean(f'<div class="ad-wrapper"><p>{long_text}</p></div>', max_text=200)
    assert "long article paragraph" in text(tree)
    assert doc.changes and all(c.warning for c in doc.changes)


def test_configured_class_words_are_ads():
    html = '<div class="promo-box">Buy</div><p>Text</p>'
    assert text(clean(html)[0]) == "Buy Text"
    assert text(clean(html, classes=["promo"])[0]) == "Text"


# --- comment regions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("<!--广告位开始-->", "<!--广告位结束-->"),
        ("<!-- ad start -->", "<!-- ad end -->"),
        ("<!-- Begin Ad -->", "<!-- End Ad -->"),
        ("<!-- affiliate ads begin -->", "<!-- affiliate ads end -->"),
    ],
)
def test_comment_region_is_removed(start, end):
    tree, doc = clean(
        f"<p>One.</p>{start}<div><a href='/x'><img src='/banner.png'></a> Shop now</div>{end}"
        "<p>Two.</p>"
    )
    assert body_html(tree) == "<p>One.</p><p>Two.</p>"
    assert any(c.rule == "ad comment region" for c in doc.changes)


def test_comment_region_across_levels():
    # The start marker sits inside a paragraph, the end marker after it (as in Hexo dumps).
    tree, _ = clean(
        "<div><p>Paragraph text.<br><!--广告画开始--></p>"
        "<div><table><tr><td><ins class='x'></ins></td></tr></table></div>"
        "<!--广告画结束--><p>Next paragraph.</p></div>"
    )
    assert body_html(tree) == "<div><p>Paragraph text.<br/></p><p>Next paragraph.</p></div>"


def test_unmatched_start_removes_only_itself():
    tree, _ = clean("<!-- ad start --><p>Everything after an unclosed marker is kept.</p>")
    assert body_html(tree) == "<p>Everything after an unclosed marker is kept.</p>"


def test_google_ad_section_marks_content_not_ads():
    # AdSense section targeting wraps the article that ads should match: keep the text.
    tree, _ = clean(
        "<!-- google_ad_section_start --><p>The article itself.</p><!-- google_ad_section_end -->"
    )
    assert body_html(tree) == "<p>The article itself.</p>"


def test_region_with_too_much_text_is_kept():
    tree, doc = clean("<!-- ad start --><p>" + "words " * 100 + "</p><!-- ad end -->", max_text=100)
    assert "words" in text(tree)
    assert any(c.warning for c in doc.changes)


def test_comment_regions_can_be_switched_off():
    tree, _ = clean("<p>a</p><!-- ad start --><p>inside</p><!-- ad end -->", comment_regions=False)
    assert text(tree) == "a inside"


# --- emptied containers ------------------------------------------------------


def test_layout_table_left_empty_goes():
    tree, doc = clean(
        "<div><p>Text.</p><div><table><tbody><tr><td>\n<ins class='adsbygoogle'></ins>\n"
        "</td></tr></tbody></table></div></div>"
    )
    assert body_html(tree) == "<div><p>Text.</p></div>"
    assert any(c.rule == "empty container" for c in doc.changes)


def test_container_with_text_or_image_stays():
    tree, _ = clean(
        "<div class='box'><ins class='adsbygoogle'></ins>Caption stays</div>"
        "<div class='pic'><ins class='adsbygoogle'></ins><img src='/photo.jpg'></div>"
    )
    assert (
        body_html(tree)
        == '<div class="box">Caption stays</div><div class="pic"><img src="/photo.jpg"/></div>'
    )


def test_table_cell_is_not_removed_alone():
    tree, _ = clean("<table><tr><td>Name</td><td><ins class='adsbygoogle'></ins></td></tr></table>")
    assert len(tree.find_all("td")) == 2


# --- labels ------------------------------------------------------------------


@pytest.mark.parametrize(
    "label", ["广告", "Advertisement", "ADVERTISEMENT", "Sponsored", "- Advertisement -"]
)
def test_label_element_goes(label):
    tree, _ = clean(f"<div><p>Story.</p><p><small>{label}</small></p></div>")
    assert body_html(tree) == "<div><p>Story.</p></div>"


def test_label_word_inside_a_sentence_stays():
    tree, _ = clean("<p>Advertisement is how this site pays its bills.</p><p>广告法第九条</p>")
    assert text(tree) == "Advertisement is how this site pays its bills. 广告法第九条"


@pytest.mark.parametrize("kind", [Kind.MARKDOWN, Kind.TEXT])
def test_label_lines_in_markdown_and_text(kind):
    body = "First paragraph.\n\nAdvertisement\n\nSecond paragraph.\n**广告**\nThird.\n"
    doc = Document(body=body, kind=kind)
    AdsFilter().run(doc)
    assert doc.body == "First paragraph.\n\n\nSecond paragraph.\nThird.\n"
    assert [c.rule for c in doc.changes] == ["ad label", "ad label"]


def test_label_lines_in_markdown_code_stay():
    body = "```\nAdvertisement\n```\n\n    Sponsored\n\nText with Sponsored in it.\n"
    doc = Document(body=body, kind=Kind.MARKDOWN)
    AdsFilter().run(doc)
    assert doc.body == body


# --- comments ----------------------------------------------------------------


def test_comments_are_dropped_and_more_is_kept():
    tree, doc = clean("<p>a<!-- build 42 --></p><!-- more --><p>b</p>")
    assert body_html(tree) == "<p>a</p><!-- more --><p>b</p>"
    assert [c.rule for c in doc.changes] == ["comment"]


def test_comments_can_be_kept():
    tree, _ = clean("<p>a<!-- note --></p>", drop_comments=False)
    assert "<!-- note -->" in body_html(tree)
