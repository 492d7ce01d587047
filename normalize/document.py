"""A document on its way through the filter chain: metadata, body, and a log of changes."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bs4 import BeautifulSoup


class Stage(IntEnum):
    """What a filter works on; filters run stage by stage, in this order."""

    BYTES = 0  # doc.raw
    TEXT = 1  # doc.body as str (front matter still in it until `frontmatter` runs)
    HTML = 2  # doc.tree, a BeautifulSoup tree, when the body is HTML
    MARKDOWN = 3  # doc.body as Markdown


class Kind:
    """What the body is; sniffed from the content, the file name only a hint."""

    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"


@dataclass
class Change:
    """One thing a filter did, for `-v` and `--report`."""

    filter: str
    rule: str
    detail: str = ""
    warning: bool = False
    removed: str = ""  # the text taken out of the document, in full (the output guard reads it)
    replaced: str = ""  # a value rewritten (a URL unwrapped): what it was, in full
    replacement: str = ""  # ... and what it became, in full (`--review` shows old -> new)

    def __str__(self) -> str:
        text = f"{self.filter}: {self.rule}"
        return f"{text}: {self.detail}" if self.detail else text


def shorten(text: str, width: int = 60) -> str:
    """One line, at most `width` characters, for logs."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@dataclass
class Document:
    """Metadata (front matter) plus body, and what each filter changed.

    The body is `raw` bytes until the encoding is settled, then `body` text;
    while HTML filters run it is also `tree`. `kind` says what the body is.
    """

    name: str | None = None
    raw: bytes | None = None
    body: str | None = None
    kind: str | None = None
    read_as: str | None = None  # what the body was when read (`kind` changes on conversion)
    stage: Stage | None = None  # the stage running now
    tree: BeautifulSoup | None = None
    metadata: dict[str, Any] | None = None
    # The front matter exactly as read, written back verbatim while the metadata is unchanged.
    frontmatter_source: str | None = None
    original_metadata: dict[str, Any] | None = None
    # Authored Markdown: the body as read, which edits are measured against, and
    # the line ending to write back ("\r\n" when every line had one; None: LF).
    source_body: str | None = None
    line_ending: str | None = None
    mixed_endings: str | None = None  # the text as read, when its lines end in different ways
    edited_away: list[str] = field(default_factory=list)  # source text in-place edits cut
    keep_format: bool = False  # HTML cleaned in place (-i): stays HTML, page and all
    # The opening fence, and the closing fence with the gap before the body, as read.
    frontmatter_fences: tuple[str, str] | None = None
    frontmatter_format: str = "yaml"  # "toml" and "json" are written back verbatim
    # The site generator the file belongs to ("hexo", "jekyll", "hugo"; None: unknown),
    # and the timezone its configuration names (Hexo's `timezone:`).
    generator: str | None = None
    site_timezone: str | None = None
    changes: list[Change] = field(default_factory=list)
    skipped: str | None = None  # why the pipeline passed the input through untouched
    # A body and the text a reader sees of it, when a filter that parsed the body whole
    # could tell (the output guard then reads that instead of parsing the body again).
    seen_text: tuple[str, str] | None = None

    @classmethod
    def from_text(cls, text: str, name: str | None = None) -> Document:
        return cls(name=name, body=text)

    @classmethod
    def from_bytes(cls, raw: bytes, name: str | None = None) -> Document:
        return cls(name=name, raw=raw)

    def log(
        self,
        filter_name: str,
        rule: str,
        detail: str = "",
        warning: bool = False,
        removed: str = "",
        replaced: str = "",
        replacement: str = "",
    ) -> None:
        """Record a change; `removed` is the text it took out, `replaced` a value it rewrote
        (and `replacement` what that value became)."""
        short = shorten(detail) if detail else ""
        self.changes.append(
            Change(filter_name, rule, short, warning, removed, replaced, replacement)
        )

    def set_frontmatter(
        self,
        metadata: dict[str, Any],
        source: str | None,
        fences: tuple[str, str] | None = None,
        format: str = "yaml",
    ) -> None:
        """Record front matter as read; `source` and `fences` are written back, edited in place."""
        self.metadata = metadata
        self.frontmatter_source = source
        self.frontmatter_fences = fences
        self.frontmatter_format = format
        self.original_metadata = copy.deepcopy(metadata)

    def changed_by(self, filter_name: str) -> bool:
        return any(change.filter == filter_name for change in self.changes)

    @property
    def authored(self) -> bool:
        """A Markdown body, or HTML rewritten in place: edited only where a rule names a span."""
        return self.read_as == Kind.MARKDOWN or self.keep_format

    @property
    def metadata_changed(self) -> bool:
        return self.metadata != self.original_metadata
