"""Front matter read by libyaml where it reads as PyYAML does: the same values, the same nodes
and marks, the same refusals; everything else goes to PyYAML."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.errors import InputError
from normalize.filters import _yaml
from normalize.filters._yaml import _PYYAML_ONLY, FrontMatterLoader, compose_yaml, load_yaml

pytestmark = pytest.mark.skipif(_yaml._FastLoader is None, reason="PyYAML built without libyaml")


def pyyaml_nodes(text: str) -> Any:
    loader = FrontMatterLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def pyyaml_value(text: str) -> Any:
    loader = FrontMatterLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def shape(node: Any) -> Any:
    """What the edits read from a node: kind, tag, value, style, flow, marks and their text."""
    if node is None:
        return None
    marks = [
        (m.index, m.line, m.column, m.buffer[m.index : m.index + 3])
        for m in (node.start_mark, node.end_mark)
    ]
    head = (type(node).__name__, node.tag, marks)
    if isinstance(node, yaml.ScalarNode):
        return (*head, node.value, node.style)
    if isinstance(node, yaml.SequenceNode):
        return (*head, bool(node.flow_style), [shape(item) for item in node.value])
    return (*head, bool(node.flow_style), [(shape(k), shape(v)) for k, v in node.value])


def outcome(read: Any, text: str) -> Any:
    try:
        return ("read", read(text))
    except (yaml.YAMLError, Exception) as exc:  # noqa: BLE001 (any refusal counts the same)
        return ("refused", type(exc).__name__)


def same_as_pyyaml(text: str) -> None:
    assert outcome(lambda t: shape(compose_yaml(t)), text) == outcome(
        lambda t: shape(pyyaml_nodes(t)), text
    )
    assert outcome(load_yaml, text) == outcome(pyyaml_value, text)


KEYS = st.sampled_from(["title", "date", "tags", "a b", "标题", "k-1", "url", "'q'", '"d"'])
SCALARS = st.text(
    alphabet=st.sampled_from(list("ab Z0:#-'\"[]|>,.?!&*\\/é中😀 %@`=~")), max_size=12
)
LINE = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", KEYS, SCALARS),
    st.builds(lambda v: f"  - {v}", SCALARS),
    st.builds(lambda v: f"- {v}", SCALARS),
    st.builds(lambda k: f"{k}:", KEYS),
    st.builds(lambda k, v: f"    {k}: {v}", KEYS, SCALARS),
    st.builds(lambda k, a, b: f"{k}: [{a}, {b}]", KEYS, SCALARS, SCALARS),
    st.builds(lambda k, v: f"{k}: |\n  {v}", KEYS, SCALARS),
    st.builds(lambda k, v: f"{k}: >-\n  {v}\n  {v}", KEYS, SCALARS),
    st.builds(lambda v: f"# {v}", SCALARS),
    SCALARS,
)
FRONT_MATTER = st.lists(LINE, max_size=8).map(lambda lines: "\n".join(lines) + "\n")


@settings(max_examples=600, deadline=None)
@given(FRONT_MATTER)
def test_front_matter_libyaml_reads_is_read_as_pyyaml_reads_it(text):
    same_as_pyyaml(text)


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("a :-#'\"[]{}|>\n\t\r,?&*!\ufeff\x85é中")), max_size=40
    ).map(lambda text: text + "\n")
)
def test_any_text_is_read_as_pyyaml_reads_it(text):
    same_as_pyyaml(text)


@settings(max_examples=400, deadline=None)
@given(SCALARS)
def test_one_line_without_its_line_break_is_read_as_pyyaml_reads_it(text):
    assert outcome(load_yaml, text) == outcome(pyyaml_value, text)


@pytest.mark.parametrize(
    "text",
    [
        "title:\tTabbed\n",  # PyYAML refuses tabs there; libyaml does not
        "\ufefftitle: x\n",
        "a: 1\r\nb: 2\r\n",
        "text: |#\n  x\n",
        "m: {a: b}\n",
        "l: [a: b]\n",
        "base: &b x\nother: *b\n",
        "t: !!str 1\n",
        "s: \ud800\n",
    ],
)
def test_what_libyaml_reads_otherwise_goes_to_pyyaml(text):
    assert _PYYAML_ONLY.search(text)
    same_as_pyyaml(text)


def test_plain_front_matter_goes_to_libyaml():
    text = 'title: "给 Hexo 博客加上广告位"\ndate: 2023-05-18 21:07:44\ntags: [Hexo, AdSense]\n'
    assert not _PYYAML_ONLY.search(text)
    assert load_yaml(text) == {
        "title": "给 Hexo 博客加上广告位",
        "date": "2023-05-18 21:07:44",
        "tags": ["Hexo", "AdSense"],
    }
    same_as_pyyaml(text)


@pytest.mark.parametrize(
    "text",
    [
        "title: x\ntags:\n  - a\n  - b\nmeta:\n  k: v\n",
        "<<:\n  a: 1\nb: 2\n",  # a merge key: building the values rewrites the tree
        "base:\n  a: 1\nc:\n  <<:\n    a: 2\n  b: 3\n",
    ],
)
def test_reading_the_same_text_again_gives_the_same_tree_and_new_values(text):
    first = load_yaml(text)
    tree = shape(compose_yaml(text))
    again = load_yaml(text)
    assert again == first == pyyaml_value(text)
    assert again is not first
    assert tree == shape(compose_yaml(text)) == shape(pyyaml_nodes(text))


# Nine references nine levels deep: far past MAX_VALUES once copied out.
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize("text", [BOMB, "l: [" + "1," * _yaml.MAX_VALUES + "1]\n"])
def test_front_matter_of_too_many_values_is_refused_with_or_without_aliases(text):
    with pytest.raises(InputError, match="more than"):
        load_yaml(text)


def test_character_classes_named_by_what_they_leave_out_are_the_ranges_they_replace():
    """The YAML classes are written as the few characters they leave out (they compile
    faster so); each takes exactly the characters of the ranges it stands for."""
    import re

    from normalize.filters._yaml import _NOT_PRINTABLE

    printable = re.compile(
        "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]"
    )
    pyyaml_only = re.compile(
        "[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )
    not_printable = re.compile(f"[{_NOT_PRINTABLE}]")
    first_class = re.compile(_PYYAML_ONLY.pattern[: _PYYAML_ONLY.pattern.index("]") + 1])
    corners = [0x10000, 0x10FFFE, 0x10FFFF, 0x1F600, 0xE0001]
    for code in [*range(0x10000), *corners]:
        char = chr(code)
        assert bool(printable.match(char)) != bool(not_printable.match(char)), hex(code)
        assert bool(pyyaml_only.match(char)) == bool(first_class.match(char)), hex(code)
