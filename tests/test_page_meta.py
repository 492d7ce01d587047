"""Reading a whole page's metadata, and telling a byline that only restates it."""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest

from normalize.filters._page_meta import byline_kind, page_date, page_metadata, without_site_name


def meta_of(page: str, url: str | None = None) -> dict[str, object]:
    return page_metadata(lxml.html.document_fromstring(page), url)


# --- Pages in the shapes sites write them --------------------------------------

WORDPRESS = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>Tuning the Cache Layer &#8211; Field Notes</title>
<meta name="description" content="How we cut cold-start latency by half with a two-tier cache.">
<link rel="canonical" href="https://fieldnotes.example.org/2023/04/tuning-the-cache-layer/">
<meta property="og:locale" content="en_US">
<meta property="og:type" content="article">
<meta property="og:title" content="Tuning the Cache Layer - Field Notes">
<meta property="og:description" content="How we cut cold-start latency by half.">
<meta property="og:url" content="https://fieldnotes.example.org/?p=812">
<meta property="og:site_name" content="Field Notes">
<meta property="article:published_time" content="2023-04-05T09:30:00+00:00">
<meta property="article:modified_time" content="2023-04-06T14:02:11+00:00">
<meta property="article:tag" content="caching">
<meta property="article:tag" content="performance">
<meta property="article:tag" content="Caching">
<meta property="article:section" content="Engineering">
<meta property="og:image" content="https://fieldnotes.example.org/wp-content/uploads/2023/04/cache.png">
<meta name="author" content="Jane Doe">
<meta name="twitter:creator" content="@janedoe">
</head>
<body class="post-template-default single">
<header><h1 class="site-title"><a href="/">Field Notes</a></h1></header>
<article class="post hentry">
<h1 class="entry-title">Tuning the Cache Layer</h1>
<div class="entry-meta">By <span class="author vcard"><a class="url fn n" href="/author/jane/">Jane Doe</a></span>
· <time class="entry-date published" datetime="2023-04-05T09:30:00+00:00">April 5, 2023</time></div>
<p>Cold starts were slow.</p>
</article>
</body></html>"""


def test_wordpress_open_graph_and_article_properties() -> None:
    assert meta_of(WORDPRESS) == {
        "title": "Tuning the Cache Layer",
        "date": "2023-04-05T09:30:00+00:00",
        "updated": "2023-04-06T14:02:11+00:00",
        "author": "Jane Doe",
        "description": "How we cut cold-start latency by half with a two-tier cache.",
        "source": "https://fieldnotes.example.org/2023/04/tuning-the-cache-layer/",
        "image": "https://fieldnotes.example.org/wp-content/uploads/2023/04/cache.png",
        "lang": "en-US",
        "tags": ["caching", "performance"],
        "categories": ["Engineering"],
    }


BLOGGER = """<!DOCTYPE html>
<html xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b'>
<head>
<title>Lantern Hill Notebook: Planting garlic in October</title>
<link href='https://lanternhill.blogspot.com/2015/10/planting-garlic.html' rel='canonical'/>
<meta content='https://lanternhill.blogspot.com/2015/10/planting-garlic.html' property='og:url'/>
<meta content='Planting garlic in October' property='og:title'/>
</head>
<body>
<div class='blog-posts hfeed'>
<h2 class='date-header'><span>Tuesday, October 13, 2015</span></h2>
<div class='post hentry' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<meta content='https://blogger.googleusercontent.com/img/garlic.jpg' itemprop='image_url'/>
<h3 class='post-title entry-title' itemprop='name'>Planting garlic in October</h3>
<div class='post-body entry-content' itemprop='description articleBody'><p>Cloves go in now.</p></div>
<div class='post-footer'>
<span class='post-author vcard'>Posted by
<span class='fn' itemprop='author' itemscope='itemscope' itemtype='http://schema.org/Person'>
<meta content='https://www.blogger.com/profile/0123' itemprop='url'/>
<a class='g-profile' href='https://www.blogger.com/profile/0123' rel='author' title='author profile'>
<span itemprop='name'>Martha Reyes</span></a></span></span>
<span class='post-timestamp'>at <a class='timestamp-link' href='#' rel='bookmark'>
<abbr class='published' itemprop='datePublished' title='2015-10-13T07:45:00-07:00'>7:45 AM</abbr></a></span>
</div></div>
<div class='comments'><div class='comment-block' itemscope itemtype='http://schema.org/Comment'>
<span itemprop='author'>A visitor</span></div></div>
</div>
</body></html>"""


def test_blogger_abbr_published_and_microdata_author() -> None:
    assert meta_of(BLOGGER, "https://lanternhill.blogspot.com/2015/10/planting-garlic.html") == {
        "title": "Planting garlic in October",
        "date": "2015-10-13T07:45:00-07:00",
        "author": "Martha Reyes",
        "source": "https://lanternhill.blogspot.com/2015/10/planting-garlic.html",
    }


def test_blogger_title_tag_loses_the_blog_name_before_it() -> None:
    """With no og:title, Blogger's `<title>` is "Blog name: Post"."""
    without_title = BLOGGER.replace(
        "<meta content='Planting garlic in October' property='og:title'/>", ""
    )
    named = without_title.replace(
        "<title>", "<meta content='Lantern Hill Notebook' property='og:site_name'/><title>"
    )
    assert meta_of(named)["title"] == "Planting garlic in October"
    # Without the blog's name, the heading the theme marks as the post's title says it.
    assert meta_of(without_title)["title"] == "Planting garlic in October"
    unmarked = without_title.replace("post-title entry-title", "x")
    assert meta_of(unmarked)["title"] == "Lantern Hill Notebook: Planting garlic in October"


def test_older_blogger_template_with_vcard_author() -> None:
    """No microdata: the author is in `post-author vcard`; a `<meta name=author value=…>` is no content."""
    page = """<html><head><meta name='author' value='Template Maker'/>
    <title>Release Notes: Version 3 is out</title></head><body>
    <h2 class='date-header'><span>Friday, December 23, 2016</span></h2>
    <div class='post hentry'><h3 class='post-title entry-title'>Version 3 is out</h3>
    <div class='post-footer'><span class='post-author vcard'>Posted by <span class='fn'>Ada Byron</span></span>
    <div itemscope itemtype='http://schema.org/Comment'><time itemprop='datePublished' datetime='2017-01-02'></time></div>
    <abbr class='published' title='2016-12-23T05:11:00-05:00'>5:11 AM</abbr></div></div></body></html>"""
    assert meta_of(page) == {
        "title": "Version 3 is out",  # the post's marked title, not the blog's "name: post"
        "date": "2016-12-23T05:11:00-05:00",
        "author": "Ada Byron",
    }


MEDIUM = """<!doctype html><html lang="en"><head>
<title>Ten Things I Learned Writing a Parser | by Sam Okafor | Medium</title>
<meta property="og:site_name" content="Medium">
<meta property="og:title" content="Ten Things I Learned Writing a Parser">
<meta name="description" content="Recursion, error recovery, and why the lexer matters most.">
<meta property="og:image" content="https://miro.medium.example/max/1200/parser.png">
<meta property="og:url" content="https://medium.example/@sokafor/ten-things-parser-3f2a">
<script type="application/ld+json">{"@context":"http://schema.org","@graph":[
 {"@type":"WebSite","@id":"https://medium.example/#site","name":"Medium"},
 {"@type":"WebPage","@id":"https://medium.example/@sokafor/ten-things-parser-3f2a",
  "datePublished":"2020-01-01","name":"Ten Things I Learned Writing a Parser"},
 {"@type":"BlogPosting","headline":"Ten Things I Learned Writing a Parser",
  "datePublished":"2021-11-02T18:04:51.331Z","dateModified":"2021-11-02T18:04:51.331Z",
  "author":{"@type":"Person","name":"Sam Okafor","url":"https://medium.example/@sokafor"},
  "publisher":{"@id":"https://medium.example/#site"},
  "image":["https://miro.medium.example/max/1200/parser.png"],
  "keywords":["Programming","Compilers","Parsing"]}
]}</script>
</head><body><article><h1>Ten Things I Learned Writing a Parser</h1>
<p>Sam Okafor · 6 min read · Nov 2, 2021</p><p>Text.</p></article></body></html>"""


def test_medium_json_ld_graph_with_author_object() -> None:
    assert meta_of(MEDIUM) == {
        "title": "Ten Things I Learned Writing a Parser",
        "date": "2021-11-02T18:04:51Z",
        "author": "Sam Okafor",
        "description": "Recursion, error recovery, and why the lexer matters most.",
        "source": "https://medium.example/@sokafor/ten-things-parser-3f2a",
        "image": "https://miro.medium.example/max/1200/parser.png",
        "lang": "en",
        "tags": ["Programming", "Compilers", "Parsing"],
    }


NEWS = """<html lang="en-GB"><head>
<title>Council approves river crossing after decade of debate - The Daily Ledger</title>
<meta property="og:site_name" content="The Daily Ledger">
<link rel="canonical" href="/news/local/river-crossing-approved">
<base href="https://ledger.example.co.uk/">
<meta name="twitter:image" content="/media/crossing-1200.jpg">
<meta name="keywords" content="news, local, council">
<script type="application/ld+json">
[{"@context":"https://schema.org","@type":"NewsArticle",
  "headline":"Council approves river crossing after decade of debate",
  "description":"The &quot;Millbrook link&quot; will open in 2027.",
  "datePublished":"2024-02-19T06:00:00+0000",
  "dateModified":"2024-02-19T11:42:00+0000",
  "author":[{"@type":"Person","name":"Priya Natarajan"},{"@type":"Person","name":"Tom Hale"},
            "Priya Natarajan"],
  "articleSection":["Local","Politics"],
  "keywords":"transport, Millbrook,  council planning",
  "image":{"@type":"ImageObject","url":"https://cdn.ledger.example/crossing.jpg"},
  "inLanguage":"en"},
 {"@type":"BreadcrumbList","itemListElement":[]}]
</script></head><body><h1>Council approves river crossing</h1><article><p>Text.</p></article>
</body></html>"""


def test_news_article_with_author_list_and_modified_date() -> None:
    assert meta_of(NEWS) == {
        "title": "Council approves river crossing after decade of debate",
        "date": "2024-02-19T06:00:00+00:00",
        "updated": "2024-02-19T11:42:00+00:00",
        "author": ["Priya Natarajan", "Tom Hale"],
        "description": 'The "Millbrook link" will open in 2027.',
        "source": "https://ledger.example.co.uk/news/local/river-crossing-approved",
        "image": "https://ledger.example.co.uk/media/crossing-1200.jpg",
        "lang": "en-GB",
        "tags": ["transport", "Millbrook", "council planning"],
        "categories": ["Local", "Politics"],
    }


DOCS = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Configuration — Gizmo 2.4 documentation</title>
<link rel="canonical" href="https://gizmo.example.dev/en/stable/config.html">
</head><body><nav><a href="index.html">Gizmo</a></nav>
<div role="main"><section id="configuration"><h1>Configuration</h1>
<p>Settings live in <code>gizmo.toml</code>.</p></section></div>
<footer>Last updated on Mar 02, 2024.</footer></body></html>"""


def test_docs_page_has_no_date() -> None:
    assert meta_of(DOCS) == {
        "title": "Configuration",
        "source": "https://gizmo.example.dev/en/stable/config.html",
        "lang": "en",
    }


def test_a_modified_time_alone_is_when_the_page_was_updated() -> None:
    page = (
        "<html><head><title>Cache</title></head><body><article><h1>Cache</h1><p>Text.</p>"
        '<footer><time datetime="2024-03-03T10:12:00.000Z" itemprop="dateModified">'
        "Mar 3, 2024</time></footer></article></body></html>"
    )
    found = meta_of(page)
    assert found["updated"] == "2024-03-03T10:12:00Z"
    assert "date" not in found


def test_platform_flags_among_keywords_are_not_tags() -> None:
    page = (
        '<html><head><script type="application/ld+json">{"@type": "BlogPosting", '
        '"headline": "Flags", "keywords": ["Tag:Feature Flags", "Elevated:false", '
        '"LockedPostSource:NONE", "testing"]}</script></head><body><p>x</p></body></html>'
    )
    assert meta_of(page)["tags"] == ["Feature Flags", "testing"]


BARE = """<html><head><title>  A small   note on  tea &amp; time </title>
<meta name="description" content="Why the second steep is the best one."></head>
<body><p>Text.</p></body></html>"""


def test_page_with_only_title_and_description() -> None:
    assert meta_of(BARE) == {
        "title": "A small note on tea & time",
        "description": "Why the second steep is the best one.",
    }


def test_given_url_is_the_source_when_the_page_names_none() -> None:
    assert meta_of(BARE, "https://tea.example.net/notes/second-steep")["source"] == (
        "https://tea.example.net/notes/second-steep"
    )


CHINESE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>用 Rust 重写日志收集器的一些体会 | 小林的博客</title>
<meta name="keywords" content="Rust，日志, 性能优化">
<meta name="description" content="记录一次把日志收集器从 Go 迁移到 Rust 的过程。">
<meta name="author" content="小林">
<meta property="og:site_name" content="小林的博客">
</head><body><article><header><h1>用 Rust 重写日志收集器的一些体会</h1>
<div class="post-meta">作者：小林 · 发布于 <time datetime="2022-08-14">2022-08-14</time> · 阅读 5 分钟</div>
</header><p>正文。</p></article></body></html>"""


def test_chinese_blog_with_meta_keywords() -> None:
    assert meta_of(CHINESE, "https://xiaolin.example.cn/posts/rust-logs/") == {
        "title": "用 Rust 重写日志收集器的一些体会",
        "date": "2022-08-14",
        "author": "小林",
        "description": "记录一次把日志收集器从 Go 迁移到 Rust 的过程。",
        "source": "https://xiaolin.example.cn/posts/rust-logs/",
        "lang": "zh-CN",
        "tags": ["Rust", "日志", "性能优化"],
    }


BASE_HREF = """<html><head><base href="https://static.example.com/blog/">
<meta property="og:title" content="Hello">
<meta property="og:image" content="img/cover.jpg">
<meta property="og:url" content="posts/hello.html">
</head><body></body></html>"""


def test_relative_image_and_og_url_read_against_base_href() -> None:
    assert meta_of(BASE_HREF, "https://www.example.com/saved.html") == {
        "title": "Hello",
        "source": "https://static.example.com/blog/posts/hello.html",
        "image": "https://static.example.com/blog/img/cover.jpg",
    }


def test_relative_image_without_any_base_is_kept_as_written() -> None:
    page = '<html><head><meta property="og:image" content="/cover.png"></head></html>'
    assert meta_of(page) == {"image": "/cover.png"}


GARBLED = """<html lang="fr"><head>
<meta property="og:locale" content="fr_FR">
<meta property="article:published_time" content="2019-06-30">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Broken" </script>
<script type="application/ld+json">"just a string"</script>
<script type="application/ld+json"></script>
<script type="application/ld+json">{"@type":["Thing","http://schema.org/Person"],"name":42}</script>
<script type="application/ld+json"><!--
{"@type":"Article","headline":"Trailing commas, a comment wrap","datePublished":"2019-13-45",
 "author":{"@id":"#jo"},"description":"Line one
line two",}
--></script>
<script type="application/ld+json">{"@id":"#jo","@type":"Person","name":"Jo Lindqvist"}</script>
<script type="application/ld+json">{"@type":"BlogPosting","headline":"A second article"}</script>
</head><body><h1>Vraie page</h1></body></html>"""


def test_garbled_json_ld_is_read_where_it_can_be_and_never_crashes() -> None:
    assert meta_of(GARBLED) == {
        "title": "Trailing commas, a comment wrap",
        "date": "2019-06-30",  # 2019-13-45 is no date: the next source gives one
        "author": "Jo Lindqvist",
        "description": "Line one line two",
        "lang": "fr",
    }


def test_deep_json_ld_nesting_is_not_followed() -> None:
    page = (
        '<html><head><script type="application/ld+json">'
        + "[" * 3000
        + '{"@type":"Article","headline":"x"}'
        + "]" * 3000
        + "</script><title>Kept</title></head></html>"
    )
    assert meta_of(page) == {"title": "Kept"}


def test_web_page_json_ld_is_used_only_when_no_article_says_more() -> None:
    page = """<html><head><script type="application/ld+json">
    {"@graph":[{"@type":"WebPage","name":"About us","datePublished":"2018-03-01T10:00:00",
    "description":"Who we are.","inLanguage":"de_DE"}]}</script></head></html>"""
    assert meta_of(page) == {
        "title": "About us",
        "date": "2018-03-01T10:00:00",
        "description": "Who we are.",
        "lang": "de-DE",
    }


def test_dublin_core_and_parsely_sources() -> None:
    page = """<html><head><meta name="DC.date.issued" content="2017-07-04">
    <meta name="DC.creator" content="R. Alvarez"><meta name="parsely-tags" content="a,b">
    <meta name="parsely-section" content="Science"><meta name="DC.title" content="Heat"></head></html>"""
    assert meta_of(page) == {
        "title": "Heat",
        "date": "2017-07-04",
        "author": "R. Alvarez",
        "tags": ["a", "b"],
        "categories": ["Science"],
    }


def test_rfc_dates_and_updated_equal_to_date() -> None:
    page = """<html><head><meta name="pubdate" content="Wed, 05 Apr 2023 10:00:00 +0200">
    <meta property="article:modified_time" content="2023-04-05T08:00:00Z"></head></html>"""
    assert meta_of(page) == {"date": "2023-04-05T10:00:00+02:00"}


def test_time_in_the_article_and_updated_markup() -> None:
    page = """<html><body><article><h1>Post</h1>
    <time datetime="2016-09-01T12:00">Sept 1</time>
    <time class="updated" datetime="2016-09-03">Sept 3</time></article></body></html>"""
    assert meta_of(page) == {
        "title": "Post",
        "date": "2016-09-01T12:00:00",
        "updated": "2016-09-03",
    }


def test_printed_dates_when_the_markup_names_none() -> None:
    byline = '<html><body><div class="post-meta">By Ann · March 3, 2021</div></body></html>'
    dateline = "<html><body><article><h1>T</h1><p>Posted on 3 March 2021</p><p>Text.</p></article></body></html>"
    assert meta_of(byline)["date"] == "2021-03-03"
    assert meta_of(dateline)["date"] == "2021-03-03"


def test_an_element_classed_as_a_date_dates_the_page_but_not_in_a_menu() -> None:
    page = (
        '<html><body><ul class="menu"><li class="leaf date">Monday, 09.12.2019</li></ul>'
        '<ul class="events"><li><span class="event-date">11.12.2019</span> Choir</li></ul>'
        '<div class="story"><p>Text.</p><span class="date">19.11.2012</span></div></body></html>'
    )
    assert meta_of(page)["date"] == "2012-11-19"
    assert "date" not in meta_of(page.replace('<span class="date">19.11.2012</span>', ""))


def test_values_read_by_xpath_are_plain_strings() -> None:
    page = '<html><head><link rel="image_src" href="/cover.png"></head><body></body></html>'
    image = meta_of(page)["image"]
    assert image == "/cover.png" and type(image) is str


def test_a_last_updated_line_is_not_the_published_date() -> None:
    page = '<html><body><div class="entry-meta">Last updated March 3, 2021</div></body></html>'
    assert "date" not in meta_of(page)


def test_the_day_in_a_permalink_is_the_last_resort() -> None:
    page = '<html><head><link rel="canonical" href="https://b.example.com/2015/06/08/slug/"></head></html>'
    assert meta_of(page)["date"] == "2015-06-08"
    assert (
        meta_of("<html></html>", "https://b.example.com/2015-06-08-slug.html")["date"]
        == "2015-06-08"
    )
    assert "date" not in meta_of("<html></html>", "https://b.example.com/2015/13/08/slug/")


def test_a_logo_h1_beside_the_post_h1_is_not_a_title() -> None:
    page = "<html><body><h1>Site</h1><div><h1>Post</h1></div></body></html>"
    assert meta_of(page) == {}


def test_an_author_link_gives_its_text_not_its_title() -> None:
    page = (
        "<html><body><a rel='author' title='author profile' href='/u/1'>Kim Lee</a></body></html>"
    )
    assert meta_of(page) == {"author": "Kim Lee"}


def test_author_links_and_handles_are_not_names() -> None:
    page = """<html><head><meta property="article:author" content="https://facebook.example/jd">
    <meta name="author" content="By  Jane Doe"></head></html>"""
    assert meta_of(page) == {"author": "Jane Doe"}


# --- Pieces ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2023-04-05", "2023-04-05"),
        ("2023-04-05T09:30:00.123456+05:30", "2023-04-05T09:30:00+05:30"),
        ("2023-04-05 09:30", "2023-04-05T09:30:00"),
        ("2023-04-05T09:30:00+0800", "2023-04-05T09:30:00+08:00"),
        ("2023-04-05T09:30:00Z", "2023-04-05T09:30:00Z"),
        ("Wed, 05 Apr 2023 09:30:00 GMT", "2023-04-05T09:30:00Z"),
        ("April 5, 2023", "2023-04-05"),
        ("2023年4月5日", "2023-04-05"),
        ("2023/04/05", "2023-04-05"),
        ("05/04/2023", None),  # day or month first: not known
        ("05.04.2023", "2023-04-05"),  # dotted: the day first
        ("12.10.2015, 19:16 Uhr", "2015-10-12"),
        ("2023-02-30", None),
        ("yesterday", None),
    ],
)
def test_page_dates(written: str, read: str | None) -> None:
    assert page_date(written) == read


@pytest.mark.parametrize(
    ("title", "sites", "host", "bare"),
    [
        ("Post | Site", ["Site"], "", "Post"),
        ("Post - Site", [], "site.example.com", "Post"),
        ("Post – Example", [], "www.example.com", "Post"),
        ("Post — example.com", [], "example.com", "Post"),
        ("Site | Post", ["Site"], "", "Post"),
        ("A - B - Site", ["Site"], "", "A - B"),
        ("Prices rise - UK", [], "bbc.co.uk", "Prices rise - UK"),
        ("Post | Other", ["Site"], "site.com", "Post | Other"),
        ("Site", ["Site"], "", "Site"),
    ],
)
def test_site_name_off_titles(title: str, sites: list[str], host: str, bare: str) -> None:
    assert without_site_name(title, sites, host) == bare


# --- Bylines ----------------------------------------------------------------------

POST = {"date": "2023-04-05T09:30:00+00:00", "updated": "2023-04-06", "author": "Jane Doe"}


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("By Jane Doe · April 5, 2023 · 4 min read", "byline"),
        ("Jane Doe | 5 April 2023", "byline"),
        ("Posted on April 5, 2023 by Jane Doe", "byline"),
        ("By JANE DOE", "byline"),
        ("Jane Doe", "byline"),
        ("Posted on Wednesday, April 5th, 2023 at 9:30 am by Jane Doe", "byline"),
        ("4 min read", "reading time"),
        ("Reading time: 4 minutes", "reading time"),
        ("Published 2023-04-05", "date line"),
        ("Updated: April 6, 2023", "date line"),
        ("Apr 5, 2023", "date line"),
        ("05/04/2023", "date line"),  # day first
        ("04/05/2023", "date line"),  # month first
        ("Published April 5, 2023 · Updated April 6, 2023", "date line"),
        ("2023-04-05T09:30:00Z", "date line"),
    ],
)
def test_lines_that_restate_the_metadata(line: str, kind: str) -> None:
    assert byline_kind(line, POST) == kind


@pytest.mark.parametrize(
    "line",
    [
        "By John Smith · April 5, 2023",  # another author
        "By Jane Doe · April 7, 2023",  # another day
        "April 2023",  # no day
        "Jane Doe wrote this on April 5, 2023 after a long trip",
        "Posted in Engineering on April 5, 2023",  # a category is more than the metadata
        "By Jane Doe · Follow",
        "Posted by",  # nothing stated
        "4 minutes",  # no word of reading
        "Updated 4 minutes ago",
        "On April 5, 2023 the council met and voted on the plan.",
        "",
        "By Jane Doe " + "x" * 120,
    ],
)
def test_lines_that_say_more_stay(line: str) -> None:
    assert byline_kind(line, POST) is None


def test_byline_without_metadata_is_not_recognised() -> None:
    assert byline_kind("By Jane Doe · April 5, 2023", {}) is None
    assert byline_kind("4 min read", {}) == "reading time"


def test_byline_with_several_authors_and_yaml_dates() -> None:
    metadata = {"date": date(2024, 2, 19), "author": ["Priya Natarajan", "Tom Hale"]}
    assert byline_kind("By Priya Natarajan and Tom Hale, 19 February 2024", metadata) == "byline"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("作者：小林", "byline"),
        ("作者：小林 · 发布于 2022-08-14 · 阅读 5 分钟", "byline"),
        ("发布于 2022-08-14", "date line"),
        ("2022年8月14日", "date line"),
        ("发表于2022年8月14日 星期日", "date line"),
        ("阅读 3 分钟", "reading time"),
        ("预计阅读时间：3分钟", "reading time"),
        ("作者：小王", None),
        ("发布于 2022-08-15", None),
        ("小林 在北京", None),
    ],
)
def test_chinese_lines(line: str, kind: str | None) -> None:
    assert byline_kind(line, {"date": "2022-08-14", "author": "小林"}) == kind


def test_a_posts_tag_and_category_links_when_no_metadata_names_them() -> None:
    page = (
        "<html><head><title>Beans</title></head><body>"
        '<aside><a href="/category/all/" rel="category tag">Every category</a></aside>'
        '<article class="post hentry"><h1>Beans</h1><p>Text.</p>'
        '<a href="/search/label/beans" rel="tag">beans</a>, '
        '<a href="/category/garden/" rel="category tag">Garden</a>, '
        '<a href="/categories/veg/">Vegetables</a></article></body></html>'
    )
    found = meta_of(page)
    assert found["tags"] == ["beans"]
    assert found["categories"] == ["Garden", "Vegetables"]


@pytest.mark.parametrize(
    ("line", "metadata"),
    [
        ("24. März 2004, 19:49 Uhr | Genesis", {"author": "Genesis", "date": "2004-03-24"}),
        ("Publié le 3 mars 2021 par Léa", {"author": "Léa", "date": "2021-03-03"}),
        (
            "19.6.2007 9:40 Uhr Christoph Becker 71 Kommentare",
            {"author": "Christoph Becker", "date": "2007-06-19"},
        ),
    ],
)
def test_german_and_french_bylines_and_comment_counts(line: str, metadata: dict[str, str]) -> None:
    assert byline_kind(line, metadata) == "byline"


def test_a_comment_count_alone_is_no_byline() -> None:
    assert (
        byline_kind("71 Kommentare", {"author": "Christoph Becker", "date": "2007-06-19"}) is None
    )


def test_minutes_beside_a_word_count_are_reading_time() -> None:
    assert byline_kind("21 minutes - 4312 words", {}) == "reading time"
    assert byline_kind("21 minutes", {}) is None  # minutes of what, it does not say
