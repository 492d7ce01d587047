"""Filters are found through the entry-point group `normalize.filters`.

The built-ins are registered in this package's own metadata exactly as a
third-party plugin registers its filters.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import entry_points

from normalize.errors import ConfigError
from normalize.filters.base import Filter

GROUP = "normalize.filters"


@lru_cache(maxsize=1)
def available_filters() -> dict[str, type[Filter]]:
    """Every installed filter by name, in chain order."""
    found: dict[str, type[Filter]] = {}
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
        found[entry.name] = cls
    return dict(sorted(found.items(), key=lambda item: item[1].sort_key()))
