"""Templates and files with nothing to clean: untouched in every mode, exit 0, said under -v."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from normalize import normalize_text

LAYOUT = (
    "<!DOCTYPE html>\n<html>\n<head><title>{{ page.title }}</title></head>\n"
    "<body>\n  {% if page.title %}<h1>{{ page.title }}</h1>{% endif %}\n  {{ content }}\n"
    "</body>\n</html>\n"
)
PARTIAL = '{{ define "main" }}<article>{{ .Content }}</article>{{ end }}\n'
STYLE_ONLY = "<style>\n  body { margin: 0 }\n</style>\n"
DIRTY = 'Hello **world**\n\n<ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>\n'

UNTOUCHED = {
    "page.md": (LAYOUT, "template"),
    "partial.html": (PARTIAL, "template"),
    "empty.md": ("", "empty"),
    "blank.md": ("\n  \n", "empty"),
    "style.html": (STYLE_ONLY, "no text: only style, script or comments"),
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for name, (text, _) in UNTOUCHED.items():
        (root / name).write_text(text)
    (root / "dirty.md").write_text(DIRTY)
    return root


def assert_untouched(root: Path) -> None:
    for name, (text, _) in UNTOUCHED.items():
        assert (root / name).read_text() == text, name


def test_in_place_leaves_them_and_says_why(tree):
    code, out, err = run_cli("-i", "-v", str(tree))
    assert (code, out) == (0, b""), err
    assert_untouched(tree)
    for name, (_, reason) in UNTOUCHED.items():
        assert f"{(tree / name).as_posix()}: skipped: {reason}\n" in err
    assert (tree / "dirty.md").read_text() == "Hello **world**\n"
    assert "1 normalized, 0 unchanged, 5 skipped, 0 failed" in err


@pytest.mark.parametrize("mode", ["--check", "--diff"])
def test_check_and_diff_see_nothing_to_change(tree, mode):
    (tree / "dirty.md").unlink()
    code, out, err = run_cli(mode, str(tree))
    assert (code, out) == (0, b""), err
    assert_untouched(tree)


def test_output_dir_writes_no_copy_of_them(tree, tmp_path):
    out = tmp_path / "out"
    code, _, err = run_cli("-o", str(out), "--report", str(tmp_path / "r.jsonl"), str(tree))
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["dirty.md"]
    records = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    skipped = {Path(r["file"]).name: r["reason"] for r in records if r["status"] == "skipped"}
    assert skipped == {name: reason for name, (_, reason) in UNTOUCHED.items()}
    assert_untouched(tree)


@pytest.mark.parametrize("name", list(UNTOUCHED))
def test_one_file_and_stdin_come_out_as_they_went_in(tree, name):
    text = UNTOUCHED[name][0].encode()
    assert run_cli(str(tree / name))[:2] == (0, text)
    assert run_cli("--stdin-filename", name, input=text)[:2] == (0, text)


def test_the_api_returns_a_template_as_it_is():
    assert normalize_text(PARTIAL, "single.html") == PARTIAL
    assert normalize_text("", "empty.md") == ""


def test_a_page_of_ads_alone_is_still_refused(tmp_path):
    ads = tmp_path / "ads.html"
    ads.write_text(
        '<ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>'
        "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>\n"
    )
    code, _, err = run_cli("-i", str(ads))
    assert code == 3 and "nothing would be left" in err


# --- walking --------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for folder in [
        "_posts",
        "_layouts",
        "_includes",
        "templates",
        "node_modules/pkg",
        "_site",
        "static/v",
    ]:
        (root / folder).mkdir(parents=True)
        (root / folder / "page.md").write_text(DIRTY)
    return root


def walked(err: str, root: Path) -> set[str]:
    prefix = root.as_posix() + "/"
    return {
        line[len(prefix) :].rsplit(": ", 1)[0]
        for line in err.splitlines()
        if line.startswith(prefix) and line.endswith(("would change", "unchanged"))
    }


def test_walking_skips_template_vendor_and_output_folders(site):
    code, _, err = run_cli("--check", "-v", "--no-cache", str(site))
    assert code == 1
    assert walked(err, site) == {"_posts/page.md"}


def test_a_folder_pattern_in_include_walks_a_skipped_folder_again(site):
    code, _, err = run_cli("--check", "-v", "--no-cache", "--include", "static/", str(site))
    assert code == 1
    assert walked(err, site) == {"_posts/page.md", "static/v/page.md"}


def test_exclude_adds_to_the_skipped_folders(site):
    code, _, err = run_cli("--check", "-v", "--no-cache", "--exclude", "_posts/", str(site))
    assert code == 0 and walked(err, site) == set()


def test_a_folder_named_on_the_command_line_is_walked(site):
    code, _, err = run_cli("--check", "-v", "--no-cache", str(site / "static"))
    assert code == 1 and walked(err, site / "static") == {"v/page.md"}


def test_a_file_named_inside_a_template_folder_is_skipped_as_a_template(site):
    include = site / "_includes" / "page.md"
    code, out, err = run_cli("-i", "-v", str(include))
    assert (code, out) == (0, b""), err
    assert f"{include.as_posix()}: skipped: template" in err
    assert include.read_text() == DIRTY
