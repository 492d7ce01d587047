"""The fast builder's tree is bs4's lxml tree, node for node and link for link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize.convert.fastsoup import fast_soup
from normalize.convert.tree import quiet_soup

RAW = Path(__file__).resolve().parent.parent / "fixtures" / "raw"
LINKS = ("parent", "previous_element", "next_element", "previous_sibling", "next_sibling")
SOUP_STATE = (
    "is_xml",
    "known_xml",
    "_namespaces",
    "parse_only",
    "markup",
    "original_encoding",
    "declared_html_encoding",
    "contains_replacement_characters",
    "current_data",
    "element_classes",
)


def _preorder(root: Tag) -> list[Any]:
    """Every node under `root`, found by `contents` (not by the links under test)."""
    nodes: list[Any] = []
    pending: list[Any] = [root]
    while pending:
        node = pending.pop()
        nodes.append(node)
        if isinstance(node, Tag):
            pending.extend(reversed(node.contents))
    return nodes


def _where(node: Any, positions: dict[int, int]) -> Any:
    return None if node is None else positions.get(id(node), "outside")


def _describe(node: Any, positions: dict[int, int], builder: Any) -> dict[str, Any]:
    """What bs4 set on a node, links given as positions in the walk."""
    fields = {key: value for key, value in vars(node).items() if key not in LINKS}
    fields["__keys__"] = list(vars(node))
    fields["__type__"] = type(node)
    for link in LINKS:
        fields[link] = _where(getattr(node, link), positions)
    if isinstance(node, Tag):
        fields["contents"] = [_where(child, positions) for child in node.contents]
        fields["attrs"] = [
            (type(k), k, type(v), v, [type(x) for x in v] if isinstance(v, list) else None)
            for k, v in node.attrs.items()
        ]
        fields["__attrs_type__"] = type(node.attrs)
        fields["__shared__"] = (  # what bs4 shares rather than copies
            node.interesting_string_types is Tag.MAIN_CONTENT_STRING_TYPES,
            node.cdata_list_attributes is builder.cdata_list_attributes,
            node.preserve_whitespace_tags is builder.preserve_whitespace_tags,
            node._namespaces is builder.active_namespace_prefixes[-1],
        )
    else:
        fields["__text__"] = str(node)
    return fields


def tree_differences(fast: BeautifulSoup, slow: BeautifulSoup) -> list[str]:
    """Where the two trees differ: node by node, then the soup's own state and output."""
    fast_nodes, slow_nodes = _preorder(fast), _preorder(slow)
    problems: list[str] = []
    if [type(n) for n in fast_nodes] != [type(n) for n in slow_nodes]:
        return [f"node types differ: {len(fast_nodes)} vs {len(slow_nodes)} nodes"]
    for nodes, soup in ((fast_nodes, fast), (slow_nodes, slow)):
        if [id(n) for n in nodes[1:]] != [id(n) for n in soup.descendants]:
            problems.append("descendants order is not contents order")
    fast_at = {id(n): i for i, n in enumerate(fast_nodes)}
    slow_at = {id(n): i for i, n in enumerate(slow_nodes)}
    for i, (a, b) in enumerate(zip(fast_nodes[1:], slow_nodes[1:], strict=True), 1):
        da, db = _describe(a, fast_at, fast.builder), _describe(b, slow_at, slow.builder)
        if da != db:
            keys = sorted(k for k in set(da) | set(db) if da.get(k) != db.get(k))
            problems.append(f"node {i} ({type(b).__name__} {getattr(b, 'name', '')}): {keys}")
    for name in SOUP_STATE:
        if getattr(fast, name) != getattr(slow, name):
            problems.append(f"soup.{name}: {getattr(fast, name)!r} != {getattr(slow, name)!r}")
    if list(fast.open_tag_counter.items()) != list(slow.open_tag_counter.items()):
        problems.append("soup.open_tag_counter")
    for name in ("tagStack", "preserve_whitespace_tag_stack", "string_container_stack"):
        if [_where(t, fast_at) for t in getattr(fast, name)] != [
            _where(t, slow_at) for t in getattr(slow, name)
        ]:
            problems.append(f"soup.{name}")
    for name in ("currentTag", "_most_recent_element", *LINKS):
        if _where(getattr(fast, name), fast_at) != _where(getattr(slow, name), slow_at):
            problems.append(f"soup.{name}")
    if list(vars(fast)) != list(vars(slow)) or type(fast.builder) is not type(slow.builder):
        problems.append("soup attributes or builder class")
    if fast.builder.__dict__.keys() != slow.builder.__dict__.keys():
        problems.append("builder attributes")
    if fast.decode() != slow.decode():
        problems.append("decode() differs")
    return problems


def assert_same_tree(html: str) -> None:
    try:
        slow = quiet_soup(html, "lxml")
    except Exception as refused:  # whatever bs4 raises, the fast builder raises too
        with pytest.raises(type(refused)):
            fast_soup(html)
        return
    assert tree_differences(fast_soup(html), slow) == []


def _used_fast_path(html: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether fast_soup built `html` with its target rather than handing it to bs4."""
    import normalize.convert.fastsoup as fastsoup

    features: list[Any] = []

    def recording(markup: str, *args: Any, **kwargs: Any) -> BeautifulSoup:
        features.append(args)
        return quiet_soup(markup, *args, **kwargs)

    monkeypatch.setattr(fastsoup, "quiet_soup", recording)
    fastsoup.fast_soup(html)
    return features == [()]


# Pieces of HTML as real pages have them, and as broken pages have them.
BLOCKS = ("div", "p", "section", "blockquote", "ul", "li", "h2", "article", "noscript", "form")
INLINES = ("span", "a", "b", "em", "code", "rt", "rp", "ruby", "label", "svg:rect", "font")
VOIDS = ("br", "img", "hr", "input", "meta", "link", "wbr", "area", "source")
ATTRIBUTES = st.sampled_from(
    (
        'class="a  b\tc"',
        "class=''",
        'class="x"',
        'rel="nofollow noopener"',
        'rev="r"',
        'headers="h1 h2"',
        'accesskey="k l"',
        'id="main"',
        'href="/x?a=1&b=2"',
        'title="&quot;q&quot; &amp; &lt;"',
        "disabled",
        'charset="utf-8"',
        'http-equiv="Content-Type" content="text/html; charset=iso-8859-1"',
        'xml:lang="en"',
        'data-x="1" data-x="2"',
        'style="display:none"',
        "{urn:x}odd=1",
        'sandbox="allow-scripts allow-forms"',
        "for='a b'",
        "sizes='16x16 32x32'",
    )
)
TEXTS = st.sampled_from(
    (
        "text",
        " ",
        "\n",
        "  \n\t ",
        "\r\n",
        "\x0c",
        "中文字符，标点。",
        "日本語のテキスト",
        "&amp; &lt; &gt; &nbsp; &#169; &#x4e2d; &bogus; &",
        "<",
        "a < b",
        "\x00",
        "\u00a0",
        "\u200b",
        "\ufeff",
        "tab\there",
        "]]>",
        "<!-- comment -->",
        "<!---->",
        "<!-- a -- b -->",
        "<![CDATA[cdata]]>",
        "<?php echo 1 ?>",
        "<!DOCTYPE html>",
        "</p>",
        "</div>",
        "</html>",
        "</body>",
        "</span>",
        "<p>",
        "<li>",
        "<td>",
        "<html>",
        "<body>",
        "<head>",
        "<title>t</title>",
        "<br/>",
        "<p/>",
        "&#0;",
        "\U0001f600",
        "é",
    )
)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """An element around `children`, with attributes, closed or left open."""
    return st.builds(
        lambda name, attrs, inner, closed: (
            f"<{name}{''.join(' ' + a for a in attrs)}>{inner}" + (f"</{name}>" if closed else "")
        ),
        st.sampled_from(BLOCKS + INLINES + ("pre", "textarea", "table", "template")),
        st.lists(ATTRIBUTES, max_size=3),
        children,
        st.booleans(),
    )


def _raw_text(name: str) -> st.SearchStrategy[str]:
    return st.builds(
        lambda body: f"<{name}>{body}</{name}>",
        st.sampled_from(("", " ", "a<b && c", "</p>x", "\n  x\n")),
    )


_void = st.builds(
    lambda n, a: f"<{n}{''.join(' ' + x for x in a)}>",
    st.sampled_from(VOIDS),
    st.lists(ATTRIBUTES, max_size=2),
)
_table = st.builds(
    lambda cells, stray: (
        "<table>"
        + stray
        + "".join(f"<tr><td>{c}</td> <th headers='a b'>{c}</th></tr>" for c in cells)
        + "</table>"
    ),
    st.lists(TEXTS, max_size=3),
    st.sampled_from(("", " ", "x", "<p>in table</p>", "<caption>c</caption>", "\n")),
)
_leaf = st.one_of(
    TEXTS, _void, _raw_text("script"), _raw_text("style"), _raw_text("textarea"), _table
)
FRAGMENTS = st.recursive(
    _leaf, lambda inner: _element(st.lists(inner, max_size=5).map("".join)), max_leaves=40
)
DOCUMENTS = st.builds(
    lambda lead, head, body, after, wrap: (
        f"{lead}<html><head>{head}</head><body>{body}</body></html>{after}"
        if wrap
        else f"{lead}{body}{after}"
    ),
    st.sampled_from(
        ("", "<!DOCTYPE html>\n", "<!-- first -->", "\ufeff", " \n", "<?xml version='1.0'?>")
    ),
    st.sampled_from(
        (
            "",
            "<title>T</title>",
            "<meta charset='utf-8'> <style>p{}</style>",
            "<script>x</script>\n",
        )
    ),
    st.lists(FRAGMENTS, max_size=6).map("".join),
    st.sampled_from(("", "\n", " tail", "<!-- after -->", "<p>after</p>")),
    st.booleans(),
)


@pytest.mark.parametrize(
    "path", sorted(p for p in RAW.iterdir() if p.is_file()), ids=lambda p: p.name
)
def test_fixture_inputs_build_the_same_tree(path: Path) -> None:
    text = path.read_text("utf-8", "replace")
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        text = text[text.index("\n---\n", 4) + 5 :]  # the body after the front matter
    assert_same_tree(text)


@pytest.mark.parametrize(
    "html",
    [
        "",
        " ",
        "\n",
        "plain text",
        "\ufeff<p>after a byte order mark</p>",
        "<!DOCTYPE html>\n<html> <head> <title>x</title> </head>\n <body> <p>a</p> \n</body> </html>\n tail",
        "<!-- before --><html><body>x</body></html><!-- after -->",
        "<![CDATA[alone]]>",
        "<!---->",
        "<p>a<!---->b</p>",
        "<x {urn:a}b=1 c=2 class='q  r'>",
        "<rt>ruby<b>text</b></rt><template><p>inside</p></template>",
        "<meta charset='utf-8'><meta http-equiv='Content-Type' content='text/html; charset=x'>",
        "<pre>  \n </pre><textarea> </textarea><pre><pre> </pre> </pre>",
        "<p>x</p></div></span>y",
        "\x00<\x00&",
        "<?xml version='1.0'?><root><item>x</item></root>",
        "<table> <tr> <td>x</td> </tr></table>",
    ],
)
def test_edge_cases_build_the_same_tree(html: str) -> None:
    assert_same_tree(html)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_generated_html_builds_the_same_tree(html: str) -> None:
    assert_same_tree(html)


def test_the_fast_path_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _used_fast_path("<p class='a b'>text</p>", monkeypatch)


def test_a_tree_left_behind_changes_nothing_for_the_next() -> None:
    """The parser is used again: a tree modified afterwards must not leak into the next."""
    first = fast_soup("<p>one</p>")
    first.p.append("more")
    assert tree_differences(fast_soup("<p>two</p>"), quiet_soup("<p>two</p>", "lxml")) == []
