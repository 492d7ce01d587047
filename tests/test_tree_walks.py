"""The cheap walks and checks the filters and the guard use say what the slower ones said."""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections import Counter
from pathlib import Path

import ftfy.badness
from bs4 import BeautifulSoup, NavigableString
from hypothesis import example, given, settings
from hypothesis import strategies as st

from normalize import batch
from normalize.filters import encoding
from normalize.loss_guard import letters
from normalize.markup.html import elements, elements_and_text, text_nodes

PAGE = """<!doctype html><html><head><title>T</title><style>p{}</style></head>
<body><!-- a comment --><div class="a"><p>One <b>two</b><br/>three</p>
<script>var x = 1;</script><![CDATA[data]]><pre><code>code</code></pre>
<ul><li>item <a href="https://example.org/?utm_source=x">link</a></li></ul></div></body></html>"""


def test_elements_are_what_find_all_finds_in_the_same_order():
    tree = BeautifulSoup(PAGE, "lxml")
    assert elements(tree) == list(tree.find_all(True))
    assert [e.name for e in elements(tree)][:3] == ["html", "head", "title"]


def test_text_nodes_are_the_plain_strings_find_all_finds():
    tree = BeautifulSoup(PAGE, "lxml")
    plain = [s for s in tree.find_all(string=True) if type(s) is NavigableString]
    assert text_nodes(tree) == plain
    assert "var x = 1;" not in [str(s) for s in text_nodes(tree)]  # a script's text is no text
    assert " a comment " not in [str(s) for s in text_nodes(tree)]


def test_elements_and_text_come_from_one_walk_with_the_same_answers():
    tree = BeautifulSoup(PAGE, "lxml")
    assert elements_and_text(tree) == (elements(tree), text_nodes(tree))


def _three_branch_pattern(code_pages: tuple[str, ...]) -> re.Pattern[str]:
    """The pair pattern as first written: C1 control | lead follow | common lead, lost byte."""
    leads, follows, common = set(), set(), set()
    for codec in code_pages:
        for byte in range(0x80, 0x100):
            try:
                char = bytes([byte]).decode(codec)
            except UnicodeDecodeError:
                char = chr(byte)
            (leads if byte >= 0xC0 else follows).add(char)
            if byte in (0xC2, 0xC3, 0xE2):
                common.add(char)

    def cls(chars: set[str] | str) -> str:
        return "".join(map(re.escape, sorted(chars)))

    return re.compile(
        f"[\x80-\x9f]|[{cls(leads)}][{cls(follows)}]|[{cls(common)}][{cls(' ?-' + chr(0xFFFD))}]"
    )


MOJIBAKE_ALPHABET = st.sampled_from(
    "aZ 中文“”—…é?-\ufffdÃÂâ€™Ð¡Ñ€╔═ßü\x85\x93½" + "".join(map(chr, range(0x80, 0x100, 7)))
)
CODE_PAGE_SETS = [encoding._EUROPEAN_CODE_PAGES, *((c,) for c in encoding._WHOLE_TEXT_CODE_PAGES)]


@settings(max_examples=1000, deadline=None)
@given(st.text(MOJIBAKE_ALPHABET, max_size=12), st.sampled_from(CODE_PAGE_SETS))
@example("cafÃ ", encoding._EUROPEAN_CODE_PAGES)
@example("中â€™文", encoding._EUROPEAN_CODE_PAGES)
@example("x\x85", ("cp437",))
@example("Die Straße ist groß", encoding._EUROPEAN_CODE_PAGES)
def test_the_one_class_mojibake_pattern_finds_what_three_branches_find(text, code_pages):
    found = encoding._mojibake_pair(code_pages).search(text)
    assert bool(found) == bool(_three_branch_pattern(code_pages).search(text))


# Texts longer than the chunks the scans skip ASCII by, with mojibake pieces among them.
_PIECES = st.sampled_from(
    [
        "a" * 300,
        "b ",
        "中",
        "\x85",
        "\ufffd",
        "€",
        "é",
        "\u00a0",
        "鍙",
        "戝竷",
        "鐨",
        "à¤",
        "锟斤拷",
        "\ue000",
    ]
)
_LONG_TEXTS = st.lists(_PIECES, max_size=12).map("".join)


def _repaired_run_by_run(text: str) -> tuple[str, int]:
    """repair_gbk_mojibake as a plain substitution over every non-ASCII run."""
    repaired = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal repaired
        run, lost = match.groups()
        fixed = encoding.undo_gbk(run, truncated=bool(lost))
        if fixed is None:
            return match.group(0)
        repaired += 1
        return fixed + lost

    return re.sub("([^\x00-\x7f\ufffd]+)(\ufffd?)", fix, text), repaired


@settings(max_examples=300, deadline=None)
@given(_LONG_TEXTS)
@example("鍙戝竷" + "a" * 300 + "é鍙戝竷")
def test_gbk_repair_skipping_ascii_and_latin_runs_repairs_what_every_run_did(text):
    assert encoding.repair_gbk_mojibake(text) == _repaired_run_by_run(text)


def test_no_latin_letter_starts_a_gbk_run_that_utf8_could_read():
    # Why runs opening with U+0080-U+024F are skipped: GB18030 writes each from a
    # byte that no UTF-8 character starts with.
    for code in range(0x80, 0x250):
        first = chr(code).encode("gb18030")[0]
        assert 0x80 <= first <= 0xBF, hex(code)


def test_no_single_character_is_a_gbk_run_that_undo_gbk_repairs():
    # Why a run of one character, without a lost byte after it, is not taken.
    for code in range(0x80, 0x10000):
        if not 0xD800 <= code < 0xE000:
            assert encoding.undo_gbk(chr(code)) is None, hex(code)


@settings(max_examples=300, deadline=None)
@given(_LONG_TEXTS)
def test_searching_near_non_ascii_finds_what_searching_everywhere_finds(text):
    for pattern in (encoding._C1_CONTROLS, encoding._mojibake_pair(encoding._EUROPEAN_CODE_PAGES)):
        assert encoding._found_near_non_ascii(pattern, text) == bool(pattern.search(text))


def _chunks_with_non_ascii(text: str) -> list[tuple[int, int]]:
    """non_ascii_spans as one scan of every chunk."""
    spans: list[tuple[int, int]] = []
    for start in range(0, len(text), encoding._CHUNK):
        end = min(start + encoding._CHUNK, len(text))
        if not text[start:end].isascii():
            if spans and spans[-1][1] == start:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a" * 16000, "b" * 255, "c", "中", "é\n"]), max_size=10))
def test_skipping_ascii_blocks_finds_the_chunks_a_full_scan_finds(pieces):
    text = "".join(pieces)
    assert encoding.non_ascii_spans(text) == _chunks_with_non_ascii(text)


@settings(max_examples=500, deadline=None)
@given(_LONG_TEXTS)
# Sequences that end or start in the ASCII beside a chunk that holds non-ASCII.
@example("a" * 251 + "\u0413\u045e\u0412\u0402\u0412x")
@example("a" * 256 + "\u00c3 ")
@example("\u00c3 " + "a" * 300)  # one anchored at the start of the text
def test_ftfy_sees_near_non_ascii_what_it_sees_in_the_whole_text(text):
    assert encoding.ftfy_sees_mojibake(text) == ftfy.badness.is_bad(text)


# Pieces that compose or reorder across the chunk boundaries: a mark after an
# ASCII letter, marks out of canonical order, Hangul jamo, a singleton (Ohm sign).
_COMPOSING = st.lists(
    st.sampled_from(
        [
            "a" * 255,
            "e",
            "\u0301",
            "\u0327\u0301",
            "\u0301\u0327",
            "\u1100\u1161",
            "\u11a8",
            "\u2126",
            "中",
            "\n",
            "A\u030a",
        ]
    ),
    max_size=14,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_COMPOSING)
@example("a" * 255 + "e\u0301")
@example("a" * 256 + "\u0301")
def test_composing_around_non_ascii_gives_the_whole_text_in_nfc(text):
    assert encoding.composed(text) == unicodedata.normalize("NFC", text)


def test_no_ascii_character_is_the_second_half_of_a_composition():
    # Why composed() need not look past a stretch of non-ASCII text.
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            assert int(parts[1], 16) >= 0x80, hex(code)


@settings(max_examples=300, deadline=None)
@given(_LONG_TEXTS)
def test_counting_near_non_ascii_counts_what_findall_counts(text):
    spans = encoding.non_ascii_spans(text)
    for pattern in (encoding._REPLACEMENT_RUN, encoding._PRIVATE_USE):
        assert encoding._count_in(pattern, text, spans) == len(pattern.findall(text))


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_letters_counts_what_cutting_out_non_letters_counted(text):
    assert letters(text) == Counter(re.sub(r"[\W_]+", "", text.casefold()))


def test_letters_fold_case_and_skip_punctuation():
    assert letters("Straße, STRASSE_1!") == Counter(
        {"s": 6, "t": 2, "r": 2, "a": 2, "e": 2, "1": 1}
    )


_GLOBS = st.lists(
    st.sampled_from(["*.md", "*.html", "drafts/*", "*/_*", "a?.txt", "[ab]*", "*"]), max_size=4
)
_RELATIVE = st.lists(
    st.sampled_from(["a", "b.md", "drafts", "_x", "a1.txt", "c.html"]), min_size=1, max_size=3
)


@settings(max_examples=300, deadline=None)
@given(_GLOBS, _GLOBS, _RELATIVE)
def test_include_and_exclude_patterns_match_as_fnmatch_matches_them(include, exclude, parts):
    relative = Path(*parts)

    def hit(pattern: str) -> bool:
        return fnmatch.fnmatch(relative.name, pattern) or fnmatch.fnmatch(
            relative.as_posix(), pattern
        )

    expected = any(map(hit, include)) and not any(map(hit, exclude))
    assert batch._matches(relative, include, exclude) == expected


def test_a_run_of_finished_blocks_finishes_as_finish_block_would(monkeypatch):
    """A wrapper of finished blocks takes its Markdown from them (BlockRun.core) instead of
    reading it again: on every fixture and on nested wrappers that is what finish_block
    makes of the same text read again in full."""
    from conftest import fixture_pairs

    from normalize import NormalizeError, normalize_bytes
    from normalize.convert import converter, whitespace

    runs: list[whitespace.BlockRun] = []

    def recording(parts: list[str]) -> str:
        text = whitespace.joined_children(parts)
        if type(text) is whitespace.BlockRun:
            runs.append(text)
        return text

    monkeypatch.setattr(converter, "joined_children", recording)
    nested = (
        "<div> <div>\n<p>One  <b>two</b></p>\u3000<div><p>three<br><br>four</p></div></div> </div>"
    )
    inputs = [(raw.name, raw.read_bytes()) for raw, _ in fixture_pairs()]
    for name, data in [*inputs, ("nested.html", nested.encode())]:
        try:
            normalize_bytes(data, name=name)
        except NormalizeError:
            pass
    assert len(runs) > 50
    for run in runs:
        assert run.core == whitespace.finish_block(str(run))


_SPACED_WORDS = st.lists(
    st.sampled_from(
        ["a", "word", "é", "中文", " ", "  ", "\n", "\t", "\u00a0", "\u3000", "\u2003"]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_SPACED_WORDS, _SPACED_WORDS, st.integers(0, 40))
@example("x" * 150, "", 120)
@example(" \u2003" * 200 + "short", "", 100)
def test_measuring_a_text_from_its_start_answers_as_measuring_all_of_it(inner, tail, most):
    """_flat_within and _longer_than read a long text only as far as they need: they
    answer what _flat and _text_length of the whole text answer."""
    from lxml import etree

    from normalize.filters.article import _flat, _flat_within, _longer_than, _text_length

    element = etree.fromstring("<div><p></p></div>")
    element.text = inner
    element[0].text = inner[::-1]
    element[0].tail = tail
    flat = _flat(element)
    assert _flat_within(element, most) == (flat if len(flat) <= most else None)
    assert _longer_than(element, most) == (_text_length(element) > most)
