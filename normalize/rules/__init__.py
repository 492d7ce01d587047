"""Rules that are data: proxy patterns, ad markers, page chrome, colour names.

Each `<name>.toml` in this package is one rule file; filters read them with
`load_rules(name)` and let configuration extend them.
"""

from __future__ import annotations

import copy
import sys
from functools import cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def load_rules(name: str) -> dict[str, Any]:
    """The parsed rule file `name.toml`; a fresh copy, so callers may change it."""
    return copy.deepcopy(_load(name))


@cache
def _load(name: str) -> dict[str, Any]:
    return tomllib.loads(_rule_text(f"{name}.toml"))


def _rule_text(file_name: str) -> str:
    beside = Path(__file__).with_name(file_name)
    if beside.is_file():  # installed as files: no need to import importlib.resources (5 ms)
        return beside.read_text(encoding="utf-8")
    from importlib import resources  # installed in a zip archive

    return resources.files(__name__).joinpath(file_name).read_text(encoding="utf-8")
