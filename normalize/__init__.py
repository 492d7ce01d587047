"""normalize: raw web dumps in, clean front-mattered Markdown out.

>>> from normalize import normalize_text
>>> normalize_text("<p>Hello <b>world</b></p>")
'Hello **world**\\n'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from normalize.errors import ConfigError, InputError, NormalizeError

if TYPE_CHECKING:
    from normalize.document import Change, Document, Kind, Stage
    from normalize.filters.base import Filter
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


# The public classes are imported on first use, so that `normalize --check` on files the
# cache knows are clean, which never builds a document or runs the pipeline, does not pay for them.
_LAZY = {
    "Change": "normalize.document",
    "Document": "normalize.document",
    "Kind": "normalize.document",
    "Stage": "normalize.document",
    "Filter": "normalize.filters.base",
    "Pipeline": "normalize.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'normalize' has no attribute {name!r}")


def normalize_text(text: str, name: str | None = None, pipeline: Pipeline | None = None) -> str:
    """Normalize a dump already decoded to text; `name` is a file-name hint."""
    from normalize.document import Document
    from normalize.pipeline import Pipeline

    return (pipeline or Pipeline.default()).run(Document.from_text(text, name))


def normalize_bytes(raw: bytes, name: str | None = None, pipeline: Pipeline | None = None) -> str:
    """Normalize a dump in any encoding; the result is text (write it as UTF-8)."""
    from normalize.document import Document
    from normalize.pipeline import Pipeline

    return (pipeline or Pipeline.default()).run(Document.from_bytes(raw, name))
