"""normalize: raw web dumps in, clean front-mattered Markdown out.

>>> from normalize import normalize_text
>>> normalize_text("<p>Hello <b>world</b></p>")
'Hello **world**\\n'
"""

from __future__ import annotations

from normalize.document import Change, Document, Kind, Stage
from normalize.errors import ConfigError, InputError, NormalizeError
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


def normalize_text(text: str, name: str | None = None, pipeline: Pipeline | None = None) -> str:
    """Normalize a dump already decoded to text; `name` is a file-name hint."""
    return (pipeline or Pipeline.default()).run(Document.from_text(text, name))


def normalize_bytes(raw: bytes, name: str | None = None, pipeline: Pipeline | None = None) -> str:
    """Normalize a dump in any encoding; the result is text (write it as UTF-8)."""
    return (pipeline or Pipeline.default()).run(Document.from_bytes(raw, name))
