"""The output guard: every word a reader saw is still there, unless a filter said it removed it.

Before the cleaning filters run, the guard takes the text of the body as a
reader would see it (the HTML's visible text, the Markdown as rendered, the
plain text as it is) and of the front matter. After the chain, it renders
the output back to HTML and takes its text the same way. Letters and digits
missing from the output that no filter logged as removed mean the chain lost
text it had no reason to lose: the file is not written.

Letters are counted, not compared in order: a filter may move text (a title
into the front matter) without losing it, and a removal may cut a word the
page had glued to its neighbour (`A<font color=#fefefe>Mark.com</font>`).

Authored Markdown is held to more than its words: its HTML comments
(`<!-- more -->`), template tags, raw HTML elements, and link and image
targets are what the site generator reads. Each of them missing from the
output must lie in text a filter cut or a value it rewrote.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from normalize.document import Document, Kind, shorten
from normalize.errors import InputError

_CJK = (
    "\u2e80-\u2fff\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)


@cache
def _words() -> re.Pattern[str]:
    """A word, a CJK character being one of its own. Compiled when a loss is reported: its
    wide CJK ranges take milliseconds to compile, which a run without a loss need not spend."""
    return re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")


_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S*", re.I)  # unproxy rewrites them; not words
# Elements whose text a reader does not see (fallback content included).
_UNSEEN = (
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",  # shown in the browser's tab, wherever a broken page puts it
    "iframe",
    "object",
    "canvas",
    "annotation",
    "annotation-xml",
)
SHOWN_MISSING = 8  # missing words named in the error
# Past this many characters, a page's text is read as it is parsed, so that no tree of
# the whole page is held (the tree costs some twelve bytes per byte of HTML).
STREAM_OVER = 1_000_000
_FEED = 1 << 16


class LossError(InputError):
    """The output lacks text of the input that no filter removed on purpose."""


@dataclass
class Snapshot:
    """A document before the cleaning filters: its body, and its front matter's text."""

    body: str
    kind: str | None
    metadata: str  # repr of the front matter
    metadata_text: list[str]

    def text(self, doc: Document) -> str:
        """What a reader saw; worked out only when the output differs (read off the doc
        when a filter that parsed this very body said)."""
        known = doc.seen_text
        seen = known[1] if known and known[0] is self.body else body_text(self.body, self.kind)
        return "\n".join([seen, *self.metadata_text])


def snapshot(doc: Document) -> Snapshot:
    metadata_text = list(metadata_strings(doc.metadata))
    return Snapshot(doc.body or "", doc.kind, repr(doc.metadata), metadata_text)


def check(
    before: Snapshot, doc: Document, output_body: str, output_kind: str = Kind.MARKDOWN
) -> None:
    """Raise LossError naming the first words of `before` that `output_body` lost."""
    if output_body == before.body and repr(doc.metadata) == before.metadata:
        return  # nothing changed, nothing lost
    after = "\n".join([output_text(output_body, output_kind), *metadata_strings(doc.metadata)])
    removed = "\n".join(change.removed for change in doc.changes if change.removed)
    seen = before.text(doc)
    if before.kind == Kind.MARKDOWN:
        _check_markup(before.body, output_body, doc)
    kept = f"{after}\n{removed}"
    if not letters_missing(seen, kept):
        return
    missing = letters(seen) - letters(after) - letters(removed)
    if not missing:
        return
    total = sum(missing.values())
    named = _first_missing(seen, kept, missing)
    where = _where(seen, after, removed, missing)
    raise LossError(
        f"the output would lose {total} letter{'s' * (total != 1)} no filter removed on purpose "
        f"(first: {named}{f', in “{where}”' if where else ''}); "
        "not written (--fast skips this check)"
    )


def _where(before: str, after: str, removed: str, missing: Counter[str]) -> str:
    """The input's words around the first place the output lacks, skipping logged removals."""
    from difflib import SequenceMatcher

    spans = [(m.start(), m.end()) for m in _words().finditer(before)]
    old = [before[a:b].casefold() for a, b in spans]
    new = [w.casefold() for w in _words().findall(after)]
    on_purpose = Counter(w.casefold() for w in _words().findall(removed))
    for tag, i1, i2, _, _ in SequenceMatcher(None, old, new).get_opcodes():
        if tag not in ("delete", "replace"):
            continue
        for index in range(i1, i2):
            if on_purpose[old[index]] > 0:
                on_purpose[old[index]] -= 1
            elif letters(old[index]) & missing:
                start = spans[max(index - 6, 0)][0]
                end = spans[min(index + 6, len(spans) - 1)][1]
                return shorten(" ".join(before[start:end].split()))
    return ""


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ELEMENT = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
_TARGET = re.compile(r'(?:href|src)="([^"]*)"')


def markup(body: str) -> Counter[str]:
    """What a site generator reads in a Markdown body besides its words."""
    from normalize.commonmark import render
    from normalize.markup.code import TEMPLATE

    found: Counter[str] = Counter()
    found.update(f"comment {' '.join(c.split())}" for c in _COMMENT.findall(body))
    found.update(f"template tag {' '.join(t.split())}" for t in TEMPLATE.findall(body))
    found.update(f"<{name.lower()}> element" for name in _ELEMENT.findall(_COMMENT.sub("", body)))
    found.update(f"link or image {html.unescape(url)}" for url in _TARGET.findall(render(body)))
    return found


def _check_markup(before: str, after: str, doc: Document) -> None:
    missing = markup(before) - markup(after)
    if not missing:
        return
    cut = "\n".join([*doc.edited_away, *(c.removed or c.replaced for c in doc.changes)])
    excused = markup(cut)
    rewritten = {c.replaced for c in doc.changes if c.replaced}
    lost = [
        item
        for item in missing
        if item not in excused and item.removeprefix("link or image ") not in rewritten
    ]
    if lost:
        raise LossError(
            f"the output would lose {len(lost)} thing{'s' * (len(lost) != 1)} of the post's "
            f"markup no filter removed on purpose ({'; '.join(shorten(i) for i in lost[:3])}); "
            "not written (--fast skips this check)"
        )


def letters(text: str) -> Counter[str]:
    """How often each letter and digit of `text` occurs, case folded."""
    # Counting every character, then folding and sorting out the few distinct ones,
    # costs less than folding the text and cutting the rest out of it first. (Case
    # folding goes character by character; isalnum is re's \w less `_`.)
    found: Counter[str] = Counter()
    for char, count in Counter(text).items():
        for folded in char.casefold():
            if folded.isalnum():
                found[folded] += count
    return found


def letters_missing(before: str, after: str) -> bool:
    """Whether `before` has a letter or digit more often than `after`, case folded.

    The same answer as `letters(before) - letters(after)`, at a fraction of the
    cost. The words the two texts share (split at white space, which holds no
    letter) weigh the same on both sides, so only the words left over are
    counted: those `before` has more of, against those `after` has more of.
    Those are folded and counted in C, and only the few characters the first
    has more of are tested.
    """
    need, have = Counter(before.split()), Counter(after.split())
    short = need - have
    if not short:  # most often: nothing to count
        return False
    spare = have - need
    left = Counter(" ".join(spare.elements()).casefold())
    more = [c for c, n in Counter(" ".join(short.elements()).casefold()).items() if n > left[c]]
    return any(char.isalnum() for char in more)


def body_text(body: str, kind: str | None) -> str:
    if kind == Kind.HTML:
        return visible_text(body)
    if kind == Kind.MARKDOWN:
        from normalize.commonmark import render

        return visible_text(render(body))
    return body


def output_text(body: str, kind: str | None) -> str:
    """What a reader sees of the output: its links were made safe, so the fast renderer reads it."""
    if kind == Kind.MARKDOWN:
        from normalize.commonmark import render_text

        # A big output is rendered a part at a time: the parser's tree of a whole
        # big page costs more than everything else the guard holds.
        return " ".join(visible_text(render_text(part)) for part in markdown_parts(body))
    return body_text(body, kind)


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def markdown_parts(text: str, size: int = STREAM_OVER // 2) -> Iterator[str]:
    """`text` in parts of about `size` characters, cut only at a blank line outside a
    code fence and before a line that starts at the margin (no block goes on across it)."""
    if len(text) <= size:
        yield text
        return
    lines = text.splitlines(keepends=True)
    start = length = 0
    fence = ""
    for number, line in enumerate(lines):
        opening = _FENCE.match(line)
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence = "" if fence else opening.group(1)
        length += len(line)
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if length >= size and not fence and not line.strip() and following[:1].strip():
            yield "".join(lines[start : number + 1])
            start, length = number + 1, 0
    if start < len(lines):
        yield "".join(lines[start:])


def metadata_strings(value: Any) -> Iterator[str]:
    """Every string (and date, number) in the front matter; keys and URLs left out."""
    if value is None:
        return
    if isinstance(value, dict):
        for item in value.values():
            yield from metadata_strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from metadata_strings(item)
    else:
        yield _URL.sub(" ", str(value))


def visible_text(html: str) -> str:
    """The text of `html` a reader sees, its pieces joined by spaces (letters are what count)."""
    if not html.strip():
        return ""
    if len(html) > STREAM_OVER:
        return _streamed_text(html)
    from lxml import etree

    # Bytes, so an encoding declaration in the text does not stop lxml. Plain lxml
    # elements: lxml.html's element classes cost a Python call per element, for nothing here.
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(html.encode("utf-8", "surrogatepass"), parser)
    except (etree.ParserError, ValueError):
        return ""
    if root is None:  # no document at all
        return ""
    etree.strip_elements(root, *_UNSEEN, with_tail=False)
    return " ".join(root.itertext())


def parsed_page_text(root: Any) -> str | None:
    """`visible_text` of a page already parsed into plain lxml elements (comments kept, what
    follows its body moved in); None when it has no body."""
    from lxml import etree

    body = root.find("body")
    if body is None:
        return None
    # What a reader does not see stands aside while the text is read, a comment holding
    # its tail in its place, and is put back: the tree is left as it was.
    unseen = [
        e for e in body.iter(*_UNSEEN) if not any(a.tag in _UNSEEN for a in e.iterancestors())
    ]
    stand_ins = []
    for element in unseen:
        stand_in = etree.Comment()
        stand_in.tail = element.tail
        element.getparent().replace(element, stand_in)
        stand_ins.append((element, stand_in))
    try:
        beside = [root.text, *(child.tail for child in root)]  # text around <head> and <body>
        return " ".join([*filter(None, beside), *body.itertext()])
    finally:
        for element, stand_in in reversed(stand_ins):
            stand_in.getparent().replace(stand_in, element)


def _streamed_text(html: str) -> str:
    """`visible_text` of a big page, read while lxml parses it: each text is taken once the
    parser is past it, in document order, and each element dropped once it is done."""
    from lxml import etree

    parser = etree.HTMLPullParser(
        events=("start", "end"), encoding="utf-8", remove_comments=True, remove_pis=True
    )
    reader = _TextReader()
    data = html.encode("utf-8", "surrogatepass")
    for start in range(0, len(data), _FEED):
        parser.feed(data[start : start + _FEED])
        reader.read(parser.read_events())
    root = parser.close()
    reader.read(parser.read_events())
    if root is not None:  # what a broken page has after its end, put in after its events
        etree.strip_elements(root, *_UNSEEN, with_tail=False)
        reader.pieces += [text for text in root.itertext() if text]
    return " ".join(reader.pieces)


class _TextReader:
    """The texts of a page as its parser's events come, as `visible_text` joins them."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.unseen = 0  # how many open elements hide their text
        self.glue = False  # the next text closes up on the last (an unseen element went between)
        self.glue_after = False  # the text before the open unseen element was taken

    def read(self, events: Any) -> None:
        for event, element in events:
            if event == "start":
                self._start(element)
            else:
                self._end(element)

    def _start(self, element: Any) -> None:
        # What came before the tag is complete: the text of the parent opening it, or
        # the tail of the sibling before it, which is done with and goes.
        before, parent = element.getprevious(), element.getparent()
        if before is not None:
            took = self._take(before.tail)
            if parent is not None:
                parent.remove(before)
        else:
            took = parent is not None and self._take(parent.text)
            if parent is not None:
                parent.text = None  # taken: what is left once the page ends was never read
        if element.tag in _UNSEEN:
            if not self.unseen:
                self.glue_after = took
            self.unseen += 1

    def _end(self, element: Any) -> None:
        if len(element):
            self._take(element[-1].tail)
            del element[:]
        else:
            self._take(element.text)
            element.text = None
        if element.tag in _UNSEEN:
            self.unseen -= 1
            # Removing it joins the text around it, as lxml's strip_elements does.
            self.glue = not self.unseen and self.glue_after

    def _take(self, text: str | None) -> bool:
        if self.unseen:
            return False
        glue, self.glue = self.glue, False
        if not text:
            return False
        if glue:
            self.pieces[-1] += text
        else:
            self.pieces.append(text)
        return True


def _first_missing(before: str, after: str, missing: Counter[str]) -> str:
    """The first words gone from the output, or else the letters missing."""
    kept = {word.casefold() for word in _words().findall(after)}
    gone = [w for w in dict.fromkeys(_words().findall(before)) if w.casefold() not in kept]
    if gone:
        return " ".join(gone[:SHOWN_MISSING])
    return " ".join(sorted(missing)[:SHOWN_MISSING])
