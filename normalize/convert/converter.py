"""The HTML-to-Markdown converter: markdownify, extended per concern, and its entry point.

`convert_tree(tree)` turns a BeautifulSoup tree into Markdown. Inline
converters leave private control characters (see `marks`) in their output,
resolved once the surrounding context is known: a `<br>` is a hard break, a
paragraph break or noise depending on its whole block, and whether `**`
renders as bold depends on the characters on both sides of it. Code blocks
are stashed and put back at the very end so that no whitespace rule ever
touches them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, cast

from bs4 import Comment, NavigableString, Tag

from normalize.convert.blocks import BlockMixin
from normalize.convert.chars import HTML_SPACE, LINE_INDENT
from normalize.convert.code import write_code_spans
from normalize.convert.emphasis import fix_emphasis
from normalize.convert.escaping import block_marker_offset, escape_inline
from normalize.convert.index import TagIndex
from normalize.convert.inline import InlineMixin
from normalize.convert.kept import KeptHtmlMixin
from normalize.convert.lists import ListMixin
from normalize.convert.marks import (
    ATOM_CLOSE,
    ATOM_OPEN,
    CODE_CLOSE,
    CODE_OPEN,
    CONTROL,
    ESCAPE_HERE,
    HEADING_END,
    INDENT,
    PREFIX_END,
    STASH,
    WHOLE_LINE,
)
from normalize.convert.plaintext import text_to_markdown
from normalize.convert.tables import TableMixin
from normalize.convert.tags import (
    CODE_TAGS,
    DROP_TAGS,
    HEADING,
    KEPT_COMMENTS,
    MARKS,
    MAX_DEPTH,
    OWN_BLOCKS,
    PRE_ELEMENTS,
    PRE_LINES,
    SHOWN_DROPS,
    VOID_TAGS,
    attribute_text,
    is_pre_element,
)
from normalize.convert.tree import (
    COMMENT,
    MARKDOWN_NESTING,
    TAG,
    TEXT,
    cap_nesting,
    document_base,
    drop_spaces_before_pre_breaks,
    flatten_deep,
    marks_into_links,
    merge_code_runs,
    move_captions,
    node_kind,
    repair_lists,
    resolve_urls,
    unwrap_numbered_code,
    unwrap_page_pres,
)
from normalize.convert.whitespace import collapse_whitespace, finish_block, joined_children
from normalize.markup.html import BLOCK_TAGS


class HtmlToMarkdown(KeptHtmlMixin, InlineMixin, BlockMixin, ListMixin, TableMixin):
    """markdownify, with the rules this project's output conventions need."""

    # -- driving ------------------------------------------------------------

    def convert_root(self, root: Tag) -> str:
        self.texts = collapse_whitespace(root)
        return self.finish(self.process_tag(root, set()))

    def process_tag(self, node: Tag, parent_tags: set[str] | None = None) -> str:
        parent_tags = parent_tags if parent_tags is not None else set()
        name = (node.name or "").lower()
        if "pre" in parent_tags:
            return self.process_in_pre(node, name, parent_tags)
        kept = self.kept_html(node, name, parent_tags)
        if kept is not None:
            return kept
        if name in DROP_TAGS:
            if name in SHOWN_DROPS:
                self.report(f"<{name}> has no Markdown form", node.get_text(" ", strip=True))
            return ""
        if name == "table" and not self.is_layout(node):
            return self.convert_data_table(node, parent_tags)
        text = self.children_text(node, parent_tags | child_tags(name))
        convert = self.converter(name)
        return convert(node, text, parent_tags) if convert else text

    def children_text(self, node: Tag, tags: set[str]) -> str:
        parts = []
        for child in node.contents:
            kind = node_kind(child)
            if kind is TAG:
                parts.append(self.process_tag(cast(Tag, child), tags))
            elif kind is TEXT:
                parts.append(self.process_text(child, tags))
            elif kind is COMMENT:
                if "pre" in tags:
                    parts.append("<!--" + str(child) + "-->")
                else:
                    parts.append(self.comment(cast(Comment, child), tags))
        return joined_children(parts)

    def process_in_pre(self, node: Tag, name: str, tags: set[str]) -> str:
        """Inside <pre> every character counts; markup is either highlighting or lost text."""
        if name == "br":
            # `line<br>\n` is one line break, not two
            nxt = node.next_sibling
            return "" if isinstance(nxt, NavigableString) and str(nxt).startswith("\n") else "\n"
        if name in DROP_TAGS and is_pre_element(node.name, attribute_text(node)):
            return ""  # a <style> or <script>: as hidden in a <pre> as anywhere
        text = self.children_text(node, tags)
        if name not in PRE_ELEMENTS or not is_pre_element(node.name, attribute_text(node)):
            return self.literal_tag(node, text)
        lines = name in PRE_LINES or name in BLOCK_TAGS
        if lines and text and not text.endswith("\n") and node.next_sibling is not None:
            text += "\n"
        return text

    def literal_tag(self, el: Tag, inner: str) -> str:
        """An element the parser made out of text like `FROM <base image>`, written back."""
        attrs = ""
        for key, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            attrs += f" {key}" if value in ("", None) else f' {key}="{value}"'
        text = f"<{el.name}{attrs}>{inner}"
        unclosed = el.next_sibling is None and "\n" in inner
        if el.name not in VOID_TAGS and not unclosed:
            text += f"</{el.name}>"
        return text

    def converter(self, name: str) -> Callable[..., str] | None:
        """The convert_* method for a tag: block tags without one convert like <div>."""
        if name not in self.converters:
            fn = getattr(self, "convert_" + re.sub(r"[\[\]:-]", "_", name), None)
            if HEADING.fullmatch(name):
                level = int(name[1])
                fn = lambda el, text, tags: self.convert_hN(level, el, text, tags)  # noqa: E731
            elif name in BLOCK_TAGS and name not in OWN_BLOCKS:
                fn = self.convert_block  # markdownify's own (dd as `:   `) are not CommonMark
            self.converters[name] = fn
        return self.converters[name]

    def process_text(self, el: Any, parent_tags: set[str] | None = None) -> str:
        parent_tags = parent_tags or set()
        if "pre" in parent_tags:
            return str(el)
        text = self.texts.get(id(el))
        if text is None:  # not seen by the whitespace pass (e.g. inside <textarea>)
            text = HTML_SPACE.sub(" ", CONTROL.sub("", str(el)))
        if not text or "_noformat" in parent_tags:
            return text
        text = escape_inline(text, table="_table" in parent_tags)
        if text[0] in LINE_INDENT:
            indent = len(text) - len(text.lstrip(LINE_INDENT))
        else:
            indent = 0
        offset = block_marker_offset(text[indent:] if indent else text)
        if offset is not None:
            text = text[: indent + offset] + ESCAPE_HERE + text[indent + offset :]
        return text

    def finish(self, text: str) -> str:
        text = resolve_line_starts(finish_block(text))
        text = text.replace("!" + ATOM_OPEN + "[", "\\!" + ATOM_OPEN + "[")  # not an image
        text = text.replace(CODE_CLOSE + ATOM_CLOSE + ATOM_OPEN + CODE_OPEN, "")  # `a``b`
        text = write_code_spans(fix_emphasis(text))
        text = text.replace(INDENT, " ")
        for marker in (PREFIX_END, WHOLE_LINE, HEADING_END):
            text = text.replace(marker, "")
        # (a quick look first: each pattern would otherwise be tried at every line)
        if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
            text = _TRAILING_SPACE.sub("", text)
        if "\n\n\n" in text:
            text = _BLANK_LINES.sub("\n\n", text)
        return self.unstash(text.strip("\n"))

    def unstash(self, text: str) -> str:
        """Put code blocks back, indented like the list item or quote they sit in."""

        def put_back(m: re.Match[str]) -> str:
            prefix = m.group(1)
            cont = re.sub(r"[^>]", " ", prefix)
            lines = self.stash[int(m.group(2))].split("\n")
            rest = [cont + line if line else cont.rstrip() for line in lines[1:]]
            return "\n".join([prefix + lines[0], *rest])

        if STASH not in text:
            return text
        return _STASHED.sub(put_back, text)


_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")
_STASHED = re.compile(r"^([ >\-+*0-9.)]*)" + STASH + r"(\d+)" + STASH, re.MULTILINE)


@lru_cache(maxsize=1024)
def child_tags(name: str) -> frozenset[str]:
    """What an element adds to the context of its children: its name, and what it implies."""
    tags = {name}
    if HEADING.fullmatch(name):
        tags.add("_inline")
    if name == "pre" or name in CODE_TAGS:
        tags.add("_noformat")
    if name in MARKS:
        tags.add(MARKS[name])
    return frozenset(tags)


def resolve_line_starts(text: str) -> str:
    """Escape markers become backslashes where a line's content starts; the rest go."""
    if ESCAPE_HERE not in text:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if ESCAPE_HERE not in line:
            continue
        start = line.rfind(PREFIX_END) + 1
        content = line[start:]
        m = re.match(r"[0-9]{0,9}" + ESCAPE_HERE, content)
        if m:
            content = content[: m.end() - 1] + "\\" + content[m.end() :]
        lines[i] = line[:start].replace(ESCAPE_HERE, "") + content.replace(ESCAPE_HERE, "")
    return "\n".join(lines)


def flat_text(tree: Tag) -> str:
    return text_to_markdown(tree.get_text("\n"))


def convert_tree(
    tree: Tag,
    *,
    bullet: str = "-",
    base_url: str | None = None,
    flatten: bool = True,
    warn: Callable[[str], None] | None = None,
    dropped: Callable[[str, str], None] | None = None,
    keep_comments: Iterable[str] = KEPT_COMMENTS,
) -> str:
    """Markdown for an HTML tree (a BeautifulSoup or a Tag), without outer blank lines.

    The tree is modified (deep nesting flattened unless `flatten` is off,
    stray lists and captions moved, relative URLs resolved against the
    document's `<base href>`, else `base_url`). `warn` receives a message when the conversion had to lose
    structure; `dropped` why and what text was dropped (an SVG drawing, a
    drop-down list, a formula's rendering written as its TeX). Comments whose
    text is one of `keep_comments` (compared as the `ads` filter does) stay.
    """
    if flatten and flatten_deep(tree, MAX_DEPTH) and warn:
        warn(f"HTML nested deeper than {MAX_DEPTH} levels was flattened")
    index = TagIndex(tree)  # one walk finds the elements for every pass below
    repair_lists(tree, index)
    if cap_nesting(tree, index=index) and warn:
        warn(f"quotes and lists nested deeper than {MARKDOWN_NESTING} levels were unnested")
    marks_into_links(tree, index)
    merge_code_runs(tree, index)
    unwrap_numbered_code(tree, dropped, index)
    move_captions(tree, index)
    base = document_base(tree, index) or base_url
    if base:
        resolve_urls(tree, base, index)
    unwrap_page_pres(tree, index)
    drop_spaces_before_pre_breaks(tree, index)
    try:
        converter = HtmlToMarkdown(bullet, dropped=dropped)
        converter.keep_comments = frozenset(k.strip().lower() for k in keep_comments)
        return converter.convert_root(tree)
    except RecursionError:
        if warn:
            warn("HTML too deeply nested; converted as plain text")
        return flat_text(tree)
