"""Which site generator a file belongs to, found from the repository around it."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize.sites import Site, detect_site, site_for


@pytest.fixture(autouse=True)
def fresh_cache():
    detect_site.cache_clear()
    yield
    detect_site.cache_clear()


def make(root: Path, *entries: str, **files: str) -> Path:
    """A repository at `root`: folders (names ending in /) and files with their text."""
    (root / ".git").mkdir(parents=True)
    for entry in entries:
        (root / entry).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = root / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_hexo_with_scaffolds_and_its_timezone(tmp_path: Path) -> None:
    root = make(
        tmp_path / "blog",
        "scaffolds/",
        "source/_posts/2021/",
        **{"_config.yml": "title: Blog\ntimezone: 'Asia/Shanghai'  # the author's\n"},
    )
    assert site_for(root / "source" / "_posts" / "2021") == Site("hexo", "Asia/Shanghai")


def test_hexo_by_its_package_json_or_its_posts_folder(tmp_path: Path) -> None:
    by_package = make(
        tmp_path / "a",
        **{"_config.yml": "title: A\n", "package.json": '{"hexo": {"version": "7.0.0"}}'},
    )
    by_posts = make(tmp_path / "b", "source/_posts/", **{"_config.yml": "timezone:\n"})
    assert site_for(by_package) == Site("hexo")
    assert site_for(by_posts / "source" / "_posts") == Site("hexo")


@pytest.mark.parametrize(
    ("entries", "files"),
    [
        (["_posts/"], {}),
        (["_layouts/"], {}),
        ([], {"Gemfile": 'source "https://rubygems.org"\ngem "jekyll", "~> 4.3"\n'}),
    ],
)
def test_jekyll(tmp_path: Path, entries: list[str], files: dict[str, str]) -> None:
    root = make(tmp_path / "site", *entries, **{"_config.yml": "timezone: UTC\n", **files})
    (root / "notes").mkdir()
    assert site_for(root / "notes") == Site("jekyll")


@pytest.mark.parametrize(
    ("entries", "files"),
    [
        ([], {"hugo.toml": "baseURL = '/'\n"}),
        ([], {"hugo.yaml": "baseURL: /\n"}),
        ([], {"hugo.json": "{}"}),
        (["content/"], {"config.toml": "baseURL = '/'\n"}),
        (["archetypes/"], {"config.yaml": "baseURL: /\n"}),
    ],
)
def test_hugo(tmp_path: Path, entries: list[str], files: dict[str, str]) -> None:
    root = make(tmp_path / "site", *entries, "content/posts/", **files)
    assert site_for(root / "content" / "posts") == Site("hugo")


def test_a_config_toml_alone_is_not_a_hugo_site(tmp_path: Path) -> None:
    root = make(tmp_path / "tool", **{"config.toml": "[x]\n", "docs__a.md": "# A\n"})
    assert site_for(root / "docs") == Site()


def test_a_config_yml_alone_is_no_site(tmp_path: Path) -> None:
    root = make(tmp_path / "repo", **{"_config.yml": "x: 1\n"})
    assert site_for(root) == Site()


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    make(tmp_path, "_posts/", **{"_config.yml": "x: 1\n"})  # a Jekyll site around the repository
    inner = make(tmp_path / "vendor" / "notes")
    assert site_for(inner) == Site()
    assert site_for(tmp_path / "vendor") == Site("jekyll")


def test_the_configured_generator_wins(tmp_path: Path) -> None:
    root = make(tmp_path / "blog", "scaffolds/", **{"_config.yml": "timezone: Europe/Paris\n"})
    assert site_for(root, "none") == Site()
    assert site_for(root, "jekyll") == Site("jekyll")
    assert site_for(root, "hexo") == Site("hexo", "Europe/Paris")
    assert site_for(tmp_path, "hugo") == Site("hugo")


def test_detection_is_cached_per_folder(tmp_path: Path) -> None:
    root = make(tmp_path / "site", "_posts/", **{"_config.yml": "x: 1\n"})
    assert site_for(root / "_posts") == Site("jekyll")
    (root / "_config.yml").unlink()
    assert site_for(root / "_posts") == Site("jekyll")  # looked at once per run
    detect_site.cache_clear()
    assert site_for(root / "_posts") == Site()
