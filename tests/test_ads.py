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


def test_an_ad_class_among_generated_atomic_classes_is_no_ad():
    # Medium-style atomic CSS: `ad` is just the next two-letter class name.
    tree, doc = clean('<div class="q r s t ab ac ad ae af"><a href="/signin">Sign in</a></div>')
    assert text(tree) == "Sign in"
    assert not doc.changes
    tree, _ = clean('<div class="ad top">Buy now</div>')
    assert text(tree) == ""


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
    "label",
    ["广告", "Advertisement", "ADVERTISEMENT", "Sponsored", "- Advertisement -", "Anzeige", "広告"],
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


def test_a_heading_that_reads_like_a_label_is_a_section_title():
    body = "# Werbung\n\nWarum Werbung wirkt.\n\n## Advertisement\n\nAnd why it pays.\n"
    doc = Document(body=body, kind=Kind.MARKDOWN)
    AdsFilter().run(doc)
    assert doc.body == body


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


# --- audit: each rule's look-alikes ------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        '<script src="https://notoutbrain.com/widget.js"></script>',  # a look-alike host
        '<img src="https://m.media-amazon.com/images/I/cover.jpg" alt="cover">',  # a shop's picture
        '<script src="https://fonts.googleapis.com/css?family=Noto"></script>',
        '<iframe src="https://player.example.org/doubleclick-tutorial"></iframe>',  # word in path
    ],
)
def test_hosts_that_only_look_like_ad_networks_stay(tag):
    tree, doc = clean(f"<div><p>Article text.</p>{tag}</div>")
    assert len(list(tree.body.div.children)) == 2
    assert not doc.changes


def test_tracked_link_in_a_sentence_keeps_its_words():
    tree, doc = clean(
        '<p>Buy it on <a href="https://ad.doubleclick.net/clk;9;x">the vendor’s site</a> today.</p>'
    )
    assert body_html(tree) == "<p>Buy it on the vendor’s site today.</p>"
    assert [(c.filter, c.rule, c.detail) for c in doc.changes] == [
        ("ads", "ad link unwrapped", "the vendor’s site")
    ]


def test_ad_link_holding_only_a_banner_goes():
    tree, _ = clean(
        '<p>Text.</p><p><a href="https://ad.doubleclick.net/clk;1"><img src="/b.gif"></a></p>'
    )
    assert body_html(tree) == "<p>Text.</p>"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("<!--广告画开始-->", "<!--广告画结束-->"),
        ("<!-- START ADVERTISEMENT -->", "<!-- END ADVERTISEMENT -->"),
        ("<!-- adsense begin -->", "<!-- adsense end -->"),
        ("<!-- Ads: start -->", "<!-- Ads: stop -->"),
    ],
)
def test_more_comment_region_spellings(start, end):
    tree, _ = clean(f"<p>One.</p>{start}<div>Buy now</div>{end}<p>Two.</p>")
    assert body_html(tree) == "<p>One.</p><p>Two.</p>"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("<!-- header start -->", "<!-- header end -->"),
        ("<!-- download begin -->", "<!-- download end -->"),
        ("<!-- thread start -->", "<!-- thread end -->"),
        ("<!-- ad-free zone start -->", "<!-- ad-free zone end -->"),
        ("<!-- no ads: start -->", "<!-- no ads: end -->"),
        ("<!-- 正文开始 -->", "<!-- 正文结束 -->"),
        (
            "<!-- start: we used to show an ad here, but readers asked us to stop doing it -->",
            "<!-- end: we used to show an ad here, but readers asked us to stop doing it -->",
        ),
    ],
)
def test_comment_pairs_that_are_not_ad_markers_keep_their_content(start, end):
    tree, _ = clean(f"<p>One.</p>{start}<div>Kept content</div>{end}<p>Two.</p>")
    assert text(tree) == "One. Kept content Two."


def test_unmatched_end_removes_only_itself():
    tree, _ = clean("<p>Before.</p><!-- ad end --><p>After.</p>")
    assert body_html(tree) == "<p>Before.</p><p>After.</p>"


def test_region_after_an_unclosed_start_is_still_removed():
    tree, doc = clean(
        "<!-- ad start --><p>Kept paragraph.</p>"
        "<!-- ad start --><div>Buy now</div><!-- ad end --><p>Also kept.</p>"
    )
    assert body_html(tree) == "<p>Kept paragraph.</p><p>Also kept.</p>"
    assert any(c.rule == "ad marker without an end" and c.warning for c in doc.changes)


def test_nested_regions_go_once():
    tree, doc = clean(
        "<p>a</p><!-- ad start --><div>x<!-- ad start --><b>y</b><!-- ad end -->z</div>"
        "<!-- ad end --><p>b</p>"
    )
    assert body_html(tree) == "<p>a</p><p>b</p>"
    assert [c.detail for c in doc.changes if c.rule == "ad comment region"] == ["x y z"]


def test_google_ad_section_ignore_marks_are_dropped_and_their_content_kept():
    tree, doc = clean(
        "<!-- google_ad_section_start(weight=ignore) --><p>Site menu.</p>"
        "<!-- google_ad_section_end --><p>Body.</p>"
    )
    assert body_html(tree) == "<p>Site menu.</p><p>Body.</p>"
    assert [c.rule for c in doc.changes] == ["comment", "comment"]


@pytest.mark.parametrize(
    "attrs",
    ['class="AdBanner"', 'class="adUnit"', 'id="ad_728x90"', 'class="top-ads"', 'id="ads"'],
)
def test_more_ad_names_go(attrs):
    tree, _ = clean(f"<p>Kept.</p><div {attrs}>Buy</div>")
    assert body_html(tree) == "<p>Kept.</p>"


@pytest.mark.parametrize(
    "html",
    [
        '<div class="post has-ads"><p>Short post.</p></div>',
        '<div class="with-ads">Short post.</div>',
        '<div id="show-ads">Short post.</div>',
        '<article class="ad">Short post.</article>',
        '<main id="ads">Short post.</main>',
        '<div class="adapter">Short post.</div>',
        '<div class="address">Short post.</div>',
    ],
)
def test_names_about_something_else_stay(html):
    tree, doc = clean(html)
    assert text(tree) == "Short post."
    assert not doc.changes


def test_label_words_that_are_data_stay():
    html = (
        "<table><tr><td>广告</td><td>1200 元</td></tr></table>"
        "<ul><li>游戏</li><li>广告</li></ul><dl><dt>Sponsored</dt><dd>yes</dd></dl>"
    )
    tree, doc = clean(html)
    assert text(tree) == "广告 1200 元 游戏 广告 Sponsored yes"
    assert not doc.changes


def test_list_items_in_markdown_are_data():
    body = "行业：\n\n- 游戏\n- 广告\n\nText.\n"
    doc = Document(body=body, kind=Kind.MARKDOWN)
    AdsFilter().run(doc)
    assert doc.body == body


def test_every_removal_is_logged_with_its_text():
    _, doc = clean(
        '<p>Story.</p><div class="ad-box">Cheap flights</div>'
        '<script src="https://pagead2.googlesyndication.com/x.js"></script>'
        "<p><small>Advertisement</small></p>"
    )
    assert [(c.filter, c.rule, c.detail) for c in doc.changes] == [
        ("ads", "ad class", "Cheap flights"),
        ("ads", "ad script", "<script https://pagead2.googlesyndication.com/x.js>"),
        ("ads", "ad label", "Advertisement"),
    ]


def test_ad_named_link_in_a_sentence_keeps_its_words():
    tree, doc = clean('<p>Read <a class="ad-link" href="/go/1">the guide</a> first.</p>')
    assert body_html(tree) == "<p>Read the guide first.</p>"
    assert [c.rule for c in doc.changes] == ["ad link unwrapped"]


@pytest.mark.parametrize(
    "link",
    [
        '<a href="https://ad.doubleclick.net/clk;2">Cheap flights to Rome</a>',
        '<a class="ad-link" href="/go/2">Cheap flights to Rome</a>',
    ],
)
def test_ad_link_standing_alone_goes(link):
    tree, _ = clean(f"<p>Story.</p><p>{link}</p>")
    assert body_html(tree) == "<p>Story.</p>"


def test_removed_text_is_logged_in_full_for_the_output_guard():
    long_ad = "Cheap flights to every city in Europe, booked in minutes, " * 2
    _, doc = clean(f'<p>Story.</p><div class="ad-box">{long_ad}</div>')
    [change] = doc.changes
    assert change.removed.strip() == long_ad.strip()
    assert change.detail.endswith("…") and len(change.detail) <= 60


# --- embeds ------------------------------------------------------------------

EMBEDS = [
    '<iframe width="560" height="315" src="https://www.youtube.com/embed/abc123" allowfullscreen></iframe>',
    '<iframe src="https://www.youtube-nocookie.com/embed/abc123"></iframe>',
    '<iframe src="https://player.vimeo.com/video/76979871" class="vimeo-embed"></iframe>',
    '<iframe src="//player.bilibili.com/player.html?aid=1&amp;bvid=BV1x&amp;page=1" scrolling="no"></iframe>',
    '<div class="embed-responsive video-container"><iframe src="https://www.youtube.com/embed/x"></iframe></div>',
    '<blockquote class="twitter-tweet"><p lang="en">A tweet</p>&mdash; Someone (@someone)'
    '<a href="https://twitter.com/someone/status/1">May 1, 2020</a></blockquote>'
    '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
]


@pytest.mark.parametrize("embed", EMBEDS)
def test_video_and_post_embeds_are_not_ads(embed):
    html = f"<p>Watch:</p>{embed}<p>Done.</p>"
    tree, doc = clean(html)
    assert doc.changes == []
    assert body_html(tree) == body_html(BeautifulSoup(html, "lxml"))


def test_an_ad_frame_goes_and_a_video_frame_stays():
    tree, _ = clean(
        '<iframe src="https://googleads.g.doubleclick.net/pagead/ads?x=1"></iframe>'
        '<iframe src="https://www.youtube.com/embed/abc"></iframe>'
    )
    assert body_html(tree) == '<iframe src="https://www.youtube.com/embed/abc"></iframe>'
