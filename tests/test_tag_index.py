"""The converter's element index and the walks that stand in for bs4's find/find_all."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from normalize.convert.index import TagIndex, class_matches, first_parent
from normalize.markup.html import first_descendant

PAGE = """
<div id="top"><ul><li>a<ol><li>b</li></ol></li></ul>
<p>x <a href="/1">one</a> <b><a href="/2">two</a></b></p>
<ul id="second"><li>c</li></ul><pre><code>z</code></pre></div>
"""


def soup(html: str = PAGE) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def test_named_lists_elements_in_document_order_as_find_all_does():
    tree = soup()
    index = TagIndex(tree)
    assert index.named(("ol", "ul")) == tree.find_all(["ul", "ol"])
    assert [t.name for t in index.named(("ol", "ul"))] == ["ul", "ol", "ul"]
    assert index.named(("a",)) == tree.find_all("a")
    assert index.tags() == tree.find_all(True)


def test_a_renamed_element_is_found_by_its_new_name_without_a_new_walk():
    tree = soup()
    index = TagIndex(tree)
    tags = index.tags()
    second = tree.find(id="second")
    second.name = "div"
    assert index.tags() is tags
    assert second not in index.named(("ul",))
    assert second in index.named(("div",))


def test_after_changed_removed_elements_are_gone_and_moved_ones_in_their_new_place():
    tree = soup()
    index = TagIndex(tree)
    index.named(("a",))
    tree.find("b").decompose()  # the second link goes with it
    first_list = tree.find("ul")
    tree.find("pre").insert_after(first_list.extract())
    index.changed()
    assert [a["href"] for a in index.named(("a",))] == ["/1"]
    assert index.named(("ul", "ol")) == tree.find_all(["ul", "ol"])
    assert [t.get("id") for t in index.named(("ul",))] == ["second", None]


def test_first_finds_the_first_element_that_passes_the_test():
    tree = soup('<base target="x"><base href=""><base href="http://a/">')
    index = TagIndex(tree)
    found = index.first("base", lambda tag: tag.get("href") is not None)
    assert found is tree.find("base", href=True)
    assert found["href"] == ""
    assert index.first("table") is None


def test_class_matches_as_bs4_class_argument():
    tree = soup(
        '<td class="gutter"></td><td class="code x"></td><td class="gl gutter"></td>'
        '<td class=""></td><td></td><figure class="highlight python"></figure>'
    )
    pattern = re.compile(r"^(?:gutter|gl)$")
    for tag in tree.find_all(True):
        assert class_matches(tag, pattern.search) == (tag in tree.find_all(class_=pattern))
        by_string = tree.find_all(class_="highlight")
        assert class_matches(tag, lambda value: value == "highlight") == (tag in by_string)


def test_first_descendant_and_first_parent():
    tree = soup()
    code = tree.find("code")
    assert first_descendant(tree, ("code", "pre")) is tree.find(["code", "pre"])
    assert first_descendant(code, ("b",)) is None
    assert first_parent(code, "div") is code.find_parent("div")
    assert first_parent(code, "table") is None
