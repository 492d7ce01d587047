"""Content decides what a body is; the file name is only a hint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import example, given, settings
from hypothesis import strategies as st

from normalize.document import Kind
from normalize.sniff import (
    _CODE_SPANS,
    in_template_folder,
    is_template,
    markdown_signs,
    nothing_to_clean,
    skip_reason,
    sniff,
    template_tags,
)

HEXO_HTML = "\n---\ntitle: t\n---\n\n<div>\n<p>段落</p><br><p>另一段</p>\n</div>\n"
MARKDOWN_WITH_AD = (
    '---\ntitle: t\n---\n\n<ins class="adsbygoogle"></ins><script>x</script>\n\n'
    "## Heading\n\nText with a [link](http://example.org).\n\n## Another\n\nMore.\n"
)


@pytest.mark.parametrize(
    "text, name, kind",
    [
        (HEXO_HTML, "dump.txt", Kind.HTML),  # a .txt holding front matter and HTML
        (HEXO_HTML, None, Kind.HTML),
        ("<!DOCTYPE html><html><body>x</body></html>", "page.md", Kind.HTML),
        ("<div><p>a</p></div>", None, Kind.HTML),
        (MARKDOWN_WITH_AD, "post.md", Kind.MARKDOWN),
        ("# Title\n\nSome *text*.\n", None, Kind.MARKDOWN),
        ("---\ntitle: x\n---\n\nplain words\n", None, Kind.MARKDOWN),
        ("top of page\n\nA title\n\nA paragraph.\n", None, Kind.TEXT),
        ("top of page\n\nA title\n\nA paragraph.\n", "dump.txt", Kind.TEXT),
        ("just words\n", "post.md", Kind.MARKDOWN),
        ("Line with 1 < 2 and a <b>bold</b> word.\n", "page.html", Kind.HTML),
    ],
)
def test_sniff(text, name, kind):
    assert sniff(text, name) == kind


def test_escaped_markdown_is_never_taken_for_text():
    # The output of a text dump must be read back as Markdown, or a second run would escape again.
    assert sniff("1\\. not a list\n\nSome \\*stars\\*\n", "dump.txt") == Kind.MARKDOWN


# --- templates ---------------------------------------------------------------------------

HUGO_BASEOF = (
    '<!DOCTYPE html>\n<html lang="{{ .Site.LanguageCode }}">\n<head>\n'
    "  <title>{{ .Title }} | {{ .Site.Title }}</title>\n"
    '  {{ partial "head.html" . }}\n</head>\n<body>\n'
    '  {{ block "main" . }}{{ end }}\n</body>\n</html>\n'
)
HUGO_SINGLE = (
    '{{ define "main" }}\n<article>\n  <h1>{{ .Title }}</h1>\n  {{ .Content }}\n</article>\n'
    "{{ end }}\n"
)
JEKYLL_DEFAULT = (
    "<!DOCTYPE html>\n<html>\n  {% include head.html %}\n  <body>\n"
    '    <main class="page-content">{{ content }}</main>\n  </body>\n</html>\n'
)
JEKYLL_POST_LAYOUT = (
    "---\nlayout: default\n---\n<article>\n  <h1>{{ page.title }}</h1>\n"
    '  <p class="meta">{{ page.date | date: "%b %-d, %Y" }}</p>\n  {{ content }}\n</article>\n'
)
JEKYLL_INDEX = (
    "---\nlayout: default\n---\n<ul>\n{% for post in site.posts %}\n"
    '  <li><a href="{{ post.url | relative_url }}">{{ post.title }}</a></li>\n'
    "{% endfor %}\n</ul>\n"
)
JEKYLL_INDEX_MD = (
    "---\nlayout: home\n---\n{% for post in paginator.posts %}\n"
    "## [{{ post.title }}]({{ post.url }})\n\n{{ post.excerpt }}\n{% endfor %}\n"
)
HEAD_INCLUDE = (
    '<meta charset="utf-8">\n<title>{% if page.title %}{{ page.title }}{% endif %}</title>\n'
    '<link rel="stylesheet" href="{{ "/css/main.css" | relative_url }}">\n'
)
# A site's own ad include: plain HTML an ad rule would remove, a template by where it lives.
ADSENSE_INCLUDE = (
    '<div class="google-ads">\n\t<ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>\n'
    "\t<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>\n</div>"
)
# A post that opens with a table of contents in HTML and links its pictures through a
# value; its prose paragraphs make it a post.
POST_OPENING_WITH_HTML = (
    "---\ntitle: One week with a new music player\n---\n"
    '<section class="toc">\n  <header><h1>Contents</h1></header>\n</section>\n\n'
    "Last week the new model finally arrived, and after seven days of use I have opinions.\n\n"
    '<figure><img src="{{ site.url }}/images/player.jpg"></figure>\n\n'
    "The battery lasts through a whole week of commuting, which the old one never did.\n"
)
# A post of one embed and a line, with an ad block pasted above the embed.
SHORTCODE_POST_WITH_AD = (
    "---\ntitle: A video\n---\n\n"
    '<ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>\n\n'
    "{{< youtube k0QbyaN7E1E >}}\n\nNuff said...\n"
)
HEXO_EJS = (
    '<article id="post-<%= post.slug %>">\n  <%- partial("post/title", {post: post}) %>\n'
    '  <div class="entry"><%- post.content %></div>\n</article>\n'
)
HEXO_SCAFFOLD = "---\ntitle: {{ title }}\ndate: {{ date }}\ntags:\n---\n"
HUGO_ARCHETYPE = '+++\ntitle = "{{ replace .Name "-" " " | title }}"\ndraft = true\n+++\n'
VALUES_IN_HTML = "<footer><p>&copy; {{ site.time | date: '%Y' }} {{ site.author }}</p></footer>\n"

PROSE = (
    "I spent the weekend moving this blog to a new theme, and it went better than I feared. "
    "The old layout had grown a dozen small hacks over the years, each one fixing a problem "
    "that no longer exists. Starting again let me throw them all away and keep only what the "
    "posts actually need: a title, a date, the text and a way back to the index. "
)
HEXO_POST = (
    "---\ntitle: Moving house\ndate: 2020-01-02 03:04:05\ntags: [blog, hexo]\n---\n\n"
    + PROSE
    + "\n\n<!-- more -->\n\n{% asset_img cover.jpg The new theme %}\n\n"
    "{% blockquote Someone, Somewhere %}\nA quote.\n{% endblockquote %}\n\n" + PROSE + "\n"
)
JEKYLL_POST = (
    '---\nlayout: post\ntitle: "Notes"\ndate: "2013-05-08 23:46:11 +0200"\n---\n\n'
    + PROSE
    + "\n\nSee [the last post]({% post_url 2013-05-01-start %}) and "
    "[home]({{ site.baseurl }}/).\n\n{% include image.html src='a.png' caption='<b>A</b>' %}\n"
    "{: .notice}\n"
)
HUGO_POST = (
    '+++\ntitle = "Trip"\ndate = 2021-03-04T05:06:07Z\n+++\n\n' + PROSE + "\n\n"
    "{{< youtube w7Ft2ymGmfc >}}\n\n{{% notice tip %}}\nPack light.\n{{% /notice %}}\n"
)
SHORT_POST = "---\ntitle: Video\n---\n\nThe talk:\n\n{{< youtube w7Ft2ymGmfc >}}\n"
POST_ABOUT_TEMPLATES = (
    "---\ntitle: Liquid\n---\n\nWrite `{{ content }}` in a layout, and loop with:\n\n"
    "```liquid\n{% for post in site.posts %}\n  {{ post.title }}\n{% endfor %}\n```\n"
)
DUMP_QUOTING_VUE = (
    "---\ntitle: Vue 入门\n---\n\n<div><p>" + PROSE + "</p><p>插值写作 {{ message }}，"
    "模板里也可以写 {{ message.split('').reverse().join('') }}。</p><p>" + PROSE + "</p></div>\n"
)
DUMP_WITH_ENTITIES = (
    "---\ntitle: t\n---\n\n<div><p>The tag &#123;% raw %&#125; keeps "
    "{% raw %}{{ this }}{% endraw %} as it is.</p></div>\n"
)
WIKITEXT = "{{Infobox person\n| name = Ada\n}}\n'''Ada''' was a mathematician. " + PROSE
TEX = "---\ntitle: Sums\n---\n\nWe have $x^{{2}} + y_{{i}}$ and {%comment in TeX\n"


@pytest.mark.parametrize(
    "text, name",
    [
        (HUGO_BASEOF, "layouts/_default/baseof.html"),
        (HUGO_BASEOF, "baseof.html"),
        (HUGO_SINGLE, "single.html"),
        (HUGO_SINGLE, None),
        (JEKYLL_DEFAULT, "default.html"),
        (JEKYLL_POST_LAYOUT, "post.html"),
        (JEKYLL_INDEX, "index.html"),
        (JEKYLL_INDEX_MD, "index.md"),
        (HEAD_INCLUDE, "head.html"),
        (HEXO_EJS, "article.html"),
        (HEXO_SCAFFOLD, "post.md"),
        (HUGO_ARCHETYPE, "default.md"),
        (VALUES_IN_HTML, "footer.html"),
        ("<footer>Plain HTML, no tags.</footer>\n", "_includes/footer.html"),
        (ADSENSE_INCLUDE, "_includes/google-adsense.html"),
        (ADSENSE_INCLUDE, "templates/partials/ads.html"),
        ("# A page of a theme\n", "themes/simple/exampleSite/content/a.md"),
        ("<p>{{ x }}</p>", "page.liquid"),
    ],
)
def test_templates_are_recognized(text, name):
    assert is_template(text, name)
    assert skip_reason(text, name) == "template"


@pytest.mark.parametrize(
    "text, name",
    [
        (HEXO_POST, "source/_posts/moving.md"),
        (JEKYLL_POST, "_posts/2013-05-08-notes.md"),
        (HUGO_POST, "content/posts/trip.md"),
        (SHORT_POST, "content/posts/video.md"),
        (POST_ABOUT_TEMPLATES, "post.md"),
        (DUMP_QUOTING_VUE, "dump.txt"),
        (DUMP_WITH_ENTITIES, "dump.txt"),
        (WIKITEXT, "page.txt"),
        (TEX, "sums.md"),
        ("<p>Hello <b>world</b></p>", "page.html"),
        (POST_OPENING_WITH_HTML, "_posts/2007-09-14-review.md"),
        (SHORTCODE_POST_WITH_AD, "content/posts/video.md"),
    ],
)
def test_posts_and_dumps_are_not_templates(text, name):
    assert not is_template(text, name)


def test_no_fixture_seed_or_corpus_file_is_taken_for_a_template():
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    files = [p for p in (ROOT / "fixtures").rglob("*") if p.is_file() and "authored" not in p.parts]
    files += sorted(corpus.iterdir()) if corpus.is_dir() else []
    assert len(files) > 30
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        assert skip_reason(text, path.relative_to(path.parents[1]).as_posix()) is None, path


def test_template_syntax_inside_code_does_not_count():
    assert template_tags(POST_ABOUT_TEMPLATES) == []
    assert template_tags("<pre>{% if x %}</pre><script>var t = '{{ a }}';</script>") == []
    assert [m.group(0) for m in template_tags(HUGO_SINGLE)][:2] == [
        '{{ define "main" }}',
        "{{ .Title }}",
    ]


# The code pattern as first written: every kind tried at every position. The one in use
# opens with a class of the kinds' first characters and must find the same spans.
_CODE_SPANS_PLAINLY = re.compile(
    r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}(?P=fence)[`~]*[ \t]*$|\Z)"
    r"|(?P<ticks>`+)(?!`)[\s\S]{1,2000}?(?<!`)(?P=ticks)(?!`)"
    r"|<(?P<tag>pre|code|script|style|textarea)\b[^>]*>[\s\S]*?</(?P=tag)\s*>",
    re.M | re.I,
)
_CODE_PIECES = st.sampled_from(
    [
        "`",
        "``",
        "```",
        "~~~",
        "~",
        " ",
        "   ",
        "    ",
        "\n",
        "a",
        "{{ x }}",
        "x" * 1000,
        "<script>",
        "</script>",
        "</SCRIPT >",
        "<pre class=p>",
        "</pre>",
        "<code",
        ">",
        "</code>",
        "<textarea>",
        "</textarea>",
        "<",
        "/",
        "<preview>",
        "</pre",
        "\t",
    ]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_CODE_PIECES, max_size=16).map("".join))
@example("x\n ```\ncode\n  ````\nafter")
@example("` `` ``` `` `")
@example("<Script>a<b</script\t>c</script>")
def test_code_is_found_where_trying_every_kind_everywhere_finds_it(text):
    found = [m.span() for m in _CODE_SPANS.finditer(text)]
    assert found == [m.span() for m in _CODE_SPANS_PLAINLY.finditer(text)]


def test_template_folders_are_whole_path_components():
    assert in_template_folder("site/_layouts/default.html")
    assert in_template_folder("layouts\\partials\\head.html")
    assert not in_template_folder("my_layouts/post.md")
    assert not in_template_folder("_layouts")  # the file's own name is not a folder
    assert not in_template_folder(None)


# --- nothing to clean ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        (" \n\t\r\n", "empty"),
        ("\ufeff\n", "empty"),
        ("<style>\n  .post { margin: 0 }\n</style>\n", "no text: only style, script or comments"),
        (
            '<script async src="https://example.org/a.js"></script>\n<!-- analytics -->\n',
            "no text: only style, script or comments",
        ),
        ("<!-- nothing here yet -->", "no text: only style, script or comments"),
    ],
)
def test_files_with_nothing_to_clean(text, reason):
    assert nothing_to_clean(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Section\n---\n",  # front matter alone is content
        '<ins class="adsbygoogle"></ins><script>(adsbygoogle = []).push({});</script>',
        "<style>p{}</style><p>A word.</p>",
        "<!-- unclosed comment",
    ],
)
def test_files_with_something_to_clean(text):
    assert nothing_to_clean(text) is None


def test_a_converted_strikethrough_reads_as_markdown_again():
    # `<s>中文</s>` converts to `~~中文~~`; read as a text dump, a second run would escape it.
    assert sniff("~~中文~~\n") == Kind.MARKDOWN
    assert sniff("a ~~ b and c ~~\n", "notes.txt") == Kind.TEXT


_MARKDOWN_BITS = list("#`>*_~[]()!\\:-| \tax<") + [
    "**",
    "~~",
    "```",
    "](",
    "<sup>",
    "</sup>",
    "\\\n",
]


@given(st.lists(st.lists(st.sampled_from(_MARKDOWN_BITS), max_size=8).map("".join), max_size=5))
def test_a_markdown_sign_in_a_line_is_found_in_the_lines_joined(lines):
    lines = [piece for line in lines for piece in line.splitlines()]
    if any(markdown_signs(line) for line in lines):
        assert markdown_signs("\n".join(lines))
