"""normalize: raw web dumps in, clean front-mattered Markdown out.

>>> from normalize import normalize_text
>>> normalize_text("<p>Hello <b>world</b></p>")
'Hello **world**\\n'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from normalize.document import Change, Document, Kind, Stage
from normalize.errors import ConfigError, InputError, NormalizeError
from normalize.filters.base import Filter

if TYPE_CHECKING:
    from normalize.pipeline import Pipeline

__version__ = "0.1.0"

__all__ = [
    "Change",
    "ConfigError",
    "Document",
    "Filter",
    "InputError",
    "Kind",
    "NormalizeError",
    "Pipeline",
    "Stage",
    "normalize_bytes",
    "normalize_text",
]


def __getattr__(name: str) -> Any:
    # The pipeline is imported on first use, so that `normalize --check` on files the cache
    # knows are clean, which never runs it, does not pay for it.
    if name == "Pipeline":
        from normalize.pipeline import Pipeline

        return Pipeline
    raise AttributeError(f"module 'normalize' has no attribute {name!r}")


def normalize_text(text: str, name: str | None = None, pipeline: Pipeline | None = None) -> str:
    """Normalize a dump already decoded to text; `name` is a file-name hint."""
    from normalize.pipeline import Pipeline

    return (pipeline or Pipeline.default()).run(Document.from_text(text, name))


def normalize_bytes(raw: bytes, name: str | None = None, pipeline: Pipeline | None = None) -> str:
    """Normalize a dump in any encoding; the result is text (write it as UTF-8)."""
    from normalize.pipeline import Pipeline

    return (pipeline or Pipeline.default()).run(Document.from_bytes(raw, name))
