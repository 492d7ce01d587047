"""A second run over an unchanged tree costs only hashing; anything that decides the output
invalidates it; a progress bar only on a terminal."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from normalize.cache import Cache, cache_dir, fingerprint


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NORMALIZE_CACHE_DIR", str(folder))
    return folder


AD = '\n<ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>\n'


def tree_of(tmp_path: Path, count: int = 4) -> Path:
    tree = tmp_path / "posts"
    tree.mkdir()
    for i in range(count):
        (tree / f"{i}.md").write_text(f"Post {i} with **bold** words.\n{AD}")
    return tree


def cached_lines(err: str) -> int:
    return err.count("unchanged (cached)")


def test_second_run_over_a_clean_tree_uses_the_cache(tmp_path, own_cache):
    tree = tree_of(tmp_path)
    assert run_cli("-i", str(tree))[0] == 0
    code, _, err = run_cli("-i", "-v", str(tree))
    assert code == 0
    assert cached_lines(err) == 4
    code, _, err = run_cli("--check", "-v", "--no-cache", str(tree))
    assert code == 0 and cached_lines(err) == 0


def test_changed_content_is_normalized_again(tmp_path, own_cache):
    tree = tree_of(tmp_path)
    run_cli("-i", str(tree))
    (tree / "0.md").write_text(f"New *content*\n{AD}")
    code, _, err = run_cli("-i", "-v", str(tree))
    assert code == 0
    assert cached_lines(err) == 3
    assert f"{(tree / '0.md').as_posix()}: normalized" in err
    assert (tree / "0.md").read_text() == "New *content*\n"


def test_an_html_file_clean_as_html_is_not_taken_as_clean_markdown(tmp_path, own_cache):
    page = tmp_path / "site" / "page.html"
    page.parent.mkdir()
    page.write_text("<p>A page with <b>bold</b> words.</p>\n")
    assert run_cli("-i", str(page.parent))[0] == 0  # clean as HTML: kept as it is
    assert page.read_text() == "<p>A page with <b>bold</b> words.</p>\n"
    code, _, err = run_cli("-v", str(page.parent), "-o", str(tmp_path / "out"))
    assert code == 0 and cached_lines(err) == 0
    assert (tmp_path / "out" / "page.md").read_text() == "A page with **bold** words.\n"
    code, _, err = run_cli("-i", "-v", str(page.parent))
    assert code == 0 and cached_lines(err) == 1


def test_changed_configuration_does_not_use_the_old_cache(tmp_path, own_cache):
    tree = tree_of(tmp_path)
    run_cli("-i", str(tree))
    (tmp_path / "normalize.toml").write_text("[watermarks]\nmin_contrast = 1.5\n")
    code, _, err = run_cli("--check", "-v", str(tree))
    assert code == 0 and cached_lines(err) == 0


def test_the_version_and_the_chain_name_the_cache():
    chain = ["encoding", "markdown"]
    assert fingerprint("0.1.0", chain, {}) != fingerprint("0.1.1", chain, {})
    assert fingerprint("0.1.0", chain, {}) != fingerprint("0.1.0", ["markdown"], {})
    assert fingerprint("0.1.0", chain, {"tidy": {}}) != fingerprint("0.1.0", chain, {})
    assert fingerprint("0.1.0", chain, {}, "hexo") != fingerprint("0.1.0", chain, {})
    assert fingerprint("0.1.0", chain, {}, "hexo") != fingerprint("0.1.0", chain, {}, "none")
    assert Cache.load("0.1.0", chain, {}).path.parent == cache_dir()


def test_check_does_not_record_files_that_would_change(tmp_path, own_cache):
    tree = tree_of(tmp_path)
    run_cli("--check", str(tree))
    code, _, err = run_cli("--check", "-v", str(tree))
    assert code == 1 and cached_lines(err) == 0


def test_concurrent_runs_leave_a_readable_cache(tmp_path, own_cache):
    tree = tree_of(tmp_path, 40)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "normalize", "--check", str(tree)], env=os.environ.copy()
        )
        for _ in range(4)
    ]
    for proc in runs:
        proc.wait(timeout=120)
    run_cli("-i", str(tree))
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "normalize", "-i", str(tree)], env=os.environ.copy()
        )
        for _ in range(4)
    ]
    for proc in runs:
        assert proc.wait(timeout=120) == 0
    (cache_file,) = own_cache.glob("clean-*.txt")
    lines = cache_file.read_text().split()
    assert lines and all(re.fullmatch(r"[0-9a-f]{64}", line) for line in lines)
    assert not list(own_cache.glob(".*tmp"))


def test_unwritable_cache_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("NORMALIZE_CACHE_DIR", str(blocker / "cache"))
    tree = tree_of(tmp_path)
    code, _, err = run_cli("-i", str(tree))
    assert code == 0, err
    assert (tree / "0.md").read_text() == "Post 0 with **bold** words.\n"


def run_with_terminal(*args: str) -> str:
    """Run the command with stderr on a pseudo-terminal; what it wrote there."""
    main, side = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "normalize", *args], stderr=side, stdout=subprocess.DEVNULL
    )
    os.close(side)
    chunks = []
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_only_on_a_terminal(tmp_path, own_cache):
    tree = tree_of(tmp_path, 6)
    assert "normalizing" in run_with_terminal("--check", "--no-cache", str(tree))
    assert "normalizing" not in run_with_terminal("--check", "-q", "--no-cache", str(tree))
    code, _, err = run_cli("--check", "--no-cache", str(tree))
    assert "normalizing" not in err
