"""The chain: filters ordered by stage and priority, the body in the form each stage needs.

HTML is parsed once, before the first HTML filter, and rendered once, by
the `markdown` filter. A stage whose form a document does not have is
skipped (a clean Markdown post has no tree), which is what makes a second
run a no-op.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from typing import Any

from normalize import loss_guard
from normalize.document import Document, Kind, Stage
from normalize.errors import InputError
from normalize.filters.base import Filter
from normalize.guards import check_bytes
from normalize.sniff import skip_reason, sniff


class Pipeline:
    """The filters in order; with `guard`, a run that would lose words fails (see loss_guard)."""

    def __init__(
        self, filters: Iterable[Filter], guard: bool = True, keep_html: bool = False
    ) -> None:
        self.filters = sorted(filters, key=lambda f: f.sort_key())
        self.guard = guard
        self.keep_html = keep_html  # HTML bodies: cleaned where they stand, never converted
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
        keep_html: bool = False,
    ) -> Pipeline:
        from normalize.registry import load_filters

        classes = load_filters(names)
        options = options or {}
        filters = (filter_class(options.get(name)) for name, filter_class in classes.items())
        return cls(filters, guard, keep_html)

    @classmethod
    def default(cls) -> Pipeline:
        """The default chain, built once: its filters keep no state between documents."""
        return _default_pipeline()

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.filters]

    def stage_filters(self, stage: Stage) -> list[Filter]:
        return self._by_stage[stage]

    def run(self, doc: Document) -> str:
        """Normalize `doc` in place and return the output text."""
        with _fewer_collections():
            return self._guarded_run(doc)

    def _guarded_run(self, doc: Document) -> str:
        if not self.guard:
            return self._run(doc)
        given = replace(doc)  # what to run again to find the filter that lost text
        try:
            return self._run(doc)
        except loss_guard.LossError as lost:
            culprits = self._culprits(given)
            if not culprits:
                raise
            blame = (
                f"; nothing is lost without the {', '.join(culprits)} filter"
                f"{'s' * (len(culprits) > 1)} (--disable {culprits[0]})"
            )
            raise loss_guard.LossError(str(lost).replace(";", blame + ";", 1)) from None

    def _culprits(self, given: Document) -> list[str]:
        """The filters without which the same input loses nothing."""
        found = []
        for flt in self.filters:
            if flt.stage not in (Stage.HTML, Stage.MARKDOWN) or flt.name == "markdown":
                continue
            others = Pipeline([f for f in self.filters if f is not flt], True, self.keep_html)
            try:
                others._run(replace(given, changes=[], edited_away=[]))
            except InputError:  # a loss (LossError is one) or any other refusal: not the culprit
                continue
            found.append(flt.name)
        return found

    def _run(self, doc: Document) -> str:
        before = None
        source = None  # an .html file kept as HTML: its tree mapped onto its source
        in_pieces = False  # a big page converted piece by piece: its Markdown filters are half run
        for stage in Stage:
            if stage == Stage.HTML and self.guard:
                before = loss_guard.snapshot(doc)  # decoded, front matter read, nothing removed
            if stage == Stage.MARKDOWN and source is not None:
                break
            doc.stage = stage
            if stage == Stage.HTML and doc.kind == Kind.HTML and self.keep_html:
                doc.keep_format = True  # before any filter sees it: HTML cleaned where it stands
            if not doc.skipped:
                for flt in self.stage_filters(stage):
                    if flt.reads_source:  # before the tree is built
                        flt.run(doc)
            if stage == Stage.HTML and self._convert_in_pieces(doc):
                in_pieces = True
                continue
            source = self._enter(stage, doc) or source
            if doc.skipped:  # a template, or nothing to clean: passed through untouched
                return doc.body or ""
            tree = doc.tree if source is None else None
            filters = self.stage_filters(stage)
            if in_pieces:  # those up to the converter ran on each piece
                filters = filters[filters.index(self._converter()) + 1 :]
            for flt in filters:
                if not flt.reads_source:
                    flt.run(doc)
                    if tree is not None and doc.tree is None:  # converted: the tree is done
                        _free_tree(tree)
                        tree = None
        if source is not None:
            doc.body = _edited_html(source, doc)
            doc.tree = None
        elif doc.tree is not None:  # no converter in the chain: write the cleaned HTML back
            doc.body = serialize_html(doc.tree, whole_page=looks_like_page(doc.body or ""))
            _free_tree(doc.tree)
            doc.tree = None
        output = render(doc)
        if doc.authored and doc.line_ending:
            output = output.replace("\n", doc.line_ending)
        elif doc.authored and doc.mixed_endings is not None:
            from normalize.line_endings import with_endings_of

            output = with_endings_of(doc.mixed_endings, output)
        if not output.strip():
            # Writing an empty file would lose whatever the filters took for junk.
            raise InputError("nothing would be left: no text, image or front matter found")
        if before is not None:
            loss_guard.check(before, doc, doc.body or "", Kind.HTML if source else Kind.MARKDOWN)
        return output

    def _converter(self) -> Any:
        """The `markdown` filter, when the chain converts HTML with it."""
        from normalize.filters.markdown import MarkdownFilter

        for flt in self.stage_filters(Stage.MARKDOWN):
            if isinstance(flt, MarkdownFilter):
                return flt
        return None

    def _convert_in_pieces(self, doc: Document) -> bool:
        """A big HTML body converted piece by piece, so no tree holds all of it (see pieces).

        Each piece runs the tree filters and the Markdown filters up to the
        converter; the pieces' Markdown, a blank line apart as the converter
        joins blocks, is finished as one body, whose later filters run once.
        """
        from normalize.pieces import PIECE_SIZE, html_pieces

        converter = self._converter()
        body = doc.body or ""
        if converter is None or doc.kind != Kind.HTML or doc.keep_format or len(body) <= PIECE_SIZE:
            return False
        pieces = html_pieces(prepare_html(body, doc), PIECE_SIZE, self._region_marker())
        if pieces is None:
            return False
        doc.body = None  # the pieces hold the page now
        del body
        html_filters = [f for f in self.stage_filters(Stage.HTML) if not f.reads_source]
        markdown = self.stage_filters(Stage.MARKDOWN)
        before_converter = markdown[: markdown.index(converter)]
        parts = []
        flattened = False
        pieces.html.reverse()  # popped from the end: each piece's text freed once parsed
        while pieces.html:
            part = replace(doc, body=pieces.html.pop(), stage=Stage.HTML)
            part.tree, deep = build_tree(part.body or "")
            flattened = flattened or deep
            tree = part.tree
            for flt in html_filters:
                flt.run(part)
            part.stage = Stage.MARKDOWN
            for flt in before_converter:
                flt.run(part)
            if part.tree is not None:
                parts.append(converter.convert_html(part, pieces.base))
            _free_tree(tree)
            doc.metadata = part.metadata
        doc.stage = Stage.MARKDOWN
        if flattened:
            _log_flattened(doc)
        converter.finish_html(doc, "\n\n".join(part for part in parts if part))
        return True

    def _region_marker(self) -> Any:
        """What tells a comment that opens or closes an ad region (the `ads` filter's rules)."""
        from normalize.filters.ads import AdsFilter

        for flt in self.stage_filters(Stage.HTML):
            if isinstance(flt, AdsFilter) and flt.options["comment_regions"]:
                return flt.rules.marker
        return None

    def _enter(self, stage: Stage, doc: Document) -> Any:
        if stage == Stage.BYTES and doc.raw is not None:
            check_bytes(doc.raw)
        elif stage == Stage.TEXT:
            if doc.body is None:  # no encoding filter: the bytes must be UTF-8
                doc.body = _decode_utf8(doc.raw or b"")
                doc.raw = None
            doc.kind = doc.read_as = doc.kind or sniff(doc.body, doc.name)
            if doc.kind == Kind.HTML:
                _read_feed(doc)
            doc.skipped = skip_reason(doc.body, doc.name)
        elif stage == Stage.HTML:
            if doc.kind == Kind.HTML and self.keep_html:
                from normalize.html_edit import SourceTree

                doc.keep_format = True
                source = SourceTree(doc.body or "")
                doc.tree = source.tree
                return source
            if doc.kind == Kind.HTML:
                doc.tree = parse_html(doc.body or "", doc)
            elif doc.kind == Kind.MARKDOWN:
                doc.source_body = doc.body
                self._clean_html_in_markdown(doc)

    def _clean_html_in_markdown(self, doc: Document) -> None:
        """HTML a person wrote in a Markdown body is cleaned where it stands and stays HTML.

        The tree filters see the body as an HTML fragment (code, template tags
        and the like blanked out); only their changes are written back.
        """
        tree_filters = [f for f in self.stage_filters(Stage.HTML) if not f.reads_source]
        body = doc.body or ""
        if not tree_filters or not _MAY_HOLD_HTML.search(body):
            return
        from normalize.html_edit import SourceTree
        from normalize.markup.code import masked, protected_spans

        protected = protected_spans(body)
        part = Document(name=doc.name, kind=Kind.HTML, stage=Stage.HTML, keep_format=True)
        source = SourceTree(body, masked(body, protected))
        part.tree = source.tree
        for flt in tree_filters:
            flt.run(part)
        result = source.edited(protected)
        if result is None:
            if part.changes:
                doc.log("pipeline", "html kept", _UNMAPPED, warning=True)
            return
        edited, cut, refused = result
        doc.changes.extend(part.changes)
        doc.edited_away.extend(cut)
        for text in refused:
            doc.log("pipeline", "kept", f"touches code or template syntax: {text}", warning=True)
        doc.body = edited


# Objects allocated (less those freed) before the cycle collector looks at the young ones.
# Python's 700 suits a program of long-lived objects; a document is converted by making
# and dropping millions, and big young lists and trees were traversed again and again:
# some 15% of the time on a 4 MB page.
_YOUNG_OBJECTS = 10_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The young objects collected at _YOUNG_OBJECTS while a document runs, and Python's
    threshold back after it (left alone when it is already as high)."""
    young, *older = gc.get_threshold()
    if young >= _YOUNG_OBJECTS or young == 0:  # set by the program, or collection is off
        yield
        return
    gc.set_threshold(_YOUNG_OBJECTS, *older)
    try:
        yield
    finally:
        gc.set_threshold(young, *older)


@cache
def _default_pipeline() -> Pipeline:
    from normalize.config import Config, resolve_chain
    from normalize.registry import available_filters

    return Pipeline.from_names(resolve_chain(Config(), available_filters()))


def _read_feed(doc: Document) -> None:
    """An RSS or Atom feed becomes the HTML of its items, its title the front matter's."""
    from normalize.feed import feed_html, looks_like_feed, read_feed

    if doc.metadata is not None or not looks_like_feed(doc.body or ""):
        return
    feed = read_feed(doc.body or "")
    if feed is None:
        return
    doc.body = feed_html(feed)
    if feed.title:
        doc.metadata = {"title": feed.title}
    doc.log("pipeline", "feed", f"read as a feed: {len(feed.items)} items")


_UNMAPPED = "its HTML could not be matched to the source; left as written"
# A tag, comment or declaration could start here: only then is a Markdown body parsed as HTML.
_MAY_HOLD_HTML = re.compile(r"<[A-Za-z!/?]")


def _edited_html(source: Any, doc: Document) -> str:
    """An HTML body with the filters' changes written into its source, nothing else changed."""
    result = source.edited()
    if result is None:
        if doc.changes:
            doc.log("pipeline", "html kept", _UNMAPPED, warning=True)
        return source.source
    edited, cut, _ = result
    doc.edited_away.extend(cut)
    if edited == source.source:
        return edited
    from normalize.filters.tidy import settle

    return settle(source.source, edited)  # the blank lines a removed block leaves, down to one


def parse_html(html: str, doc: Document) -> Any:  # BeautifulSoup
    """The one parse of an HTML body.

    A <pre> left open is closed where the article starts, and text pasted
    into <pre> unescaped is protected first; nesting deeper than
    any page needs is flattened at once, so no filter walks a 100,000-deep
    tree (and none recurses into one).
    """
    tree, flattened = build_tree(prepare_html(html, doc))
    if flattened:
        _log_flattened(doc)
    return tree


def prepare_html(html: str, doc: Document) -> str:
    """`html` as it is parsed: a <pre> left open closed, text pasted into <pre> protected."""
    from normalize.convert.code import close_open_pres, protect_pre_text

    html, closed = close_open_pres(html)
    if closed:
        doc.log("pipeline", "open pre", f"{closed} <pre> left open closed where the article starts")
    return protect_pre_text(html)


def build_tree(html: str) -> tuple[Any, bool]:
    """The tree of prepared `html`, and whether nesting too deep had to be flattened."""
    from normalize.convert.fastsoup import fast_soup
    from normalize.convert.tags import MAX_DEPTH
    from normalize.convert.tree import flatten_deep

    tree = fast_soup(html)
    return tree, bool(flatten_deep(tree, MAX_DEPTH))


def _log_flattened(doc: Document) -> None:
    from normalize.convert.tags import MAX_DEPTH

    doc.log(
        "pipeline",
        "depth",
        f"HTML nested deeper than {MAX_DEPTH} levels was flattened",
        warning=True,
    )


def _free_tree(tree: Any) -> None:
    """Free a tree that is done with now, not when the cycle collector next runs.

    Its nodes point at one another, so dropping the last reference frees
    nothing; a big page's tree would still be there, at some 40 bytes per byte
    of HTML, while the output is rendered and checked. (The root itself links to
    no next element: each top-level node is freed on its own.)
    """
    for node in list(tree.contents):
        node.decompose()
    tree.decompose()


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
    """The front matter at byte 0, in its own fences (`---` when made or dumped), then the body."""
    from normalize.filters.frontmatter import frontmatter_block

    body = doc.body or ""
    block = frontmatter_block(doc)
    if block is None:
        return body
    opening, text, closing = block
    # Blank lines opening the body would be read as part of the gap after the fence.
    body = re.sub(r"\A(?:[ \t]*\r?\n)+", "", body)
    if not body.strip() and not doc.authored:  # a dump with nothing after its front matter
        closing = re.sub(r"(\n)(?:[ \t]*\r?\n)*\Z", r"\1", closing)
    return f"{opening}{text}{closing}{body}"
