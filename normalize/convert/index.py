"""Elements of a tree by name, found with one walk and shared by the passes that prepare it.

bs4's `find_all` runs its matching machinery on every node it passes; the
converter's preparation passes each look for a few tag names, so one walk
that lists every element serves them all. A list stays right while passes
only rename elements or change attributes (a lookup checks the current
name); a pass that moves, adds or removes elements says so with
`changed()`, and the next lookup walks the tree again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from bs4 import Tag

from normalize.markup.html import elements


class TagIndex:
    """The elements below `root`, in document order, looked up by their current name."""

    def __init__(self, root: Tag) -> None:
        self.root = root
        self._tags: list[Tag] | None = None

    def changed(self) -> None:
        """Elements were moved, added or removed: the next lookup walks the tree again."""
        self._tags = None

    def tags(self) -> list[Tag]:
        if self._tags is None:
            self._tags = elements(self.root)
        return self._tags

    def named(self, names: Collection[str]) -> list[Tag]:
        """Elements named one of `names`, as `root.find_all(names)` lists them now."""
        return [tag for tag in self.tags() if tag.name in names]

    def first(self, name: str, test: Callable[[Tag], bool] | None = None) -> Tag | None:
        """The first element named `name` (that passes `test`), as `root.find` finds it."""
        for tag in self.tags():
            if tag.name == name and (test is None or test(tag)):
                return tag
        return None


def class_matches(tag: Tag, test: Callable[[str], Any]) -> bool:
    """Whether `tag`'s class passes `test` as bs4's `class_=` does: one of its
    classes, or (with several, or none) all of them joined by spaces."""
    value = tag.get("class")
    if value is None:
        return False
    values = value if isinstance(value, list) else [value]
    if any(test(v) for v in values):
        return True
    return len(values) != 1 and bool(test(" ".join(values)))


def first_parent(node: Any, name: str) -> Tag | None:
    """The nearest ancestor named `name` (as `node.find_parent(name)`)."""
    for parent in node.parents:
        if parent.name == name:
            return parent
    return None
