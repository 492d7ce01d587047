"""`--review FILE.html`: one self-contained page showing what a run changed.

The page is built from the change log the filters keep. Each removal is
found in the input by its logged text (in log order, from where the
previous one ended, else from the start); a removal whose text cannot be
found is listed as not located rather than guessed at. The page loads
nothing from elsewhere: its CSS and script are inline, and the files'
texts travel as JSON that the script puts into the page as text, never as
markup, so a dump's `<script>` is shown, not run.
"""

from __future__ import annotations

import functools
import json
import os
import re
import secrets
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from normalize import __version__
from normalize.batch import CHANGED, FAILED, SKIPPED, UNCHANGED, Result
from normalize.document import Change, Document
from normalize.files import write_atomically

STATUSES = (CHANGED, FAILED, SKIPPED, UNCHANGED)
REMOVED, REWRITTEN = "removed", "rewritten"
_MAX_TOKENS = 2000  # a longer removal is looked for as written only


@dataclass
class Review:
    """Collects each result as it arrives, then writes the page once."""

    path: Path
    paths: list[str] = field(default_factory=list)  # what the run was given ("-": stdin)
    options: Mapping[str, Any] = field(default_factory=dict)  # by flag, as the user gave them
    chain: tuple[str, ...] = ()
    encoding_options: Mapping[str, Any] = field(default_factory=dict)
    # Per file: its line in the list (name, status, rules), and its data as JSON for the script.
    rows: list[tuple[str, str, list[str]]] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    rules: Counter[tuple[str, str]] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def add(self, result: Result) -> None:
        """One file's entry: only what the page shows, so memory follows the page, not the run."""
        self.counts[result.status] += 1
        for change in result.changes:
            if not change.warning:
                self.rules[(change.filter, change.rule)] += 1
        self._keep(file_entry(result, self.encoding_options))

    def add_problem(self, message: str) -> None:
        """A path that gave no result at all (missing, unreadable): a failure without a file."""
        name, _, error = message.partition(": ")
        self.counts[FAILED] += 1
        self._keep({"name": name, "status": FAILED, "error": error or message, "rules": []})

    def _keep(self, entry: dict[str, Any]) -> None:
        # Kept as JSON text: a page for many files costs its size in memory, little more.
        self.rows.append((entry["name"], entry["status"], entry["rules"]))
        self.data.append(json_for_script(entry))

    def render(self, interrupted: bool = False) -> str:
        return "".join(render_page(self, interrupted))

    def write(self, interrupted: bool = False) -> None:
        """Written as it is rendered, into a temporary file renamed into place at the end."""
        chunks = (chunk.encode("utf-8") for chunk in render_page(self, interrupted))
        write_atomically(self.path, chunks, durable=False)


def check_writable(path: Path) -> str | None:
    """Why the page could not be written at `path`, or None; checked before the run starts."""
    if path.is_dir():
        return f"cannot write the review {path}: it is a folder"
    folder = path.parent
    if not folder.is_dir():
        return f"cannot write the review {path}: no such folder {folder}"
    try:
        handle, probe = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        return f"cannot write the review {path}: {exc.strerror or exc}"
    os.close(handle)
    os.unlink(probe)
    return None


# --- one file ----------------------------------------------------------------


def file_entry(result: Result, encoding_options: Mapping[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": result.job.source.as_posix(), "status": result.status}
    if result.job.target is not None:
        entry["target"] = result.job.target.as_posix()
    if result.error:
        entry["error"] = result.error
    if result.reason:
        entry["reason"] = result.reason
    if result.cached:
        entry["cached"] = True
    entry["rules"] = list(dict.fromkeys(rule_name(c) for c in result.changes if not c.warning))
    if not result.changes:
        return entry  # nothing to show but the status: the page stays small for clean files
    text = input_text(result.original or b"", encoding_options)
    changes, marks = locate_changes(text, result.changes)
    entry["changes"] = changes
    entry["marks"] = marks
    entry["input"] = text
    if result.output is not None and result.status != SKIPPED:
        entry["output"] = result.output.decode("utf-8", "replace")
    return entry


def rule_name(change: Change) -> str:
    return f"{change.filter}: {change.rule}"


def input_text(raw: bytes, encoding_options: Mapping[str, Any]) -> str:
    """The input as the filters read it (decoded, line endings made LF), their texts' frame."""
    from normalize.errors import NormalizeError
    from normalize.filters.encoding import EncodingFilter

    doc = Document.from_bytes(raw)
    try:
        EncodingFilter(dict(encoding_options)).run(doc)
    except NormalizeError:
        return raw.decode("utf-8", "replace")
    return doc.body or ""


def locate_changes(
    text: str, changes: list[Change]
) -> tuple[list[dict[str, Any]], list[list[int]]]:
    """Each change as data, and the spans of the input it names: [start, end, change index].

    A rewritten value (an unwrapped URL) is found by its old value, a removal
    by its removed text. Changes that name nothing (a warning, a tidied
    blank line, an element without text) have no span; a text that cannot
    be found is marked not located.
    """
    entries: list[dict[str, Any]] = []
    marks: list[list[int]] = []
    taken: list[tuple[int, int]] = []
    cursor = 0
    for index, change in enumerate(changes):
        entry: dict[str, Any] = {"filter": change.filter, "rule": change.rule}
        if change.detail:
            entry["detail"] = change.detail
        if change.warning:
            entry["warning"] = True
        kind, wanted = _what_to_find(change)
        if kind == REWRITTEN:
            entry["new"] = change.replacement
        if kind:
            entry["kind"] = kind
            entry["text"] = wanted
            span = find_span(text, wanted, cursor, taken)
            entry["located"] = span is not None
            if span is not None:
                taken.append(span)
                marks.append([span[0], span[1], index])
                cursor = span[1]
            elif kind == REWRITTEN and marks and _same_rewrite(changes[marks[-1][-1]], change):
                # Nested wrappers of one URL are logged one by one: one span, every label.
                marks[-1].append(index)
                entry["located"] = True
        entries.append(entry)
    marks.sort()
    return entries, marks


def _what_to_find(change: Change) -> tuple[str, str]:
    if change.replaced:
        return REWRITTEN, change.replaced
    if change.removed.strip():
        return REMOVED, change.removed
    return "", ""  # an element with no text, or a change that removed nothing


def _same_rewrite(first: Change, second: Change) -> bool:
    return first.filter == second.filter and first.replaced == second.replaced


def find_span(
    text: str, wanted: str, start: int, taken: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """Where `wanted` is in `text`, from `start` on, else from the top; never over a span taken."""
    for origin in (start, 0) if start else (0,):
        for span in _occurrences(text, wanted, origin):
            if not any(span[0] < end and begin < span[1] for begin, end in taken):
                return span
    return None


def _occurrences(text: str, wanted: str, start: int) -> Iterator[tuple[int, int]]:
    """Its exact occurrences, then those where only white space, markup or entities differ.

    A filter reading HTML logs an element's text as a reader sees it, words
    joined by single spaces; in the source the same words may stand between
    tags, across lines, or with `&amp;` for `&`.
    """
    at = text.find(wanted, start)
    while at != -1:
        yield at, at + len(wanted)
        at = text.find(wanted, at + 1)
    pattern = _loose_pattern(wanted)
    if pattern is not None:
        for match in pattern.finditer(text, start):
            yield match.span()


_SEPARATOR = r"(?:\s|&nbsp;|&#160;|&#x[aA]0;|<[^<>]*>)*"


def _loose_pattern(wanted: str) -> re.Pattern[str] | None:
    words = wanted.split()
    if not words or len(words) > _MAX_TOKENS:
        return None
    escaped = ("".join(_char_pattern(char) for char in word) for word in words)
    return re.compile(_SEPARATOR.join(escaped))


@functools.cache
def _char_pattern(char: str) -> str:
    """A character as HTML may write it: itself, or (punctuation, symbols) any of its references."""
    if char.isalnum():
        return re.escape(char)
    code = ord(char)
    written = [re.escape(char), f"&#0*{code};", f"(?i:&#x0*{code:x};)"]
    written += [re.escape(f"&{name}") for name in _entity_names().get(char, ())]
    return "(?:" + "|".join(written) + ")"


@functools.cache
def _entity_names() -> dict[str, list[str]]:
    import html.entities

    names: dict[str, list[str]] = {}
    for name, char in html.entities.html5.items():
        if name.endswith(";"):
            names.setdefault(char, []).append(name)
    return names


# --- the page ----------------------------------------------------------------


def render_page(review: Review, interrupted: bool = False) -> Iterator[str]:
    """The page, piece by piece."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(
        loader=PackageLoader("normalize", "review"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("page.html.j2")
    counts = {status: review.counts.get(status, 0) for status in STATUSES}
    chart = rule_chart(review.rules)
    return template.generate(
        nonce=secrets.token_urlsafe(16),
        version=__version__,
        created=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        seconds=f"{time.monotonic() - review.started:.2f}",
        interrupted=interrupted,
        counts=counts,
        total=sum(counts.values()),
        chart=chart,
        filters=sorted({name for name, _ in review.rules}),
        rules=[f"{name}: {rule}" for name, rule, _, _ in chart],
        paths=review.paths,
        options=shown_options(review.options),
        chain=review.chain,
        files=review.rows,
        # Markup only because json_for_script made each entry safe inside <script>.
        data=[Markup(entry) for entry in review.data],
    )


def rule_chart(rules: Counter[tuple[str, str]]) -> list[tuple[str, str, int, int]]:
    """(filter, rule, count, bar width in percent), by filter then most frequent first."""
    most = max(rules.values(), default=1)
    ordered = sorted(rules.items(), key=lambda item: (item[0][0], -item[1], item[0][1]))
    return [(name, rule, n, max(1, round(100 * n / most))) for (name, rule), n in ordered]


def shown_options(options: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The options the run was given (by their flags), as `--name value`; unset ones left out."""
    shown = []
    for flag, value in options.items():
        if value in (None, False, (), ""):
            continue
        if isinstance(value, tuple):
            value = ", ".join(map(str, value))
        shown.append((flag, "" if value is True else str(value)))
    return shown


def json_for_script(data: Any) -> str:
    """JSON that cannot end its <script> element: every `<` written as `\\u003c`.

    That covers `</script>` and `<!--`, the two ways text can leave a script's data.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
