"""Filters are found through the entry-point group `normalize.filters`.

The built-ins are registered in this package's own metadata exactly as a
third-party plugin registers its filters. Their names are also listed here,
so that a configuration naming only built-ins can be resolved (and its cache
looked up) without scanning every installed distribution or importing a
single filter module.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from normalize.errors import ConfigError

if TYPE_CHECKING:
    from normalize.filters.base import Filter

GROUP = "normalize.filters"

# This package's entry points, in chain order (a test holds this to pyproject.toml).
BUILTIN_FILTERS = {
    "encoding": "normalize.filters.encoding:EncodingFilter",
    "frontmatter": "normalize.filters.frontmatter:FrontMatterFilter",
    "article": "normalize.filters.article:ArticleFilter",
    "boilerplate": "normalize.filters.boilerplate:BoilerplateFilter",
    "ads": "normalize.filters.ads:AdsFilter",
    "watermarks": "normalize.filters.watermarks:WatermarksFilter",
    "unproxy": "normalize.filters.unproxy:UnproxyFilter",
    "markdown": "normalize.filters.markdown:MarkdownFilter",
    "tidy": "normalize.filters.tidy:TidyFilter",
}


def load_filters(names: Iterable[str]) -> dict[str, type[Filter]]:
    """The classes of the named filters; built-ins are imported without scanning for plugins."""
    names = list(names)
    if not set(names) <= set(BUILTIN_FILTERS):
        available = available_filters()
        return {name: available[name] for name in names}
    found = {}
    for name in names:
        module, _, attribute = BUILTIN_FILTERS[name].partition(":")
        found[name] = getattr(importlib.import_module(module), attribute)
    return found


@lru_cache(maxsize=1)
def available_filters() -> dict[str, type[Filter]]:
    """Every installed filter by name, in chain order."""
    return {name: cls for name, (cls, _) in _installed().items()}


def plugin_versions(names: Iterable[str]) -> dict[str, str]:
    """The version of the distribution behind each named plugin (built-ins are left out)."""
    installed = _installed()
    return {
        name: installed[name][1]
        for name in names
        if name in installed and name not in BUILTIN_FILTERS
    }


@lru_cache(maxsize=1)
def _installed() -> dict[str, tuple[type[Filter], str]]:
    """Each filter's class and its distribution's version, in chain order."""
    # importlib.metadata scans every installed distribution: only when a plugin may be involved.
    from importlib.metadata import entry_points

    from normalize.filters.base import Filter

    found: dict[str, tuple[type[Filter], str]] = {}
    for entry in entry_points(group=GROUP):
        try:
            cls = entry.load()
        except Exception as exc:  # a broken plugin must not pass unnoticed
            raise ConfigError(f"filter plugin {entry.name!r} failed to load: {exc}") from exc
        if not (isinstance(cls, type) and issubclass(cls, Filter)):
            raise ConfigError(f"filter plugin {entry.name!r} is not a normalize Filter subclass")
        if cls.name != entry.name:
            raise ConfigError(
                f"filter plugin {entry.name!r} names itself {cls.name!r}; the names must match"
            )
        dist = getattr(entry, "dist", None)
        found[entry.name] = (cls, dist.version if dist is not None else "")
    return dict(sorted(found.items(), key=lambda item: item[1][0].sort_key()))
