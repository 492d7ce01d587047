"""The frontmatter filter: splitting, repair, value normalisation, and writing back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from normalize.document import Document
from normalize.errors import InputError
from normalize.filters.frontmatter import (
    FrontMatterFilter,
    _DuplicateKey,
    _without_trailing_spaces,
    dump_yaml,
    load_yaml,
    normalize_date,
    render_frontmatter,
    unescape_entities,
)
from normalize.pipeline import render

SEEDS = Path("/work/shared/seeds")


def output_of(doc: Document) -> str:
    """What the pipeline writes: the front matter in its fences, then the body."""
    return render(doc)


def run(text: str, **options: object) -> Document:
    """Run the filter, and check that a second pass over its output changes nothing."""
    doc = Document.from_text(text)
    FrontMatterFilter(options).run(doc)
    if doc.metadata is not None:
        again = Document.from_text(output_of(doc))
        FrontMatterFilter(options).run(again)
        assert again.metadata == doc.metadata
        assert not again.metadata_changed
        assert output_of(again) == output_of(doc)
        assert again.body == doc.body
    return doc


def rules(doc: Document) -> list[str]:
    return [change.rule for change in doc.changes]


def warnings(doc: Document) -> list[str]:
    return [str(change) for change in doc.changes if change.warning]


# --- splitting -------------------------------------------------------------


def test_splits_metadata_from_body() -> None:
    doc = run("---\ntitle: Hello\ntags:\n  - a\n---\n\nBody text.\n")
    assert doc.metadata == {"title": "Hello", "tags": ["a"]}
    assert doc.body == "Body text.\n"
    assert doc.frontmatter_source == "title: Hello\ntags:\n  - a\n"
    assert not doc.metadata_changed


def test_no_front_matter_leaves_document_alone() -> None:
    text = "# A heading\n\n---\n\nkey: value\n---\n"
    doc = run(text)
    assert doc.metadata is None
    assert doc.frontmatter_source is None
    assert doc.body == text
    assert doc.changes == []


def test_page_dump_seed_has_no_front_matter() -> None:
    text = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    doc = run(text)
    assert doc.metadata is None
    assert doc.body == text


def test_blank_lines_before_opening_fence() -> None:
    doc = run("\n  \n\t\n---\ntitle: Spaced out\n---\nBody\n")
    assert doc.metadata == {"title": "Spaced out"}
    assert doc.body == "Body\n"


def test_text_before_fence_is_not_front_matter() -> None:
    doc = run("Intro\n---\ntitle: x\n---\n")
    assert doc.metadata is None


def test_four_dashes_do_not_open_front_matter() -> None:
    doc = run("----\ntitle: x\n----\n")
    assert doc.metadata is None


def test_blank_lines_inside_front_matter() -> None:
    doc = run("---\ntitle: One\n\n\nauthor: Two\n\n---\nBody\n")
    assert doc.metadata == {"title": "One", "author": "Two"}
    assert doc.frontmatter_source == "title: One\n\n\nauthor: Two\n\n"


def test_dots_close_front_matter() -> None:
    doc = run("---\ntitle: Dotted\n...\nBody\n")
    assert doc.metadata == {"title": "Dotted"}
    assert doc.body == "Body\n"


def test_leading_blank_lines_of_body_removed_but_not_indentation() -> None:
    doc = run("---\na: 1\n---\n\n\n   \n    indented code\n")
    assert doc.body == "    indented code\n"


def test_empty_front_matter_is_an_empty_map() -> None:
    doc = run("---\n---\nBody\n")
    assert doc.metadata == {}
    assert doc.body == "Body\n"
    assert render_frontmatter(doc) == ""
    assert doc.changes == []


def test_already_split_document_is_not_split_again() -> None:
    doc = Document.from_text("---\n\nText after a rule\n---\n")
    doc.set_frontmatter({"title": "x"}, "title: x\n")
    FrontMatterFilter().run(doc)
    assert doc.body == "---\n\nText after a rule\n---\n"
    assert doc.metadata == {"title": "x"}


# --- quirks bots write ------------------------------------------------------


def test_list_with_trailing_space_key_and_one_space_indent() -> None:
    doc = run("---\ncategories: \n - News\n - Tech\nauthor: Bot\n---\nx\n")
    assert doc.metadata == {"categories": ["News", "Tech"], "author": "Bot"}


def test_list_with_four_space_indent() -> None:
    doc = run("---\ncategories: \n    - Media\n    - Blog - posts\n---\nx\n")
    assert doc.metadata == {"categories": ["Media", "Blog - posts"]}


def test_unchanged_front_matter_is_written_back_verbatim() -> None:
    source = "categories: \n - News\ncomments: false\nthumbnail: ''\n"
    doc = run(f"\n---\n{source}---\n\nBody\n")
    assert not doc.metadata_changed
    assert render_frontmatter(doc) == source


def test_title_in_runs_of_quotes_is_repaired() -> None:
    text = (
        "---\n"
        'title: """""\'Turning off the widget panel\'"""""\n'
        "categories: \n"
        "    - Blogs\n"
        "comments: false\n"
        "views: 12\n"
        "thumbnail: ''\n"
        "date: 2022-01-02 03:04:05\n"
        "---\n"
        "Body\n"
    )
    doc = run(text)
    assert doc.metadata == {
        "title": "Turning off the widget panel",
        "categories": ["Blogs"],
        "comments": False,
        "views": 12,
        "thumbnail": "",
        "date": "2022-01-02 03:04:05",  # a generator reads it as it is
    }
    assert any(w.startswith("frontmatter: repaired: title:") for w in warnings(doc))
    # the broken source must not be written back, even if nothing else changed
    assert doc.frontmatter_source is None


def test_repaired_front_matter_is_rewritten_even_without_other_changes() -> None:
    doc = run('---\ntitle: ""\'Only the title\'""\n---\nBody\n')
    assert render_frontmatter(doc) == "title: Only the title\n"


def test_repair_keeps_colons_in_values_as_text() -> None:
    doc = run('---\ntitle: ""\'x\'""\nsubtitle: Re: hello\n---\nBody\n')
    assert doc.metadata == {"title": "x", "subtitle": "Re: hello"}


def test_unquoted_colon_space_in_value_is_repaired() -> None:
    doc = run("---\ntitle: Weekly notes\n\nsource: Example feed, status: green\n---\nBody\n")
    assert doc.metadata == {"title": "Weekly notes", "source": "Example feed, status: green"}
    assert warnings(doc) == ["frontmatter: repaired: source: Example feed, status: green"]
    assert render_frontmatter(doc) == (
        "title: Weekly notes\nsource: 'Example feed, status: green'\n"
    )


def test_valid_yaml_is_not_logged_as_repaired() -> None:
    doc = run("---\ntitle: 'Quoted once'\n---\nBody\n")
    assert doc.metadata == {"title": "Quoted once"}
    assert "repaired" not in rules(doc)


def test_empty_string_stays_empty_string() -> None:
    doc = run("---\nthumbnail: ''\ndate: Fri, 07 May 2021 21:12:54 GMT\n---\nx\n")
    assert doc.metadata["thumbnail"] == ""
    assert "thumbnail: ''\n" in render_frontmatter(doc)


# --- dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Fri, 07 May 2021 21:12:54 GMT", "2021-05-07T21:12:54Z"),
        ("Sat, 08 May 2021 05:12:54 +0800", "2021-05-08T05:12:54+08:00"),
        ("Thu, 06 May 2021 16:12:54 -0500", "2021-05-06T16:12:54-05:00"),
        ("7 May 2021 21:12:54 +0000", "2021-05-07T21:12:54Z"),
        ("Fri, 07 May 2021 21:12:54 -0000", "2021-05-07T21:12:54Z"),
    ],
)
def test_bot_dates_become_iso_8601_without_a_generator(written: str, expected: str) -> None:
    doc = run(f"---\ndate: {written}\n---\nx\n")
    assert doc.metadata == {"date": expected}
    # unquoted, so other readers see a timestamp
    assert render_frontmatter(doc) == f"date: {expected}\n"


@pytest.mark.parametrize(
    "written",
    [
        "2021-04-05 12:10:30",
        "2021-04-05 9:10",
        "2021-04-05 12:10:30 +0800",
        "2021-04-05T12:10:30+0800",
        "2024-09-08T21:14:01.735Z",
        "2021-05-07T21:12:54Z",
        "2021-05-07T21:12:54+02:00",
        "2023-03-07",
        '"2013-05-08 23:46:11 +0200"',
        "'2020-01-02 03:04:05'",
    ],
)
@pytest.mark.parametrize("generator", [None, "hexo", "jekyll", "hugo"])
def test_dates_a_generator_reads_are_left_as_written(written: str, generator: str | None) -> None:
    text = f"---\ndate: {written}\n---\nx\n"
    doc = Document.from_text(text)
    doc.generator = generator
    FrontMatterFilter().run(doc)
    assert doc.metadata == {"date": written.strip("'\"")}
    assert not doc.metadata_changed
    assert doc.changes == []
    assert render(doc) == text


@pytest.mark.parametrize("written", ["next tuesday", "2021-13-45", "Fri, 32 May 2021 21:12:54 GMT"])
def test_unparseable_date_is_left_with_a_warning(written: str) -> None:
    doc = run(f"---\ndate: {written}\n---\nx\n")
    assert doc.metadata == {"date": written}
    assert not doc.metadata_changed
    assert warnings(doc) == [f"frontmatter: date not understood: date: {written}"]


def test_every_default_date_key_is_normalised() -> None:
    text = "---\nupdated: 5 Apr 2021 12:10:30 GMT\nlastmod: 6 Apr 2021 12:10:30 GMT\n---\nx\n"
    doc = run(text)
    assert doc.metadata == {"updated": "2021-04-05T12:10:30Z", "lastmod": "2021-04-06T12:10:30Z"}


def test_dates_under_other_keys_are_left_alone() -> None:
    doc = run("---\ntitle: Fri, 07 May 2021 21:12:54 GMT\n---\nx\n")
    assert doc.metadata == {"title": "Fri, 07 May 2021 21:12:54 GMT"}


def test_date_keys_option() -> None:
    text = "---\ncreated: 5 Apr 2021 12:10:30 GMT\ndate: 5 Apr 2021 12:10:30 GMT\n---\nx\n"
    doc = run(text, date_keys=["created"])
    assert doc.metadata == {"created": "2021-04-05T12:10:30Z", "date": "5 Apr 2021 12:10:30 GMT"}


def test_normalize_date_returns_none_for_text() -> None:
    assert normalize_date("soon") is None
    assert normalize_date("2021-05-07") == "2021-05-07"


# --- HTML entities ------------------------------------------------------------


def test_numeric_and_named_entities_unescaped() -> None:
    doc = run(
        "---\ntitle: Maps &#38; photos\nauthor: Tom &amp; Jerry\n"
        "tags:\n  - caf&#xe9;\n  - &lt;b&gt;\n---\nx\n"
    )
    assert doc.metadata == {
        "title": "Maps & photos",
        "author": "Tom & Jerry",
        "tags": ["café", "<b>"],
    }
    assert "entities" in rules(doc)


def test_entities_without_semicolon_are_kept() -> None:
    text = "---\nurl: https://example.org/?a=1&not=2&copy=3\ntitle: AT&T & friends\n---\nx\n"
    doc = run(text)
    assert doc.metadata == {
        "url": "https://example.org/?a=1&not=2&copy=3",
        "title": "AT&T & friends",
    }
    assert not doc.metadata_changed


def test_double_escaped_entity_unescaped_in_one_pass() -> None:
    assert unescape_entities("Q&amp;#38;A") == "Q&A"
    doc = run("---\ntitle: Q&amp;#38;A\n---\nx\n")
    assert doc.metadata == {"title": "Q&A"}


def test_unknown_entity_is_kept() -> None:
    assert unescape_entities("&bogus; &#38;") == "&bogus; &"


def test_unescape_entities_option_off() -> None:
    doc = run("---\ntitle: Maps &#38; photos\n---\nx\n", unescape_entities=False)
    assert doc.metadata == {"title": "Maps &#38; photos"}


# --- writing back -------------------------------------------------------------

TRICKY = [
    "a: b",
    "- x",
    "#tag",
    "yes",
    "No",
    "null",
    "~",
    "123",
    "0123",
    "1:30",
    "1e5",
    "3.14",
    "@x",
    "`code`",
    "*bold*",
    "&anchor",
    "!tag",
    "%percent",
    "[not a list]",
    "{not: a map}",
    "> folded",
    "| literal",
    'He said "hi"',
    "it's",
    "'single'",
    '"double"',
    "both ' and \"",
    "trailing space ",
    " leading space",
    "line one\nline two",
    "tab\there",
    "ends with colon:",
    "x #not a comment",
    "=",
    "",
    "中文：标题 — “引号”",
    "emoji 🎉",
]


@pytest.mark.parametrize("value", TRICKY)
def test_tricky_strings_round_trip(value: str) -> None:
    metadata = {"title": value, "tags": [value], "paths": [[value, "x"]]}
    text = dump_yaml(metadata)
    assert load_yaml(text) == metadata
    # and any YAML 1.1 reader gets the same strings back
    assert yaml.safe_load(text) == metadata
    doc = run(f"---\n{text}date: 5 Apr 2021 12:10:30 GMT\n---\nx\n")
    assert doc.metadata == {**metadata, "date": "2021-04-05T12:10:30Z"}


def test_yaml_1_2_scalars_are_read_as_written() -> None:
    doc = run("---\ntitle: No\nzip: 01234\nlength: 1:30\nflag: yes\nn: 0x1F\nr: 1.5\n---\nx\n")
    assert doc.metadata == {
        "title": "No",
        "zip": "01234",
        "length": "1:30",
        "flag": "yes",
        "n": 31,
        "r": 1.5,
    }


def test_types_kept_and_unicode_unescaped_when_rewritten() -> None:
    doc = run(
        "---\ntitle: 未名新闻\ncomments: false\ncount: 3\nratio: 0.5\ntags:\n"
        "date: Fri, 07 May 2021 21:12:54 GMT\n---\nx\n"
    )
    assert doc.metadata == {
        "title": "未名新闻",
        "comments": False,
        "count": 3,
        "ratio": 0.5,
        "tags": None,
        "date": "2021-05-07T21:12:54Z",
    }
    assert render_frontmatter(doc) == (
        "title: 未名新闻\ncomments: false\ncount: 3\nratio: 0.5\ntags:\n"
        "date: 2021-05-07T21:12:54Z\n"
    )


def test_key_order_kept() -> None:
    keys = ["zeta", "alpha", "date", "mid", "beta"]
    body = "".join(f"{key}: v\n" for key in keys).replace(
        "date: v", "date: 5 Apr 2021 12:10:30 GMT"
    )
    doc = run(f"---\n{body}---\nx\n")
    assert doc.metadata_changed
    assert list(doc.metadata) == keys
    assert [line.split(":")[0] for line in render_frontmatter(doc).splitlines()] == keys


def test_lists_indented_under_key_and_long_lines_not_wrapped() -> None:
    long = "word " * 60 + "end"
    text = dump_yaml({"tags": ["a", "b"], "description": long, "nested": {"k": ["c"]}})
    assert text == f"tags:\n  - a\n  - b\ndescription: {long}\nnested:\n  k:\n    - c\n"


def test_category_paths_written_inline() -> None:
    doc = run(
        "---\ncategories:\n  - [Ops, SEO]\n  - Plain\ndate: 5 Apr 2021 12:10:30 GMT\n---\nx\n"
    )
    assert doc.metadata["categories"] == [["Ops", "SEO"], "Plain"]
    assert "categories:\n  - [Ops, SEO]\n  - Plain\n" in render_frontmatter(doc)


def test_render_frontmatter_without_metadata() -> None:
    assert render_frontmatter(Document.from_text("plain")) is None


def test_render_frontmatter_dumps_when_there_is_no_source() -> None:
    doc = Document.from_text("")
    doc.set_frontmatter({"title": "a: b"}, None)
    assert render_frontmatter(doc) == "title: 'a: b'\n"


def test_merge_keys_may_be_overridden() -> None:
    doc = run("---\nbase: &b {a: 1, c: 2}\nmore:\n  <<: *b\n  a: 3\n---\nx\n")
    assert doc.metadata["more"] == {"a": 3, "c": 2}


# --- errors -------------------------------------------------------------------


def test_unclosed_front_matter_is_an_input_error() -> None:
    with pytest.raises(InputError, match="never closed"):
        run("---\ntitle: x\n\nBody without a closing fence\n")


def test_a_broken_line_above_a_nested_block_is_repaired_and_the_block_kept() -> None:
    text = '---\ntitle: ""\'broken\'""\nauthor:\n  name: nested\n---\nx\n'
    doc = run(text)
    assert doc.metadata == {"title": "broken", "author": {"name": "nested"}}
    assert render_frontmatter(doc) == "title: broken\nauthor:\n  name: nested\n"


def test_yaml_and_repair_both_failing_is_an_input_error() -> None:
    text = "---\ntitle: Notes\nauthor:\n  name: a: b\n---\nx\n"
    with pytest.raises(InputError, match=r"not valid YAML: .*\(line 4\)"):
        run(text)


def test_a_colon_in_a_title_above_a_nested_block_is_repaired_line_by_line() -> None:
    source = (
        "name: How Tide Clocks work: What You Need To Know | harbour notes\n"
        "metadata:\n"
        "  # kept, as every readable line is\n"
        "  author:   Lin\n"
        "  keywords: [tides, clocks]\n"
        "date: 2022-03-04 05:06:07\n"
    )
    doc = run(f"---\n{source}---\nBody\n")
    assert doc.metadata == {
        "name": "How Tide Clocks work: What You Need To Know | harbour notes",
        "metadata": {"author": "Lin", "keywords": ["tides", "clocks"]},
        "date": "2022-03-04 05:06:07",
    }
    assert render_frontmatter(doc) == source.replace(
        "name: How Tide Clocks work: What You Need To Know | harbour notes",
        "name: 'How Tide Clocks work: What You Need To Know | harbour notes'",
    )
    assert [w[:40] for w in warnings(doc)] == ["frontmatter: repaired: name: How Tide Cl"]


def test_a_quoted_value_glued_to_its_colon_gets_its_space() -> None:
    source = 'title: Likes\nselfDefined:"likes:48,comments:8,"\ntags:\n  - a\n'
    doc = run(f"---\n{source}---\nBody\n")
    assert doc.metadata == {"title": "Likes", "selfDefined": "likes:48,comments:8,", "tags": ["a"]}
    assert render_frontmatter(doc) == source.replace(':"likes', ': "likes')


def test_a_legitimately_nested_block_is_not_repaired() -> None:
    source = "title: 'A: b'\nmeta:\n  author:\n    name: Lin\n  likes: 3\n"
    doc = run(f"---\n{source}---\nBody\n")
    assert "repaired" not in rules(doc)
    assert render_frontmatter(doc) == source


def test_a_value_continued_on_indented_lines_is_not_taken_for_a_broken_line() -> None:
    text = "---\ntitle: Notes: part\n  two\nmeta:\n  a: b: c\n---\nx\n"
    with pytest.raises(InputError, match="not valid YAML"):
        run(text)


def test_an_unclosed_quote_is_reported_on_the_line_where_it_opens() -> None:
    text = '---\ntitle: "Hello\n  world\nmeta:\n  a: 1\n---\nx\n'
    with pytest.raises(InputError, match=r"quoted scalar \(line 2\)"):
        run(text)


@pytest.mark.parametrize("source", ["- a\n- b\n", "just a sentence\n"])
def test_front_matter_that_is_not_a_map_is_an_input_error(source: str) -> None:
    with pytest.raises(InputError, match="not keys and values"):
        run(f"---\n{source}---\nx\n")


def test_duplicate_key_is_an_input_error_naming_key_and_line() -> None:
    with pytest.raises(InputError, match=r"'title' twice \(line 5\)"):
        run("\n---\ntitle: one\nauthor: me\ntitle: two\n---\nx\n")


def test_duplicate_key_in_repaired_front_matter_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"'title' twice \(line 3\)"):
        run('---\ntitle: ""\'one\'""\ntitle: two\n---\nx\n')


# --- the seed -------------------------------------------------------------------


def test_feed_post_seed() -> None:
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    original = yaml.safe_load(text.split("---\n")[1])
    doc = run(text)
    assert doc.metadata is not None
    for key in ("title", "categories", "author", "comments", "headimg", "thumbnail"):
        assert doc.metadata[key] == original[key]
    assert doc.metadata["date"] == "2021-05-07T21:12:54Z"
    assert list(doc.metadata) == list(original)
    assert doc.body.startswith("<div>")


# --- authored front matter stays as written ---------------------------------------


def normalized(text: str, generator: str | None = None, timezone: str | None = None) -> str:
    """The whole pipeline's output for a post of the given site; checked stable."""
    from normalize.pipeline import Pipeline

    def once(source: str) -> str:
        doc = Document.from_text(source, name="post.md")
        doc.generator, doc.site_timezone = generator, timezone
        return Pipeline.default().run(doc)

    output = once(text)
    assert once(output) == output
    return output


def changed_lines(before: str, after: str) -> list[str]:
    """The diff, as `-line` and `+line`, without context."""
    import difflib

    diff = difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


HEXO_POST = (
    "---\n"
    "title: 'Hello, world'\n"
    "date: 2020-01-02 03:04:05\n"
    "updated: 2020-01-03 10:00:00\n"
    "tags: [hexo, notes]\n"
    "categories:\n"
    "- [Diary, 2020]\n"
    "---\n"
    "First words of the post.\n"
    "\n"
    "The rest.\n"
)
JEKYLL_POST = (
    "---\n"
    "layout: post\n"
    'title: "Moving house: a checklist"\n'
    'date: "2013-05-08 23:46:11 +0200"\n'
    "# categories come from the folder\n"
    "tags:\n"
    "  - home   # the main one\n"
    "  - lists\n"
    "excerpt_separator: <!--more-->\n"
    "---\n"
    "\n"
    "Boxes first.\n"
)
HUGO_TOML_POST = (
    "+++\n"
    'title = "Field notes"\n'
    "date = 2021-04-05T12:10:30+02:00\n"
    'tags = ["birds", "rain"]\n'
    "[params]\n"
    '  cover = "cover.jpg"\n'
    "+++\n"
    "\n"
    "Notes from the field.\n"
)
HUGO_JSON_POST = (
    "{\n"
    '  "title": "Field notes &amp; more",\n'
    '  "date": "Mon, 05 Apr 2021 12:10:30 +0200",\n'
    '  "tags": ["birds"]\n'
    "}\n"
    "\n"
    "Notes from the field.\n"
)


@pytest.mark.parametrize(
    ("text", "generator"),
    [
        (HEXO_POST, "hexo"),
        (JEKYLL_POST, "jekyll"),
        (HUGO_TOML_POST, "hugo"),
        (HUGO_JSON_POST, "hugo"),
        (HEXO_POST.replace("---\nFirst", "---\n\n\nFirst"), None),
        ("---\ntitle: No gap\n---\nBody right after the fence.\n", None),
        ("---\ntitle: Only front matter\n---\n", "hugo"),
    ],
    ids=["hexo", "jekyll", "hugo-toml", "hugo-json", "gap-of-blank-lines", "no-gap", "no-body"],
)
def test_authored_front_matter_comes_out_byte_identical(text: str, generator: str | None) -> None:
    assert normalized(text, generator) == text


def test_crlf_front_matter_keeps_its_line_endings() -> None:
    text = "---\r\ntitle: 'Windows post'\r\ntags: [a, b]\r\n---\r\n\r\nBody\r\n"
    doc = Document.from_text(text)
    FrontMatterFilter().run(doc)
    assert render(doc) == text


def test_a_repaired_value_in_crlf_front_matter_is_written_with_crlf() -> None:
    text = "---\r\ntitle: Q&amp;A\r\ntags:\r\n  - x\r\n---\r\nBody\r\n"
    doc = Document.from_text(text)
    FrontMatterFilter().run(doc)
    assert render(doc) == text.replace("Q&amp;A", "Q&A")


@pytest.mark.parametrize(
    ("generator", "timezone", "expected"),
    [
        ("hexo", None, "2006-01-02 15:04:05"),
        ("hexo", "Asia/Shanghai", "2006-01-02 23:04:05"),
        ("hexo", "America/New_York", "2006-01-02 10:04:05"),
        ("jekyll", None, "2006-01-02 15:04:05 +0000"),
        ("hugo", None, "2006-01-02T15:04:05+00:00"),
        (None, None, "2006-01-02T15:04:05Z"),
    ],
)
def test_a_bots_date_becomes_the_generators_form(
    generator: str | None, timezone: str | None, expected: str
) -> None:
    text = "---\ntitle: Feed item\ndate: Mon, 02 Jan 2006 15:04:05 +0000\n---\nBody\n"
    assert normalized(text, generator, timezone) == text.replace(
        "Mon, 02 Jan 2006 15:04:05 +0000", expected
    )


def test_a_bots_date_keeps_its_offset_for_jekyll_and_hugo() -> None:
    text = "---\ndate: Sat, 08 May 2021 05:12:54 +0800\n---\nx\n"
    assert "date: 2021-05-08 05:12:54 +0800\n" in normalized(text, "jekyll")
    assert "date: 2021-05-08T05:12:54+08:00\n" in normalized(text, "hugo")
    assert "date: 2021-05-08 05:12:54\n" in normalized(text, "hexo")  # its own wall clock
    assert "date: 2021-05-07 21:12:54\n" in normalized(text, "hexo", "UTC")


def test_an_unknown_site_timezone_is_a_warning_and_the_wall_clock_is_kept() -> None:
    doc = Document.from_text("---\ndate: Sat, 08 May 2021 05:12:54 +0800\n---\nx\n")
    doc.generator, doc.site_timezone = "hexo", "Mars/Olympus"
    FrontMatterFilter().run(doc)
    assert doc.metadata == {"date": "2021-05-08 05:12:54"}
    assert warnings(doc) == ["frontmatter: timezone not known: Mars/Olympus"]


def test_a_quoted_bot_date_stays_quoted() -> None:
    text = (
        "---\ndate: 'Mon, 02 Jan 2006 15:04:05 +0000'\nlastmod: \"2 Jan 2006 15:04 GMT\"\n---\nx\n"
    )
    assert changed_lines(text, normalized(text, "jekyll")) == [
        "-date: 'Mon, 02 Jan 2006 15:04:05 +0000'\n",
        '-lastmod: "2 Jan 2006 15:04 GMT"\n',
        "+date: '2006-01-02 15:04:05 +0000'\n",
        '+lastmod: "2006-01-02 15:04:00 +0000"\n',
    ]


def test_a_repaired_key_is_written_in_its_own_style_and_nothing_else_changes() -> None:
    text = (
        "---\n"
        "# written by hand, then pasted from a feed\n"
        'title: "Tom &amp; Jerry: the \\"classic\\""\n'
        "subtitle: 'Cats &amp; mice'\n"
        "tags: [cartoons, caf&#xe9;]   # flow list\n"
        "authors:\n"
        "    - Jerry &amp; co\n"
        "    - Tom\n"
        "date: 2020-01-02 03:04:05\n"
        "description: >\n"
        "  Folded text\n"
        "  stays folded.\n"
        "---\n"
        "Body\n"
    )
    assert changed_lines(text, normalized(text, "hexo")) == [
        '-title: "Tom &amp; Jerry: the \\"classic\\""\n',
        "-subtitle: 'Cats &amp; mice'\n",
        "-tags: [cartoons, caf&#xe9;]   # flow list\n",
        '+title: "Tom & Jerry: the \\"classic\\""\n',
        "+subtitle: 'Cats & mice'\n",
        "+tags: [cartoons, café]   # flow list\n",
        "-    - Jerry &amp; co\n",
        "+    - Jerry & co\n",
    ]


def test_a_plain_value_gets_quotes_only_when_yaml_needs_them() -> None:
    text = "---\ntitle: Notes &#58; part one\nother: kept\n---\nx\n"
    assert changed_lines(text, normalized(text)) == [
        "-title: Notes &#58; part one\n",
        "+title: 'Notes : part one'\n",
    ]


def test_a_block_scalar_that_changes_keeps_the_lines_around_it() -> None:
    text = "---\nsummary: |\n  Fish &amp; chips\nnext: 1\n---\nx\n"
    out = normalized(text)
    assert load_yaml(out.split("---\n")[1]) == {"summary": "Fish & chips\n", "next": 1}
    assert out.endswith("next: 1\n---\nx\n")


def test_another_filters_change_to_a_value_is_a_span_edit() -> None:
    text = (
        "---\n"
        "title: 'Photos'\n"
        'cover: "https://cors.zfour.workers.dev/?http://i.example.net/c.jpg"  # the banner\n'
        "gallery: ['https://cors.zfour.workers.dev/?http://i.example.net/1.jpg', two.jpg]\n"
        "date: 2020-01-02\n"
        "---\n"
        "Some text.\n"
    )
    assert changed_lines(text, normalized(text)) == [
        '-cover: "https://cors.zfour.workers.dev/?http://i.example.net/c.jpg"  # the banner\n',
        "-gallery: ['https://cors.zfour.workers.dev/?http://i.example.net/1.jpg', two.jpg]\n",
        '+cover: "http://i.example.net/c.jpg"  # the banner\n',
        "+gallery: ['http://i.example.net/1.jpg', two.jpg]\n",
    ]


def test_a_key_another_filter_adds_is_one_appended_line() -> None:
    doc = Document.from_text("---\r\ndate: 2020-01-02  # kept\r\n---\r\nx\r\n")
    FrontMatterFilter().run(doc)
    assert doc.metadata is not None
    doc.metadata = {**doc.metadata, "title": "From the page: a title"}
    assert render(doc) == (
        "---\r\ndate: 2020-01-02  # kept\r\ntitle: 'From the page: a title'\r\n---\r\nx\r\n"
    )


def test_a_list_that_grows_in_block_style_rewrites_only_its_key() -> None:
    doc = Document.from_text("---\na: 1\ntags:\n  - x\nb: 2  # note\n---\nx\n")
    FrontMatterFilter().run(doc)
    assert doc.metadata is not None
    doc.metadata["tags"] = ["x", "y"]
    assert render(doc) == "---\na: 1\ntags:\n  - x\n  - y\nb: 2  # note\n---\nx\n"


def test_front_matter_read_line_by_line_is_dumped_in_house_style() -> None:
    text = '---\r\ntitle: ""\'Broken\'""\r\ntags: [a, b]\r\n---\r\nBody\r\n'
    doc = Document.from_text(text)
    FrontMatterFilter().run(doc)
    assert render(doc) == "---\ntitle: Broken\ntags:\n  - a\n  - b\n---\n\nBody\r\n"


def test_toml_front_matter_is_read_but_written_back_verbatim() -> None:
    doc = Document.from_text(HUGO_TOML_POST)
    FrontMatterFilter().run(doc)
    assert doc.metadata is not None
    assert doc.metadata["tags"] == ["birds", "rain"] and doc.frontmatter_format == "toml"
    doc.metadata["title"] = "changed by a filter"
    assert render(doc) == HUGO_TOML_POST


def test_unreadable_toml_front_matter_passes_through_with_a_warning() -> None:
    text = "+++\ntitle = \n+++\nBody\n"
    doc = Document.from_text(text)
    FrontMatterFilter().run(doc)
    assert doc.metadata == {} and doc.body == "Body\n"
    assert rules(doc) == ["not read"]
    assert render(doc) == text


def test_a_body_opening_with_a_brace_is_not_json_front_matter() -> None:
    for text in ["{% include note.html %}\nText\n", "{not json}\n", '{"a": 1} and text\n']:
        doc = Document.from_text(text)
        FrontMatterFilter().run(doc)
        assert doc.metadata is None and doc.body == text


def test_a_converted_dump_gets_a_blank_line_and_loses_trailing_spaces() -> None:
    text = (
        "---\ntitle: 'Feed item'\ncategories: \n - News\n"
        "summary: |\n  kept as written  \n---\n<p>Converted <b>body</b>.</p>\n"
    )
    assert normalized(text) == (
        "---\ntitle: 'Feed item'\ncategories:\n - News\n"
        "summary: |\n  kept as written  \n---\n\nConverted **body**.\n"
    )


@pytest.mark.parametrize(
    ("source", "changes", "expected"),
    [
        ("tags: # none\nb: 1\n", {"tags": "x"}, "tags: x # none\nb: 1\n"),
        ("tags:\nb: 1\n", {"tags": ["a", "b"]}, "tags:\n  - a\n  - b\nb: 1\n"),
        ("a: &p http://x/?u\nb: *p\n", {"a": "u", "b": "u"}, "a: &p u\nb: *p\n"),
        (
            "n:\n  img: 'p'   # c\n  list:\n    - {src: p}\n",
            {"n": {"img": "q", "list": [{"src": "q"}]}},
            "n:\n  img: 'q'   # c\n  list:\n    - {src: q}\n",
        ),
        ("t: [a, b]\n", {"t": ["a", "b", "c: d"]}, "t: [a, b, 'c: d']\n"),
        ('t: "one"\n', {"t": "two\nlines"}, 't: "two\\nlines"\n'),
        ("t: plain\n", {"t": "yes"}, "t: 'yes'\n"),
        ("t: >-\n  long\n  text\nn: 1\n", {"t": "short"}, "t: short\nn: 1\n"),
        ("{a: 1, b: x}\n", {"b": "y"}, "{a: 1, b: y}\n"),
        ("# a comment\n", {"title": "t: x"}, "# a comment\ntitle: 't: x'\n"),
        ("a: 1", {"title": "t"}, "a: 1\ntitle: t\n"),
    ],
)
def test_edit_yaml_rewrites_only_the_changed_spans(
    source: str, changes: dict[str, object], expected: str
) -> None:
    from normalize.filters._yaml import edit_yaml

    old = load_yaml(source) or {}
    assert edit_yaml(source, old, {**old, **changes}) == expected


def test_edit_yaml_refuses_what_it_cannot_do_faithfully() -> None:
    from normalize.filters._yaml import edit_yaml

    source = "defaults: &d {a: 1}\n<<: *d\nc: 2\n"  # keys merged in have no line of their own
    old = load_yaml(source)
    assert edit_yaml(source, old, {**old, "a": 5}) is None


# Values of every style, over one line or several, with spaces at the ends of lines.
_WORDS = st.sampled_from(["a", "b c", "x: y", "'q'", '"d"', "\\", "#", "中", ""])
_SPACES = st.sampled_from(["", " ", "  ", "\t", " \t "])
_LINE = st.one_of(
    st.builds(lambda v, s: f"k{len(v)}: {v}{s}", _WORDS, _SPACES),
    st.builds(lambda s, v, t: f"l:{s}\n  - {v}{t}", _SPACES, _WORDS, _SPACES),
    st.builds(lambda v, s, w: f'q: "{v}\\{s}\n  {w}"', _WORDS, _SPACES, _WORDS),
    st.builds(lambda v, s, w: f"p: {v}{s}\n  {w}", _WORDS, _SPACES, _WORDS),
    st.builds(lambda v, s, w: f"s: '{v}{s}\n  {w}'", _WORDS, _SPACES, _WORDS),
    st.builds(lambda s, v, t: f"b: |{s}\n  {v}{t}\n  x", _SPACES, _WORDS, _SPACES),
    st.builds(lambda v, s: f"f: [{v},{s}\n  z]", _WORDS, _SPACES),
    st.builds(lambda v, s: f"# {v}{s}", _WORDS, _SPACES),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=4).map(lambda lines: "\n".join(lines) + "\n"))
@example('q: "a\\ \n  b"\n')  # an escaped space ending a line is part of the value
@example("categories: \n - a\n - b\n")
def test_spaces_at_line_ends_go_only_where_the_values_stay_the_same(text):
    try:
        metadata = load_yaml(text) or {}
    except (yaml.YAMLError, InputError, _DuplicateKey):
        return
    if not isinstance(metadata, dict):
        return
    assert (load_yaml(_without_trailing_spaces(text, metadata)) or {}) == metadata
