"""Plain-text dumps: a title line, then one escaped paragraph per line."""

from __future__ import annotations

import re

from normalize.convert.escaping import escape_text_line

_SENTENCE_END = tuple("。.!?;:：，,！？；…、")
_CODE_LIKE = re.compile(
    r"[{};]\s*$|->|=>|::|\(\)|</?\w+>|^\s*(?:#include|def |class |import |from \S+ import|"
    r"function\b|return\b|public |private |var |let |const )|\w+\s*[=!<>]=|[^=]=[^=]"
)


def looks_like_title(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 150 and not line.endswith(_SENTENCE_END) and not _CODE_LIKE.search(line)


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A date as blogs print it: "March 31, 2015", "31 March 2015", "2015-03-31", "2015年3月31日".
DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)"
)
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)"
_POSTED = r"(?:(?:posted|published)(?:\s+on)?:?\s+|(?:发布|发表)于[:：]?\s*)"
_BYLINE = r"(?:\s+by\s+[^\s.,;!?][^.;!?]{0,40})"
# A post's date line: a Blogger date header ("Tuesday, March 31, 2015"), a theme's
# "Posted on March 31, 2015 by NAME", or WordPress's published and updated dates glued.
_DATELINE = re.compile(
    rf"{_POSTED}?{_WEEKDAY}?{DATE}(?:\s*(?:星期|周)[一二三四五六日天])?(?:{DATE})?{_BYLINE}?",
    re.IGNORECASE,
)
# Two dates printed with nothing between them: a theme's published and updated dates.
DOUBLED_DATE = re.compile(
    rf"(?P<lead>{_POSTED}?)(?P<first>{DATE})(?P<second>{DATE})(?P<tail>{_BYLINE}?)", re.IGNORECASE
)


def is_dateline(line: str) -> bool:
    """True when `line` says only when a post was published (and maybe by whom)."""
    return bool(_DATELINE.fullmatch(line.strip()))


def split_title(text: str) -> tuple[str | None, str]:
    """The title line when one is found, and the rest of the text.

    A title is the first line, followed by a blank line and more text. A
    post's date line above it (`Tuesday, March 31, 2015`, `Posted on March
    31, 2015`) is skipped, and then the title need not be followed by a blank
    line; a date line right below the first line marks it as the title too.
    The date line stays in the text.
    """
    lines = text.splitlines()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 2:
        return None, text
    first = filled[0]
    if is_dateline(lines[first]):
        if len(filled) < 3 or not looks_like_title(lines[filled[1]]):
            return None, text
        return _take(lines, filled[1])
    if not looks_like_title(lines[first]):
        return None, text
    if len(filled) >= 3 and is_dateline(lines[filled[1]]):
        return _take(lines, first)
    if lines[first + 1].strip():
        return None, text
    return lines[first].strip(), "\n".join(lines[first + 1 :])


def _take(lines: list[str], index: int) -> tuple[str, str]:
    """Line `index` as the title, and the other lines."""
    return lines[index].strip(), "\n".join(lines[:index] + lines[index + 1 :])


def text_to_markdown(text: str) -> str:
    """Plain text, one paragraph per non-blank line, escaped where needed."""
    paragraphs = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            paragraphs.append(escape_text_line(line))
    return "\n\n".join(paragraphs)
