"""The state and the walking methods every part of the converter relies on.

The converter is markdownify's `MarkdownConverter`, extended by one mixin per
concern (inline, blocks, lists, tables); `HtmlToMarkdown` in `converter`
puts them together and drives the walk. This base declares what the mixins
share, so each module can be read (and type-checked) on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bs4 import Tag
from markdownify import MarkdownConverter


class ConverterBase(MarkdownConverter):
    def __init__(
        self,
        bullet: str = "-",
        base_url: str | None = None,
        dropped: Callable[[str, str], None] | None = None,
    ) -> None:
        super().__init__(heading_style="atx", bullets=bullet)
        self.bullet = bullet
        self.base_url = base_url
        self.dropped = dropped  # told (why, text) of what is dropped with its text
        self.stash: list[str] = []  # code blocks, put back at the very end
        self.texts: dict[int, str] = {}  # collapsed text per text node
        self.layout: dict[int, bool] = {}
        self.item_numbers: dict[int, int] = {}
        self.list_markers: dict[int, str] = {}
        self.converters: dict[str, Callable[..., str] | None] = {}

    def report(self, what: str, text: str) -> None:
        """Tell the caller about text dropped on purpose (the output guard counts it as removed)."""
        if text and self.dropped is not None:
            self.dropped(what, text)

    def process_tag(self, node: Tag, parent_tags: set[str] | None = None) -> str:
        raise NotImplementedError

    def process_text(self, el: Any, parent_tags: set[str] | None = None) -> str:
        raise NotImplementedError

    def convert_block(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        raise NotImplementedError

    def code_span(self, code: str, table: bool = False) -> str:
        raise NotImplementedError
