"""Whole saved pages: the article is kept, the site around it goes, its metadata fills the front matter.

Each page under fixtures/pages/ has a spec in fixtures/pages/expectations.toml: snippets the
Markdown must hold and must not hold, and what the front matter must (and must not) say.
"""

from __future__ import annotations

import functools
import shutil
import sys

import pytest
import yaml
from conftest import FIXTURES, run_cli

from normalize import normalize_bytes
from normalize.document import Kind
from normalize.loss_guard import visible_text
from normalize.sniff import sniff

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PAGES = FIXTURES / "pages"
SPEC = tomllib.loads((PAGES / "expectations.toml").read_text(encoding="utf-8"))
NAMES = sorted(SPEC)
# Pages that are a whole site's page; a fragment has no site to keep in place.
WHOLE_PAGES = [name for name in NAMES if name != "fragment-no-cut"]


def page(name: str) -> bytes:
    return (PAGES / f"{name}.html").read_bytes()


@functools.cache
def converted(name: str) -> str:
    return normalize_bytes(page(name), name=f"{name}.html")


def split(output: str) -> tuple[dict, str]:
    """The output's front matter (every scalar read as a string) and its body."""
    if not output.startswith("---\n"):
        return {}, output
    end = output.index("\n---\n", 3)
    metadata = yaml.load(output[4:end], Loader=yaml.BaseLoader) or {}
    return metadata, output[end + len("\n---\n") :]


def test_every_page_has_a_spec_and_every_spec_a_page():
    on_disk = sorted(path.stem for path in PAGES.glob("*.html"))
    assert on_disk == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_the_article_is_kept(name):
    _, body = split(converted(name))
    missing = [snippet for snippet in SPEC[name]["present"] if snippet not in body]
    assert missing == []


@pytest.mark.parametrize("name", NAMES)
def test_the_site_goes(name):
    _, body = split(converted(name))
    kept = [snippet for snippet in SPEC[name]["absent"] if snippet in body]
    assert kept == []


@pytest.mark.parametrize("name", NAMES)
def test_the_front_matter_holds_the_page_metadata(name):
    metadata, _ = split(converted(name))
    wrong = {
        key: (metadata.get(key), expected)
        for key, expected in SPEC[name]["frontmatter"].items()
        if metadata.get(key) != expected
    }
    assert wrong == {}


@pytest.mark.parametrize("name", NAMES)
def test_the_front_matter_invents_nothing(name):
    metadata, _ = split(converted(name))
    invented = {key: metadata[key] for key in SPEC[name]["frontmatter_absent"] if key in metadata}
    assert invented == {}


@pytest.mark.parametrize("name", NAMES)
def test_a_second_run_changes_nothing(name):
    output = converted(name)
    assert normalize_bytes(output.encode(), name=f"{name}.md") == output
    assert normalize_bytes(output.encode(), name=f"{name}.html") == output


@pytest.mark.parametrize("name", NAMES)
def test_no_warning_reaches_the_user(name, recwarn):
    # Not the cached result: the warnings of this very run are what counts.
    normalize_bytes(page(name), name=f"{name}.html")  # the output guard raises on lost text
    assert [str(warning.message) for warning in recwarn] == []


@pytest.mark.parametrize("name", NAMES)
def test_the_command_prints_the_article_and_no_warning(name):
    code, out, err = run_cli(str(PAGES / f"{name}.html"))
    assert code == 0, err
    assert out.decode("utf-8") == converted(name)
    assert "warning" not in err.lower()


AD_LABELS = {"advertisement", "sponsored"}


@pytest.mark.parametrize("name", WHOLE_PAGES)
def test_in_place_a_page_keeps_its_site(tmp_path, name):
    """Rewritten in place, a page stays HTML and keeps every part of its site (an ad is
    not the site: the ads filter takes it out wherever it stands)."""
    path = tmp_path / f"{name}.html"
    shutil.copyfile(PAGES / f"{name}.html", path)
    seen = visible_text(page(name).decode("utf-8"))
    chrome = [
        snippet
        for snippet in SPEC[name]["absent"]
        if snippet in seen and snippet.casefold() not in AD_LABELS
    ]
    assert chrome, "the spec names none of the site's visible text"

    code, _, err = run_cli("--check", str(path))
    assert code in (0, 1), err
    assert path.read_bytes() == page(name)  # --check writes nothing

    code_in_place, _, err = run_cli("--in-place", str(path))
    assert code_in_place == 0, err
    after = path.read_bytes().decode("utf-8")
    assert sniff(after, path.name) == Kind.HTML
    lost = [snippet for snippet in chrome if snippet not in visible_text(after)]
    assert lost == []
    # --check says a file would change exactly when --in-place changes it.
    assert code == (0 if after.encode() == page(name) else 1)


def test_metadata_keys_take_the_names_the_configuration_gives(tmp_path):
    (tmp_path / "normalize.toml").write_text(
        '[metadata]\nrename = { source = "link", image = "cover" }\n', encoding="utf-8"
    )
    shutil.copyfile(PAGES / "wordpress.html", tmp_path / "page.html")
    code, out, err = run_cli("page.html", cwd=tmp_path)
    assert code == 0, err
    front = yaml.safe_load(out.decode("utf-8").split("---\n")[1])
    assert front["link"] == SPEC["wordpress"]["frontmatter"]["source"]
    assert "cover" in front and "source" not in front and "image" not in front


def test_a_key_the_front_matter_has_is_not_overwritten_by_the_page():
    page = (PAGES / "wordpress.html").read_bytes()
    output = normalize_bytes(b"---\ntitle: My own title\n---\n" + page, name="post.md")
    front = yaml.safe_load(output.split("---\n")[1])
    assert front["title"] == "My own title"
    assert front["source"] == SPEC["wordpress"]["frontmatter"]["source"]


def test_credit_lines_and_boxes_of_site_links_in_the_article_go():
    page = (
        "<html><head><title>Goats</title><link rel='canonical' href='https://mag.example/goats'>"
        "</head><body><article><h1>Goats</h1>"
        "<p>The goats were taken off the island in 2017, and the birds came back within a year, "
        "nesting on ledges that had been bare for decades.</p>"
        "<figure><img src='/g.jpg' alt='A goat'><figcaption>A goat on the ridge, the last "
        "one seen.<span>Photograph by Ed Marsh, Island Trust</span></figcaption></figure>"
        "<div class='teasers'><a href='/volcano'>Living under a volcano</a> "
        "<a href='/lizards'>The lizards of Redonda</a> <a href='/birds'>Boobies return</a></div>"
        "<p>Sources: <a href='https://a.example/report'>the trust's report</a>, "
        "<a href='https://b.example/paper'>a paper</a> and <a href='https://c.example/x'>"
        "a survey</a>.</p>"
        "<p>Wardens now count the birds each spring, and the numbers keep rising.</p>"
        "</article></body></html>"
    )
    output = normalize_bytes(page.encode(), name="page.html")
    assert "A goat on the ridge, the last one seen." in output
    assert "Photograph by" not in output
    assert "Living under a volcano" not in output and "Boobies return" not in output
    assert "[the trust's report](https://a.example/report)" in output  # other sites: sources
    assert "Wardens now count the birds" in output


def test_a_link_home_set_as_a_heading_below_the_article_goes_and_its_pictures_stay():
    page = (
        "<html><head><title>Our club</title></head><body><table><tr><td>"
        "<img src='images/banner.gif'></td></tr><tr><td>"
        "<p>The club was founded in 1990 by a handful of neighbours who trained their dogs "
        "together on a meadow behind the church, and it has met every Sunday since.</p>"
        "<p>Training moved three times before the club found the ground it leases today, "
        "a wide park where the beginners' classes are held all year round.</p>"
        "</td></tr><tr><td><img src='images/corner-left.gif'></td>"
        "<td><div><a href='index.html'><h6>Back to the start page</h6></a></div></td>"
        "<td><img src='images/corner-right.gif'></td></tr></table></body></html>"
    )
    output = normalize_bytes(page.encode(), name="club.html")
    assert "Back to the start page" not in output
    assert "the beginners' classes are held all year round." in output
    assert "corner-left.gif" in output and "corner-right.gif" in output


def test_the_next_stories_teased_below_the_article_go():
    page = (
        "<html><head><title>Tides</title></head><body><div class='post'>"
        "<p>The spring tide came in higher than any year since the harbour wall was built, "
        "and the fishermen moved their boats to the upper slip before dark.</p>"
        "<p>By morning the water had gone back out, leaving weed on the steps of the chapel.</p>"
        "<div id='next-post-thumbnails'><div class='nextstory'>"
        "<h2><a href='/2019/09/lighthouse.html'>The lighthouse keeper's last winter</a></h2>"
        "<p>For forty years the keeper climbed the tower every evening, and this is the "
        "story of the winter he handed the key to the coastguard.</p>"
        "<h3><a href='/2019/09/lighthouse.html'>READ THE REST</a></h3></div></div>"
        "</div></body></html>"
    )
    output = normalize_bytes(page.encode(), name="tides.html")
    assert "leaving weed on the steps of the chapel." in output
    assert "lighthouse" not in output and "READ THE REST" not in output


def test_a_date_line_below_the_article_becomes_the_date_and_leaves_the_body():
    page = (
        "<html><head><title>Oil</title></head><body><div class='content'>"
        "<p>Oil forms over millions of years from tiny creatures that sink to the sea floor "
        "and are covered by sediment, far from the air that would let them rot.</p>"
        "<p>Heat and time do the rest, a few kilometres down.</p>"
        "<p class='date'>19.11.2012</p></div></body></html>"
    )
    meta, body = split(normalize_bytes(page.encode(), name="oil.html"))
    assert meta["date"] == "2012-11-19"
    assert "19.11.2012" not in body and "a few kilometres down." in body


def test_a_readers_rating_widget_is_the_site():
    page = (
        "<html><head><title>Hard talks</title></head><body><div id='detailcontent'>"
        "<div class='hreview-aggregate'><span class='rating'><span class='average'>3</span> of "
        "<span class='best'>5</span></span>, (<span class='votes'>1</span> rating)</div>"
        "<p>Nobody likes conflict, and yet we meet it every day, at work and at home; this is "
        "a simple way to get through a hard conversation without losing the other person.</p>"
        "</div></body></html>"
    )
    output = normalize_bytes(page.encode(), name="talks.html")
    assert "without losing the other person." in output
    assert "rating)" not in output


def test_a_page_without_a_single_block_is_read():
    page = "<html><head><title>Note</title></head><body>Just a line of <b>text</b>.</body></html>"
    output = normalize_bytes(page.encode(), name="note.html")
    assert "Just a line of **text**." in output


def test_malformed_urls_in_a_page_are_kept_as_written():
    page = (
        '<html><head><title>T</title><link rel="canonical" href="http://[::1">'
        '<meta property="og:image" content="https://[bad/x.png"><base href="http://[oops">'
        "</head><body><article><h1>T</h1><p>Words enough to be the article, written out "
        'here at some length so that it counts.</p><p><a href="http://[::1/x">odd</a> and '
        '<a href="/rel">rel</a></p></article><nav><a href="http://[::2">n</a></nav>'
        "</body></html>"
    )
    output = normalize_bytes(page.encode(), name="page.html")
    assert "Words enough to be the article" in output
    assert "[odd](http://[::1/x)" in output


def test_what_a_page_has_after_its_body_is_kept():
    # lxml leaves it outside <body>; browsers show it at the end of the page.
    page = (
        "<html><head><title>Scripts</title></head><body><h1>Scripts</h1><p>A table of "
        "scripts outside the basic plane, with the names of the people who drew their fonts, "
        "and where to find them.</p></body><p>This page last updated 2004-02-24.</p></html>"
    )
    assert "This page last updated 2004-02-24." in normalize_bytes(page.encode(), name="p.html")


def test_a_page_that_is_all_site_is_kept_whole_with_a_warning():
    page = (
        "<html><head><title>Links</title></head><body><table><tr><td>"
        '<a href="/a">Free offer this week</a></td></tr><tr><td><a href="/b">Play for free'
        '</a></td></tr><tr><td><a href="/c">Cheap calls</a></td></tr></table></body></html>'
    )
    code, out, err = run_cli("-v", "-", input=page.encode())
    assert code == 0, err
    assert b"Free offer this week" in out and b"Cheap calls" in out
    assert "no article found: the page is kept whole" in err


def test_an_article_written_as_lines_parted_by_br_is_found():
    # A news site that marks nothing: the story is bare text in a <div>, its paragraphs
    # parted by <br>, beside teaser <article>s of the site with dates of their own.
    lines = [
        "Anchor: Heavy rain on Monday gave way to a cold, dry wind on Tuesday, and the "
        "first frost warnings of the season went out for the northern valleys.",
        "Report: Farmers in the hills covered their late cabbages with sheets, and the "
        "ferry across the lake stopped running at noon.",
        "The weather office expects the cold to ease by Thursday, with sun and milder air "
        "coming in from the south over the weekend.",
    ]
    teasers = "".join(
        f"<article><a href='/v/{n}'><img src='/t{n}.jpg'></a><h2><a href='/v/{n}'>Music Show "
        f"lineup for episode {n}, with the week's most watched clips and a guest list</a>"
        f"</h2><p class='date'>2023-11-0{n}</p></article>"
        for n in (1, 2, 3)
    )
    page = (
        "<html><head><title>Cold Wave Alert</title></head><body>"
        "<header><h1 class='logo'><a href='/'>RADIO WORLD</a></h1></header>"
        "<div id='container'><div class='contents'><section class='view'>"
        "<div class='title_area'><h1>Cold Wave Alert</h1>"
        "<p class='date'>Written: 2023-11-07 15:03:30 / Updated: 2023-11-07 15:30:46</p></div>"
        "<div class='body_txt'>" + "<br><br>".join(lines) + "</div></section>"
        "<h2>Editor's Pick</h2><section class='picks'>" + teasers + "</section></div>"
        "<aside><dl><dt>Most Viewed News</dt><dd><a href='/n/1'>Bridge reopens</a></dd>"
        "</dl></aside></div><footer><p>All rights reserved.</p></footer></body></html>"
    )
    front, body = split(normalize_bytes(page.encode(), name="page.html"))
    for line in lines:
        assert line in body
    assert "Editor's Pick" not in body and "lineup" not in body
    assert "Most Viewed News" not in body
    # The date is the story's, from the line below its title, not a teaser's.
    assert str(front["date"]) == "2023-11-07"
    assert "Written:" not in body


def test_lines_of_an_article_set_in_divs_of_their_own_are_kept():
    # A page builder writes each paragraph and each list line as a <div> of text.
    items = ["– Runes and their meaning", "– Rituals of the mountain", "– Blessings"]
    page = (
        "<html><head><title>Seminar</title></head><body><nav><a href='/'>Home</a> "
        "<a href='/a'>About</a></nav><div id='page'><div class='main'>"
        "<h2>Seminar</h2><div><p>The seminar opens with a talk on the old shrines, their "
        "keepers, and the rites they still hold each spring in the forests.</p>"
        "<p>Then come two days of practice, with walks to the waterfall, where the monks "
        "once sat through the winter, and evenings of reading.</p></div>"
        "<div>The seminar takes place on the 22nd and 23rd of August in the old school "
        "by the river, and places are limited to twenty.</div>"
        "<div>From the programme:</div>"
        + "".join(f"<div>{item}</div>" for item in items)
        + "</div></div><footer>Powered by a blog engine</footer></body></html>"
    )
    body = split(normalize_bytes(page.encode(), name="page.html"))[1]
    assert "places are limited to twenty" in body
    for item in items:
        assert item in body
    assert "Powered by" not in body


def test_a_page_of_a_few_lines_and_pictures_keeps_them_all():
    # A comic: two short lines of text with the pictures between them, nothing that stands
    # out as prose; the article is what holds the lines, the pictures included.
    pictures = "".join(
        f"<div class='row'><div class='col'><img src='strip{n}.png' alt='Panel {n}'></div></div>"
        for n in range(1, 6)
    )
    page = (
        "<html><head><title>Loops and their turns</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/blog'>Blog</a></li></ul></nav>"
        "<div class='container'><div class='row'><div class='col'><h1>Loops and their turns</h1>"
        "<p>03.02.2021 - Kim Weber</p></div></div>"
        "<div><div class='row'><div class='col'><p>How did loops work again?"
        " Here is a page from our teaching material!</p></div></div>"
        + pictures
        + "<div class='row'><div class='col'><p>Loops are easy for you? Then try the "
        "<a href='/quiz'>quiz</a> we made for it!</p></div></div></div></div>"
        "<footer><p>Copyright Loop Club · Imprint · Privacy</p></footer></body></html>"
    )
    front, body = split(normalize_bytes(page.encode(), name="loops.html"))
    assert "How did loops work again?" in body
    assert "try the [quiz]" in body
    assert all(f"strip{n}.png" in body for n in range(1, 6))
    assert "Imprint" not in body and "Blog" not in body


STORY = (
    "<p>The harbour was quiet that winter, and the boats stayed tied up along the wall, "
    "rocking a little whenever the wind turned round to the east.</p>"
    "<p>In March the first of them went out again, and the town came down to watch.</p>"
)


@pytest.mark.parametrize(
    "site_block",
    [
        "<p class='rightbox'><b>We need your help</b><br>Help us keep this site going."
        "<a href='/give'>Give</a></p>",
        "<div class='donate-box'>Keep us writing: <a href='/give'>support the site</a></div>",
        "<address>harbour.html - Created 03-10-2004 - Last Modified: 03-10-2004</address>",
        "<div class='cta'><h3>Learn a new knot every week</h3><p>Join the sailors who Give "
        "their email for a free lesson in their inbox.</p></div>",
    ],
)
def test_boxes_asking_for_money_or_sign_ups_and_the_address_line_are_the_site(site_block):
    page = f"<html><head><title>Harbour</title></head><body>{STORY}{site_block}</body></html>"
    _, body = split(normalize_bytes(page.encode(), name="harbour.html"))
    assert "the town came down to watch" in body
    assert "Give" not in body and "support the site" not in body and "Modified" not in body


@pytest.mark.parametrize(
    "look_alike",
    [
        "<p class='right'>The right side of the harbour was kept for the ferry.</p>",
        "<p class='box'>A box of nets stood by the steps all winter long.</p>",
    ],
)
def test_blocks_named_right_or_box_alone_stay(look_alike):
    page = f"<html><head><title>Harbour</title></head><body>{STORY}{look_alike}</body></html>"
    _, body = split(normalize_bytes(page.encode(), name="harbour.html"))
    assert visible_text(look_alike).strip() in body


def test_sections_of_the_article_beside_its_best_one_stay():
    # An event page: one section with the most prose, and beside it more sections of a
    # heading over a paragraph; the site's teasers, all links, still go.
    def section(title: str, text: str) -> str:
        return f"<section><h2>{title}</h2><p>{text}</p></section>"

    page = (
        "<html><head><title>Career day</title></head><body><div class='main'>"
        + section(
            "Company visits",
            "Visit the workshops of four firms in the morning, talk to the people who run the "
            "machines, and see what an apprenticeship there looks like, from the first week, "
            "through the exams, to the day the contract is signed.</p><p>After lunch, the "
            "firms show their offices, their labs, their stores, and the yard where the "
            "trucks are loaded, and answer every question, however small.</p><p>At four, "
            "everyone meets again in the hall, with coffee, cake, and the list of openings.",
        )
        + section(
            "Evening drinks",
            "In a relaxed atmosphere you can meet students and young professionals from the "
            "whole region, and talk about what comes next.",
        )
        + section(
            "Getting there",
            "The visits start at the old granary by the river, a short walk from the station; "
            "signs in the square show the way.",
        )
        + "<section><h2>More events</h2><ul><li><a href='/e/1'>Spring fair</a></li>"
        "<li><a href='/e/2'>Summer school</a></li></ul></section>"
        "</div></body></html>"
    )
    _, body = split(normalize_bytes(page.encode(), name="career.html"))
    assert "In a relaxed atmosphere" in body and "a short walk from the station" in body
    assert "Spring fair" not in body
