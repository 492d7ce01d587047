"""Links a reader must never be able to follow: scripts and whole HTML documents in a URL;
and reading a page's URLs, malformed ones (`http://[::1`) included."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from normalize.markup.code import split_code

# Browsers ignore ASCII white space and controls inside a scheme ("java\tscript:").
_IGNORED = re.compile(r"[\x00-\x20]+")
_SCRIPT_SCHEME = re.compile(r"^(?:javascript|vbscript|livescript):", re.I)
_DATA_IMAGE = re.compile(r"^data:image/(?:png|jpe?g|gif|webp|avif|bmp)[;,]", re.I)

_TARGET_OPEN = re.compile(r"\]\(")
_AUTOLINK = re.compile(r"<((?:javascript|vbscript|livescript|data):[^<>\s]*)>", re.I)
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?.*(?:\n|$)", re.M)


def joined(base: str, link: str) -> str:
    """`link` read against `base`; a malformed one as written."""
    try:
        return urljoin(base, link)
    except ValueError:
        return link


def host_of(url: str | None) -> str | None:
    """The host of a URL; None for none, or a malformed URL."""
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None


def is_unsafe_link(url: str) -> bool:
    """javascript:, vbscript: and any data: URL: followed, they run or show a page of their own."""
    bare = _IGNORED.sub("", url)
    return bool(_SCRIPT_SCHEME.match(bare)) or bare.lower().startswith("data:")


def is_unsafe_image(url: str) -> bool:
    """As a link, but an inline picture (data:image/png, …) is only a picture."""
    bare = _IGNORED.sub("", url)
    return is_unsafe_link(bare) and not _DATA_IMAGE.match(bare)


def defuse_markdown_links(markdown: str) -> tuple[str, list[str]]:
    """Unsafe links and images reduced to their text, outside code; returns the URLs removed."""
    removed: list[str] = []
    pieces = [
        piece if is_code else _defuse_prose(piece, removed)
        for piece, is_code in split_code(markdown)
    ]
    return "".join(pieces), removed


def _defuse_prose(text: str, removed: list[str]) -> str:
    text = _defuse_inline(text, removed)

    def autolink(match: re.Match[str]) -> str:
        removed.append(match.group(1))
        return match.group(1)  # as plain text, no longer a link

    def definition(match: re.Match[str]) -> str:
        if not is_unsafe_link(match.group(1)):
            return match.group(0)
        removed.append(match.group(1))
        return ""

    return _DEFINITION.sub(definition, _AUTOLINK.sub(autolink, text))


def _defuse_inline(text: str, removed: list[str]) -> str:
    out: list[str] = []
    done = 0
    for match in _TARGET_OPEN.finditer(text):
        if match.start() < done:
            continue
        opening = _matching_bracket(text, match.start())
        closing = _matching_paren(text, match.end())
        if opening is None or closing is None:
            continue
        destination = text[match.end() : closing].strip()
        url = destination.lstrip("<").split(">")[0].split()[0] if destination else ""
        image = opening > 0 and text[opening - 1] == "!"
        if not (is_unsafe_image(url) if image else is_unsafe_link(url)):
            continue
        removed.append(url)
        start = opening - 1 if image else opening
        out.append(text[done:start])
        out.append(text[opening + 1 : match.start()])  # the link text or the image's alt
        done = closing + 1
    out.append(text[done:])
    return "".join(out)


def _matching_bracket(text: str, close: int) -> int | None:
    """Index of the `[` that the `]` at `close` ends (escapes respected)."""
    depth = 0
    for i in range(close, max(-1, close - 2000), -1):
        if i > 0 and text[i - 1] == "\\":
            continue
        if text[i] == "]":
            depth += 1
        elif text[i] == "[":
            depth -= 1
            if depth == 0:
                return i
    return None


def _matching_paren(text: str, start: int) -> int | None:
    """Index of the `)` that closes a link destination opened just before `start`."""
    depth = 1
    i = start
    while i < len(text) and i < start + 4000:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "\n" and text[i + 1 : i + 2] == "\n":
            return None
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None
