"""Query parameters that only say where a click came from, taken off URLs.

Which parameters are dropped is data (`[tracking]` in rules/unproxy.toml).
A URL whose query is not plain `key=value` pairs is left whole: what a piece
of it means cannot be told, so nothing is dropped from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

_SEPARATOR = re.compile(r"(&(?:amp;)?)")
_SPLIT_URL = re.compile(r"^(?P<head>[^?#]*)\?(?P<query>[^#]*)(?P<fragment>#.*)?$", re.S)
_PATH = re.compile(r"^(?:https?:)?//[^/?#]*(?P<path>[^?#]*)", re.I)
_PLAIN_URL = re.compile(r"^https?://", re.I)
_ENCODED_URL = re.compile(r"^https?%3A%2F%2F", re.I)
# A script whose parameters may choose the page (`forum.php?mod=…&from=…`).
_SCRIPT = re.compile(r"\.(?:php|aspx?|jsp|cgi|do|action|pl)$", re.I)


@dataclass(frozen=True)
class Tracking:
    """The tracking parameters of a configuration."""

    names: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    values: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_rules(cls, rules: dict[str, Any]) -> Tracking:
        listed = [str(name).lower() for name in rules.get("parameters", [])]
        values = {
            str(name).lower(): frozenset(str(v).lower() for v in vs)
            for name, vs in rules.get("values", {}).items()
        }
        return cls(
            names=frozenset(n for n in listed if not n.endswith("*")),
            prefixes=tuple(n[:-1] for n in listed if n.endswith("*")),
            values=values,
        )

    def mentions(self, text: str) -> bool:
        """Cheap test: could `text` hold a URL with a tracking parameter?"""
        if "?" not in text or self._key_after_mark is None:
            return False
        return self._key_after_mark.search(text.lower()) is not None

    @cached_property
    def _key_after_mark(self) -> re.Pattern[str] | None:
        """A parameter's name after `?`, `&` or `;` (of `&amp;` in serialized HTML): one
        search that looks only at those three characters, not one per name and mark."""
        keys = sorted({*self.names, *self.prefixes, *self.values})
        return re.compile(f"[?&;](?:{'|'.join(map(re.escape, keys))})") if keys else None

    def is_tracking(self, key: str, value: str, path: str) -> bool:
        key = key.lower()
        if key in self.names or key.startswith(self.prefixes):
            return True
        allowed = self.values.get(key)
        page = path.strip("/") != "" and not _SCRIPT.search(path)
        return allowed is not None and page and value.lower() in allowed

    def clean(self, url: str, nested: Callable[[str], str]) -> tuple[str, list[str]]:
        """`url` without its tracking parameters, and the pieces dropped.

        A parameter whose value is a URL is passed to `nested` (which takes a
        redirector off it); an unencoded one with its own `?` runs to the end
        of the query, as a redirector's target does.
        """
        parts = _SPLIT_URL.match(url)
        if not parts or not self.mentions(url) and not _holds_url(parts["query"]):
            return url, []
        path_match = _PATH.match(url)
        path = path_match["path"] if path_match else parts["head"]
        tokens = _SEPARATOR.split(parts["query"])
        kept: list[str] = []  # separator, piece, separator, piece, … (first separator "")
        dropped: list[str] = []
        for index in range(0, len(tokens), 2):
            piece, before = tokens[index], tokens[index - 1] if index else ""
            key, eq, value = piece.partition("=")
            if not piece:
                kept += [before, piece]
                continue
            if not eq or not key:
                return url, []  # not `key=value` pairs: what a piece means is not known
            rest = "".join(tokens[index:])
            runs_on = _PLAIN_URL.match(value) is not None and "?" in value
            if self.is_tracking(key, value, path):
                dropped.append(rest if runs_on else piece)
                if runs_on:
                    break
                continue
            if runs_on:
                kept += [before, key + "=" + nested(rest[len(key) + 1 :])]
                break
            if _PLAIN_URL.match(value) or _ENCODED_URL.match(value):
                piece = key + "=" + nested(value)
            kept += [before, piece]
        query = "".join(kept[1:]) if kept else ""
        if query == parts["query"]:
            return url, []
        head = parts["head"] + ("?" + query if query else "")
        return head + (parts["fragment"] or ""), dropped


def _holds_url(query: str) -> bool:
    return "http" in query.lower()
