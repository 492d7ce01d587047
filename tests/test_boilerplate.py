"""boilerplate: page chrome in text dumps goes, whole lines only; the article stays."""

from __future__ import annotations

import re

import pytest

from normalize.document import Document, Kind
from normalize.errors import ConfigError
from normalize.filters.boilerplate import BoilerplateFilter, Hints, line_text

ARTICLE = "\n\n".join(
    f"Paragraph {n} of a long article about tending a small vegetable garden on a balcony, "
    "with notes on soil, light and watering."
    for n in range(8)
)


def clean(body: str, kind: str = Kind.TEXT, **options) -> Document:
    doc = Document(body=body, kind=kind)
    BoilerplateFilter(options).run(doc)
    return doc


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("  * [All Posts](https://site.example/blog)  ", "All Posts"),
        ("### _Related_", "Related"),
        ("> **Share this:**", "Share this:"),
        ("1. Back to top", "Back to top"),
        ("- [Log In][login]", "Log In"),
    ],
)
def test_line_text_strips_markdown(line, text):
    assert line_text(line) == text


# --- Wix ---------------------------------------------------------------------


WIX = (
    "top of page\n\n"
    "Balcony Gardening Notes\n\n" + ARTICLE + "\n\n\nRecent Posts\n\nSee All\n\n"
    "Growing basil indoors   Basil wants six hours of sun and a pot that drains well...\n\n"
    "Winter care for herbs   When frost comes, bring the rosemary inside before...\n\n"
    "bottom of page"
)


def test_wix_page():
    doc = clean(WIX)
    assert doc.body.startswith("Balcony Gardening Notes\n\nParagraph 0")
    assert doc.body.endswith("with notes on soil, light and watering.")
    for chrome in (
        "top of page",
        "Recent Posts",
        "See All",
        "Growing basil",
        "Winter care",
        "bottom of page",
    ):
        assert chrome not in doc.body
    assert "Paragraph 7" in doc.body


def test_bottom_of_page_glued_to_the_last_line():
    doc = clean("top of page\n\n" + ARTICLE + " bottom of page")
    assert doc.body.endswith("light and watering.")
    assert "bottom of page" not in doc.body


def test_bottom_of_page_inside_a_sentence_stays():
    body = "top of page\n\n" + ARTICLE + "\n\nThe footnote sits at the bottom of page 12, not here."
    assert clean(body).body.endswith("at the bottom of page 12, not here.")


def test_wix_header_block_near_the_top():
    body = (
        "top of page\n\n[Become Member](https://club.example/join)\n\n* [About](https://club.example/about)\n"
        "* More\n\nUse tab to navigate through the menu items.\n\n* [All Posts](https://club.example/blog)\n\n"
        "* 3 min read\n\n" + ARTICLE + "\n\nbottom of page\n"
    )
    doc = clean(body, kind=Kind.MARKDOWN)
    assert doc.body.startswith("Paragraph 0")
    for chrome in ("Become Member", "About", "Use tab", "All Posts", "min read"):
        assert chrome not in doc.body


def test_wix_lines_are_kept_on_other_pages():
    # "Log In", "See All" and "Search" are chrome on a Wix page only.
    body = "How to reset a password:\n\nLog In\n\nSee All\n\nSearch\n\n" + ARTICLE
    assert clean(body).body == body


WIX_WRITER = "* ![Writer: Ana Lima]()\n\n  Ana Lima\n* Oct 25, 2024\n* 5 min read\n\n"


def test_wix_search_and_writer_block_go():
    body = "top of page\n\n* [All Posts](/blog)\n\nSearch\n\n" + WIX_WRITER + ARTICLE
    doc = clean(body, kind=Kind.MARKDOWN)
    assert doc.body.startswith("Paragraph 0")
    assert "Ana Lima" not in doc.body and "Oct 25" not in doc.body


@pytest.mark.parametrize("date", ["Mar 3", "3 Mar 2023", "2 days ago", "Sept. 9, 2021"])
def test_wix_writer_block_ends_at_any_wix_date(date):
    body = "top of page\n\n* ![Writer: Ana Lima]()\n\n  Ana Lima\n* " + date + "\n\n" + ARTICLE
    assert clean(body, kind=Kind.MARKDOWN).body.startswith("Paragraph 0")


def test_a_writer_line_without_its_date_stays():
    body = "top of page\n\nWriter: Ana Lima, who also edits the newsletter.\n\n" + ARTICLE
    assert "Writer: Ana Lima" in clean(body, kind=Kind.MARKDOWN).body


def test_a_page_dump_loses_headings_that_repeat_its_title():
    body = "# Balcony &#38; Garden\n\ntop of page\n\n# Balcony & Garden\n\n" + ARTICLE
    doc = Document(body=body, kind=Kind.MARKDOWN, metadata={"title": "Balcony & Garden"})
    BoilerplateFilter().run(doc)
    assert doc.body.startswith("Paragraph 0")
    assert [c.removed for c in doc.changes if c.rule == "title heading"] == [
        "# Balcony &#38; Garden",
        "# Balcony & Garden",
    ]


def test_a_post_keeps_a_heading_that_repeats_its_title():
    # No page chrome: this is someone's post, and its heading is theirs.
    body = "# Balcony & Garden\n\n" + ARTICLE
    doc = Document(body=body, kind=Kind.MARKDOWN, metadata={"title": "Balcony & Garden"})
    BoilerplateFilter().run(doc)
    assert doc.body == body


def test_a_page_dump_keeps_other_headings_and_late_repeats():
    body = "top of page\n\n# Balcony notes\n\n" + ARTICLE + "\n\n## Balcony & Garden\n\nEnd.\n"
    doc = Document(body=body, kind=Kind.MARKDOWN, metadata={"title": "Balcony & Garden"})
    BoilerplateFilter().run(doc)
    assert "# Balcony notes" in doc.body and "## Balcony & Garden" in doc.body


def test_capitalised_top_of_page_is_no_wix_sign():
    # Other sites have a "Top of page" link too; it goes, but Wix's other rules stay off.
    body = ARTICLE + "\n\nTop of page\n\nLog In\n"
    assert clean(body).body == ARTICLE + "\n\nLog In\n"


def test_recent_posts_in_the_middle_is_not_a_trailing_block():
    body = "top of page\n\nIntro.\n\nRecent Posts\n\n" + ARTICLE
    doc = clean(body)
    assert "Paragraph 7" in doc.body and "Paragraph 0" in doc.body


# --- WordPress ---------------------------------------------------------------


def test_wordpress_share_block_and_its_reference_definitions():
    body = (
        "See [yesterday's post][1] first.\n\n" + ARTICLE + "\n\n### Share this:\n\n* [Twitter][2]\n"
        "* [Facebook][3]\n\n### Like this:\n\nLike Loading...\n\n### _Related_\n\n"
        "  [1]: https://blog.example/prev\n"
        '  [2]: https://blog.example/post?share=twitter "Click to share on Twitter"\n'
        '  [3]: https://blog.example/post?share=facebook "Click to share on Facebook"'
    )
    doc = clean(body, kind=Kind.MARKDOWN)
    assert doc.body.endswith("light and watering.\n\n  [1]: https://blog.example/prev")
    for chrome in ("Share this:", "Like this:", "Like Loading", "Related", "Click to share"):
        assert chrome not in doc.body


def test_related_in_the_middle_of_an_article_stays():
    body = (
        "Share this: a tip from a reader.\n\n## Related\n\nThe related work section.\n\n" + ARTICLE
    )
    doc = clean(body, kind=Kind.MARKDOWN)
    assert doc.body == body


# --- Blogger -----------------------------------------------------------------


def test_blogger_page():
    body = (
        "\nGARDEN LOG\n\n"
        "    Tomatoes in pots\n"
        "    A short guide to growing tomatoes where there is no garden at all, starting with...\n"
        "    Compost basics\n"
        "    Kitchen scraps, dry leaves and a little patience are all you need to begin...\n\n"
        "Monday, May 4, 2020\nBalcony gardening\n" + ARTICLE + "\n\n"
        "Posted by Ana at 7:15 PM Email ThisBlogThis!Share to Twitter\n"
        "Labels: garden\nNo comments:\n\n"
        "Post a Comment\n\nNewer Post Older Post Home\nSubscribe to: Post Comments (Atom)\n"
        "Picture Window template. Powered by Blogger.\n"
    )
    doc = clean(body)
    assert doc.body.startswith("Monday, May 4, 2020\nBalcony gardening\nParagraph 0")
    assert doc.body.endswith("light and watering.\n")
    for chrome in (
        "GARDEN LOG",
        "Tomatoes in pots",
        "Posted by",
        "Newer Post",
        "Powered by Blogger",
    ):
        assert chrome not in doc.body


def test_ellipsis_lines_inside_an_article_stay():
    body = ARTICLE + "\n\nHe said\nwell...\nShe said\nmaybe...\n"
    assert clean(body).body == body


# --- generic and Chinese -----------------------------------------------------


@pytest.mark.parametrize("line", ["Back to top", "返回顶部", "  - [Back to top](#top)"])
def test_generic_lines_go(line):
    body = ARTICLE + "\n\n" + line + "\n\nLast words."
    assert clean(body, kind=Kind.MARKDOWN).body == ARTICLE + "\n\nLast words."


def test_generic_words_inside_a_line_stay():
    body = "Scroll back to top of the list and read it again.\n\n返回顶部的按钮在右下角。"
    assert clean(body).body == body


def test_chinese_related_block_at_the_end():
    body = ARTICLE + "\n\n相关文章\n\n如何在阳台种番茄\n冬天怎样照顾香草"
    assert clean(body).body == ARTICLE


def test_chinese_related_heading_early_stays():
    body = "相关文章\n\n" + ARTICLE
    assert clean(body).body == body


# --- forum jammers -----------------------------------------------------------


def test_forum_jammers_are_cut_out_of_lines():
    body = (
        "1. Two sum. more info on 1point3acres\n"
        "2. Word ladder-google 1point3acres\n"
        ". 1point 3acres 论坛\n"
        "3. LRU cache\n"
        "以下内容需要积分高于 100 才可浏览\n"
    )
    doc = clean(body)
    assert doc.body == "1. Two sum\n2. Word ladder\n3. LRU cache\n"


def test_a_jammer_never_takes_the_articles_own_full_stop():
    body = "面经来自一亩三分地\n把项目从头到尾捋一遍。来源一亩.三分地论坛.\n"
    assert clean(body).body.splitlines()[-1] == "把项目从头到尾捋一遍。"


def test_jammer_rules_need_the_forum():
    body = "Visit the forum for more.\n1. Two sum. more info on the wiki\n"
    assert clean(body).body == body


# --- code, options -----------------------------------------------------------


def test_markdown_code_lines_are_left():
    body = ARTICLE + "\n\n```\nBack to top\n```\n"
    assert clean(body, kind=Kind.MARKDOWN).body == body


def test_html_bodies_are_not_touched():
    doc = Document(body="<p>Back to top</p>", kind=Kind.HTML)
    BoilerplateFilter().run(doc)
    assert doc.body == "<p>Back to top</p>"


def test_platform_can_be_switched_off():
    platforms = [p for p in BoilerplateFilter.defaults["platforms"] if p != "wix"]
    assert "Recent Posts" in clean(WIX, platforms=platforms).body
    assert "Recent Posts" not in clean(WIX).body


def test_unknown_platform_is_a_config_error():
    with pytest.raises(ConfigError, match="squarespace"):
        BoilerplateFilter({"platforms": ["squarespace"]})


def test_configured_lines_and_trailing_markers():
    body = ARTICLE + "\n\nPrint this page\n\nMore from the garden shop\n\nSeeds on sale"
    doc = clean(body, lines=["Print this page"], trailing=["More from the .+ shop"])
    assert doc.body == ARTICLE


def test_configured_patterns_with_their_own_flags_are_found():
    body = ARTICLE + "\n\nSPONSORED  by the garden shop"
    doc = clean(body, patterns=["(?x) sponsored \\s+ by .+", "(?s)Print.this"])
    assert doc.body == ARTICLE


def test_edge_option_moves_the_trailing_limit():
    body = "Intro line.\n\nRelated\n\n" + ARTICLE[:400] + "\n\nShare this:"
    assert "Intro line." in clean(body, kind=Kind.MARKDOWN).body
    assert clean(body, kind=Kind.MARKDOWN, edge=1.0).body == "Intro line."


def test_every_removal_is_logged():
    doc = clean(WIX)
    rules = [c.rule for c in doc.changes]
    assert "wix: trailing block" in rules and any(r.endswith(": line") for r in rules)


def test_crlf_line_endings_are_kept():
    body = "top of page\r\n\r\n" + ARTICLE.replace("\n", "\r\n") + " bottom of page\r\n"
    doc = clean(body)
    assert doc.body.endswith("light and watering.\r\n")
    assert "top of page" not in doc.body and "bottom of page" not in doc.body
    assert "\r\n\r\nParagraph 1" in doc.body


# --- saved HTML pages -------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>How tides work - Coastal Notes</title></head>
<body>
<header class="site-header"><a href="/">Coastal Notes</a><nav><a href="/a">Archive</a></nav></header>
<div class="breadcrumb"><a href="/">Home</a> &gt; Science</div>
<article><header><h1>How tides work</h1><p class="meta">May 2</p></header>
<p>The moon pulls the oceans.</p>
<footer class="post-footer">Filed under science</footer></article>
<aside><h3>Popular</h3><a href="/x">Other post</a></aside>
<footer>© Coastal Notes</footer>
</body></html>"""


def page_output(html: str, metadata: dict | None = None) -> tuple[str, dict | None]:
    from normalize.pipeline import Pipeline

    doc = Document.from_text(html)
    doc.metadata = metadata
    output = Pipeline.default().run(doc)
    return output, doc.metadata


def test_saved_page_title_comes_from_its_heading_and_is_not_repeated():
    output, metadata = page_output(PAGE)
    assert metadata == {"title": "How tides work"}
    assert output.startswith("---\ntitle: How tides work\n---\n\n")
    assert "# How tides work" not in output
    assert "May 2" in output and "The moon pulls the oceans." in output


def test_saved_page_chrome_around_the_article_goes():
    output, _ = page_output(PAGE)
    for chrome in ("Archive", "Home", "Popular", "Other post", "© Coastal Notes", "Coastal Notes]"):
        assert chrome not in output
    # A footer inside the article is chrome too; the header holding the heading is not.
    assert "Filed under science" not in output


def test_saved_page_without_h1_takes_its_title_tag():
    output, metadata = page_output(
        "<html><head><title>Plain page</title></head><body><p>Text.</p></body></html>"
    )
    assert metadata == {"title": "Plain page"}
    assert output == "---\ntitle: Plain page\n---\n\nText.\n"


def test_a_heading_the_title_does_not_name_stays_in_the_body():
    html = (
        "<html><head><title>Site index</title></head><body><h1>Welcome</h1><p>Hi.</p></body></html>"
    )
    output, metadata = page_output(html)
    assert metadata == {"title": "Site index"}
    assert "# Welcome" in output


def test_front_matter_title_wins_and_fragments_are_not_pages():
    _, metadata = page_output(PAGE, {"title": "Mine"})
    assert metadata == {"title": "Mine"}
    output, metadata = page_output("<nav><a href='/'>Home</a></nav><p>Fragment text.</p>")
    assert metadata is None
    assert "Home" in output  # no <head>: a post body, not a page; its elements are kept


# --- cookie banners and comment forms ------------------------------------------------------

BANNER = (
    "This website uses cookies to improve your experience.\n\nAccept all\n\nCookie settings\n\n"
)


def test_cookie_banner_at_the_top_or_bottom_goes():
    for body in (BANNER + ARTICLE, ARTICLE + "\n\n" + BANNER):
        assert clean(body).body.strip() == ARTICLE


def test_cookie_sentence_in_the_middle_of_an_article_stays():
    middle = "We use cookies to remember your cart, as explained in our privacy notice."
    half = ARTICLE.split("\n\n")
    body = "\n\n".join(half[:4] + [middle, "Accept all"] + half[4:])
    assert clean(body).body == body


def test_accept_is_no_chrome_without_a_banner():
    body = "Accept\n\n" + ARTICLE
    assert clean(body).body == body


def test_wordpress_comment_form_at_the_end_goes():
    body = (
        ARTICLE
        + "\n\nLike this:\n\nLeave a Reply Cancel reply\n\nYour email address will not be published."
    )
    assert clean(body).body.strip() == ARTICLE


def test_leave_a_reply_early_in_a_post_stays():
    body = "Share this:\n\nLeave a Reply\n\n" + ARTICLE
    assert "Leave a Reply" in clean(body).body


# --- every line rule: the chrome line goes, the same words in a sentence stay ---------------

SIGNS = {
    "wix": "top of page",
    "wordpress": "Share this:",
    "blogger": "Newer Post Older Post Home",
    "cookies": "We use cookies to make this site work.",
    "generic": "",
    "chinese": "",
}
LINE_RULES = [
    ("wix", "bottom of page", "The index is at the bottom of page four."),
    ("wix", "Skip to Main Content", "Skip to main content of the report if you are short of time."),
    ("wix", "Log In", "Log in with the spare key when the door sticks."),
    ("wix", "128 views", "The balcony has 128 views of the harbour, if you count them."),
    ("wix", "3 comments", "There were 3 comments on the soil mix, all of them kind."),
    ("wix", "Updated: Mar 3, 2024", "Updated: the recipe now uses less salt than before."),
    ("wordpress", "Like this:", "Do you like this: a pot that drains well?"),
    ("wordpress", "Like Loading...", "Like loading a dishwasher, potting takes practice."),
    (
        "wordpress",
        "Click to share on Facebook (Opens in new window)",
        "Click to share is a button.",
    ),
    ("blogger", "Subscribe to: Post Comments (Atom)", "Subscribe to the newsletter for posts."),
    ("blogger", "Labels: garden, balcony", "Labels on seed packets fade in the sun."),
    ("blogger", "Posted by Ana at 9:14 AM", "Posted by hand, the seeds arrived at 9:14 on Monday."),
    ("cookies", "Accept all cookies", "Accept all cookies from the neighbour, they are delicious."),
    ("cookies", "Reject all", "Reject all pots without a drainage hole."),
    ("generic", "Back to top", "Prune back to top growth in spring."),
    ("generic", "Skip to content", "Skip to content you need if you know the basics."),
    ("chinese", "返回顶部", "返回顶部的按钮在页面右下角。"),
    ("chinese", "回到顶部", "浇水后回到顶部检查一下土壤。"),
]


@pytest.mark.parametrize("platform, chrome, lookalike", LINE_RULES, ids=[r[1] for r in LINE_RULES])
def test_line_rule_takes_the_line_and_leaves_the_sentence(platform, chrome, lookalike):
    sign = SIGNS[platform] + "\n\n" if SIGNS[platform] else ""
    page = clean(sign + ARTICLE + "\n\n" + chrome).body
    assert chrome not in page and ARTICLE in page
    page = clean(sign + ARTICLE + "\n\n" + lookalike).body
    assert page.endswith(lookalike)


TRAILING_RULES = [
    ("wix", "Recent Posts"),
    ("wordpress", "Related"),
    ("wordpress", "Leave a Reply"),
    ("blogger", "Newer Post Older Post Home"),
    ("chinese", "相关文章"),
    ("chinese", "推荐阅读："),
    ("chinese", "猜你喜欢"),
]


@pytest.mark.parametrize("platform, marker", TRAILING_RULES, ids=[r[1] for r in TRAILING_RULES])
def test_trailing_marker_takes_the_end_only_when_it_is_near_the_end(platform, marker):
    sign = SIGNS[platform] + "\n\n" if SIGNS[platform] else ""
    teasers = "\n\nAnother post title\n\nA third post title"
    assert clean(sign + ARTICLE + "\n\n" + marker + teasers).body.strip().endswith("watering.")
    early = sign + marker + "\n\n" + ARTICLE + teasers
    assert clean(early).body.endswith("A third post title")


# --- HTML: the line rules apply to its Markdown, so a second run changes nothing -------------


@pytest.mark.parametrize(
    "chrome",
    [
        '<a class="skip" href="#main">Skip to main content</a>',
        '<div><a href="#top">Back to top</a></div>',
        "<p>返回顶部</p>",
    ],
)
def test_chrome_lines_of_an_html_page_go_in_the_first_run(chrome):
    from normalize import Pipeline

    page = f"<html><head><title>Notes</title></head><body>{chrome}<main>{ARTICLE_HTML}</main></body></html>"
    first = Pipeline.default().run(Document.from_text(page, "page.html"))
    assert "Paragraph 7" in first and "Skip to" not in first and "顶部" not in first
    assert "Back to top" not in first
    assert Pipeline.default().run(Document.from_text(first, "page.md")) == first


def test_the_same_words_inside_an_html_paragraph_stay():
    from normalize import Pipeline

    page = "<p>Skip to main content of the report if you are short of time.</p>" + ARTICLE_HTML
    assert "Skip to main content of the report" in Pipeline.default().run(Document.from_text(page))


ARTICLE_HTML = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))


# --- the quick search before the line rules never skips a page they would clean ---------------

LOOK_ALIKE_MARKUP = [
    ("top of page", "* [All Posts](https://site.example/blog)"),
    ("", "> **Share this:**"),
    ("Share this:", "### _Related_"),
    ("", "Like Loading…"),
    ("", "  - [Back to top](#top)"),
    ("", "Posted by [Ana](http://blog.example.com/about) at 9:14 AM"),
    ("", "Back   to\u00a0top"),
    ("", "Rated NaN out of 5 stars."),
    ("", "December 24, 2019December 24, 2019"),
    ("", "24 December 201924 December 2019"),
    ("", "2019年12月24日2019年12月24日"),
]


# A quick search that finds something in every body: each one goes through the line rules.
EVERY_BODY = Hints(None, [], [re.compile("")])


@pytest.mark.parametrize("sign, line", LOOK_ALIKE_MARKUP)
def test_the_quick_search_finds_what_the_rules_remove(sign, line):
    body = (sign + "\n\n" if sign else "") + ARTICLE + "\n\n" + line
    always = BoilerplateFilter()
    always.hints = EVERY_BODY
    for kind in (Kind.TEXT, Kind.MARKDOWN):
        cleaned = clean(body, kind=kind).body
        assert cleaned == run_with(always, body, kind).body
        assert line.strip() not in cleaned


def test_the_quick_search_agrees_on_every_fixture():
    from conftest import fixture_pairs

    from normalize import Pipeline

    for raw, _ in fixture_pairs():
        normal = Pipeline.default()
        exhaustive = Pipeline.default()
        for flt in exhaustive.filters:
            if isinstance(flt, BoilerplateFilter):
                flt.hints = EVERY_BODY
        data = raw.read_bytes()
        assert normal.run(Document.from_bytes(data, raw.name)) == exhaustive.run(
            Document.from_bytes(data, raw.name)
        ), raw.name


def run_with(flt: BoilerplateFilter, body: str, kind: str) -> Document:
    doc = Document(body=body, kind=kind)
    flt.run(doc)
    return doc


# --- dates printed twice, rating widgets ------------------------------------------------------

SHARE = "\n\nShare this:\n\nTwitter\n"


@pytest.mark.parametrize(
    ("line", "once"),
    [
        ("December 24, 2019December 24, 2019", "December 24, 2019"),
        ("Posted on March 2, 2020March 2, 2020 by Tomas", "Posted on March 2, 2020 by Tomas"),
        ("24 December 201924 December 2019", "24 December 2019"),
        ("2019-12-242019-12-24", "2019-12-24"),
        ("  2019年12月24日2019年12月24日", "  2019年12月24日"),
    ],
)
def test_a_date_printed_twice_is_written_once(line, once):
    doc = clean(line + "\nA title\n\n" + ARTICLE)
    assert doc.body.splitlines()[0] == once
    assert ARTICLE in doc.body


def test_two_different_dates_glued_stay_with_a_warning():
    line = "December 24, 2019January 3, 2020"
    doc = clean(line + "\nA title\n\n" + ARTICLE)
    assert doc.body.splitlines()[0] == line
    assert any(c.rule == "doubled date" and c.warning for c in doc.changes)


def test_a_sentence_that_names_a_date_twice_stays():
    body = ARTICLE + "\n\nDue on May 4, 2020, then moved; by May 4, 2020 nothing had shipped.\n"
    assert clean(body).body == body
    assert clean("December 24, 2019 December 24, 2019 was a Tuesday.\n").changes == []


def test_a_rating_widget_nobody_voted_in_goes():
    doc = clean(ARTICLE + "\n\nRated NaN out of 5 stars.\n\nbottom of page")
    assert "Rated" not in doc.body and doc.body.strip().endswith("watering.")


@pytest.mark.parametrize(
    "lookalike",
    [
        "Rated 4.6 out of 5 stars.",
        "Most shops show a score out of 5 stars, and most of them sit near the top.",
        "The app said: Rated NaN out of 5 stars. Nobody had voted yet.",
    ],
)
def test_ratings_an_article_talks_about_stay(lookalike):
    body = "top of page\n\n" + ARTICLE + "\n\n" + lookalike + "\n"
    assert lookalike in clean(body).body


# --- the blog's header above the post's date line ---------------------------------------------

BLOGGER_END = "\n\nPosted by Ana at 7:15 PM Email ThisBlogThis!\nNewer Post Older Post Home\n"


def test_blogger_name_and_tagline_above_the_date_line_go():
    body = (
        "\nGARDEN LOG\nNotes from a small balcony, one pot at a time\n\n"
        "Monday, May 4, 2020\nBalcony gardening\n" + ARTICLE + BLOGGER_END
    )
    doc = clean(body)
    assert doc.body.startswith("Monday, May 4, 2020\nBalcony gardening\nParagraph 0")
    assert any(c.rule == "blogger: masthead" for c in doc.changes)


def test_blogger_name_and_tagline_above_a_teaser_block_go():
    body = (
        "\nGARDEN LOG\nNotes from a small balcony, one pot at a time\n\n"
        "    Tomatoes in pots\n"
        "    A short guide to growing tomatoes where there is no garden at all, starting with...\n"
        "    Compost basics\n"
        "    Kitchen scraps, dry leaves and a little patience are all you need to begin...\n\n"
        "Monday, May 4, 2020\nBalcony gardening\n" + ARTICLE + BLOGGER_END
    )
    assert clean(body).body.startswith("Monday, May 4, 2020\nBalcony gardening\nParagraph 0")


def test_wordpress_header_above_a_doubled_date_goes_without_other_signs():
    body = (
        "Skip to content\nKettle & Code\nSmall notes on Java\n\n"
        "Posted on March 2, 2020March 2, 2020 by Tomas\nOptional in practice\n" + ARTICLE + "\n"
    )
    doc = clean(body)
    assert doc.body.startswith("Posted on March 2, 2020 by Tomas\nOptional in practice\n")


@pytest.mark.parametrize(
    "above",
    [
        "We moved house this spring and the garden came with us.",  # a short first paragraph
        "x" * 151,
    ],
)
def test_a_sentence_above_the_date_line_stays_with_a_warning(above):
    body = above + "\n\nMonday, May 4, 2020\nBalcony gardening\n" + ARTICLE + BLOGGER_END
    doc = clean(body)
    assert doc.body.startswith(above + "\n\nMonday, May 4, 2020\nBalcony gardening\n")
    assert any(c.rule == "blogger: masthead" and c.warning for c in doc.changes)


def test_a_date_line_followed_by_a_sentence_heads_no_post():
    body = "GARDEN LOG\n\nMonday, May 4, 2020\nIt rained all day, so I repotted.\n" + ARTICLE
    assert clean(body + BLOGGER_END).body.startswith("GARDEN LOG\n")


def test_a_date_line_deep_in_the_article_is_no_header():
    body = ARTICLE + "\n\nMonday, May 4, 2020\nDay two\n" + ARTICLE + BLOGGER_END
    assert clean(body).body.startswith("Paragraph 0")


def test_no_masthead_without_the_platforms_signs():
    body = "GARDEN LOG\n\nMonday, May 4, 2020\nBalcony gardening\n" + ARTICLE + "\n"
    assert clean(body).body == body


# --- a site's menu opening the page ------------------------------------------------------------


@pytest.mark.parametrize(
    "menu",
    [
        "Home\nBlog\nAbout\n\n",
        "Home\n\nBlog\n\nAbout\n\n",
        "Home | Blog | About\n\n",
        "* [Home](/)\n* [Contact](/contact)\n\n",
        "首页\n论坛\n关于我们\n\n",
        "首页 · 博客 · 归档\n\n",
        "Bike Notes\nHome\nBlog\nAbout\n\n",  # the site's name above its menu
        "Skip to content\nHome\nAbout\n\n",
    ],
)
def test_a_menu_opening_a_text_dump_goes(menu):
    doc = clean(menu + "Rebuilding a wheel\n\n" + ARTICLE + "\n")
    assert doc.body == "Rebuilding a wheel\n\n" + ARTICLE + "\n"


@pytest.mark.parametrize(
    "body",
    [
        "Home\n\n" + ARTICLE + "\n",  # one item alone may be the article's
        "Home is where the garden is.\nAbout\n\n" + ARTICLE + "\n",
        ARTICLE + "\n\nHome\nBlog\nAbout\n",  # not at the top
    ],
)
def test_menu_words_that_are_not_a_menu_stay(body):
    assert clean(body).body == body


def test_a_sentence_above_a_menu_stays_with_a_warning():
    body = "I keep a few pots.\nHome\nBlog\nAbout\n\n" + ARTICLE + "\n"
    doc = clean(body)
    assert doc.body == "I keep a few pots.\n\n" + ARTICLE + "\n"
    assert any(c.rule == "menu" and c.warning for c in doc.changes)


def test_a_persons_markdown_may_open_with_a_list_of_menu_words():
    from normalize import Pipeline

    post = "- Home\n- Blog\n- About\n\nThose are the three pages this site will have.\n"
    assert Pipeline.default().run(Document.from_text(post, "plan.md")) == post


def test_configured_menu_items():
    body = "Start\nShop\n\nRebuilding a wheel\n\n" + ARTICLE + "\n"
    assert clean(body, menu=["Start", "Shop"]).body.startswith("Rebuilding a wheel\n")
    assert clean(body).body == body


# --- forum watermarks: the site's address spliced into sentences ----------------------------

FORUM = "这是 1point3acres 上的帖子\n"


@pytest.mark.parametrize(
    ("line", "clean_line"),
    [
        ("第一轮：SQL. 1point3acres.com/bbs", "第一轮：SQL"),
        ("追问了并列怎么办1point3acres.com/bbs", "追问了并列怎么办"),
        ("p 值的含义. www.1point3acres.com/bbs", "p 值的含义"),
        ("意见不合的经历。. 1point 3acres.com/bbs", "意见不合的经历。"),
        ("先讲思路. 1point3acres.com再写代码", "先讲思路再写代码"),
    ],
)
def test_the_forums_address_spliced_into_a_line_goes(line, clean_line):
    body = FORUM + line + "\n"
    assert clean(body).body == FORUM + clean_line + "\n"


@pytest.mark.parametrize(
    "line",
    [
        "想看更多可以去 www.1point3acres.com/bbs 搜一下。",
        "论坛地址是 1point3acres.com/bbs",
        "https://www.1point3acres.com/bbs/thread-1-1-1.html",
    ],
)
def test_an_address_the_writer_gives_stays(line):
    body = FORUM + line + "\n"
    assert clean(body).body == body


def test_a_jammer_quoted_in_a_code_span_is_kept():
    from normalize import normalize_text

    text = "The jammer `. 1point3acres.com/bbs` is quoted here. More info on 1point3acres\n"
    out = normalize_text(text, name="post.md")
    assert out == "The jammer `. 1point3acres.com/bbs` is quoted here\n"  # the jammer took its stop
