"""What a run imports and skips: a file the cache knows is clean costs its hash, and a clean
post costs only the libraries its content needs. No timing here: benchmarks/ prints figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import ftfy
import pytest
from conftest import RAW, run_cli
from ftfy.chardata import UTF8_CLUES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize.config import is_builtin
from normalize.filters.encoding import may_be_mojibake
from normalize.registry import BUILTIN_FILTERS, available_filters, load_filters

CLEAN_POST = RAW / "10-hexo-clean-markdown.md"  # front matter, Chinese, code spans; no HTML
HEAVY = ["bs4", "lxml", "markdownify", "chardet", "ftfy", "markdown_it", "yaml"]

# Runs the command in-process, then reports which modules it imported.
PROBE = """
import json, sys
from normalize.cli import cli
try:
    cli(sys.argv[1:], prog_name="normalize")
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def imports_of(*args: str, cache: Path) -> tuple[int, set[str]]:
    env = {**os.environ, "NORMALIZE_CACHE_DIR": str(cache)}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=True
    )
    report = json.loads(proc.stdout.splitlines()[-1])
    return report["code"], set(report["modules"])


def loaded(modules: set[str], names: list[str]) -> list[str]:
    return [name for name in names if name in modules]


@pytest.fixture
def clean_post(tmp_path) -> Path:
    post = tmp_path / "post.md"
    post.write_bytes(CLEAN_POST.read_bytes())
    return post


def test_the_builtin_names_are_the_entry_points_in_chain_order():
    builtins = [name for name, cls in available_filters().items() if is_builtin(cls)]
    assert list(BUILTIN_FILTERS) == builtins
    targets = {
        e.name: e.value for e in entry_points(group="normalize.filters") if e.name in builtins
    }
    assert BUILTIN_FILTERS == targets
    assert load_filters(builtins) == {name: available_filters()[name] for name in builtins}


def test_a_file_the_cache_knows_is_clean_loads_no_filter(tmp_path, clean_post):
    cache = tmp_path / "cache"
    code, first = imports_of("--check", str(clean_post), cache=cache)
    assert code == 0 and "normalize.filters.frontmatter" in first  # normalized, then recorded
    code, second = imports_of("--check", str(clean_post), cache=cache)
    assert code == 0
    assert loaded(second, HEAVY) == []
    assert [name for name in second if name.startswith("normalize.filters")] == []
    unneeded = ["normalize.pipeline", "normalize.document", "normalize.sniff", "normalize.guards"]
    assert loaded(second, unneeded) == []
    assert loaded(second, ["importlib.metadata", "difflib", "concurrent.futures"]) == []


def test_a_clean_utf8_post_needs_neither_detection_nor_repair(tmp_path, clean_post):
    code, modules = imports_of("--check", "--no-cache", str(clean_post), cache=tmp_path / "c")
    assert code == 0
    assert "normalize.filters.encoding" in modules  # the filter ran, but needed no library
    assert loaded(modules, ["ftfy"]) == []


def test_a_post_without_html_needs_no_html_parser(tmp_path, clean_post):
    code, modules = imports_of("--check", "--no-cache", str(clean_post), cache=tmp_path / "c")
    assert code == 0
    assert loaded(modules, ["bs4", "lxml", "markdownify", "chardet"]) == []


def test_undecodable_bytes_bring_chardet_and_mojibake_brings_ftfy(tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("这是一段用 GBK 编码的中文文字，没有声明编码。\n".encode("gbk"))
    code, modules = imports_of("--check", "--no-cache", str(gbk), cache=tmp_path / "c")
    assert "chardet" in modules
    mojibake = tmp_path / "mojibake.md"
    mojibake.write_text("# Title\n\nThe cafÃ© is open.\n", encoding="utf-8")
    code, modules = imports_of("--check", "--no-cache", str(mojibake), cache=tmp_path / "c")
    assert code == 1 and "ftfy" in modules


def test_a_cached_file_is_still_copied_and_printed(tmp_path, clean_post, monkeypatch):
    monkeypatch.setenv("NORMALIZE_CACHE_DIR", str(tmp_path / "cache"))
    assert run_cli("-i", str(clean_post))[0] == 0
    code, out, err = run_cli("-v", str(clean_post), "-o", str(tmp_path / "out"))
    assert code == 0 and "unchanged (cached)" in err
    assert (tmp_path / "out" / "post.md").read_bytes() == clean_post.read_bytes()
    code, out, err = run_cli("-v", str(clean_post))
    assert "unchanged (cached)" in err and out == clean_post.read_bytes()


def test_a_broken_configuration_is_reported_even_when_files_are_cached(tmp_path, clean_post):
    env = {"NORMALIZE_CACHE_DIR": str(tmp_path / "cache")}
    assert run_cli("--check", str(clean_post), env=env)[0] == 0
    (tmp_path / "normalize.toml").write_text("[tidy]\nno_such_option = 1\n")
    code, _, err = run_cli("--check", str(clean_post), env=env)
    assert code == 2 and "no_such_option" in err
    (tmp_path / "normalize.toml").write_text("[no_such_filter]\n")
    code, _, err = run_cli("--check", str(clean_post), env=env)
    assert code == 2 and "no_such_filter" in err


# --- when ftfy is worth importing -------------------------------------------------------

CODE_PAGES = [
    "latin-1",
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1257",
    "iso-8859-2",
    "mac_roman",
    "cp437",
]
UPPER_HALVES = sorted(
    {bytes([b]).decode(cp, "ignore") for cp in CODE_PAGES for b in range(0x80, 0x100)} - {""}
)
ALPHABET = st.sampled_from(
    [*"abc XYZ?-.\n", *"中文测试“”‘’——……，。：", *UPPER_HALVES, "\x85", "\x93", "\ufffd"]
)


@st.composite
def mojibake(draw) -> str:
    """Text with some UTF-8 read with a single-byte code page inside it."""
    original = draw(st.text(st.sampled_from("aé中“—…ü€ß→"), min_size=1, max_size=8))
    codec = draw(st.sampled_from(CODE_PAGES))
    garbled = original.encode("utf-8").decode(codec, "replace")
    around = draw(st.text(ALPHABET, max_size=10))
    return around + garbled + draw(st.text(ALPHABET, max_size=10))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(ALPHABET, max_size=30), mojibake()))
def test_text_that_ftfy_would_change_is_always_handed_to_it(text):
    if ftfy.fix_encoding(text) != text:
        assert may_be_mojibake(text)


def test_ftfy_clues_are_all_signs_of_mojibake():
    leads = "".join(UTF8_CLUES[f"utf8_first_of_{n}"] for n in (2, 3, 4))
    # The clue is a regex class: "\x80-¿" is a range, its "-" no character of its own.
    follows = UTF8_CLUES["utf8_continuation"].replace("\x80-¿", "")
    follows += "".join(map(chr, range(0x80, 0xC0)))
    for lead in leads:
        for follow in follows.replace(" ", ""):
            assert may_be_mojibake(f"中{lead}{follow}文"), (lead, follow)


def test_a_lost_continuation_byte_is_looked_for_after_the_common_leads_only():
    # "Ã " is à whose second byte became a space; "ß " ends a German word.
    for text in ("cafÃ ", "Â ", "â ", "Ã\ufffd"):
        assert may_be_mojibake(f"中{text}文"), text
    assert not may_be_mojibake("Die Straße ist groß und schön")
    assert ftfy.fix_encoding("Die Straße ist groß und schön") == "Die Straße ist groß und schön"


def test_french_text_is_no_mac_roman_mojibake_unless_its_bytes_are_utf8():
    # ’ and é are a lead and a follow byte to Mac Roman; its bytes for à are no UTF-8.
    french = "« Voilà » : l’école à Paris, l’été 2024."
    assert not may_be_mojibake(french)
    assert ftfy.fix_encoding(french) == french
    garbled = "Voilà l’été".encode().decode("mac_roman")
    assert may_be_mojibake(garbled)
    assert ftfy.fix_encoding(garbled) == "Voilà l’été"


def test_chinese_punctuation_is_no_sign_of_mojibake():
    assert not may_be_mojibake("他说：“这——就是……‘答案’。”（完）")
    assert not may_be_mojibake(CLEAN_POST.read_text(encoding="utf-8"))
