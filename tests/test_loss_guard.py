"""The output guard: text lost without a filter saying so stops the file; --fast skips the check."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURES, fixture_pairs, run_cli
from hypothesis import example, given
from hypothesis import strategies as st

from normalize import Document, Filter, Pipeline, Stage, loss_guard
from normalize.loss_guard import LossError, body_text, letters, letters_missing
from normalize.registry import available_filters

ARTICLE = "<p>Keep this sentence.</p><p class='x'>Second paragraph here.</p>"


class DropParagraph(Filter):
    """A careless filter: removes `p.x` with or without saying so."""

    name = "drop"
    stage = Stage.HTML
    priority = 50
    defaults = {"say_so": False}

    def run(self, doc: Document) -> None:
        if doc.tree is None:
            return
        for p in doc.tree.select("p.x"):
            if self.options["say_so"]:
                self.log_removal(doc, "dropped", p.get_text())
            p.decompose()


def chain(say_so: bool = False, guard: bool = True) -> Pipeline:
    filters = [cls() for name, cls in available_filters().items() if name != "tidy"]
    return Pipeline([*filters, DropParagraph({"say_so": say_so})], guard=guard)


def test_text_lost_without_a_log_stops_the_document():
    with pytest.raises(LossError, match=r"first: Second paragraph here"):
        chain().run(Document.from_text(ARTICLE))


def test_the_refusal_names_the_place_and_the_filter_that_lost_the_text():
    page = "<p>Keep this sentence, one of several around it.</p>" * 3 + ARTICLE
    with pytest.raises(LossError) as refusal:
        chain().run(Document.from_text(page))
    message = str(refusal.value)
    assert "(first: Second paragraph here, in “several around it. Keep this" in message
    assert "; nothing is lost without the drop filter (--disable drop); not written" in message


def test_a_single_lost_digit_is_shown_in_its_sentence():
    class DropDigit(DropParagraph):
        def run(self, doc: Document) -> None:
            for text in doc.tree.find_all(string="2") if doc.tree is not None else []:
                text.extract()

    filters = [cls() for name, cls in available_filters().items() if name != "tidy"]
    page = "<p>Round one had 3 questions.</p><p>Round two had <b>2</b> questions in all.</p>"
    with pytest.raises(LossError) as refusal:
        Pipeline([*filters, DropDigit()]).run(Document.from_text(page))
    assert "(first: 2, in “had 3 questions. Round two had 2 questions in all”)" in str(
        refusal.value
    )


def test_text_a_filter_logged_as_removed_is_not_a_loss():
    assert chain(say_so=True).run(Document.from_text(ARTICLE)) == "Keep this sentence.\n"


def test_without_the_guard_the_loss_goes_through():
    assert chain(guard=False).run(Document.from_text(ARTICLE)) == "Keep this sentence.\n"


def test_a_word_cut_out_of_a_glued_run_is_counted_letter_by_letter():
    # The watermark is glued to the word before it; only its own letters go.
    out = Pipeline.default().run(
        Document.from_text('<p>Text<font color="#F8F8F8">Mark.com</font></p>')
    )
    assert out == "Text\n"


def test_text_moved_into_the_front_matter_is_not_lost():
    page = "<html><head><title>My Title</title></head><body><h1>My Title</h1><p>Body text.</p></body></html>"
    out = Pipeline.default().run(Document.from_text(page, "page.html"))
    assert "title: My Title" in out and "Body text." in out


@pytest.mark.parametrize(
    "kind, body, seen",
    [
        ("html", "<p>a<b>b</b></p><script>var x</script><style>p{}</style><div>c</div>", "a b c"),
        ("html", "<head><title>t</title></head><p>x<!-- hidden -->y</p>", "xy"),
        ("html", "{% raw %}<title>t</title><p>body</p>", "{% raw %} body"),
        ("markdown", "[link](javascript:alert(1)) *em*\n\n[ref]: http://x\n", "link em"),
        ("markdown", "text <span>inline</span>\n\n<div>\n\nblock\n\n</div>\n", "text inline block"),
        ("text", "plain <b>text</b>", "plain <b>text</b>"),
    ],
)
def test_the_text_a_reader_sees(kind, body, seen):
    assert " ".join(body_text(body, kind).split()) == seen


def test_letters_ignore_case_spaces_and_punctuation():
    assert letters("A, b! 中") == letters("ab中") == letters("a B\n中")


@pytest.mark.parametrize("raw", [raw for raw, _ in fixture_pairs()], ids=lambda p: p.name)
def test_no_fixture_loses_text_without_a_log(raw: Path):
    Pipeline.default().run(Document.from_bytes(raw.read_bytes(), name=raw.name))  # raises on loss


# --- the command line --------------------------------------------------------------


@pytest.fixture
def lossy_plugin(tmp_path: Path) -> dict[str, str]:
    """A third-party filter, installed the way pip would, that drops `p.x` silently."""
    (tmp_path / "lossy_plugin.py").write_text(
        textwrap.dedent("""
        from normalize import Filter, Stage

        class Lossy(Filter):
            name = "lossy"
            stage = Stage.HTML
            description = "drop p.x without a word"

            def run(self, doc):
                for p in doc.tree.select("p.x") if doc.tree is not None else []:
                    p.decompose()
    """)
    )
    dist = tmp_path / "lossy_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: lossy-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[normalize.filters]\nlossy = lossy_plugin:Lossy\n")
    return {"PYTHONPATH": str(tmp_path)}


def test_a_lossy_chain_writes_nothing_and_exits_3(tmp_path, lossy_plugin):
    tree = tmp_path / "in"
    tree.mkdir()
    (tree / "lossy.html").write_text(ARTICLE)
    (tree / "fine.html").write_text("<p>Nothing to drop.</p>")
    out = tmp_path / "out"
    code, _, err = run_cli("--enable", "lossy", str(tree), "-o", str(out), env=lossy_plugin)
    assert code == 3
    assert f"{(tree / 'lossy.html').as_posix()}: the output would lose" in err
    assert "first: Second paragraph here" in err
    assert not (out / "lossy.md").exists()
    assert (out / "fine.md").read_text() == "Nothing to drop.\n"


def test_in_place_leaves_the_file_as_it_was(tmp_path, lossy_plugin):
    page = tmp_path / "page.html"
    page.write_text(ARTICLE)
    code, _, _ = run_cli("--enable", "lossy", "-i", str(page), env=lossy_plugin)
    assert code == 3
    assert page.read_text() == ARTICLE


def test_fast_skips_the_guard(tmp_path, lossy_plugin):
    code, out, err = run_cli(
        "--enable", "lossy", "--fast", input=ARTICLE.encode(), env=lossy_plugin
    )
    assert (code, out) == (0, b"Keep this sentence.\n"), err


@pytest.mark.parametrize(
    "name, source",
    [
        ("page.html", '<p><a href="{u}">{u}</a> and {u}</p>'),
        ("post.md", "<{u}> and [{u}]({u})\n"),
        ("dump.txt", "See {u} for more"),
    ],
)
def test_a_proxied_url_shown_as_text_is_unwrapped_not_lost(name, source):
    wrapped = "https://cors.zfour.workers.dev/?http://example.com/a"
    out = Pipeline.default().run(Document.from_text(source.format(u=wrapped), name))
    assert "workers.dev" not in out and "http://example.com/a" in out


def test_text_markdown_cannot_hold_is_reported_as_removed():
    page = (
        "<p>Chart<svg><text>axis label</text></svg> and <select><option>one</option></select></p>"
    )
    doc = Document.from_text(page)
    assert Pipeline.default().run(doc) == "Chart and\n"
    removed = {c.rule: c.removed for c in doc.changes if c.removed}
    assert removed == {
        "<svg> has no Markdown form": "axis label",
        "<select> has no Markdown form": "one",
    }


# Letters whose case folding is more than one character, or changes with context elsewhere.
FOLDING = st.text(st.sampled_from("aAbß ẞ Σσςİıﬃŉǰΐ1２\u0301_-·中文ＡＢ\ud800"), max_size=12)


@given(st.one_of(FOLDING, st.text(max_size=20)), st.one_of(FOLDING, st.text(max_size=20)))
@example("Straße", "STRASSE")
@example("STRASSE", "Straße")
@example("ΣΑΣ", "σας")
@example("ﬃ", "ff")
@example("ab cd", "cd  ab")  # every word there
@example("abcd", "ab cd")  # the letters, not the words
@example("a a", "a")
def test_the_quick_letter_check_agrees_with_counting_letters(before, after):
    assert letters_missing(before, after) == bool(letters(before) - letters(after))


# --- big pages: the text read as the page is parsed ---------------------------------------


def _both_ways(html: str, monkeypatch) -> tuple[str, str]:
    monkeypatch.setattr(loss_guard, "STREAM_OVER", 10**12)
    whole = loss_guard.visible_text(html)
    monkeypatch.setattr(loss_guard, "STREAM_OVER", 0)
    return whole, loss_guard.visible_text(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p>a<script>var x = 1;</script>b</p>c",
        "<div>a<div>b<style>p{}</style>c</div>d</div>e",
        "<html><head><title>T</title><style>x</style></head><body><h1>Head</h1>"
        "<ul><li>one<li>two</ul><table><tr><td>cell<td>more</table><br>tail<!-- note -->end"
        "<noscript>hidden</noscript><p>last <b>bold</b> words</p></body></html>",
        "text only",
        "<pre>  kept   as   is </pre><p>x&amp;y &lt;tag&gt;</p>",
    ],
)
def test_a_big_page_is_read_to_the_same_words_as_its_tree(html, monkeypatch):
    whole, streamed = _both_ways(html, monkeypatch)
    assert streamed.split() == whole.split()


def test_every_bundled_page_is_read_to_the_same_words_either_way(monkeypatch):
    pages = [*sorted((FIXTURES / "pages").glob("*.html")), *sorted(FIXTURES.glob("raw/*.html"))]
    assert len(pages) > 5
    for page in pages:
        whole, streamed = _both_ways(
            page.read_text(encoding="utf-8", errors="replace"), monkeypatch
        )
        assert streamed.split() == whole.split(), page.name


def test_a_big_output_is_cut_only_between_blocks_outside_code_fences():
    block = "A paragraph of the article.\n\n```\ncode line\n\nmore code\n```\n\n- item\n\n  continued\n\n"
    text = block * 50
    parts = list(loss_guard.markdown_parts(text, size=100))
    assert len(parts) > 10 and "".join(parts) == text
    for part in parts:
        assert part.count("```") % 2 == 0  # a fence opens and closes in the same part
        assert not part.startswith("  continued")


def test_a_big_output_reads_to_the_same_words_in_parts(monkeypatch):
    from normalize.commonmark import render_text

    text = "# Title\n\n" + "Some *words* and [a link](https://example.org).\n\n> quoted\n\n" * 400
    monkeypatch.setattr(loss_guard, "STREAM_OVER", 10**12)
    whole = loss_guard.visible_text(render_text(text))
    parts = list(loss_guard.markdown_parts(text, size=500))
    assert len(parts) > 5
    in_parts = " ".join(loss_guard.visible_text(render_text(part)) for part in parts)
    assert in_parts.split() == whole.split()


# --- whole pages: the text read off the article filter's parse ----------------------------

SAVED_PAGE = (
    "<!doctype html><html><head><title>Site</title><script>var x = 1;</script></head>"
    "<body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
    "<article><h1>A day out</h1><p>Keep this sentence about the long walk by the river.</p>"
    "<p class='x'>Second paragraph here, about the way back through the woods.</p>"
    "<p>A third paragraph says where the walk ended and who came along.</p></article>"
    "<!-- a note --><footer>© Site</footer></body></html>"
)


def test_a_page_parsed_by_the_article_filter_is_read_to_the_letters_the_guard_reads():
    from normalize.filters.article import parse_page

    pages = [*sorted((FIXTURES / "pages").glob("*.html")), *sorted(FIXTURES.glob("raw/*.html"))]
    read = 0
    for page in [*pages, None]:
        html = SAVED_PAGE if page is None else page.read_text(encoding="utf-8", errors="replace")
        root = parse_page(html)
        text = loss_guard.parsed_page_text(root) if root is not None else None
        if text is not None:
            read += 1
            assert letters(text) == letters(loss_guard.visible_text(html)), page
    assert read > 5


def test_what_a_reader_does_not_see_is_left_out_and_the_tree_left_as_it_was():
    from lxml import etree

    from normalize.filters.article import parse_page

    html = SAVED_PAGE.replace(
        "<footer>",
        "<iframe src='/x'>Frames needed</iframe> after the frame"
        "<object><p>Plugin <b>needed</b></p></object><footer>",
    )
    root = parse_page(html)
    before = etree.tostring(root)
    text = loss_guard.parsed_page_text(root)
    assert text is not None and "after the frame" in text
    assert "Frames" not in text and "Plugin" not in text
    assert letters(text) == letters(loss_guard.visible_text(html))
    assert etree.tostring(root) == before


def test_text_lost_from_a_whole_page_stops_it():
    doc = Document.from_text(SAVED_PAGE, "page.html")
    with pytest.raises(LossError, match=r"first: Second here way back through woods"):
        chain().run(doc)
    assert doc.seen_text is not None and doc.seen_text[0] == SAVED_PAGE  # read off the parse
    assert chain(say_so=True).run(Document.from_text(SAVED_PAGE, "page.html"))
