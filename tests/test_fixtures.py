"""Every fixture through every channel — file, stdin, --output-dir, --in-place, the API — and twice."""

from __future__ import annotations

import shutil

import pytest
from conftest import EXPECTED, RAW, fixture_pairs, run_cli

from normalize import normalize_bytes
from normalize.document import Document, Kind
from normalize.filters.encoding import EncodingFilter
from normalize.sniff import sniff

PAIRS = fixture_pairs()
IDS = [raw.name for raw, _ in PAIRS]


def decoded(raw) -> str:
    doc = Document.from_bytes(raw.read_bytes(), name=raw.name)
    EncodingFilter().run(doc)
    return doc.body or ""


def test_every_dump_has_its_expected_output():
    assert len(PAIRS) >= 12
    missing = [raw.name for raw, expected in PAIRS if not expected.is_file()]
    assert missing == []


@pytest.mark.parametrize("raw, expected", PAIRS, ids=IDS)
def test_file_to_stdout(raw, expected):
    code, out, err = run_cli(str(raw))
    assert code == 0, err
    assert out.decode() == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("raw, expected", PAIRS, ids=IDS)
def test_stdin_to_stdout(raw, expected):
    code, out, err = run_cli("--stdin-filename", raw.name, input=raw.read_bytes())
    assert code == 0, err
    assert out.decode() == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("raw, expected", PAIRS, ids=IDS)
def test_api(raw, expected):
    assert normalize_bytes(raw.read_bytes(), name=raw.name) == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("raw, expected", PAIRS, ids=IDS)
def test_second_pass_changes_nothing(raw, expected):
    text = expected.read_text(encoding="utf-8")
    assert normalize_bytes(text.encode(), name=expected.name) == text
    assert normalize_bytes(text.encode(), name=raw.name) == text
    code, out, _ = run_cli("--check", str(expected))
    assert code == 0


def test_output_dir_over_the_whole_tree(tmp_path):
    code, _, err = run_cli(str(RAW), "--output-dir", str(tmp_path))
    assert code == 0, err
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert made == sorted(p.relative_to(EXPECTED) for p in EXPECTED.rglob("*") if p.is_file())
    for path in made:
        assert (tmp_path / path).read_bytes() == (EXPECTED / path).read_bytes(), path


def test_in_place_over_the_whole_tree_then_again(tmp_path):
    """In place, a body of HTML is cleaned as HTML and stays HTML; the rest is as with -o."""
    tree = tmp_path / "posts"
    shutil.copytree(RAW, tree)
    code, _, err = run_cli(str(tree), "--in-place")
    assert code == 0, err
    for raw, expected in PAIRS:
        out = (tree / raw.relative_to(RAW)).read_bytes()
        text = out.decode("utf-8")
        if sniff(decoded(raw), raw.name) == Kind.HTML:
            assert sniff(text, raw.name) == Kind.HTML, raw.name
            for junk in ("adsbygoogle", "cors.zfour.workers.dev", "#F8F8F8"):
                assert junk not in text, (raw.name, junk)
        else:
            assert out == expected.read_bytes(), raw.name
    code, _, err = run_cli(str(tree), "--in-place")
    assert code == 0
    assert f"0 normalized, {len(PAIRS)} unchanged, 0 failed" in err
    assert run_cli(str(tree), "--check")[0] == 0
