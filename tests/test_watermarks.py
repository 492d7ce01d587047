"""watermarks: invisible text, hidden elements, tracking pixels and stamped signatures go."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from normalize.document import Document, Kind
from normalize.filters.watermarks import (
    WatermarksFilter,
    contrast,
    named_colors,
    names_a_site,
    parse_color,
)

NAMED = named_colors()
WHITE = (255.0, 255.0, 255.0, 1.0)


def clean(html: str, **options) -> tuple[BeautifulSoup, Document]:
    doc = Document(body=html, kind=Kind.HTML, tree=BeautifulSoup(html, "lxml"))
    WatermarksFilter(options).run(doc)
    return doc.tree, doc


def text(tree: BeautifulSoup) -> str:
    return " ".join(tree.get_text(" ").split())


# --- colours -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rgba"),
    [
        ("#fff", (255, 255, 255, 1.0)),
        ("#F8F8F8", (248, 248, 248, 1.0)),
        ("#0f08", (0, 255, 0, 0x88 / 255)),
        ("#11223300", (0x11, 0x22, 0x33, 0.0)),
        ("rgb(10, 20, 30)", (10, 20, 30, 1.0)),
        ("rgba(10,20,30,0)", (10, 20, 30, 0.0)),
        ("rgb(100% 0% 0% / 50%)", (255, 0, 0, 0.5)),
        ("hsl(0, 100%, 50%)", (255, 0, 0, 1.0)),
        ("hsla(120, 100%, 25%, 0.5)", (0, 127.5, 0, 0.5)),
        ("WhiteSmoke", (245, 245, 245, 1.0)),
        ("rebeccapurple", (0x66, 0x33, 0x99, 1.0)),
        ("transparent", (0, 0, 0, 0.0)),
    ],
)
def test_parse_color(value, rgba):
    parsed = parse_color(value, NAMED)
    assert parsed is not None
    assert parsed == pytest.approx(rgba, abs=0.6)


@pytest.mark.parametrize(
    "value", ["currentcolor", "inherit", "#ggg", "#12345", "rgb(1,2)", "var(--fg)", "blurple"]
)
def test_unreadable_colors_are_none(value):
    assert parse_color(value, NAMED) is None


def test_legacy_hex_without_hash_only_in_attributes():
    assert parse_color("F8F8F8", NAMED, legacy=True) == (248, 248, 248, 1.0)
    assert parse_color("F8F8F8", NAMED) is None


def test_all_css_named_colors_are_there():
    assert len(NAMED) == 148
    assert NAMED["lightgoldenrodyellow"] == "#fafad2"


def test_contrast_ratio():
    assert contrast(parse_color("#F8F8F8", NAMED), WHITE) == pytest.approx(1.06, abs=0.01)
    assert contrast(parse_color("#000", NAMED), WHITE) == pytest.approx(21, abs=0.01)
    assert contrast(parse_color("rgba(0,0,0,0)", NAMED), WHITE) == pytest.approx(1.0)


# --- low contrast ------------------------------------------------------------


def test_font_in_near_white_after_each_paragraph_goes():
    html = "".join(
        f'<p>Paragraph {n} of the story.<font color="#F8F8F8">Mitbbs.com</font><br></p>'
        for n in range(4)
    )
    tree, doc = clean(html)
    assert "Mitbbs" not in text(tree)
    assert text(tree) == " ".join(f"Paragraph {n} of the story." for n in range(4))
    assert [c.rule for c in doc.changes] == ["low contrast"] * 4


@pytest.mark.parametrize(
    "span",
    [
        '<span style="color:#fefefe">stamp</span>',
        '<span style="color: white">stamp</span>',
        '<span style="color:rgba(0,0,0,0)">stamp</span>',
        '<span style="color:hsl(0,0%,99%)">stamp</span>',
        '<font color="snow">stamp</font>',
    ],
)
def test_invisible_colors_on_white(span):
    tree, _ = clean(f"<p>Visible words {span}</p>")
    assert text(tree) == "Visible words"


@pytest.mark.parametrize(
    "span",
    [
        '<span style="color:#999">grey note</span>',
        '<span style="color:red">grey note</span>',
        '<font color="#F0F0F0"><img src="/x.png">grey note</font>',  # holds an image
    ],
)
def test_visible_colors_stay(span):
    tree, _ = clean(f"<p>Visible words {span}</p>")
    assert "grey note" in text(tree)


def test_background_is_taken_from_the_nearest_ancestor():
    html = (
        '<table bgcolor="#000000"><tr><td>'
        '<font color="#FFFFFF">white on black</font></td></tr></table>'
        '<div style="background-color:#222"><span style="color:#242424">dark on dark</span></div>'
        '<div style="background: #ffeeee url(x.png)">'
        '<span style="color:#ffeeee">over an image</span></div>'
    )
    tree, _ = clean(html)
    assert "white on black" in text(tree)
    assert "dark on dark" not in text(tree)
    assert "over an image" in text(tree)  # the picture behind is unknown: keep


def test_light_text_in_code_stays():
    html = '<pre class="dark"><code><span style="color:#f8f8f2">print("hi")</span></code></pre>'
    assert text(clean(html)[0]) == 'print("hi")'


def test_inner_colour_keeps_the_block():
    tree, _ = clean('<div style="color:#fff"><p style="color:#000">visible inside</p></div>')
    assert text(tree) == "visible inside"


def test_contrast_threshold_is_an_option():
    html = '<p>a <span style="color:#e0e0e0">light</span></p>'  # ratio about 1.3
    assert "light" in text(clean(html)[0])
    assert "light" not in text(clean(html, min_contrast=1.5)[0])


# --- not displayed -----------------------------------------------------------


@pytest.mark.parametrize(
    "element",
    [
        '<span style="display:none">secret</span>',
        '<span style="visibility: hidden">secret</span>',
        '<span style="font-size:0">secret</span>',
        '<span style="font-size: 0px">secret</span>',
        '<span style="opacity:0">secret</span>',
        '<span style="opacity: 0.0">secret</span>',
        "<span hidden>secret</span>",
    ],
)
def test_hidden_elements_go(element):
    tree, _ = clean(f"<p>shown {element}</p>")
    assert text(tree) == "shown"


@pytest.mark.parametrize(
    "element",
    [
        '<span style="display:inline">secret</span>',
        '<span style="font-size:10px">secret</span>',
        '<span style="opacity:0.5">secret</span>',
        '<span style="font-size:0.9em">secret</span>',
        '<span hidden="until-found">secret</span>',
    ],
)
def test_displayed_elements_stay(element):
    tree, _ = clean(f"<p>shown {element}</p>")
    assert text(tree) == "shown secret"


def test_long_hidden_block_is_kept_with_a_warning():
    long_text = "A tab panel with real content. " * 20
    tree, doc = clean(f'<div style="display:none"><p>{long_text}</p></div>', max_hidden_chars=200)
    assert "tab panel" in text(tree)
    assert [c.warning for c in doc.changes] == [True]


def test_emptied_container_goes():
    tree, _ = clean('<div><p>kept</p><p><span style="display:none">x</span></p></div>')
    assert str(tree.body) == "<body><div><p>kept</p></div></body>"


# --- tracking images ---------------------------------------------------------


@pytest.mark.parametrize(
    "img",
    [
        '<img src="/t.gif" width="1" height="1">',
        '<img src="/t.gif" width="0" height="0">',
        '<img src="/t.gif" style="width:1px;height:1px">',
    ],
)
def test_tracking_pixels_go(img):
    tree, _ = clean(f"<p>text {img}</p>")
    assert tree.find("img") is None


@pytest.mark.parametrize(
    "img",
    [
        '<img src="/p.jpg" width="1" height="300">',
        '<img src="/p.jpg">',
        '<img src="/p.jpg" width="16" height="16">',
    ],
)
def test_real_images_stay(img):
    tree, _ = clean(f"<p>text {img}</p>")
    assert tree.find("img") is not None


# --- signatures --------------------------------------------------------------


def test_visible_signature_ending_paragraphs_is_stripped():
    html = (
        "".join(f"<p>第{n}段正文内容。<span>example.cn</span></p>" for n in range(3))
        + "<p>最后一段。</p>"
    )
    tree, doc = clean(html)
    assert [p.get_text() for p in tree.find_all("p")] == [
        "第0段正文内容。",
        "第1段正文内容。",
        "第2段正文内容。",
        "最后一段。",
    ]
    assert any(c.rule == "signature" for c in doc.changes)


def test_signature_glued_after_a_sentence_is_stripped():
    html = "".join(f"<p>Sentence number {n} ends here. Stamp.example.org</p>" for n in range(3))
    tree, _ = clean(html)
    assert [p.get_text() for p in tree.find_all("p")] == [
        f"Sentence number {n} ends here." for n in range(3)
    ]


def test_signature_on_only_two_paragraphs_stays():
    html = "".join(f"<p>Part {n} of it. Stamp.example.org</p>" for n in range(2)) + "<p>Plain.</p>"
    tree, _ = clean(html)
    assert text(tree).count("Stamp.example.org") == 2


@pytest.mark.parametrize(
    "paragraphs",
    [
        # the same last word after a space, not after a sentence end
        ["Photo: Reuters", "Map: Reuters", "Chart: Reuters"],
        # sentences that happen to end alike
        ["We tried it again.", "They tried it again.", "You tried it again."],
        # code at the end of list-like paragraphs
        ["enabled: <code>bool</code>", "visible: <code>bool</code>", "locked: <code>bool</code>"],
        # a paragraph that is nothing but the repeated string
        ["* * *", "* * *", "* * *"],
    ],
)
def test_ordinary_repeated_endings_stay(paragraphs):
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    before = text(BeautifulSoup(html, "lxml"))
    tree, doc = clean(html)
    assert text(tree) == before
    assert not doc.changes


def test_credit_under_a_few_of_many_paragraphs_stays():
    html = "".join(f"<p>Paragraph {n} of the report.</p>" for n in range(12)) + "".join(
        f"<p>Photo {n}. <em>Reuters</em></p>" for n in range(3)
    )
    tree, doc = clean(html)
    assert text(tree).count("Reuters") == 3
    assert not doc.changes


def test_signatures_can_be_switched_off():
    html = "".join(f"<p>Part {n} here. Stamp.example.org</p>" for n in range(3))
    tree, _ = clean(html, signatures=False)
    assert text(tree).count("Stamp.example.org") == 3


def test_markdown_bodies_are_left_alone():
    doc = Document(body='<font color="#fff">x</font>', kind=Kind.MARKDOWN)
    WatermarksFilter().run(doc)
    assert doc.body == '<font color="#fff">x</font>' and not doc.changes


# --- audit: each rule with its look-alikes -------------------------------------


@pytest.mark.parametrize(
    "span",
    [
        '<span style="color:#fff">stamp</span>',  # 3 digits
        '<span style="color:#ffff">stamp</span>',  # 4 digits
        '<span style="color:#FAFAFA">stamp</span>',  # 6 digits
        '<span style="color:#000000ff">stamp</span>',  # 8 digits, on black below
        '<span style="COLOR: White !important">stamp</span>',
        '<span style="color: rgb(255 255 255)">stamp</span>',
        '<span style="color: hsl(0deg 0% 100%)">stamp</span>',
        '<font color="F8F8F8">stamp</font>',  # legacy hex without "#"
    ],
)
def test_every_colour_syntax_is_read(span):
    background = "#000" if "#000000ff" in span else "#fff"
    tree, doc = clean(f'<div style="background-color:{background}"><p>Seen {span}</p></div>')
    assert text(tree) == "Seen"
    assert [(c.filter, c.rule, c.detail) for c in doc.changes] == [
        ("watermarks", "low contrast", "stamp")
    ]


@pytest.mark.parametrize(
    "span",
    [
        '<span style="color:#0000ff80">tinted</span>',  # blue at half alpha
        '<span style="color:#888">tinted</span>',
        '<span style="color:rgba(0,0,0,0.3)">tinted</span>',
        '<span style="color:hsl(210, 60%, 40%)">tinted</span>',
        '<font color="navy">tinted</font>',
    ],
)
def test_readable_colours_of_every_syntax_stay(span):
    tree, doc = clean(f"<p>Seen {span}</p>")
    assert text(tree) == "Seen tinted"
    assert not doc.changes


@pytest.mark.parametrize(
    "wrapper",
    [
        '<table><tr><td bgcolor="#333">{}</td></tr></table>',
        '<div style="background:#333 no-repeat">{}</div>',
        '<div style="background-color: rgb(51,51,51)">{}</div>',
    ],
)
def test_every_background_declaration_counts(wrapper):
    inner = '<font color="#f8f8f8">white on dark</font> <span style="color:#343434">hidden</span>'
    tree, _ = clean(wrapper.format(inner))
    assert text(tree) == "white on dark"


@pytest.mark.parametrize(
    "html",
    [
        # a stylesheet paints the background: we cannot see it, so we cannot judge
        '<p class="has-black-background-color has-background" style="color:#fff">Light text</p>',
        '<div class="bg-dark"><span style="color:#fafafa">Light text</span></div>',
        '<div class="heroBg"><span style="color:#fafafa">Light text</span></div>',
        # the browser paints these
        '<button style="color:#f0f0f0">Light text</button>',
        '<mark style="color:#fff">Light text</mark>',
    ],
)
def test_unknown_backgrounds_keep_light_text(html):
    tree, doc = clean(html)
    assert text(tree) == "Light text"
    assert not doc.changes


def test_short_hidden_text_goes_and_is_logged():
    _, doc = clean('<p>shown <span style="display:none">ref-7f3a</span></p>')
    assert [(c.filter, c.rule, c.detail, c.warning) for c in doc.changes] == [
        ("watermarks", "display:none", "ref-7f3a", False)
    ]


def test_long_hidden_text_is_kept_and_reported_with_its_text():
    long_text = "Answer to the quiz, revealed by a button. " * 8
    tree, doc = clean(f"<p>Q?</p><div hidden>{long_text}</div>")
    assert "revealed by a button" in text(tree)
    [change] = doc.changes
    assert change.warning and change.rule == "hidden attribute, kept (long)"
    assert change.detail.startswith("Answer to the quiz")


@pytest.mark.parametrize(
    "element",
    [
        '<iframe src="https://t.example/f" style="position: absolute; clip: rect(1px, 1px, 1px, 1px);"></iframe>',
        '<iframe src="https://t.example/f" width="0" height="0"></iframe>',
        '<iframe src="https://t.example/f" style="visibility:hidden"></iframe>',
        '<img src="https://t.example/p.gif" style="position:absolute;clip:rect(0 0 0 0)">',
        '<img src="https://t.example/p.gif" style="position:absolute;visibility:hidden;">',
        '<img src="https://t.example/p.gif" width="1px" height="1px">',
    ],
)
def test_trackers_and_hidden_frames_go(element):
    tree, doc = clean(f"<p>text {element}</p>")
    assert tree.find(["img", "iframe"]) is None
    assert "t.example" in doc.changes[0].detail


@pytest.mark.parametrize(
    "element",
    [
        '<iframe src="https://v.example/embed" width="560" height="315"></iframe>',
        '<iframe src="https://v.example/embed" style="clip: rect(1px, 1px, 1px, 1px)"></iframe>',
        '<img src="/a.png" style="position:absolute;clip:rect(0, 300px, 200px, 0)">',
        '<img src="/a.png" width="1" height="1" style="width:100%">',
    ],
)
def test_frames_and_images_that_show_stay(element):
    tree, doc = clean(f"<p>text {element}</p>")
    assert tree.find(["img", "iframe"]) is not None
    assert not doc.changes


def test_clipped_text_for_screen_readers_stays():
    # Only images and frames clipped away are trackers; text may be read aloud.
    html = '<p>Next <span style="position:absolute;clip:rect(1px,1px,1px,1px)">chapter</span></p>'
    assert text(clean(html)[0]) == "Next chapter"


@pytest.mark.parametrize(
    "ending",
    [
        "Mitbbs.com",
        "www.example.cn",
        "bbs.example.com.cn/forum",
        "@example.org",
        "某某论坛",
        "某某网",
        "Example BBS",
    ],
)
def test_signature_names_a_site(ending):
    assert names_a_site(ending)


@pytest.mark.parametrize(
    "ending",
    [
        "See the next chapter.",
        "请继续阅读",
        "Sold out",
        "(recommended)",
        "来源：新华网",
        "Node.js",
        "main.py",
        "Reuters",
        "the forum",
        "e.g",
    ],
)
def test_words_of_the_text_are_not_signatures(ending):
    assert not names_a_site(ending)


@pytest.mark.parametrize(
    "paragraphs",
    [
        # a repeated sentence that is part of the text
        ["Step {n} is done. See the next chapter."] * 3,
        ["第{n}步完成。请继续阅读"] * 3,
        # a short phrase in its own element after a sentence
        ["Item {n} costs 5. <strong>Sold out</strong>"] * 3,
        ["第{n}条新闻。来源：新华网"] * 3,
        # a file name after a label, not after a sentence
        ["Script {n}: <code>main.py</code>"] * 3,
        ["Written in <b>Node.js</b> {n}"] * 3,
        # a site's name that is not after a finished sentence
        ["Photo {n}: <em>example.com</em>"] * 3,
        # the whole paragraph is the repeated string
        ["Mitbbs.com"] * 4,
    ],
)
def test_repeated_endings_that_are_text_stay(paragraphs):
    html = "".join(f"<p>{p.format(n=n)}</p>" for n, p in enumerate(paragraphs))
    before = text(BeautifulSoup(html, "lxml"))
    tree, doc = clean(html)
    assert text(tree) == before
    assert not doc.changes


@pytest.mark.parametrize(
    "paragraph",
    [
        "第{n}段正文。某某论坛",
        "Part {n} is over. <span>Example BBS</span>",
        "Part {n} is over! — example.net",
        "问题{n}已解决。<font>www.example.cn</font>",
    ],
)
def test_signatures_after_finished_sentences_go(paragraph):
    html = "".join(f"<p>{paragraph.format(n=n)}</p>" for n in range(3))
    tree, doc = clean(html)
    assert [c.rule for c in doc.changes] == ["signature"]
    assert "(×3)" in doc.changes[0].detail
    for p in tree.find_all("p"):
        assert p.get_text().rstrip().endswith(("。", "over.", "over!", "解决。"))


@pytest.mark.parametrize(
    ("element", "rule"),
    [
        ('<span style="position:absolute;left:-9999px">来源：example.cn</span>', "off screen"),
        ('<span style="position: fixed; top: -100em">stamp</span>', "off screen"),
        ('<span style="text-indent:-9999px">stamp</span>', "off screen"),
        ('<span style="display:inline-block;width:0;overflow:hidden">stamp</span>', "zero size"),
        ('<span style="max-height:0px;overflow:hidden">stamp</span>', "zero size"),
        ('<font class="jammer">a8Kq2</font>', "hidden class"),
    ],
)
def test_text_out_of_sight_goes(element, rule):
    tree, doc = clean(f"<p>正文。{element}</p>")
    assert text(tree) == "正文。"
    assert [c.rule for c in doc.changes] == [rule]


@pytest.mark.parametrize(
    "element",
    [
        '<span style="position:relative;left:-9999px">shown</span>',  # only positioned boxes move away
        '<span style="position:absolute;left:-20px">shown</span>',
        '<span style="text-indent:2em">shown</span>',
        '<span style="width:0">shown</span>',  # no overflow hidden: the text spills out, visible
        '<span style="overflow:hidden;width:10px">shown</span>',
        '<span class="jammer-free">shown</span>',
        '<span class="sr-only">shown</span>',
    ],
)
def test_text_in_sight_stays(element):
    tree, doc = clean(f"<p>正文。{element}</p>")
    assert text(tree) == "正文。 shown"
    assert not doc.changes


def test_configured_hidden_classes():
    html = '<p>Text <span class="spoiler-x">zz</span></p>'
    assert text(clean(html)[0]) == "Text zz"
    assert text(clean(html, hidden_classes=["Spoiler-X"])[0]) == "Text"


def test_light_text_over_a_background_picture_stays():
    html = (
        '<section style="background-image: url(https://i.example.org/banner.jpg)">'
        '<span style="color: rgb(255, 255, 255)">Over the picture</span></section>'
    )
    tree, doc = clean(html)
    assert text(tree) == "Over the picture"
    assert not doc.changes


@pytest.mark.parametrize(
    "element",
    [
        '<h2 class="wow fadeInUp" style="visibility: hidden; animation-name: none;">Shown on scroll</h2>',
        '<h2 data-aos="fade-up" style="opacity:0">Shown on scroll</h2>',
        '<h2 style="opacity: 0; transition: opacity .3s">Shown on scroll</h2>',
        '<img style="display:none" data-original="https://i.example.org/p.jpg" alt="Shown on scroll">',
        '<img width="1" height="1" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/p.jpg" alt="Shown on scroll">',
    ],
)
def test_hidden_until_a_script_shows_it_is_kept_and_reported(element):
    tree, doc = clean(f"<div><p>Intro.</p>{element}</div>")
    assert "Shown on scroll" in (text(tree) + str(tree.find("img") or ""))
    assert all(c.warning for c in doc.changes)
    assert [c.rule.endswith("kept (a script shows it)") for c in doc.changes] in ([True], [])


@pytest.mark.parametrize(
    "element",
    [
        '<h2 class="wowza" style="visibility: hidden">Really hidden</h2>',  # not WOW.js
        '<img style="display:none" src="/p.jpg" alt="Really hidden">',  # nothing would load it
    ],
)
def test_hidden_without_a_revealing_script_goes(element):
    tree, doc = clean(f"<div><p>Intro.</p>{element}</div>")
    assert "Really hidden" not in str(tree)
    assert doc.changes and not any(c.warning for c in doc.changes)


def test_removed_text_is_logged_in_full_for_the_output_guard():
    html = "".join(f"<p>第{n}段正文。<span>example.cn</span></p>" for n in range(3))
    html += '<p>x <span style="display:none">hidden words here</span></p>'
    _, doc = clean(html)
    assert [(c.rule, c.removed) for c in doc.changes] == [
        ("display:none", "hidden words here"),
        ("signature", "example.cn example.cn example.cn"),
    ]
