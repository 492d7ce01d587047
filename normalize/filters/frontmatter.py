"""Split front matter off the body, parse it, and repair what a bot broke.

Bots that turn feeds into posts write front matter that is almost YAML:
blank lines before the opening fence, odd list indents, titles wrapped in
runs of quotes, HTML entities in titles, and dates in RFC 1123. This filter
reads all of that, repairs what YAML rejects (read line by line when every
line is still a plain `key: value` or list item; otherwise each top-level
`key: value` line YAML cannot read is rewritten, nested blocks kept), writes a bot's date in the site
generator's form and entities as characters.

Front matter a person wrote stays as written: a date a generator reads is
left alone, and `render_frontmatter` rewrites only the values that changed,
each over its own span and in its own style (see `_yaml.edit_yaml`). Only
front matter read line by line, or made from nothing, is dumped afresh.
Hugo's TOML (`+++`) and JSON front matter are read for other filters and
written back verbatim.
"""

from __future__ import annotations

import html
import json
import re
import sys
from datetime import datetime, timezone, tzinfo
from typing import Any

import yaml

from normalize.document import Document, Kind, Stage
from normalize.errors import InputError
from normalize.filters._yaml import (  # noqa: F401  (dump_yaml and load_yaml are part of the API)
    FrontMatterDumper,
    FrontMatterLoader,
    _DuplicateKey,
    compose_yaml,
    dump_yaml,
    edit_yaml,
    load_yaml,
    scalar_spans,
)
from normalize.filters.base import Filter

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_SCALARS = (str, int, float, bool)
HOUSE_FENCES = ("---\n", "---\n\n")


# --- Writing back -----------------------------------------------------------


def frontmatter_block(doc: Document) -> tuple[str, str, str] | None:
    """(opening fence, front matter text, closing fence and the gap before the body), or None.

    Read front matter keeps its own fences and text, with only the changed
    values rewritten, and the gap before the body unless the body was
    converted; made or dumped front matter gets `---` fences and a blank line.
    """
    if doc.metadata is None:
        return None
    source, fences = doc.frontmatter_source, doc.frontmatter_fences
    if source is None or fences is None:
        return HOUSE_FENCES[0], dump_yaml(doc.metadata), HOUSE_FENCES[1]
    opening, closing = fences
    if doc.frontmatter_format != "yaml":
        return opening, source, closing
    text = source
    if doc.metadata_changed:
        edited = edit_yaml(source, doc.original_metadata or {}, doc.metadata)
        if edited is None:
            return HOUSE_FENCES[0], dump_yaml(doc.metadata), HOUSE_FENCES[1]
        text = edited
    if doc.read_as is not None and doc.read_as != doc.kind:
        # A dump whose body was converted is written in the house style: one blank
        # line before the new body, no spaces a bot left at the ends of lines.
        fence = re.match(r"[^\n]*\n?", closing)
        assert fence is not None
        closing = fence[0] + ("\r\n" if fence[0].endswith("\r\n") else "\n")
        text = _without_trailing_spaces(text, doc.metadata)
    return opening, text, closing


def _without_trailing_spaces(text: str, metadata: dict[str, Any]) -> str:
    """`text` without spaces at the ends of its lines, unless they are part of a value."""
    try:
        scalars = scalar_spans(compose_yaml(text))
    except yaml.YAMLError:
        return text
    literal = [(start, end) for start, end, style in scalars if style in ("|", ">")]
    cut: list[tuple[int, int]] = []

    def trim(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in literal):
            return match[0]
        cut.append(match.span())
        return ""

    trimmed = re.sub(r"[ \t]+(?=\r?\n|\Z)", trim, text)
    if trimmed == text:
        return text
    if not any(a < end and start < b for a, b in cut for start, end, _ in scalars):
        # Spaces between values, not in one: YAML reads the text as before, which is
        # `metadata` (as read, or as edited and read back).
        return trimmed
    try:
        same = (load_yaml(trimmed) or {}) == metadata
    except (yaml.YAMLError, InputError):
        same = False
    return trimmed if same else text


def render_frontmatter(doc: Document) -> str | None:
    """The text between the fences: the source with only changed values rewritten, or a dump."""
    block = frontmatter_block(doc)
    return None if block is None else block[1]


# --- Splitting -------------------------------------------------------------

# Bots emit blank lines before the opening fence.
_OPENING = re.compile(r"\A(?:[ \t]*\r?\n)*(?P<fence>(?P<dashes>---|\+\+\+)[ \t]*\r?\n)")
_CLOSING = {
    "---": re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M),
    "+++": re.compile(r"^\+\+\+[ \t]*\r?$", re.M),
}
_FENCE_END = re.compile(r"\r?\n|\Z")
_LEADING_BLANK_LINES = re.compile(r"(?:[ \t]*\r?\n)*")  # used with match(text, pos)


class Split:
    """Front matter cut off the text: its source, fences and format, and the body after it."""

    def __init__(
        self, source: str, body: str, first_line: int, fences: tuple[str, str], format: str
    ) -> None:
        self.source = source
        self.body = body
        self.first_line = first_line  # line number of the source's first line
        self.fences = fences  # the opening fence; the closing fence with the gap after it
        self.format = format  # "yaml", "toml" or "json"


def split_frontmatter(text: str) -> Split | None:
    """The front matter (YAML between `---`, TOML between `+++`, or a JSON object) and the body.

    Raises InputError when an opening fence is never closed.
    """
    if text.startswith("{"):
        return _split_json(text)
    opening = _OPENING.match(text)
    if not opening:
        return None
    start = opening.end()
    first_line = text.count("\n", 0, start) + 1
    closing = _CLOSING[opening["dashes"]].search(text, start)
    if not closing:
        raise InputError(f"front matter opened on line {first_line - 1} is never closed")
    fence_end = _FENCE_END.match(text, closing.end())
    assert fence_end is not None
    gap = _LEADING_BLANK_LINES.match(text, fence_end.end())
    assert gap is not None
    format = "yaml" if opening["dashes"] == "---" else "toml"
    fences = (opening["fence"], text[closing.start() : gap.end()])
    return Split(text[start : closing.start()], text[gap.end() :], first_line, fences, format)


def _split_json(text: str) -> Split | None:
    """Hugo's JSON front matter: an object at byte 0, alone on its last line."""
    try:
        value, end = json.JSONDecoder().raw_decode(text)
    except ValueError:
        return None
    after = _FENCE_END.match(text, end)
    if not isinstance(value, dict) or after is None:
        return None
    gap = _LEADING_BLANK_LINES.match(text, after.end())
    assert gap is not None
    return Split(text[:end], text[gap.end() :], 1, ("", text[end : gap.end()]), "json")


# --- Parsing and repair ----------------------------------------------------

_KEY_LINE = re.compile(
    r"^(?P<key>[^\s#'\"?:\-{}\[\]][^:]*?)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$"
)
_ITEM_LINE = re.compile(r"^[ \t]*-(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_QUOTES = "'\""


def _repair_value(raw: str) -> tuple[Any, bool]:
    """A `key: value` line's value, and whether it had to be taken apart by hand."""
    try:
        value = load_yaml(raw)
    except yaml.YAMLError:
        pass
    else:
        # `Re: hello` or `- x` would parse as a map or list: that is text, not structure.
        if isinstance(value, (*_SCALARS, type(None))) or raw[0] in "[{":
            return value, False
    if raw[0] in _QUOTES and raw[-1] in _QUOTES:
        return raw.strip(_QUOTES).strip(), True
    return raw, True


def repair_yaml(source: str) -> tuple[dict[str, Any], list[str]] | None:
    """Read YAML that a parser rejects, line by line; None unless every line is simple.

    Returns the metadata and the `key: value` lines whose values were taken by hand.
    """
    metadata: dict[str, Any] = {}
    repaired: list[str] = []
    list_key: str | None = None  # the key whose empty value list items belong to
    for number, line in enumerate(source.splitlines()):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM_LINE.match(line)
        if item and list_key is not None:
            if not isinstance(metadata[list_key], list):
                metadata[list_key] = []
            value, by_hand = _repair_value(item["value"]) if item["value"] else (None, False)
            metadata[list_key].append(value)
            if by_hand:
                repaired.append(f"{list_key}: - {item['value']}")
            continue
        pair = _KEY_LINE.match(line)
        if not pair:
            return None
        key = pair["key"]
        if key in metadata:
            raise _DuplicateKey(key, number)
        if pair["value"]:
            metadata[key], by_hand = _repair_value(pair["value"])
            list_key = None
            if by_hand:
                repaired.append(f"{key}: {pair['value']}")
        else:
            metadata[key] = None
            list_key = key
    return metadata, repaired


# A top-level `key: value`, or `key:"value"` with the quote glued to the colon.
_SCALAR_LINE = re.compile(
    r"^(?P<key>[^\s#'\"?:\-{}\[\]][^:]*?)[ \t]*:"
    r"(?:[ \t]+(?P<value>\S.*?)|(?P<glued>[\"'].*?))[ \t]*$"
)


def repair_lines(source: str) -> tuple[str, dict[str, Any], list[str]] | None:
    """YAML a parser rejects, with each unreadable top-level `key: value` line rewritten.

    Bots break single lines (`name: How X works: a guide | site`,
    `selfDefined:"likes:48,"`) in front matter that also holds nested
    blocks; those blocks and every readable line stay exactly as they are.
    Returns the repaired text, its metadata and the lines rewritten; None
    when no line needed it or the text still does not read as keys and values.
    """
    lines = source.splitlines(keepends=True)
    repaired: list[str] = []
    for number, line in enumerate(lines):
        rewritten = _repaired_line(line, lines[number + 1 :])
        if rewritten is not None:
            repaired.append(line.rstrip("\r\n"))
            lines[number] = rewritten
    if not repaired:
        return None
    text = "".join(lines)
    try:
        metadata = load_yaml(text)
    except yaml.YAMLError:
        return None
    return (text, metadata, repaired) if isinstance(metadata, dict) else None


def _repaired_line(line: str, after: list[str]) -> str | None:
    """`line` written as YAML when it is a scalar `key: value` that YAML cannot read alone."""
    content = line.rstrip("\r\n")
    pair = _SCALAR_LINE.match(content)
    if not pair:
        return None
    following = next((x for x in after if x.strip() and not x.lstrip().startswith("#")), "")
    if following[:1] in (" ", "\t"):
        return None  # its value goes on over indented lines: not one line to repair
    if pair["glued"] is None and _reads_alone(content, pair["key"]):
        return None
    spaced = f"{pair['key']}: {pair['glued']}"
    if pair["glued"] is not None and _reads_alone(spaced, pair["key"]):
        return spaced + line[len(content) :]  # the space the bot left out, quotes kept
    value, _ = _repair_value(pair["value"] or pair["glued"])
    if isinstance(value, str):
        value = value.strip()
    return dump_yaml({pair["key"]: value}).rstrip("\n") + line[len(content) :]


def _reads_alone(line: str, key: str) -> bool:
    try:
        value = load_yaml(line)
    except (yaml.YAMLError, InputError):
        return False
    return isinstance(value, dict) and list(value) == [key] and not isinstance(value[key], dict)


# --- Normalising values ----------------------------------------------------

# Only `;`-terminated references: `?a=1&not=2` is a query string, not `¬`.
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def unescape_entities(text: str) -> str:
    """Replace `;`-terminated HTML character references, until none is left.

    Repeating makes double-escaped feeds (`&amp;#38;`) come out right at
    once, so a second run finds nothing more to do.
    """
    while True:
        unescaped = _ENTITY.sub(lambda match: html.unescape(match[0]), text)
        if unescaped == text:
            return text
        text = unescaped


# What Hexo (moment), Jekyll (Time.parse) and Hugo (cast) all read: ISO 8601 and
# `YYYY-MM-DD HH:MM:SS`, with or without seconds, fraction and offset.
_READABLE_DATE = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:(?:[ \t]+|T)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"(?:[ \t]*(?:Z|[+-]\d{2}(?::?\d{2})?))?)?$"
)
# What feeds write (RFC 1123/2822), which Hugo and Jekyll cannot read.
_RFC_DATE = re.compile(r"^(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
GENERATORS = ("hexo", "jekyll", "hugo")


def readable_date(value: str) -> bool:
    """Whether a site generator reads `value` as a date as it stands (fields in range too)."""
    fields = _READABLE_DATE.match(value.strip())
    if not fields:
        return False
    year, month, day, hour, minute, second = (
        int(fields[name] or 0) for name in ("y", "mo", "d", "h", "mi", "s")
    )
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return False
    return True


def bot_date(value: str) -> datetime | None:
    """The instant an RFC 1123/2822 date stands for, with its offset; None for anything else."""
    value = value.strip()
    if not _RFC_DATE.match(value):
        return None
    import email.utils  # (some 8 ms to import, for the few posts with such a date)

    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    # `-0000` means "UTC, source zone unknown"; the parser returns it naive.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def site_date(instant: datetime, generator: str | None, zone: tzinfo | None = None) -> str:
    """`instant` in the generator's usual form; ISO 8601 when the generator is unknown.

    Hexo's dates carry no offset: they are read in the site's timezone
    (`zone`), so the instant is moved there first; without one, its own
    wall-clock time is written.
    """
    if generator == "hexo":
        local = instant.astimezone(zone) if zone is not None else instant
        return local.strftime("%Y-%m-%d %H:%M:%S")
    if generator == "jekyll":
        return instant.strftime("%Y-%m-%d %H:%M:%S %z")
    if generator == "hugo":
        return instant.isoformat(timespec="seconds")
    offset = instant.isoformat(timespec="seconds")[19:]
    return instant.strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if offset == "+00:00" else offset)


def normalize_date(
    value: str, generator: str | None = None, zone: tzinfo | None = None
) -> str | None:
    """`value` as it is when a generator reads it, a bot's date in the generator's form, else None."""
    if readable_date(value):
        return value
    instant = bot_date(value)
    return None if instant is None else site_date(instant, generator, zone)


def site_zone(name: str | None) -> tzinfo | None:
    """The timezone a site names (`Asia/Shanghai`); None when unnamed or unknown."""
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


# --- The filter ------------------------------------------------------------


class FrontMatterFilter(Filter):
    name = "frontmatter"
    stage = Stage.TEXT
    priority = 10
    description = "Split front matter off, repair it, bots' dates to the site's form."
    defaults = {
        "date_keys": [
            "date",
            "updated",
            "lastmod",
            "published",
            "modified",
            "expiryDate",
            "publishDate",
        ],
        "unescape_entities": True,
    }

    def run(self, doc: Document) -> None:
        if doc.body is None or doc.metadata is not None:
            return  # nothing decoded yet, or front matter already split off
        try:
            split = split_frontmatter(doc.body)
        except InputError as problem:
            self._unreadable(doc, problem)
            return
        if split is None:
            return
        if split.format != "yaml":
            # Read for the other filters; written back as it was, whatever they do.
            metadata = self._read_other(doc, split)
            doc.set_frontmatter(metadata, split.source, split.fences, split.format)
            doc.body = split.body
            return
        try:
            metadata, repaired, source = self._parse(split.source, split.first_line)
        except _DuplicateKey as error:
            number = split.first_line + error.line
            duplicate = InputError(f"front matter has key {error.key!r} twice (line {number})")
            self._unreadable(doc, duplicate)
            return
        except InputError as unreadable:
            self._unreadable(doc, unreadable)
            return
        doc.set_frontmatter(metadata, source, split.fences)
        doc.body = split.body
        for line in repaired or []:
            self.log(doc, "repaired", line, warning=True)
        if repaired == []:  # YAML failed on the structure, not on one value
            self.log(doc, "repaired", "read line by line", warning=True)
        self._normalize(doc)

    def _unreadable(self, doc: Document, problem: InputError) -> None:
        """A person's post whose front matter its own generator reads: kept as written.

        A dump with such front matter fails, as nothing could be made of it.
        """
        if doc.read_as != Kind.MARKDOWN:
            raise problem
        self.log(doc, "kept as written", str(problem), warning=True)

    def _read_other(self, doc: Document, split: Split) -> dict[str, Any]:
        try:
            if split.format == "toml":
                return tomllib.loads(split.source)
            value = json.loads(split.source)
            return value if isinstance(value, dict) else {}
        except (tomllib.TOMLDecodeError, ValueError) as error:
            self.log(doc, "not read", f"{split.format.upper()} front matter: {error}", warning=True)
            return {}

    def _parse(
        self, source: str, first_line: int
    ) -> tuple[dict[str, Any], list[str] | None, str | None]:
        """The metadata, the repaired lines (None when the source was valid YAML), and
        the source to write back (None when only a fresh dump is right)."""
        try:
            metadata = load_yaml(source)
        except yaml.YAMLError as error:
            whole = repair_yaml(source)
            if whole is not None:
                return (*whole, None)  # a repaired source is not YAML: never written back
            lines = repair_lines(source)
            if lines is not None:
                text, metadata, repaired = lines
                return metadata, repaired, text
            problem = _describe(error, first_line)
            raise InputError(f"front matter is not valid YAML: {problem}") from None
        if metadata is None:  # empty, or only comments
            return {}, None, source
        if not isinstance(metadata, dict):
            kind = "a list" if isinstance(metadata, list) else "a single value"
            raise InputError(f"front matter on line {first_line} is {kind}, not keys and values")
        return metadata, None, source

    def _normalize(self, doc: Document) -> None:
        assert doc.metadata is not None
        if self.options["unescape_entities"]:
            for key, value in doc.metadata.items():
                unescaped = _unescape_all(value)
                if unescaped != value:
                    doc.metadata[key] = unescaped
                    self.log(doc, "entities", f"{key}: {_short(value)}")
        zone = site_zone(doc.site_timezone)
        if doc.site_timezone and zone is None:
            self.log(doc, "timezone not known", doc.site_timezone, warning=True)
        for key in self.options["date_keys"]:
            value = doc.metadata.get(key)
            if not isinstance(value, str) or not value.strip():
                continue
            written = normalize_date(value, doc.generator, zone)
            if written is None:
                self.log(doc, "date not understood", f"{key}: {value}", warning=True)
            elif written != value:
                doc.metadata[key] = written
                form = doc.generator or "ISO 8601"
                self.log(doc, f"date to {form}", f"{key}: {value} -> {written}")


def _unescape_all(value: Any) -> Any:
    if isinstance(value, str):
        return unescape_entities(value)
    if isinstance(value, list):
        return [_unescape_all(item) for item in value]
    if isinstance(value, dict):
        return {key: _unescape_all(item) for key, item in value.items()}
    return value


def _short(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


def _describe(error: yaml.YAMLError, first_line: int) -> str:
    """The problem and its line: where a quoted value or a key that never ends
    starts, not the end of the text where YAML gave up on it."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    if context.startswith("while scanning") and getattr(error, "context_mark", None):
        mark = error.context_mark  # type: ignore[attr-defined]
        problem = f"{problem} {context}"
    return f"{problem} (line {first_line + mark.line})" if mark else problem
