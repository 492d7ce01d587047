"""Which site generator a file belongs to, read from the repository around it.

A file's folder and its parents, up to the repository root (`.git`), are
looked at for a Hexo, Jekyll or Hugo site. The answer is cached per folder,
so a tree of posts costs a few `stat` calls per folder, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GENERATORS = ("hexo", "jekyll", "hugo", "none")


@dataclass(frozen=True)
class Site:
    generator: str | None = None  # "hexo", "jekyll" or "hugo"; None: not known
    timezone: str | None = None  # the `timezone:` of Hexo's _config.yml


def site_for(folder: Path, configured: str | None = None) -> Site:
    """The site of the files in `folder`; `configured` ("hexo", …, "none") overrides detection.

    A configured Hexo still takes its timezone from the repository.
    """
    if configured == "none":
        return Site()
    detected = detect_site(folder.resolve())
    if configured is None or configured == detected.generator:
        return detected
    return Site(configured)


@lru_cache(maxsize=4096)
def detect_site(folder: Path) -> Site:
    """The site `folder` lies in: itself or the nearest parent that is one, within its repository."""
    found = _site_at(folder)
    if found is not None:
        return found
    if (folder / ".git").exists() or folder.parent == folder:
        return Site()
    return detect_site(folder.parent)


def _site_at(folder: Path) -> Site | None:
    """The site whose root is `folder`, if it is one."""
    config = folder / "_config.yml"
    if config.is_file():
        if (
            (folder / "scaffolds").is_dir()
            or (folder / "source" / "_posts").is_dir()
            or _names(folder / "package.json", r'"hexo"')
        ):
            return Site("hexo", _hexo_timezone(config))
        if (
            (folder / "_posts").is_dir()
            or (folder / "_layouts").is_dir()
            or _names(folder / "Gemfile", r"\bjekyll\b")
        ):
            return Site("jekyll")
    if any((folder / name).is_file() for name in ("hugo.toml", "hugo.yaml", "hugo.json")):
        return Site("hugo")
    if any((folder / name).is_file() for name in ("config.toml", "config.yaml")) and (
        (folder / "content").is_dir() or (folder / "archetypes").is_dir()
    ):
        return Site("hugo")
    return None


def _names(path: Path, pattern: str) -> bool:
    try:
        return re.search(pattern, path.read_text(encoding="utf-8", errors="replace")) is not None
    except OSError:
        return False


def _hexo_timezone(config: Path) -> str | None:
    """Hexo's `timezone:`, read without a YAML parse of the whole file (it may hold anything)."""
    try:
        text = config.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(r"^timezone:[ \t]*['\"]?([^'\"#\s]+)", text, re.M)
    return match[1] if match else None
