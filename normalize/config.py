"""Configuration: `[tool.normalize]` in the nearest pyproject.toml, a normalize.toml, or --config.

Each filter owns a sub-table (`[tool.normalize.unproxy]`). Unknown keys and
unknown filter names are errors that name them, never silent defaults.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normalize.errors import ConfigError
from normalize.files import TEMPLATE_FOLDERS

if TYPE_CHECKING:
    from normalize.filters.base import Filter

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# Top-level keys and the type of their values; everything else must be a filter's table.
TOP_LEVEL_KEYS = {
    "filters": list,
    "enable": list,
    "disable": list,
    "include": list,
    "exclude": list,
    "generator": str,
}
# Tables named for what they set rather than for the filter that reads them.
TABLE_FILTERS = {"metadata": "article"}  # [tool.normalize.metadata] rename = {source = "link"}
DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.html", "*.htm", "*.txt")
# Folders that hold a site's templates (Jekyll, Hugo, Hexo), vendored files or generated output:
# never dumps, so walking skips them. A pattern ending in "/" names a folder, at any depth.
# `exclude` adds to these; a folder pattern in `include` (`--include 'static/'`) walks one
# again, and a folder named on the command line is always walked.
DEFAULT_EXCLUDE = (
    *(f"{folder}/" for folder in sorted(TEMPLATE_FOLDERS)),
    "node_modules/",
    "vendor/",
    "_site/",
    "public/",
    "static/",
    "assets/",
    "resources/",
)


@dataclass(frozen=True)
class Config:
    filters: tuple[str, ...] | None = None  # the exact chain, when given
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    generator: str | None = None  # "hexo", "jekyll", "hugo", "none"; None: detected per file
    # Each filter's table, as read: check_config holds them to the filters' options.
    options: Mapping[str, Any] = field(default_factory=dict)
    # `[tool.normalize.images]`, checked: where pictures go and how they are fetched.
    images: Mapping[str, Any] = field(default_factory=dict)
    source: Path | None = None


def is_folder_pattern(pattern: str) -> bool:
    return pattern.endswith("/")


def merge_include(base: Sequence[str], more: Sequence[str]) -> tuple[str, ...]:
    """`more` on top of `base`: its file patterns replace the file patterns, its folders add.

    So `--include 'static/'` walks that folder again without losing the usual file types.
    """
    files = [p for p in more if not is_folder_pattern(p)] or [
        p for p in base if not is_folder_pattern(p)
    ]
    folders = [p for p in (*base, *more) if is_folder_pattern(p)]
    return tuple(dict.fromkeys([*(files or DEFAULT_INCLUDE), *folders]))


def find_config_file(start: Path) -> Path | None:
    """The nearest normalize.toml, or pyproject.toml with [tool.normalize], up to the repository root."""
    directory = start if start.is_dir() else start.parent
    for folder in [directory, *directory.parents]:
        candidate = folder / "normalize.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "normalize" in _read_toml(candidate).get("tool", {}):
            return candidate
        if (folder / ".git").exists():
            break
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def load_config(path: Path | None, available: Mapping[str, type[Filter]] | None = None) -> Config:
    if path is None:
        return Config()
    data = _read_toml(path)
    table = data.get("tool", {}).get("normalize", {}) if path.name == "pyproject.toml" else data
    return parse_config(table, available, source=path)


def parse_config(
    table: Mapping[str, Any],
    available: Mapping[str, type[Filter]] | None = None,
    source: Path | None = None,
) -> Config:
    """The configuration in `table`; filter names and options are checked against `available`.

    Without `available` only its shape is checked, and every other key is
    kept as a filter's table: `check_config` checks them once the filters are
    loaded, which a run whose every file is known clean never needs.
    """
    where = f"{source}: " if source else ""
    options: dict[str, Any] = {}
    top: dict[str, tuple[str, ...]] = {}
    generator = None
    images: dict[str, Any] = {}
    for key, value in table.items():
        if key == "images":
            from normalize.images import check_options as check_image_options

            images = check_image_options(value, where)
        elif key == "generator":
            generator = check_generator(value, f"{where}'generator'")
        elif key in TOP_LEVEL_KEYS:
            top[key] = _string_list(value, f"{where}'{key}'")
        elif key in TABLE_FILTERS and isinstance(value, Mapping):
            name = TABLE_FILTERS[key]
            options[name] = {**options.get(name, {}), **value}
        else:
            options[key] = (
                {**options.get(key, {}), **value} if isinstance(value, Mapping) else value
            )
    config = Config(
        filters=top.get("filters"),
        enable=top.get("enable", ()),
        disable=top.get("disable", ()),
        include=merge_include(DEFAULT_INCLUDE, top.get("include", ())),
        exclude=DEFAULT_EXCLUDE + top.get("exclude", ()),
        generator=generator,
        options=options,
        images=images,
        source=source,
    )
    if available is not None:
        check_config(config, available)
    return config


def check_config(config: Config, available: Mapping[str, type[Filter]]) -> None:
    """Raise ConfigError naming the first unknown filter, option or badly typed value."""
    where = f"{config.source}: " if config.source else ""
    for key, value in config.options.items():
        if key not in available:
            raise ConfigError(f"{where}unknown key or filter {key!r}")
        if not isinstance(value, Mapping):
            raise ConfigError(f"{where}[{key}] must be a table of options")
        check_options(available[key], value, where)
    for key in ("filters", "enable", "disable"):
        check_filter_names(getattr(config, key) or (), available, f"{where}'{key}'")


def named_filters(config: Config) -> set[str]:
    """Every filter name the configuration mentions."""
    return {*(config.filters or ()), *config.enable, *config.disable, *config.options}


def check_generator(value: Any, what: str) -> str:
    """A generator's name, checked; ConfigError naming anything else."""
    from normalize.sites import GENERATORS

    if value not in GENERATORS:
        known = ", ".join(GENERATORS)
        raise ConfigError(f"{what}: unknown generator {value!r} (known: {known})")
    return str(value)


def _string_list(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{what} must be a list of strings")
    return tuple(value)


def check_filter_names(names: Iterable[str], available: Mapping[str, Any], what: str) -> None:
    for name in names:
        if name not in available:
            known = ", ".join(available)
            raise ConfigError(f"{what}: unknown filter {name!r} (known: {known})")


def check_options(cls: type[Filter], values: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    checked = {}
    for key, value in values.items():
        if key not in cls.defaults:
            known = ", ".join(cls.defaults) or "none"
            raise ConfigError(
                f"{where}unknown option {key!r} for filter {cls.name!r} (known: {known})"
            )
        default = cls.defaults[key]
        if not _same_type(default, value):
            raise ConfigError(
                f"{where}option {cls.name}.{key} must be {type(default).__name__}, "
                f"not {type(value).__name__}"
            )
        checked[key] = value
    return checked


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def resolve_chain(config: Config, available: Mapping[str, type[Filter]]) -> list[str]:
    """Filter names in chain order: built-ins by default, plugins when enabled."""
    builtins = [name for name, cls in available.items() if is_builtin(cls)]
    return chain_of(config, list(available), builtins)


def chain_of(config: Config, order: Sequence[str], builtins: Collection[str]) -> list[str]:
    """The chosen names of `order`: `builtins` unless the exact chain is given, then the choices."""
    chosen = set(config.filters) if config.filters is not None else set(builtins)
    chosen = (chosen | set(config.enable)) - set(config.disable)
    return [name for name in order if name in chosen]


def is_builtin(cls: type[Filter]) -> bool:
    return cls.__module__.startswith("normalize.filters.")
