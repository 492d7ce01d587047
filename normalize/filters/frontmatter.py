"""Split YAML front matter off the body, parse it, and normalise its values.

Bots that turn feeds into posts write front matter that is almost YAML:
blank lines before the opening fence, odd list indents, titles wrapped in
runs of quotes, HTML entities in titles, and dates in RFC 1123. This filter
reads all of that, repairs what YAML rejects when every line is still a
plain `key: value` or list item, turns dates into ISO 8601 and entities into
characters. `render_frontmatter` writes the result back: verbatim while
nothing changed, else through a dumper that round-trips every value.
"""

from __future__ import annotations

import email.utils
import html
import re
from datetime import datetime, timedelta
from typing import Any

import yaml

from normalize.document import Document, Stage
from normalize.errors import InputError
from normalize.filters.base import Filter

# --- YAML dialect -----------------------------------------------------------


def _resolvers_without(base: type, tags: set[str]) -> dict[str | None, list[tuple[str, Any]]]:
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag not in tags]
        for first, entries in base.yaml_implicit_resolvers.items()  # type: ignore[attr-defined]
    }


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int) -> None:
        super().__init__(key, line)
        self.key = key
        self.line = line  # 0-based, within the YAML text


class FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings and refuses duplicate keys.

    Dates stay strings so no timezone is lost and we choose their format.
    Booleans and numbers follow YAML 1.2, as Hexo's and Hugo's parsers do:
    `title: No` is a string, `duration: 1:30` is not 90, `zip: 01234` keeps
    its zero. Every pattern here is narrower than the YAML 1.1 one the dumper
    checks against, so a string the dumper leaves unquoted loads as a string.
    """

    yaml_implicit_resolvers = _resolvers_without(
        yaml.SafeLoader,
        {
            "tag:yaml.org,2002:timestamp",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:value",  # a lone `=` has no safe constructor
        },
    )

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # keys a merge brings in may be overridden
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key; the base class reports it
                continue
            if duplicate:
                raise _DuplicateKey(key, key_node.start_mark.line)
        return super().construct_mapping(node, deep=deep)


FrontMatterLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
FrontMatterLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
FrontMatterLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"""^(?:[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?
        |\.[0-9]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)


class _FlowList(list):
    """A list of scalars inside a list, written `[a, b]` (Hexo's category paths)."""


class FrontMatterDumper(yaml.SafeDumper):
    """SafeDumper that writes ISO dates unquoted and indents lists under their key.

    It keeps YAML 1.1's booleans and integers when deciding what to quote, so
    `'yes'` and `'1:30'` are quoted for every reader, old or new.
    """

    yaml_implicit_resolvers = _resolvers_without(yaml.SafeDumper, {"tag:yaml.org,2002:timestamp"})

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # `key:\n  - a` rather than PyYAML's `key:\n- a`
        super().increase_indent(flow, False)


def _represent_none(dumper: yaml.SafeDumper, _: None) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")  # `tags:` rather than `tags: null`


def _represent_flow_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


FrontMatterDumper.add_representer(type(None), _represent_none)
FrontMatterDumper.add_representer(_FlowList, _represent_flow_list)

_SCALARS = (str, int, float, bool)


def _with_flow_lists(value: Any, in_list: bool = False) -> Any:
    """Mark lists of scalars nested in a list to be written inline."""
    if isinstance(value, dict):
        return {key: _with_flow_lists(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_with_flow_lists(item, in_list=True) for item in value]
        # None is left out: an empty scalar cannot be written inside [ ].
        if in_list and items and all(isinstance(item, _SCALARS) for item in items):
            return _FlowList(items)
        return items
    return value


def dump_yaml(metadata: dict[str, Any]) -> str:
    """The YAML text for `metadata`, keys in order, ending in a newline, without fences."""
    if not metadata:
        return ""
    return yaml.dump(
        _with_flow_lists(metadata),
        Dumper=FrontMatterDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=float("inf"),
    )


# Front matter is a few dozen values; aliases that expand it past this are an attack.
MAX_VALUES = 100_000


def load_yaml(text: str) -> Any:
    """Parse YAML the way front matter is read here (dates as strings, YAML 1.2 scalars).

    The node graph is measured before it is built, so an alias bomb ("billion
    laughs") is refused in time and memory proportional to its text.
    """
    loader = FrontMatterLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if expanded_size(node) > MAX_VALUES:
            raise InputError(
                f"front matter expands to more than {MAX_VALUES:,} values (an alias bomb?)"
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def expanded_size(root: yaml.Node) -> int:
    """How many values the document has once every alias is copied out, without copying."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        if id(node) not in sizes:
            sizes[id(node)] = 1  # a node met again while measured (a cycle) counts once
            if isinstance(node, yaml.MappingNode):
                children = [part for pair in node.value for part in pair]
            elif isinstance(node, yaml.SequenceNode):
                children = node.value
            else:
                children = []
            sizes[id(node)] = 1 + sum(size(child) for child in children)
        return sizes[id(node)]

    return size(root)


def render_frontmatter(doc: Document) -> str | None:
    """The text between the fences: the source while unchanged, else a fresh dump."""
    if doc.metadata is None:
        return None
    if doc.frontmatter_source is not None and not doc.metadata_changed:
        return doc.frontmatter_source
    return dump_yaml(doc.metadata)


# --- Splitting -------------------------------------------------------------

# Bots emit blank lines before the opening fence.
_OPENING = re.compile(r"\A(?:[ \t]*\r?\n)*---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\r?\n)+")


def split_frontmatter(text: str) -> tuple[str, str, int] | None:
    """(YAML source, rest of the text, line number of the source's first line), or None.

    Raises InputError when an opening fence is never closed.
    """
    opening = _OPENING.match(text)
    if not opening:
        return None
    start = opening.end()
    first_line = text.count("\n", 0, start) + 1
    closing = _CLOSING.search(text, start)
    if not closing:
        raise InputError(f"front matter opened on line {first_line - 1} is never closed")
    source = text[start : closing.start()]
    # The closing fence's own newline goes with the blank lines.
    return source, _LEADING_BLANK_LINES.sub("", text[closing.end() :]), first_line


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


_ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$"
)
_SPACED_DATE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[ \t]+|T)"
    r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?P<f>\.\d+)?)?"
    r"(?:[ \t]*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?))?$"
)
_ISO_FIELDS = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?")
_RFC_DATE = re.compile(r"^(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")


def _offset(delta: timedelta | None) -> str:
    if delta is None:
        return ""
    if not delta:
        return "Z"
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _valid_iso(value: str) -> bool:
    """Whether the fields of an ISO 8601 date are in range (no 2021-13-45)."""
    fields = _ISO_FIELDS.match(value)
    assert fields is not None
    year, month, day, hour, minute, second = (int(group or 0) for group in fields.groups())
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return False
    return True


def normalize_date(value: str) -> str | None:
    """ISO 8601 for a date written as ISO, `YYYY-MM-DD HH:MM:SS` or RFC 1123/2822; else None."""
    value = value.strip()
    if _ISO_DATE.match(value):
        return value if _valid_iso(value) else None
    spaced = _SPACED_DATE.match(value)
    if spaced:
        tz = spaced["tz"] or ""
        if tz and tz != "Z":
            tz = tz[:3] + ":" + (tz[3:].lstrip(":") or "00")
        iso = f"{spaced['date']}T{int(spaced['h']):02d}:{spaced['m']}:{spaced['s'] or '00'}"
        iso += (spaced["f"] or "") + ("Z" if tz in ("+00:00", "-00:00") else tz)
        return iso if _valid_iso(iso) else None
    if _RFC_DATE.match(value):
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        # `-0000` means "UTC, source zone unknown"; the parser returns it naive.
        delta = parsed.utcoffset() if parsed.tzinfo else timedelta(0)
        return parsed.strftime("%Y-%m-%dT%H:%M:%S") + _offset(delta)
    return None


# --- The filter ------------------------------------------------------------


class FrontMatterFilter(Filter):
    name = "frontmatter"
    stage = Stage.TEXT
    priority = 10
    description = "Split YAML front matter off, repair it, dates to ISO 8601, entities to text."
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
        split = split_frontmatter(doc.body)
        if split is None:
            return
        source, body, first_line = split
        try:
            metadata, repaired = self._parse(source, first_line)
        except _DuplicateKey as error:
            raise InputError(
                f"front matter has key {error.key!r} twice (line {first_line + error.line})"
            ) from None
        # A repaired source is not YAML: never write it back as it was.
        doc.set_frontmatter(metadata, None if repaired is not None else source)
        doc.body = body
        for line in repaired or []:
            self.log(doc, "repaired", line, warning=True)
        if repaired == []:  # YAML failed on the structure, not on one value
            self.log(doc, "repaired", "read line by line", warning=True)
        self._normalize(doc)

    def _parse(self, source: str, first_line: int) -> tuple[dict[str, Any], list[str] | None]:
        """The metadata, and the repaired lines (None when the source was valid YAML)."""
        try:
            metadata = load_yaml(source)
        except yaml.YAMLError as error:
            result = repair_yaml(source)
            if result is None:
                problem = _describe(error, first_line)
                raise InputError(f"front matter is not valid YAML: {problem}") from None
            return result
        if metadata is None:  # empty, or only comments
            return {}, None
        if not isinstance(metadata, dict):
            kind = "a list" if isinstance(metadata, list) else "a single value"
            raise InputError(f"front matter on line {first_line} is {kind}, not keys and values")
        return metadata, None

    def _normalize(self, doc: Document) -> None:
        assert doc.metadata is not None
        if self.options["unescape_entities"]:
            for key, value in doc.metadata.items():
                unescaped = _unescape_all(value)
                if unescaped != value:
                    doc.metadata[key] = unescaped
                    self.log(doc, "entities", f"{key}: {_short(value)}")
        for key in self.options["date_keys"]:
            value = doc.metadata.get(key)
            if not isinstance(value, str) or not value.strip():
                continue
            iso = normalize_date(value)
            if iso is None:
                self.log(doc, "date not understood", f"{key}: {value}", warning=True)
            elif iso != value:
                doc.metadata[key] = iso
                self.log(doc, "date to ISO 8601", f"{key}: {value} -> {iso}")


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
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    return f"{problem} (line {first_line + mark.line})" if mark else problem
