"""Remove page chrome: menus, share bars, "Recent Posts" blocks, jammers, page headers and footers.

A dump of a whole web page carries the site's chrome around the article
(Wix's "top of page", WordPress's "Share this:", Blogger's archive tree).
The rules are data, per platform (rules/boilerplate.toml), and a platform's
rules apply only to a page that shows the platform's signs. Lines are
matched whole; a trailing block ("Recent Posts" and what follows) is cut
only when it starts in the last part of the page. When unsure, keep.

A saved HTML page is the `article` filter's: it keeps the page's article.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from normalize.convert.plaintext import DOUBLED_DATE, is_dateline, looks_like_title
from normalize.document import Document, Kind, Stage
from normalize.errors import ConfigError
from normalize.filters.base import Filter
from normalize.markup.code import code_lines
from normalize.rules import load_rules

_QUOTE = re.compile(r"^(?:>\s*)+")
_LIST_MARK = re.compile(r"^(?:[*+\-•·]|\d+[.)])\s+")
_HEADING = re.compile(r"^#{1,6}\s+")
_REF_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*\S")
_REF_USE = re.compile(r"\[([^\]]*)\]\[([^\]]*)\]|\[([^\]]+)\](?![(:\[])")
_ELLIPSIS = ("...", "…")
TEASER_TITLE_MAX = 150  # a teaser's title line is short
SITE_NAME_MAX = 60  # what may stand above a teaser block: the site's name
HEADER_LINES_MAX = 2  # above a teaser block or a menu: the site's name and its tagline
MASTHEAD_LINES_MAX = 8  # above a post's date line: name, tagline, a menu
_MENU_SEPARATOR = re.compile(r"\s*[|·•/]\s*|\s{2,}")
# Searched for before a body is cut into lines: a year with a second date glued to it.
# It opens with one digit (`\d\d{3}`, not `\d{4}`) and is case-blind only in the month's
# name: so the search looks for it only at digits, not at every character.
_DOUBLED_DATE_HINT = re.compile(
    r"\d\d{3}(?:(?:\d{1,2}\s+)?(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\d{4})"
)

# Where a line's text may start once line_text has taken off its quote, list and heading
# marks and emphasis: a whole-line rule is looked for only there. Searched for in the text
# after a newline, it opens with a character, which a search finds at C speed; `^` would be
# tried at every character.
_LINE_START = r"\n[\W\d_]*"
# A link or image, its text in group 1. The quick search takes the text from after the
# bracket (an image's `!` stays: it is no letter, and a pattern that opens with the
# optional `!` is tried at every character); line_text takes the `!` too.
_LINK_TEXT = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_LINK = re.compile("!?" + _LINK_TEXT.pattern)


def line_text(line: str) -> str:
    """What a line says, without Markdown: list marker, heading, quote, emphasis, link syntax."""
    text = _QUOTE.sub("", line.strip())
    text = _LIST_MARK.sub("", text)
    text = _strip_closing_hashes(_HEADING.sub("", text))
    text = _LINK.sub(r"\1", text)
    text = text.strip().strip("*_").strip()
    return " ".join(text.split())


def _strip_closing_hashes(text: str) -> str:
    """ATX closing sequence: "## Title ##" reads "Title" (no regex: long space runs stay linear)."""
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        return bare.rstrip()
    return text


def _key(text: str) -> str:
    return text.replace("…", "...").casefold()


def _compile(patterns: list[str], where: str, flags: int = re.I) -> list[re.Pattern[str]]:
    try:
        return [re.compile(p, flags) for p in patterns]
    except re.error as exc:
        raise ConfigError(f"boilerplate: bad pattern in {where}: {exc}") from exc


@dataclass
class Platform:
    """One platform's chrome rules (see rules/boilerplate.toml)."""

    name: str
    signs: list[re.Pattern[str]] = field(default_factory=list)
    lines: set[str] = field(default_factory=set)
    patterns: list[re.Pattern[str]] = field(default_factory=list)
    trailing: list[re.Pattern[str]] = field(default_factory=list)
    header: list[tuple[re.Pattern[str], re.Pattern[str]]] = field(default_factory=list)
    glued: list[str] = field(default_factory=list)
    inline: list[re.Pattern[str]] = field(default_factory=list)
    menu: set[str] = field(default_factory=set)
    teasers: bool = False
    edges_only: bool = False
    masthead: bool = False

    @classmethod
    def from_table(cls, name: str, table: dict[str, Any]) -> Platform:
        header = [tuple(_compile(pair, f"{name}.header")) for pair in table.get("header", [])]
        inline = _compile(table.get("inline", []), f"{name}.inline", flags=0)
        return cls(
            name=name,
            signs=_compile(table.get("signs", []), f"{name}.signs", flags=0),
            lines={_key(line) for line in table.get("lines", [])},
            patterns=_compile(table.get("patterns", []), f"{name}.patterns"),
            trailing=_compile(table.get("trailing", []), f"{name}.trailing"),
            header=header,  # type: ignore[arg-type]
            glued=[g.casefold() for g in table.get("glued", [])],
            inline=inline,
            menu={_key(item) for item in table.get("menu", [])},
            teasers=bool(table.get("teasers", False)),
            edges_only=bool(table.get("edges_only", False)),
            masthead=bool(table.get("masthead", False)),
        )


class Page:
    """The body as lines, with what has been removed so far."""

    def __init__(self, body: str, markdown: bool) -> None:
        self.lines: list[str | None] = list(body.split("\n"))
        self.code = code_lines(body) if markdown else set()
        self.texts = [
            None if i in self.code else line_text(line) for i, line in enumerate(body.split("\n"))
        ]
        self.starts = []
        offset = 0
        for line in body.split("\n"):
            self.starts.append(offset)
            offset += len(line) + 1
        self.size = max(offset - 1, 1)
        self.ends_with_newline = body.endswith("\n")

    def prose(self) -> list[int]:
        """Indexes of the lines still there and not code."""
        return [i for i, line in enumerate(self.lines) if line is not None and i not in self.code]

    def position(self, index: int) -> float:
        """Where line `index` starts, as a fraction of the page."""
        return self.starts[index] / self.size

    def replace(self, index: int, line: str) -> None:
        self.lines[index] = line
        self.texts[index] = line_text(line)

    def remove(self, index: int) -> str:
        line = self.lines[index] or ""
        self.lines[index] = None
        return line

    def text(self) -> str:
        """The lines left, without the blank lines that removals stacked up."""
        out: list[str] = []
        gap = False
        for line in self.lines:
            if line is None:
                gap = True
                continue
            if not line.strip() and gap and (not out or not out[-1].strip()):
                continue
            out.append(line)
            gap = False
        if None in self.lines[: self._first_filled()]:
            while out and not out[0].strip():
                out.pop(0)  # chrome opened the page: no blank lines before the article
        if self.lines[-1] is None:
            while out and not out[-1].strip():
                out.pop()  # chrome closed the page: no blank lines after the article
        text = "\n".join(out)
        if self.ends_with_newline and text and not text.endswith("\n"):
            text += "\n"
        return text

    def _first_filled(self) -> int:
        return next(
            (i for i, line in enumerate(self.lines) if line and line.strip()), len(self.lines)
        )


class BoilerplateFilter(Filter):
    name = "boilerplate"
    # At the HTML stage a text or Markdown body is still a string: its lines are cleaned
    # before conversion.
    stage = Stage.HTML
    priority = 10
    # HTML converted to Markdown gets the line rules too, as a second run would give them.
    also = (Stage.MARKDOWN,)
    description = "Remove page chrome (menus, share bars, Recent Posts, page header and footer)."
    defaults = {
        "platforms": sorted(
            load_rules("boilerplate")
        ),  # rule sets in use; leave one out to switch it off
        "lines": [],  # more lines that are chrome wherever they stand
        "patterns": [],  # more regexes for whole chrome lines
        "trailing": [],  # more regexes for lines that start a trailing block
        "menu": [],  # more menu items (a run of them opening a page is its menu)
        # A trailing block must start in this last part of the page, a header in this first part.
        "edge": 0.4,
    }

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        tables = load_rules("boilerplate")
        unknown = [name for name in self.options["platforms"] if name not in tables]
        if unknown:
            raise ConfigError(
                f"boilerplate: unknown platform {unknown[0]!r} (known: {', '.join(sorted(tables))})"
            )
        self.platforms = [Platform.from_table(n, tables[n]) for n in self.options["platforms"]]
        self.platforms.append(
            Platform.from_table(
                "config",
                {k: self.options[k] for k in ("lines", "patterns", "trailing", "menu")},
            )
        )
        self.hints = _hints(tables, self.options)

    def run(self, doc: Document) -> None:
        if doc.stage == Stage.MARKDOWN and doc.read_as != Kind.HTML:
            return  # a dump read as text or Markdown had its lines cleaned before conversion
        if doc.tree is not None:
            return  # a saved page is the article filter's
        if doc.kind not in (Kind.TEXT, Kind.MARKDOWN) or not doc.body:
            return
        if not self.hints.found_in(_LINK_TEXT.sub(r"\1", doc.body)):
            return  # no rule's words anywhere: no line to look at
        page = Page(doc.body, markdown=doc.kind == Kind.MARKDOWN)
        active = [p for p in self.platforms if self._applies(p, page)]
        self._doubled_dates(doc, page)  # after the signs are read: a doubled date is one
        for platform in active:
            self._inline(doc, page, platform)
        for platform in active:
            self._header(doc, page, platform)
            if platform.teasers:
                self._teasers(doc, page, platform)
        if not doc.authored:
            # A page's top, in a dump read as text: a person's Markdown may open as it likes.
            self._menu(doc, page, active)
            for platform in active:
                if platform.masthead:
                    self._masthead(doc, page, platform)
        self._trailing(doc, page, active)
        if any(platform.signs for platform in active):
            self._title_headings(doc, page)
        for platform in active:
            self._lines(doc, page, platform)
        for platform in active:
            self._glued(doc, page, platform)
        text = page.text()
        if text != doc.body:
            doc.body = text

    def _applies(self, platform: Platform, page: Page) -> bool:
        if not platform.signs:
            return True
        last = [page.lines[i] or "" for i in page.prose() if (page.lines[i] or "").strip()][-1:]
        if last and any(last[0].strip().casefold().endswith(g) for g in platform.glued):
            return True
        return any(
            sign.fullmatch(page.texts[i] or "") for i in page.prose() for sign in platform.signs
        )

    def _inline(self, doc: Document, page: Page, platform: Platform) -> None:
        """Jammers inside lines; a line left with nothing but punctuation goes."""
        for i in page.prose():
            line = page.lines[i] or ""
            new = line
            for pattern in platform.inline:
                new = self._cut_jammers(doc, platform, pattern, new)
            if new == line:
                continue
            if re.search(r"\w", new):
                page.replace(i, new)
            else:
                page.remove(i)

    def _cut_jammers(
        self, doc: Document, platform: Platform, pattern: re.Pattern[str], line: str
    ) -> str:
        """`line` without the jammers `pattern` finds, except inside code spans (quoted, not spliced)."""
        from normalize.markup.code import inline_code_spans

        code = inline_code_spans(line) if "`" in line else []
        pieces, cursor = [], 0
        for match in pattern.finditer(line):
            if any(start < match.end() and match.start() < end for start, end in code):
                continue
            self.log_removal(doc, f"{platform.name}: jammer", match.group(0).strip())
            pieces.append(line[cursor : match.start()])
            cursor = match.end()
        return "".join(pieces) + line[cursor:] if pieces else line

    def _header(self, doc: Document, page: Page, platform: Platform) -> None:
        """A header near the top: from a start line to an end line, both in the first part."""
        head = self.options["edge"]
        for start_re, end_re in platform.header:
            lines = [i for i in page.prose() if page.position(i) <= head]
            starts = [i for i in lines if start_re.fullmatch(page.texts[i] or "")]
            if not starts:
                continue
            ends = [i for i in lines if i > starts[0] and end_re.fullmatch(page.texts[i] or "")]
            if not ends:
                continue
            removed = [
                page.remove(i) for i in range(starts[0], ends[0] + 1) if page.lines[i] is not None
            ]
            self.log_removal(
                doc,
                f"{platform.name}: header",
                "\n".join(removed),
                f"{removed[0].strip()} … ({len(removed)} lines)",
            )

    def _teasers(self, doc: Document, page: Page, platform: Platform) -> None:
        """A page that opens with "title / snippet..." pairs: that is a widget, not the article."""
        lines = [i for i in page.prose() if (page.lines[i] or "").strip()]
        if len(lines) < 4:
            return
        k = None
        for first in range(HEADER_LINES_MAX + 1):
            # the site's name, and its tagline, may stand above the widget
            above = [page.lines[i] for i in lines[:first]]
            if any(_is_snippet(line) or not _is_title(line) for line in above):
                break
            if first and len(page.texts[lines[0]] or "") > SITE_NAME_MAX:
                break
            k = _teaser_pairs_end(page, lines, first)
            if k is not None:
                break
        if k is None:
            return
        removed = [
            page.remove(i) for i in range(lines[0], lines[k - 1] + 1) if page.lines[i] is not None
        ]
        self.log_removal(
            doc,
            f"{platform.name}: teasers",
            "\n".join(removed),
            f"{removed[0].strip()} … ({len(removed)} lines)",
        )

    def _doubled_dates(self, doc: Document, page: Page) -> None:
        """A theme's published and updated dates glued on one line: the same date once.

        Two different dates stay as they are (which one the post should keep is
        not for a filter to guess), with a warning.
        """
        for i in page.prose():
            line = page.lines[i] or ""
            match = DOUBLED_DATE.fullmatch(line.strip())
            if match is None:
                continue
            first, second = (
                " ".join(match.group(g).split()).casefold() for g in ("first", "second")
            )
            if first != second:
                self.log(doc, "doubled date", f"two dates kept: {line.strip()}", warning=True)
                continue
            indent = line[: len(line) - len(line.lstrip())]
            end = "\r" if line.endswith("\r") else ""
            page.replace(
                i, indent + match.group("lead") + match.group("first") + match.group("tail") + end
            )
            self.log_removal(doc, "doubled date", match.group("second"))

    def _menu(self, doc: Document, page: Page, platforms: list[Platform]) -> None:
        """A run of menu items opening the page, and the site's name and tagline above it."""
        items = set().union(*(p.menu for p in platforms))
        lines = [i for i in page.prose() if (page.lines[i] or "").strip()]
        for start in range(min(HEADER_LINES_MAX, len(lines)) + 1):
            run = 0
            while start + run < len(lines) and _is_menu(
                page.texts[lines[start + run]] or "", items
            ):
                run += 1
            if run == 0:
                continue
            count = sum(_menu_items(page.texts[lines[start + j]] or "", items) for j in range(run))
            if count < 2:
                return  # one "Home" alone may be the article's
            above = lines[:start]
            if any(not _is_site_name(page.texts[i] or "") for i in above):
                self.log(doc, "menu", f"kept {len(above)} lines above the menu", warning=True)
                above = []
            removed = [page.remove(i) for i in above + lines[start : start + run]]
            self.log_removal(
                doc, "menu", "\n".join(removed), f"{removed[0].strip()} … ({len(removed)} lines)"
            )
            return

    def _masthead(self, doc: Document, page: Page, platform: Platform) -> None:
        """The blog's name, tagline and menu: the short lines above the post's date line.

        Only near the top, and only when a title-like line follows the date, which
        is what shows the date heads the post. A long line or a sentence above it
        may be the article's: then nothing goes, with a warning.
        """
        lines = [i for i in page.prose() if (page.lines[i] or "").strip()]
        for k, i in enumerate(lines[: MASTHEAD_LINES_MAX + 1]):
            if page.position(i) > self.options["edge"]:
                return
            if not is_dateline(page.lines[i] or ""):
                continue
            if (
                k == 0
                or k + 2 >= len(lines)
                or not looks_like_title(page.lines[lines[k + 1]] or "")
            ):
                return
            above = lines[:k]
            if not all(_is_site_name(page.texts[j] or "") for j in above):
                self.log(
                    doc,
                    f"{platform.name}: masthead",
                    f"kept {len(above)} lines above the date line",
                    warning=True,
                )
                return
            removed = [page.remove(j) for j in above]
            self.log_removal(
                doc,
                f"{platform.name}: masthead",
                "\n".join(removed),
                f"{removed[0].strip()} … ({len(removed)} lines)",
            )
            return

    def _trailing(self, doc: Document, page: Page, platforms: list[Platform]) -> None:
        """From the first trailing marker in the last part of the page to the end."""
        tail_start = 1 - self.options["edge"]
        for i in page.prose():
            if page.position(i) < tail_start:
                continue
            text = page.texts[i] or ""
            platform = next(
                (p for p in platforms if any(t.fullmatch(text) for t in p.trailing)), None
            )
            if platform is None:
                continue
            block = [j for j in range(i, len(page.lines)) if page.lines[j] is not None]
            kept = "\n".join(page.lines[j] or "" for j in range(i) if page.lines[j] is not None)
            used = _references(kept)
            removed = []
            for j in block:
                definition = _REF_DEFINITION.match(page.lines[j] or "")
                if definition and _label(definition.group(1)) in used:
                    continue  # the article still links through it
                removed.append(page.remove(j))
            self.log_removal(
                doc,
                f"{platform.name}: trailing block",
                "\n".join(removed),
                f"{text} … ({len(removed)} lines)",
            )
            return

    def _title_headings(self, doc: Document, page: Page) -> None:
        """Headings near the top of a page dump that repeat the front matter's title."""
        title = (doc.metadata or {}).get("title")
        if not isinstance(title, str) or not title.strip():
            return
        wanted = _key(" ".join(title.split()))
        for i in page.prose():
            line = page.lines[i] or ""
            if page.position(i) > self.options["edge"]:
                return
            if _HEADING.match(line.lstrip()) and _key(html.unescape(page.texts[i] or "")) == wanted:
                self.log_removal(doc, "title heading", page.remove(i).strip())

    def _lines(self, doc: Document, page: Page, platform: Platform) -> None:
        edge = self.options["edge"]
        for i in page.prose():
            text = page.texts[i]
            if not text:
                continue
            if platform.edges_only and edge < page.position(i) < 1 - edge:
                continue
            if _key(text) in platform.lines or any(p.fullmatch(text) for p in platform.patterns):
                self.log_removal(doc, f"{platform.name}: line", page.remove(i).strip())

    def _glued(self, doc: Document, page: Page, platform: Platform) -> None:
        """Chrome stuck to the end of the last line, without a newline before it."""
        filled = [i for i in page.prose() if (page.lines[i] or "").strip()]
        if not filled:
            return
        i = filled[-1]
        raw = page.lines[i] or ""
        line = raw.rstrip()
        for glued in platform.glued:
            if line.casefold().endswith(glued) and len(line) > len(glued):
                page.replace(i, line[: -len(glued)].rstrip() + ("\r" if raw.endswith("\r") else ""))
                self.log_removal(doc, f"{platform.name}: glued", glued)
                return


@dataclass
class Hints:
    """Searches that find, anywhere in a body, what any rule would need to see in a line.

    Each is looser than its rule (a search, not a whole line), so a body none of
    them finds in has nothing to remove, and is not cut into lines at all. A
    platform with signs applies only where one shows (or its glued chrome ends
    the page): its signs stand for all its rules. Words are looked for in the
    casefolded text, as the rules compare them, by case-sensitive searches: a
    case-blind one is tried at every character, a case-sensitive one only
    where its first letter is.
    """

    words: re.Pattern[str] | None  # lines and glued chrome, in the casefolded text
    menus: list[re.Pattern[str]]  # a line of menu items alone, in the casefolded text
    patterns: list[re.Pattern[str]]  # the rules' own regexes, in the text as written

    def found_in(self, readable: str) -> bool:
        readable = "\n" + readable  # the first line's start, as the others' (_LINE_START)
        folded = readable.casefold()
        if self.words and self.words.search(folded):
            return True
        return any(m.search(folded) for m in self.menus) or any(
            p.search(readable) for p in self.patterns
        )


def _hints(tables: dict[str, Any], options: dict[str, Any]) -> Hints:
    literals: list[str] = []
    menus: list[re.Pattern[str]] = []
    whole_lines: list[str] = []  # each with its own flags: one search tries them all
    anywhere: list[str] = []
    for table in [tables[name] for name in options["platforms"]] + [options]:
        literals += table.get("glued", [])
        if table.get("signs"):
            rules, flags = table["signs"], ""  # case-sensitive
        else:
            literals += table.get("lines", [])
            if table.get("menu"):
                menus.append(_menu_search(table["menu"]))
            starts = [start for start, _ in table.get("header", [])]
            rules, flags = table.get("patterns", []) + table.get("trailing", []) + starts, "i"
            anywhere += table.get("inline", [])  # jammers, inside a line
        lines, loose = _line_rules(rules, flags)
        whole_lines += lines
        anywhere += loose
    words = "|".join(
        re.escape(" ".join(_key(text).split()))
        .replace(r"\ ", r"\s+")
        .replace(r"\.\.\.", r"(?:\.\.\.|…)")
        for text in literals
    )
    patterns = [_DOUBLED_DATE_HINT, *_compile(anywhere, "hints", 0)]
    if whole_lines:
        patterns += _compile([f"{_LINE_START}(?:{'|'.join(whole_lines)})"], "hints", re.M)
    return Hints(re.compile(words) if words else None, menus, patterns)


def _line_rules(rules: list[str], flags: str) -> tuple[list[str], list[str]]:
    """Whole-line rules as searches: those to look for where a line's text may start, and
    those to look for anywhere (one that opens with `.*`, which from a line's start costs
    the line's length squared, for its rest; one that sets its own flags as it is)."""
    whole_lines: list[str] = []
    anywhere: list[str] = []
    for rule in rules:
        if _GLOBAL_FLAGS.match(rule):  # `(?x)…`: only at a pattern's start, searched alone
            anywhere.append(f"(?{flags}){rule}" if flags else rule)
        elif rule.startswith(".*"):
            anywhere.append(f"(?{flags}:{rule[2:]})" if flags else rule[2:])
        else:
            whole_lines.append(f"(?{flags}:{rule})")
    return whole_lines, anywhere


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _menu_search(items: list[str]) -> re.Pattern[str]:
    """A line made of menu items alone, as the menu rule wants it, in the casefolded text."""
    item = "|".join(re.escape(_key(item)).replace(r"\ ", r"\s+") for item in items)
    return re.compile(rf"{_LINE_START}(?:{item})(?:[\s|·•/]*(?:{item}))*[\s*_#|·•/]*$", re.M)


def _teaser_pairs_end(page: Page, lines: list[int], first: int) -> int | None:
    """Where two or more "title / snippet..." pairs from `lines[first]` end, if they are there."""
    pairs, k = 0, first
    while (
        k + 1 < len(lines)
        and _is_title(page.lines[lines[k]])
        and _is_snippet(page.lines[lines[k + 1]])
    ):
        pairs += 1
        k += 2
    return k if pairs >= 2 else None


def _menu_items(text: str, items: set[str]) -> int:
    """How many menu items `text` is made of (0: it holds something else)."""
    parts = [part for part in _MENU_SEPARATOR.split(text) if part]
    return len(parts) if parts and all(_key(part) in items for part in parts) else 0


def _is_menu(text: str, items: set[str]) -> bool:
    return _menu_items(text, items) > 0


def _is_site_name(text: str) -> bool:
    """A site's name or tagline: a short line that is not a sentence."""
    return looks_like_title(text) and not _is_snippet(text)


def _is_title(line: str | None) -> bool:
    text = (line or "").strip()
    return bool(text) and len(text) <= TEASER_TITLE_MAX and not text.endswith(_ELLIPSIS)


def _is_snippet(line: str | None) -> bool:
    return (line or "").rstrip().endswith(_ELLIPSIS)


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _references(text: str) -> set[str]:
    """Reference labels that links in `text` use."""
    used = set()
    for match in _REF_USE.finditer(text):
        full_text, full_label, shortcut = match.groups()
        if full_label:
            used.add(_label(full_label))
        elif full_text is not None:
            used.add(_label(full_text))
        elif shortcut:
            used.add(_label(shortcut))
    return used
