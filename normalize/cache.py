"""Remember which contents are already clean, so a second run over a tree costs only hashing.

Like black's cache, keyed by what decides the output: the tool's version and
the effective configuration (chain, options, generator) name the cache file; each
line in it is the SHA-256 of a content found clean under them. A file whose
hash is listed is not normalized again. Writes go through a temporary file
and a rename, so concurrent runs never see a torn cache (at worst one run's
additions are lost, which costs a re-check, never a wrong result).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """$NORMALIZE_CACHE_DIR, else the platform's user cache folder."""
    if os.environ.get("NORMALIZE_CACHE_DIR"):
        return Path(os.environ["NORMALIZE_CACHE_DIR"])
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "normalize"


def content_hash(data: bytes, *, as_html: bool = False) -> str:
    """The key of `data` in the cache; HTML clean as HTML (-i) is not clean for conversion."""
    digest = hashlib.sha256(b"html kept\0" if as_html else b"")
    digest.update(data)
    return digest.hexdigest()


def fingerprint(
    version: str, chain: Iterable[str], options: Mapping[str, Any], generator: str | None = None
) -> str:
    """What, besides the content, decides an output."""
    settings: dict[str, Any] = {"version": version, "chain": list(chain), "options": options}
    if generator is not None:  # absent when unset, so existing caches stay valid
        settings["generator"] = generator
    key = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


class Cache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.clean: frozenset[str] = frozenset()
        self.added: set[str] = set()

    @classmethod
    def load(
        cls,
        version: str,
        chain: Iterable[str],
        options: Mapping[str, Any],
        generator: str | None = None,
    ) -> Cache:
        key = fingerprint(version, chain, options, generator)
        cache = cls(cache_dir() / f"clean-{key}.txt")
        try:
            cache.clean = frozenset(cache.path.read_text(encoding="ascii").split())
        except (OSError, UnicodeDecodeError):
            pass  # no cache yet, or unreadable: everything is checked
        return cache

    def add(self, data: bytes, *, as_html: bool = False) -> None:
        digest = content_hash(data, as_html=as_html)
        if digest not in self.clean:
            self.added.add(digest)

    def save(self) -> None:
        """Merge what this run found clean into the file; failures only cost speed."""
        from normalize.files import write_atomically

        if not self.added:
            return
        try:
            on_disk = set(self.path.read_text(encoding="ascii").split())
        except (OSError, UnicodeDecodeError):
            on_disk = set()
        lines = "\n".join(sorted(on_disk | self.clean | self.added)) + "\n"
        try:
            write_atomically(self.path, lines.encode("ascii"), durable=False)
        except OSError:
            pass
