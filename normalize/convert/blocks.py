"""Block elements: paragraphs and other blocks, headings, rules, quotes, code blocks, `<br>`."""

from __future__ import annotations

import re

from bs4 import Tag

from normalize.convert.base import ConverterBase
from normalize.convert.code import code_language, fence_for
from normalize.convert.marks import BR, HEADING_END, INDENT, PREFIX_END, STASH, WHOLE_LINE
from normalize.convert.whitespace import FinishedBlock, finish_block, flat

_CLOSING_HASHES = re.compile(r"(^|\s|\x06)(#+)$")


class BlockMixin(ConverterBase):
    def convert_block(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return " " + flat(text) + " "
        text = finish_block(text)
        return FinishedBlock("\n\n" + text + "\n\n") if text else ""

    def convert_hN(self, n: int, el: Tag, text: str, parent_tags: set[str]) -> str:
        text = flat(text)
        if "_inline" in parent_tags:
            return " " + text + " " if text else ""
        if not text:
            return ""
        # a trailing run of '#' would be read as the heading's closing sequence
        text = _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
        return "\n\n" + "#" * max(1, min(6, n)) + " " + HEADING_END + text + "\n\n"

    def convert_hr(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return " " if "_inline" in parent_tags else "\n\n" + WHOLE_LINE + "***\n\n"

    def convert_blockquote(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return " " + flat(text) + " "
        text = finish_block(text)
        if not text:
            return ""
        lines = [">" + INDENT + PREFIX_END + line if line else ">" for line in text.split("\n")]
        return "\n\n" + "\n".join(lines) + "\n\n"

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if text.startswith("\n"):  # what the parser does for <pre>\n, done for <pre><code>\n
            text = text[1:]
        if text.endswith("\n"):
            text = text[:-1]
        if not text.strip():
            return ""
        if "_inline" in parent_tags:
            flat = " ".join(text.split())
            if "_noformat" in parent_tags:  # already inside a code span
                return flat
            return self.code_span(flat, "_table" in parent_tags)
        fence = fence_for(text)
        self.stash.append(f"{fence}{code_language(el)}\n{text}\n{fence}")
        return f"\n\n{STASH}{len(self.stash) - 1}{STASH}\n\n"

    def convert_br(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags or "_noformat" in parent_tags:
            return " "
        return BR
