"""The chain: discovery through entry points, ordering, stages, representations on demand."""

from __future__ import annotations

import textwrap

import pytest
from conftest import BUILTINS, run_cli

from normalize import (
    ConfigError,
    Document,
    Filter,
    Pipeline,
    Stage,
    normalize_bytes,
    normalize_text,
)
from normalize.config import Config, parse_config, resolve_chain
from normalize.registry import available_filters


def test_builtins_are_discovered_through_entry_points_in_chain_order():
    assert list(available_filters()) == BUILTINS
    assert resolve_chain(Config(), available_filters()) == BUILTINS


def test_filters_are_ordered_by_stage_then_priority_then_name():
    class Late(Filter):
        name, stage, priority = "late", Stage.TEXT, 99

    class Early(Filter):
        name, stage, priority = "early", Stage.MARKDOWN, 1

    available = available_filters()
    pipeline = Pipeline([Early(), available["tidy"](), Late(), available["encoding"]()])
    assert pipeline.names == ["encoding", "late", "early", "tidy"]


def test_html_is_parsed_once_and_only_when_needed():
    seen = []

    class Spy(Filter):
        name, stage, priority = "spy", Stage.HTML, 45

        def run(self, doc: Document) -> None:
            seen.append(None if doc.tree is None else len(doc.tree.find_all("p")))

    chain = [cls() for cls in available_filters().values()] + [Spy()]
    Pipeline(chain).run(Document.from_text("<p>one</p><p>two</p>"))
    Pipeline(chain).run(Document.from_text("# Already Markdown\n\ntext\n"))
    assert seen == [2, None]  # a Markdown body gets no tree


def test_a_converted_tree_is_freed_before_the_output_is_checked():
    kept = []

    class Keeper(Filter):
        name, stage, priority = "keeper", Stage.HTML, 45

        def run(self, doc: Document) -> None:
            kept.append(doc.tree)

    chain = [cls() for cls in available_filters().values()] + [Keeper()]
    output = Pipeline(chain).run(Document.from_text("<p>one <b>two</b></p><p>three</p>"))
    assert output == "one **two**\n\nthree\n"
    # Its nodes point at one another: left to the cycle collector, a big page's tree would
    # still fill memory while the output is rendered and checked.
    assert kept[0].decomposed and kept[0].contents == []


def test_api_text_and_bytes_agree():
    html = "<p>中文 and <em>English</em></p>"
    assert normalize_text(html) == normalize_bytes(html.encode("gb18030")) == "中文 and *English*\n"


def test_third_party_plugin_is_found_and_off_until_enabled(tmp_path):
    (tmp_path / "shout_plugin.py").write_text(
        textwrap.dedent("""
        from normalize import Filter, Stage

        class Shout(Filter):
            name = "shout"
            stage = Stage.MARKDOWN
            priority = 50  # between markdown (0) and tidy (90)
            description = "upper-case the body"
            defaults = {"suffix": ""}

            def run(self, doc):
                doc.body = doc.body.rstrip().upper() + self.options["suffix"]
                self.log(doc, "shouted")
    """)
    )
    dist = tmp_path / "shout_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: shout-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[normalize.filters]\nshout = shout_plugin:Shout\n")
    env = {"PYTHONPATH": str(tmp_path)}
    code, out, _ = run_cli("--list-filters", env=env)
    assert "shout        off markdown upper-case the body" in out.decode()
    assert run_cli(input=b"<p>hi</p>", env=env)[1] == b"hi\n"
    assert run_cli("--enable", "shout", input=b"<p>hi</p>", env=env)[1] == b"HI\n"
    (tmp_path / "normalize.toml").write_text('enable = ["shout"]\n[shout]\nsuffix = "!"\n')
    (tmp_path / "a.html").write_text("<p>hi</p>")
    assert run_cli(str(tmp_path / "a.html"), env=env)[1] == b"HI!\n"


def test_parse_config_applies_the_chain_choices():
    available = available_filters()
    config = parse_config({"disable": ["ads"], "unproxy": {}}, available)
    assert "ads" not in resolve_chain(config, available)


@pytest.mark.parametrize(
    "table, named",
    [
        ({"nope": 1}, "'nope'"),
        ({"enable": ["zzz"]}, "'zzz'"),
        ({"include": "*.md"}, "include"),
        ({"ads": 3}, r"\[ads\]"),
        ({"tidy": {"x": 1}}, "'x'"),
    ],
)
def test_bad_config_is_an_error_that_names_the_key(table, named):
    with pytest.raises(ConfigError, match=named):
        parse_config(table, available_filters())


def test_a_run_collects_young_objects_less_often_and_restores_the_threshold(monkeypatch):
    import gc

    from normalize.filters.tidy import TidyFilter

    seen = []
    original = TidyFilter.run

    def recording(self, doc):
        seen.append(gc.get_threshold())
        original(self, doc)

    monkeypatch.setattr(TidyFilter, "run", recording)
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        Pipeline.default().run(Document.from_bytes(b"<p>Some <b>text</b>.</p>", "a.html"))
        assert seen[-1] == (10_000, 10, 10)
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(50_000, 5, 5)  # a program's own choice stays
        Pipeline.default().run(Document.from_bytes(b"<p>More text.</p>", "b.html"))
        assert seen[-1] == (50_000, 5, 5)
        assert gc.get_threshold() == (50_000, 5, 5)
    finally:
        gc.set_threshold(*before)
