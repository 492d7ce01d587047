"""The filter protocol: a named, staged, configurable step of the chain."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from normalize.document import Document, Stage


class Filter:
    """Subclass this, set the class attributes, implement `run`.

    `defaults` lists every option the filter accepts with its default value;
    configuration may only set these keys, with values of the same type.
    `run` changes the document in place and logs what it changed with
    `self.log(doc, rule, detail)`; text it takes out is logged with
    `self.log_removal(doc, rule, text)`, or the output guard stops the file.

    What `run` sees depends on the stage:
    - BYTES: `doc.raw`; the encoding filter sets `doc.body`.
    - TEXT: `doc.body` (str), `doc.metadata` once front matter is split off.
    - HTML: `doc.tree` (BeautifulSoup) when the body is HTML, else None and
      `doc.body` is Markdown; filters that also work on Markdown or metadata
      (unproxy) do so here. `reads_source` filters run first, on the HTML
      source in `doc.body`, before the tree is built.
    - MARKDOWN: `doc.body` is Markdown once `markdown` has converted it
      (`doc.kind == "markdown"`).
    """

    name: ClassVar[str]
    stage: ClassVar[Stage]
    priority: ClassVar[float] = 50.0
    # Later stages at which `run` is called again, at the same priority (it reads `doc.stage`).
    also: ClassVar[tuple[Stage, ...]] = ()
    # An HTML-stage filter that reads the page's source before the tree is built.
    reads_source: ClassVar[bool] = False
    description: ClassVar[str] = ""
    defaults: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        self.options: dict[str, Any] = {**self.defaults, **(options or {})}

    def run(self, doc: Document) -> None:
        raise NotImplementedError

    def log(self, doc: Document, rule: str, detail: str = "", warning: bool = False) -> None:
        doc.log(self.name, rule, detail, warning)

    def log_removal(self, doc: Document, rule: str, text: str, detail: str = "") -> None:
        """Log text taken out of the document; the output guard counts its words as removed."""
        doc.log(self.name, rule, detail or text, removed=text)

    @classmethod
    def sort_key(cls) -> tuple[int, float, str]:
        return (int(cls.stage), cls.priority, cls.name)
