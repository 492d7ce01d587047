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
_DATELINE = re.compile(
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)"
    r"(?:\s*(?:星期|周)[一二三四五六日天])?",
    re.IGNORECASE,
)


def split_title(text: str) -> tuple[str | None, str]:
    """The first line as a title when it looks like one, and the rest of the text.

    A title is followed by a blank line and more text; a blog's dateline
    above it (`Tuesday, March 31, 2015`) is skipped and stays in the text.
    """
    lines = text.splitlines()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 2:
        return None, text
    first = filled[0]
    if _DATELINE.fullmatch(lines[first].strip()):
        if len(filled) < 3 or not looks_like_title(lines[filled[1]]):
            return None, text
        title = filled[1]
        return lines[title].strip(), "\n".join(lines[:title] + lines[title + 1 :])
    if lines[first + 1].strip() or not looks_like_title(lines[first]):
        return None, text
    return lines[first].strip(), "\n".join(lines[first + 1 :])


def text_to_markdown(text: str) -> str:
    """Plain text, one paragraph per non-blank line, escaped where needed."""
    paragraphs = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            paragraphs.append(escape_text_line(line))
    return "\n\n".join(paragraphs)
