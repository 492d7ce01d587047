"""watermarks: invisible text, hidden elements, tracking pixels and stamped signatures go."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from normalize.document import Document, Kind
from normalize.filters.watermarks import WatermarksFilter, contrast, named_colors, parse_color

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
