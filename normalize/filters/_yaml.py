"""YAML as front matter is read here, and written: the dialect, and edits that keep the source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import yaml
import yaml.constructor

from normalize.errors import InputError

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


class _NoDuplicateKeys:
    """A constructor that refuses a key given twice (YAML says keys are unique)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # keys a merge brings in may be overridden
            key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key; the base class reports it
                continue
            if duplicate:
                raise _DuplicateKey(key, key_node.start_mark.line)
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]


class FrontMatterLoader(_NoDuplicateKeys, yaml.SafeLoader):
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


# What libyaml reads otherwise than PyYAML, or refuses: tabs, carriage returns, byte-order
# marks and other characters PyYAML does not take; a comment on a block scalar's header;
# flow mappings, and a `:` or `?` after a `[` (flow keys); complex keys, anchors, aliases
# and tags.
_PYYAML_ONLY = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]"
    r"|[|>][-+0-9]*[ ]*#|[{}]|\[[^\n]*[:?]|(?:^|[\s\[,])[&*!?]"
)


def _fast_loader() -> type | None:
    """libyaml's parser with FrontMatterLoader's scalar types, where PyYAML was built with
    it. It only composes nodes: values are built by `_Builder`, whichever parser read them."""
    if not yaml.__with_libyaml__:
        return None
    from yaml.cyaml import CParser  # type: ignore[attr-defined]
    from yaml.resolver import Resolver

    class FastLoader(CParser, Resolver):
        yaml_implicit_resolvers = FrontMatterLoader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Resolver.__init__(self)

    return FastLoader


_FastLoader = _fast_loader()


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
    simple = _dump_simple(metadata)
    if simple is not None:
        return simple
    return yaml.dump(
        _with_flow_lists(metadata),
        Dumper=FrontMatterDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=float("inf"),
    )


# --- What the dumper writes, written without it ------------------------------
#
# PyYAML's emitter is pure Python, and libyaml's cannot indent lists under
# their key. Most front matter is a flat mapping of plain values, which these
# write as the dumper does (a property test holds them to it); anything they
# are unsure of goes to the dumper.

# Characters the emitter writes as they are, line breaks and the byte-order mark left out:
# `[^{_NOT_PRINTABLE}]`. (Named by the few it leaves out, a class compiles in a fraction
# of the time its wide ranges take: every process compiles it once.)
_NOT_PRINTABLE = "\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U0010ffff"
# A string the emitter leaves plain in a block: no indicator or space first, no `: `
# or ` #` inside, no `:` or space last. (A narrower set than the emitter's own rules.)
_PLAIN = re.compile(
    rf"(?![\s\-?:,\[\]{{}}#&*!|>'\"%@`.])(?!.*(?:: | #))[^{_NOT_PRINTABLE}]+(?<![\s:])", re.S
)
_SIMPLE_KEY_MAX = 100  # the emitter writes a key of some 123 characters on as `? key`


def _dump_simple(metadata: dict[str, Any]) -> str | None:
    """`metadata` as the dumper writes it, if a flat mapping of scalars and lists of them
    that need no more than single quotes."""
    lines = []
    for key, value in metadata.items():
        if type(key) is not str or len(key) >= _SIMPLE_KEY_MAX or _plain_scalar(key) is None:
            return None
        if value is None:
            lines.append(f"{key}:")
        elif type(value) is list:
            items = [_block_scalar(item) for item in value]
            if None in items:
                return None
            lines += [f"{key}:", *(f"  - {item}" for item in items)] if items else [f"{key}: []"]
        else:
            text = _block_scalar(value)
            if text is None:
                return None
            lines.append(f"{key}: {text}")
    return "\n".join(lines) + "\n"


def _block_scalar(value: Any) -> str | None:
    """`value` as the dumper writes it in a block, when sure: plain, or a string of one
    printable line that cannot be plain in single quotes (`'a: b'`, `'2021-05-07'`)."""
    plain = _plain_scalar(value)
    if (
        plain is None
        and type(value) is str
        and _ONE_PRINTABLE_LINE.fullmatch(value)
        and (_NOT_PLAIN.search(value) or _resolves_to_non_string(value))
    ):
        return "'" + value.replace("'", "''") + "'"
    return plain


_ONE_PRINTABLE_LINE = re.compile(f"[^{_NOT_PRINTABLE}]+")
# What makes the emitter quote a string of one line in a block (its analyze_scalar): an
# indicator first, `: ` or ` #` inside, a colon or a space at an end, a document marker.
_NOT_PLAIN = re.compile(r"\A(?:[#,\[\]{}&*!|>'\"%@`]|[?\-](?: |\Z)|---|\.\.\.| )|:(?: |\Z)| #| \Z")


def _plain_scalar(value: Any) -> str | None:
    """`value` as the dumper writes it in a block, when surely plain; None otherwise."""
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    if type(value) is str and _PLAIN.fullmatch(value) and not _resolves_to_non_string(value):
        return value
    return None


def _resolves_to_non_string(text: str) -> bool:
    """Would the dumper's resolver read plain `text` as something else (`yes`, `1:30`, `~`)?"""
    resolvers = FrontMatterDumper.yaml_implicit_resolvers
    candidates = [*resolvers.get(text[0], []), *resolvers.get(None, [])]
    return any(pattern.match(text) for _, pattern in candidates)


# Front matter is a few dozen values; aliases that expand it past this are an attack.
MAX_VALUES = 100_000


def load_yaml(text: str) -> Any:
    """Parse YAML the way front matter is read here (dates as strings, YAML 1.2 scalars).

    The node graph is measured before it is built, so an alias bomb ("billion
    laughs") is refused in time and memory proportional to its text.
    """
    if "\n" not in text and "\r" not in text:
        # One line (a value the repairs try alone) reads the same with its line ended,
        # as libyaml needs it.
        text += "\n"
    node = _read_nodes(text)
    if node is None:
        return None
    if _may_expand(text) and expanded_size(node) > MAX_VALUES:
        raise InputError(
            f"front matter expands to more than {MAX_VALUES:,} values (an alias bomb?)"
        )
    return _Builder().construct_document(node)


class _Builder(_NoDuplicateKeys, yaml.constructor.SafeConstructor):
    """The values of a node tree, built as both loaders build them (they share this constructor)."""


def _may_expand(text: str) -> bool:
    # Without an alias (`*a`) each node takes at least a third of a character of
    # the text, so a text this short cannot hold too many values.
    return "*" in text or len(text) >= MAX_VALUES // 4


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


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of `text`, with each node's source marks; aliases share their anchor's node.

    Callers read the tree; they must not change it (libyaml's trees are shared, see below).
    """
    root = _read_nodes(text)
    if root is not None and not isinstance(root.start_mark, yaml.Mark):
        _as_pyyaml_reads(root, text)  # read by libyaml, for its values only until now
    return root


def _read_nodes(text: str) -> yaml.Node | None:
    """The node tree of `text`, read by libyaml where it reads `text` as PyYAML does (a text
    that ends its last line, and none of `_PYYAML_ONLY`), else by PyYAML; errors always
    come from PyYAML."""
    if _FastLoader is not None and text.endswith("\n") and not _PYYAML_ONLY.search(text):
        # The same front matter is read several times per file (split, edited, trimmed).
        # A merge key (`<<`) is the one thing building the values changes in the tree.
        cached = len(text) < _CACHED_TEXT and "<<" not in text
        try:
            return _kept_fast_nodes(text) if cached else _fast_nodes(text)
        except yaml.YAMLError:
            pass
    loader = FrontMatterLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _fast_nodes(text: str) -> yaml.Node | None:
    assert _FastLoader is not None
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    return node  # with libyaml's marks and styles: compose_yaml makes them PyYAML's


_CACHED_TEXT = 64 * 1024
_kept_fast_nodes = lru_cache(maxsize=8)(_fast_nodes)


def _as_pyyaml_reads(root: yaml.Node | None, text: str) -> None:
    """libyaml's nodes with what PyYAML's carry: a plain scalar's style is None, and every
    mark knows its source (the edits read the text around a node)."""
    buffer = text + "\0"

    def mark(mark: Any) -> yaml.Mark:
        return yaml.Mark(mark.name, mark.index, mark.line, mark.column, buffer, mark.index)

    for node in each_node(root):
        node.start_mark, node.end_mark = mark(node.start_mark), mark(node.end_mark)
        if isinstance(node, yaml.ScalarNode):
            node.style = node.style or None


def each_node(root: yaml.Node | None) -> Iterator[yaml.Node]:
    """Every node of the tree once (an alias shares its anchor's node)."""
    seen: set[int] = set()
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, yaml.MappingNode):
            todo += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value


def scalar_spans(root: yaml.Node | None) -> list[tuple[int, int, str | None]]:
    """Where each scalar's text is in the source (quotes and block headers included), with its style."""
    return [
        (node.start_mark.index, node.end_mark.index, node.style)
        for node in each_node(root)
        if isinstance(node, yaml.ScalarNode)
    ]


# --- Edits that keep the source ----------------------------------------------
#
# A value that changed is written over exactly its own span, in the style it
# had (its quotes, a flow list staying a flow list); every other byte of the
# source stays. Only when a value changed shape in a block (a list that grew)
# are its key's lines written afresh, and only when the result does not read
# back as the new metadata is the whole front matter dumped (by the caller).

Edit = tuple[int, int, str]  # start, end (character indexes in the source), new text
_SCALARS = (str, int, float, bool)


def edit_yaml(source: str, old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """`source` with only the values that differ between `old` and `new` rewritten.

    None when that cannot be done faithfully (the caller dumps the whole front matter).
    """
    try:
        root = compose_yaml(source)
    except yaml.YAMLError:
        return None
    pairs = root.value if isinstance(root, yaml.MappingNode) else []
    if root is not None and not isinstance(root, yaml.MappingNode):
        return None
    if any(key.tag == "tag:yaml.org,2002:merge" for key, _ in pairs) or len(pairs) != len(old):
        return None  # keys the constructor brought in from elsewhere: no one-to-one spans
    edits: list[Edit] = []
    for name, (key_node, value_node) in zip(old, pairs, strict=True):
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value != str(name):
            return None
        if name in new and new[name] == old[name]:
            continue
        if name not in new:
            edits.append(_removal(source, key_node, value_node))
            continue
        found = _value_edits(value_node, old[name], new[name], in_flow=False)
        if found is None:
            found = _key_rewrite(source, key_node, value_node, name, new[name])
        if found is None:
            return None
        edits += found
    edited = _apply(source, edits)
    if edited is None:
        return None
    added = {name: value for name, value in new.items() if name not in old}
    if added:
        if isinstance(root, yaml.MappingNode) and root.flow_style:
            return None
        if edited and not edited.endswith("\n"):
            edited += "\n"
        edited += dump_yaml(added)
    edited = _with_newlines_of(source, edited)
    try:
        if (load_yaml(edited) or {}) != new:
            return None
    except (yaml.YAMLError, InputError):
        return None
    return edited


def _value_edits(node: yaml.Node, old: Any, new: Any, in_flow: bool) -> list[Edit] | None:
    """The edits that turn `node` (which reads as `old`) into `new`, keeping its style."""
    if old == new and type(old) is type(new):
        return []
    if isinstance(node, yaml.ScalarNode):
        text = scalar_text(new, node.style, in_flow)
        if text is None:
            return None
        start, end = _scalar_start(node), _scalar_end(node)
        if start == end and text:  # `key:` with nothing after the colon
            text = " " + text
        return [(start, end, text)]
    if isinstance(node, yaml.SequenceNode) and isinstance(old, list) and isinstance(new, list):
        if len(old) == len(new) == len(node.value):
            return _children_edits(node.value, old, new, in_flow or bool(node.flow_style))
        if node.flow_style and all(isinstance(item, _SCALARS) for item in new):
            return [(node.start_mark.index, node.end_mark.index, flow_list(new))]
        return None
    if isinstance(node, yaml.MappingNode) and isinstance(old, dict) and isinstance(new, dict):
        keys_in_source = len(node.value) == len(old)
        if keys_in_source and list(old) == list(new) and not _merges(node):
            values = [value for _, value in node.value]
            return _children_edits(
                values, list(old.values()), list(new.values()), in_flow or bool(node.flow_style)
            )
    return None


def _children_edits(
    nodes: list[yaml.Node], old: list[Any], new: list[Any], in_flow: bool
) -> list[Edit] | None:
    edits: list[Edit] = []
    for node, before, after in zip(nodes, old, new, strict=True):
        found = _value_edits(node, before, after, in_flow)
        if found is None:
            return None
        edits += found
    return edits


def _merges(node: yaml.MappingNode) -> bool:
    return any(key.tag == "tag:yaml.org,2002:merge" for key, _ in node.value)


_PROPERTIES = re.compile(r"(?:[&!][^\s,\[\]{}]*[ \t]+)*")  # an anchor `&a`, a tag `!!str`


def _scalar_start(node: yaml.ScalarNode) -> int:
    """Where a scalar's text starts: after its anchor and tag, which stay."""
    buffer = node.start_mark.buffer or ""
    found = _PROPERTIES.match(buffer, node.start_mark.index)
    return found.end() if found else int(node.start_mark.index)


def _scalar_end(node: yaml.ScalarNode) -> int:
    """Where a scalar's text ends; a block scalar's (`|`, `>`) line breaks stay outside."""
    end = node.end_mark.index
    if node.style in ("|", ">"):
        buffer = node.end_mark.buffer or ""
        while end > node.start_mark.index and buffer[end - 1] in "\r\n":
            end -= 1
    return end


def _node_end(node: yaml.Node) -> int:
    """Where a value's own text ends: before the comments and blank lines after a block."""
    if isinstance(node, yaml.ScalarNode):
        return _scalar_end(node)
    children = node.value
    if getattr(node, "flow_style", False) or not children:
        return int(node.end_mark.index)
    last = children[-1]
    return _node_end(last[1] if isinstance(last, tuple) else last)


def _key_rewrite(
    source: str, key_node: yaml.Node, value_node: yaml.Node, name: str, value: Any
) -> list[Edit] | None:
    """`key: value` written afresh over the key's lines (a top-level key at column 0 only)."""
    if key_node.start_mark.column != 0:
        return None
    text = dump_yaml({name: value}).rstrip("\n")
    if isinstance(value_node, yaml.SequenceNode) and value_node.flow_style:
        if not all(isinstance(item, _SCALARS) for item in value):
            return None
        text = f"{name}: " + flow_list(value)
    return [(key_node.start_mark.index, _node_end(value_node), text)]


def _removal(source: str, key_node: yaml.Node, value_node: yaml.Node) -> Edit:
    """The key's lines taken out whole."""
    start = source.rfind("\n", 0, key_node.start_mark.index) + 1
    end = source.find("\n", _node_end(value_node))
    return (start, len(source) if end < 0 else end + 1, "")


def _apply(source: str, edits: list[Edit]) -> str | None:
    """`source` with the edits made; None when two of them overlap (one anchor, two aliases)."""
    edits = sorted(set(edits))
    for (_, end, _), (start, _, _) in zip(edits, edits[1:], strict=False):
        if start < end:
            return None
    for start, end, text in reversed(edits):
        source = source[:start] + text + source[end:]
    return source


def _with_newlines_of(source: str, edited: str) -> str:
    """CRLF front matter gets CRLF in the lines written into it."""
    if "\r\n" not in source:
        return edited
    return re.sub(r"(?<!\r)\n", "\r\n", edited)


def scalar_text(value: Any, style: str | None, in_flow: bool) -> str | None:
    """`value` as one scalar in the style a node had (`'`, `"`, plain); None for a collection.

    Plain stays plain unless YAML needs quotes; a value that would span lines
    is written double-quoted, on one line.
    """
    if not isinstance(value, _SCALARS) and value is not None:
        return None
    if value is None:
        return "" if not in_flow and style is None else "null"
    if isinstance(value, str) and style == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    quoted = '"' if isinstance(value, str) and style == '"' else None
    text = _dump_scalar(value, quoted, in_flow)
    if "\n" in text:
        text = _dump_scalar(value, '"', in_flow)
    return text


def _dump_scalar(value: Any, style: str | None, in_flow: bool) -> str:
    if style is None and not in_flow:
        written = _block_scalar(value)
        if written is not None:
            return written
    options: dict[str, Any] = {
        "Dumper": FrontMatterDumper,
        "allow_unicode": True,
        "width": float("inf"),
        "default_style": style,
    }
    if in_flow:
        return str(yaml.dump([value], default_flow_style=True, **options)).strip()[1:-1]
    text = str(yaml.dump({"k": value}, default_flow_style=False, **options)).rstrip("\n")
    return text.split(": ", 1)[1]


def flow_list(items: list[Any]) -> str:
    """`[a, b]`: a list of scalars written inline."""
    return "[" + ", ".join(str(scalar_text(item, None, in_flow=True)) for item in items) + "]"
