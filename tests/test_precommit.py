"""The hooks of .pre-commit-hooks.yaml, run by pre-commit itself in a real git repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

DIRTY = "<p>Hello <b>world</b></p>\n"
CLEAN = "Hello **world**\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess:
    # try-repo runs the hooks file of this checkout, uncommitted changes included.
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={"PRE_COMMIT_HOME": str(home), "PATH": os.environ["PATH"], "HOME": str(home)},
        timeout=900,
    )


@pytest.fixture
def site(tmp_path) -> Path:
    repo = tmp_path / "site"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "owner@example.org")
    git(repo, "config", "user.name", "Site Owner")
    (repo / "posts").mkdir()
    (repo / "posts" / "dirty.md").write_text(DIRTY)
    (repo / "posts" / "clean.md").write_text(CLEAN)
    (repo / "posts" / "page.html").write_text(DIRTY)
    (repo / "notes.txt").write_text(DIRTY)  # .txt is not a hook type
    (repo / "script.py").write_text("print('<p>not a dump</p>')\n")
    git(repo, "add", "-A")
    return repo


def test_fixer_hook_rewrites_dumps_and_nothing_else(site, precommit_home):
    first = try_repo(site, "normalize", precommit_home)
    assert first.returncode == 1, first.stdout + first.stderr  # files were modified
    assert "files were modified by this hook" in first.stdout
    assert (site / "posts" / "dirty.md").read_text() == CLEAN
    assert (site / "posts" / "page.html").read_text() == CLEAN
    assert (site / "posts" / "clean.md").read_text() == CLEAN
    assert (site / "notes.txt").read_text() == DIRTY
    assert (site / "script.py").read_text() == "print('<p>not a dump</p>')\n"
    git(site, "add", "-A")
    second = try_repo(site, "normalize", precommit_home)
    assert second.returncode == 0, second.stdout + second.stderr


def test_check_hook_fails_without_writing(site, precommit_home):
    result = try_repo(site, "normalize-check", precommit_home)
    assert result.returncode == 1
    assert (site / "posts" / "dirty.md").read_text() == DIRTY
