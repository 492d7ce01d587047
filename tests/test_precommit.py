"""The hooks of .pre-commit-hooks.yaml, run by pre-commit itself in a real git repository."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

CLEAN = "Hello **world**\n"
DIRTY = CLEAN + '\n<ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>\n'  # a post with an ad


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


def test_fixer_hook_fixes_broken_posts_and_nothing_else(site, precommit_home):
    first = try_repo(site, "normalize", precommit_home)
    assert first.returncode == 1, first.stdout + first.stderr  # files were modified
    assert "files were modified by this hook" in first.stdout
    assert "posts/dirty.md: normalized (ads: ad slot, tidy: whitespace)" in first.stdout
    assert "clean.md" not in first.stdout
    assert (site / "posts" / "dirty.md").read_text() == CLEAN
    assert (site / "posts" / "page.html").read_text() == DIRTY  # HTML is no hook type
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


# --- a Jekyll site: only the broken post changes ------------------------------------------

AD = (
    '<ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-1234567890" '
    'data-ad-slot="42"></ins><script>(adsbygoogle = window.adsbygoogle || []).push({});</script>\n'
)
BROKEN_POST = (
    '---\nlayout: post\ntitle: "A walk by the river"\ndate: 2019-04-12 08:30:00 +0200\n'
    "tags: [walks, river]\n---\n\n"
    "We set out early, before the town woke up, and followed the towpath east.\n\n"
    + AD
    + "\nThe herons were already fishing.  \nTwo of them, standing very still.\n\n<!--more-->\n\n"
    "See [the previous walk]({% post_url 2019-03-01-hills %}) and the [photos][p].\n\n"
    "[p]: {{ site.baseurl }}/photos/\n"
)
SITE = {
    "_config.yml": "title: Walks\nbaseurl: /walks\npermalink: /:year/:title/\n",
    "_layouts/default.html": (
        "<!DOCTYPE html>\n<html>\n  {% include head.html %}\n  <body>\n"
        '    <main class="page-content">{{ content }}</main>\n  </body>\n</html>\n'
    ),
    "_layouts/post.md": "---\nlayout: default\n---\n# {{ page.title }}\n\n{{ content }}\n",
    "_includes/head.html": "<style>\n  body { margin: 0 auto; max-width: 40em }\n</style>\n",
    "_includes/signature.md": "Written by {{ site.author }}, who walks.\n",
    "index.md": (
        "---\nlayout: default\n---\n{% for post in site.posts %}\n"
        "- [{{ post.title }}]({{ post.url | relative_url }})\n{% endfor %}\n"
    ),
    "empty.md": "",
    "_posts/2019-03-01-hills.md": (
        "---\nlayout: post\ntitle: Hills\n---\n\nA long climb, and a view at the top.\n\n"
        "## The way down\n\n- past the farm\n- along the wall\n"
    ),
    "_posts/2019-05-01-video.md": (
        "---\nlayout: post\ntitle: A short film\n---\n\nWe filmed the weir.\n\n"
        '{% include video.html id="weir" %}\n'
    ),
    "_posts/2019-04-12-river.md": BROKEN_POST,
}


@pytest.fixture
def jekyll_site(tmp_path) -> Path:
    repo = tmp_path / "jekyll"
    for name, text in SITE.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    return repo


def test_hook_on_a_jekyll_site_changes_only_the_broken_post(jekyll_site, precommit_home):
    result = try_repo(jekyll_site, "normalize", precommit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    broken = "_posts/2019-04-12-river.md"
    for name, text in SITE.items():
        if name != broken:
            assert (jekyll_site / name).read_text() == text, name
    after = (jekyll_site / broken).read_text()
    assert after != BROKEN_POST
    assert "adsbygoogle" not in after
    assert "{% post_url 2019-03-01-hills %}" in after and "{{ site.baseurl }}" in after


def test_hook_on_a_jekyll_site_removes_exactly_the_ad_lines(jekyll_site, precommit_home):
    try_repo(jekyll_site, "normalize", precommit_home)
    after = (jekyll_site / "_posts/2019-04-12-river.md").read_text()
    diff = [
        line
        for line in difflib.unified_diff(
            BROKEN_POST.splitlines(keepends=True), after.splitlines(keepends=True), n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    # The ad and the blank line that set it apart go; nothing else changes.
    assert diff in (["-" + AD, "-\n"], ["-\n", "-" + AD])


def test_the_readme_names_the_release_of_this_version():
    import re

    from normalize import __version__

    revs = re.findall(r"^\s+rev: (\S+)", (ROOT / "README.md").read_text(), re.M)
    assert revs == [f"v{__version__}"]
    # A checkout that carries the project's tags (a clone, not an unpacked sdist) has this one.
    tags = subprocess.run(["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True)
    if tags.returncode == 0 and tags.stdout.split():
        assert f"v{__version__}" in tags.stdout.split(), "tag the release the README names"
