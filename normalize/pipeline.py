"""The chain: filters ordered by stage and priority, the body in the form each stage needs.

HTML is parsed once, before the first HTML filter, and rendered once, by
the `markdown` filter. A stage whose form a document does not have is
skipped (a clean Markdown post has no tree), which is what makes a second
run a no-op.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from normalize import loss_guard
from normalize.document import Document, Kind, Stage
from normalize.errors import InputError
from normalize.filters.base import Filter
from normalize.guards import check_bytes
from normalize.sniff import sniff


class Pipeline:
    """The filters in order; with `guard`, a run that would lose words fails (see loss_guard)."""

    def __init__(self, filters: Iterable[Filter], guard: bool = True) -> None:
        self.filters = sorted(filters, key=lambda f: f.sort_key())
        self.guard = guard
        self._by_stage = {
            stage: sorted(
                (f for f in self.filters if f.stage == stage or stage in f.also),
                key=lambda f: (f.priority, f.name),
            )
            for stage in Stage
        }

    @classmethod
    def from_names(
        cls,
        names: Iterable[str],
        options: Mapping[str, Mapping[str, Any]] | None = None,
        guard: bool = True,
    ) -> Pipeline:
        from normalize.registry import load_filters

        classes = load_filters(names)
        options = options or {}
        return cls(
            (filter_class(options.get(name)) for name, filter_class in classes.items()), guard
        )

    @classmethod
    def default(cls) -> Pipeline:
        from normalize.config import Config, resolve_chain
        from normalize.registry import available_filters

        return cls.from_names(resolve_chain(Config(), available_filters()))

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.filters]

    def stage_filters(self, stage: Stage) -> list[Filter]:
        return self._by_stage[stage]

    def run(self, doc: Document) -> str:
        """Normalize `doc` in place and return the output text."""
        before = None
        for stage in Stage:
            if stage == Stage.HTML and self.guard:
                before = loss_guard.snapshot(doc)  # decoded, front matter read, nothing removed
            doc.stage = stage
            self._enter(stage, doc)
            for flt in self.stage_filters(stage):
                flt.run(doc)
        if doc.tree is not None:  # no converter in the chain: write the cleaned HTML back
            doc.body = serialize_html(doc.tree, whole_page=looks_like_page(doc.body or ""))
            doc.tree = None
        output = render(doc)
        if not output.strip():
            # Writing an empty file would lose whatever the filters took for junk.
            raise InputError("nothing would be left: no text, image or front matter found")
        if before is not None:
            loss_guard.check(before, doc, doc.body or "")
        return output

    def _enter(self, stage: Stage, doc: Document) -> None:
        if stage == Stage.BYTES and doc.raw is not None:
            check_bytes(doc.raw)
        elif stage == Stage.TEXT:
            if doc.body is None:  # no encoding filter: the bytes must be UTF-8
                doc.body = _decode_utf8(doc.raw or b"")
                doc.raw = None
            doc.kind = doc.read_as = sniff(doc.body, doc.name)
        elif stage == Stage.HTML:
            if doc.kind == Kind.HTML:
                doc.tree = parse_html(doc.body or "", doc)
            elif doc.kind == Kind.MARKDOWN:
                self._clean_html_blocks(doc)

    def _clean_html_blocks(self, doc: Document) -> None:
        """HTML blocks inside a Markdown body get the HTML filters and the converter too."""
        from normalize.markdown_blocks import replace_html_blocks

        tree_filters = self.stage_filters(Stage.HTML)
        converter = next(
            (f for f in self.stage_filters(Stage.MARKDOWN) if f.name == "markdown"), None
        )
        if not tree_filters and converter is None:
            return

        def clean(fragment: str) -> str:
            part = Document(name=doc.name, body=fragment, kind=Kind.HTML)
            part.tree = parse_html(fragment, part)
            for flt in tree_filters:
                flt.run(part)
            if converter is not None:
                converter.run(part)
            doc.changes.extend(part.changes)
            if part.tree is not None:
                return serialize_html(part.tree, whole_page=False)
            return part.body or ""

        doc.body = replace_html_blocks(doc.body or "", clean)


def parse_html(html: str, doc: Document) -> Any:  # BeautifulSoup
    """The one parse of an HTML body.

    Text pasted into <pre> unescaped is protected first; nesting deeper than
    any page needs is flattened at once, so no filter walks a 100,000-deep
    tree (and none recurses into one).
    """
    from bs4 import BeautifulSoup

    from normalize.convert.code import protect_pre_text
    from normalize.convert.tags import MAX_DEPTH
    from normalize.convert.tree import flatten_deep

    tree = BeautifulSoup(protect_pre_text(html), "lxml")
    if flatten_deep(tree, MAX_DEPTH):
        doc.log(
            "pipeline",
            "depth",
            f"HTML nested deeper than {MAX_DEPTH} levels was flattened",
            warning=True,
        )
    return tree


def looks_like_page(html: str) -> bool:
    return bool(re.match(r"\s*<(?:!doctype|html)", html, re.I))


def serialize_html(tree: Any, whole_page: bool) -> str:
    """The tree as HTML; a fragment stays a fragment (lxml wraps it in <html><body>)."""
    if whole_page or tree.body is None:
        return tree.decode()
    return "".join(str(node) for node in tree.body.contents)


def _decode_utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start}) and the encoding filter is off") from exc


def render(doc: Document) -> str:
    """Front matter at byte 0 between `---` fences, then the body."""
    from normalize.filters.frontmatter import render_frontmatter

    body = doc.body or ""
    yaml_text = render_frontmatter(doc)
    if yaml_text is None:
        return body
    # Blank lines opening the body would be read as part of the gap after the fence.
    body = re.sub(r"\A(?:[ \t]*\n)+", "", body)
    return f"---\n{yaml_text}---\n\n{body}" if body.strip() else f"---\n{yaml_text}---\n"
