"""The `markdown` filter: an HTML tree or a plain-text dump to CommonMark (+ GFM tables).

This module stays light to import: the converter (markdownify, BeautifulSoup,
lxml) lives in `normalize.convert` and is imported when a document is
converted.
"""

from __future__ import annotations

import re
from typing import Any

from normalize.convert.plaintext import split_title, text_to_markdown
from normalize.convert.templates import shield_template_syntax
from normalize.document import Document, Kind, Stage
from normalize.filters.base import Filter
from normalize.markup.links import defuse_markdown_links

# Front-matter keys that name the page a post was saved from.
BASE_KEYS = ("link", "source", "url")


def base_url(metadata: dict[str, Any] | None) -> str | None:
    """The absolute http(s) URL the front matter names as the post's source, if any."""
    for key in BASE_KEYS:
        value = (metadata or {}).get(key)
        if isinstance(value, str) and re.match(r"^https?://[^\s/]+", value.strip(), re.I):
            return value.strip()
    return None


class MarkdownFilter(Filter):
    name = "markdown"
    stage = Stage.MARKDOWN
    priority = 0
    description = "Convert an HTML or plain-text body to CommonMark."
    # keep_comments: comments that stay, as the `ads` filter's option of the same name keeps them
    defaults = {"bullet": "-", "title_from_text": True, "keep_comments": ["more"]}

    def run(self, doc: Document) -> None:
        if doc.tree is not None:
            self.finish_html(doc, self.convert_html(doc))
        elif doc.kind == Kind.TEXT:
            text = doc.body or ""
            # Only a page dump has a title line; its chrome is what shows it is one.
            # (Markdown that happens to hold no markup must not lose its first line.)
            page_dump = doc.changed_by("boilerplate")
            if self.options["title_from_text"] and not (doc.metadata or {}).get("title"):
                title, rest = split_title(text) if page_dump else (None, text)
                if title:
                    if doc.metadata is None:
                        doc.metadata = {}
                    doc.metadata["title"] = title
                    text = rest
                    self.log(doc, "title", title)
                else:
                    # Nothing is made up: the post goes out without a title for the user to add.
                    self.log(doc, "title", "no title line found", warning=True)
            body = text_to_markdown(text)
            doc.body = shield_template_syntax(body, doc.generator) + "\n" if body else ""
            doc.kind = Kind.MARKDOWN
            self.log(doc, "text", "converted plain text to Markdown")
        elif doc.kind == Kind.MARKDOWN and doc.body:
            # Markdown written by others: its links are not converted, but never left live.
            doc.body, removed = defuse_markdown_links(doc.body)
            for url in removed:
                doc.log(self.name, "unsafe-link", url, replaced=url)

    def convert_html(self, doc: Document, base: str | None = None) -> str:
        """Markdown for `doc.tree`, without outer blank lines; the tree is done with.

        A big page is converted in pieces (see the pipeline): each piece's
        Markdown is joined as blocks are, a blank line apart, and finished
        once. `base` is the page's own `<base href>`, found on the whole page.
        """
        from normalize.convert.converter import convert_tree

        assert doc.tree is not None
        body = convert_tree(
            doc.tree,
            bullet=self.options["bullet"],
            base_url=base or base_url(doc.metadata),
            flatten=False,  # done when the pipeline parsed the page
            warn=lambda message: self.log(doc, "depth", message, warning=True),
            dropped=lambda why, text: self.log_removal(doc, why, text),
            keep_comments=self.options["keep_comments"],
        )
        doc.tree = None
        return body

    def finish_html(self, doc: Document, body: str) -> None:
        """The converted body becomes the document's Markdown."""
        doc.body = shield_template_syntax(body, doc.generator) + "\n" if body else ""
        doc.kind = Kind.MARKDOWN
        self.log(doc, "html", "converted HTML to Markdown")
