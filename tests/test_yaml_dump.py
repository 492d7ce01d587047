"""Front matter written without PyYAML's emitter where it is a flat mapping of plain values:
the same text as the dumper writes, byte for byte, and the dumper for everything else."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from normalize.filters import _yaml
from normalize.filters._yaml import FrontMatterDumper, dump_yaml


def pyyaml_dump(metadata: dict[str, Any]) -> str:
    return yaml.dump(
        _yaml._with_flow_lists(metadata),
        Dumper=FrontMatterDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=float("inf"),
    )


def pyyaml_scalar(value: Any) -> str:
    options = {"Dumper": FrontMatterDumper, "allow_unicode": True, "width": float("inf")}
    text = yaml.dump({"k": value}, default_flow_style=False, **options)
    return str(text).rstrip("\n").split(": ", 1)[1]


# What the emitter reads as indicators, spaces, breaks and unprintable characters,
# words its resolver reads as other types, and the letters of common titles.
TRICKY = list(" :#-?,[]{}&*!|>'\"%@`.~=<\t\n\r\x85\u2028\ufeff\xa0\x00\x7f\ud800") + [
    "yes",
    "No",
    "on",
    "null",
    "~",
    "1",
    "0x1F",
    "1:30",
    "1_000",
    ".inf",
    "2021-05-07",
    "T21:12:54Z",
    "<<",
    " #",
    ": ",
    "---",
    "...",
    "a",
    "Zz",
    "标题",
    "é",
    "😀",
]
WORDS = ["a", "Zz", "title", "标题", "é", "😀", "x-y", "1", "2021", "a b", "a:b", "a#b", "(1)"]
# Mostly words, so that many values are plain; a tricky character now and then.
PIECE = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(TRICKY))
TEXT = st.lists(PIECE, max_size=5).map("".join)
SCALAR = st.one_of(TEXT, st.booleans(), st.integers(), st.none(), st.floats(allow_nan=False))
VALUE = st.one_of(SCALAR, st.lists(SCALAR, max_size=3), st.dictionaries(TEXT, SCALAR, max_size=2))
KEY = st.one_of(TEXT, TEXT, st.text("ab", min_size=120, max_size=130))
METADATA = st.dictionaries(KEY, st.one_of(SCALAR, SCALAR, VALUE), max_size=3)


@settings(max_examples=1500, deadline=None)
@given(METADATA)
@example({"title": "How Tide Clocks work: What You Need To Know", "tags": ["a", "b"], "n": None})
@example({"date": "2021-03-22T15:08:19Z", "comments": False, "empty": [], "count": -3})
def test_front_matter_is_written_as_pyyaml_writes_it(metadata):
    assert dump_yaml(metadata) == (pyyaml_dump(metadata) if metadata else "")


@settings(max_examples=800, deadline=None)
@given(st.one_of(TEXT, st.booleans(), st.integers()))
def test_a_plain_value_is_written_as_pyyaml_writes_it(value):
    assert _yaml._dump_scalar(value, None, in_flow=False) == pyyaml_scalar(value)


def test_common_front_matter_skips_the_emitter():
    metadata = {
        "title": "地铁两条线路试行周末夜间延时运营_末班车推迟至凌晨",
        "categories": ["新媒体", "未名新闻"],
        "date": "2021-06-12 03:45:10",
        "comments": False,
        "thumbnail": "https://example.com/a.jpg?x=1&y=2",
        "description": "Café Rouge, Rue Saint-Honoré — a review",
        # Quoted by the emitter, and in the same way without it:
        "subtitle": "Tide clocks: what they show, and what they don't",
        "updated": "2021-06-13",
        "tags": ["#news", "- dash", "a: b", "yes"],
    }
    assert _yaml._dump_simple(metadata) == pyyaml_dump(metadata)
    assert "subtitle: 'Tide clocks: what they show, and what they don''t'" in pyyaml_dump(metadata)
