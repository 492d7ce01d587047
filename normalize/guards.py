"""Inputs that are not dumps at all, refused before any work with a clear reason."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from normalize.errors import InputError, TimeLimitExceeded

# Magic numbers of the files most often renamed or mistaken for text.
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP, WAV or AVI)"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a docx/xlsx/epub)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"SQLite format 3\x00", "an SQLite database"),
]
_SAMPLE = 4096


def check_bytes(raw: bytes) -> None:
    """Raise InputError for a file that holds binary data, not text.

    An empty file, or one of white space only, is text with nothing to do: the
    pipeline passes it through (see sniff.nothing_to_clean).
    """
    if not raw.strip():
        return
    for magic, what in _MAGIC:
        if raw.startswith(magic) and not _is_text_anyway(raw, magic):
            raise InputError(f"binary file: {what}")
    sample = raw[:_SAMPLE]
    if not raw.strip(b"\x00"):
        raise InputError("binary file: only NUL bytes")
    if b"\x00" in sample and not _looks_like_wide_text(sample):
        raise InputError("binary file: NUL bytes in what should be text")


def _is_text_anyway(raw: bytes, magic: bytes) -> bool:
    # "MZ", "BZh" and "RIFF" are also how a text file may begin; those have no NUL bytes.
    return magic in (b"MZ", b"BZh", b"RIFF") and b"\x00" not in raw[:_SAMPLE]


# Where the characters of real text live: ASCII, Latin, general punctuation, CJK, kana, Hangul.
_PLAUSIBLE = (
    "[\t\n\r\x20-\x7e\u00a0-\u024f\u0370-\u04ff\u2000-\u206f\u2190-\u27ff"
    "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef\ufeff]"
)


def _looks_like_wide_text(sample: bytes) -> bool:
    """UTF-16 or UTF-32 text, with or without a BOM: decodes to characters real text uses."""
    for codec, width in (("utf-16-le", 2), ("utf-16-be", 2), ("utf-32-le", 4), ("utf-32-be", 4)):
        try:
            text = sample[: len(sample) - len(sample) % width].decode(codec)
        except UnicodeDecodeError:
            continue
        # Compiled here, not at import: a character class this wide takes milliseconds.
        if text and len(re.findall(_PLAUSIBLE, text)) >= 0.95 * len(text):
            return True
    return False


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop one pathological input after `seconds` (0: no limit).

    Uses SIGALRM, so it works in the main thread of a process (the CLI and its
    workers); elsewhere, and on systems without it, there is no limit. The
    alarm raises TimeLimitExceeded, which `except Exception` does not catch;
    should code in the chain swallow it anyway, it is raised again when the
    block ends, so a file past its time never counts as done.
    """
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    message = f"took longer than {seconds:g} s (--timeout); stopped"
    expired = False

    def expire(signum: int, frame: object) -> None:
        nonlocal expired
        expired = True
        raise TimeLimitExceeded(message)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:  # the alarm went off and something on the way swallowed it
        raise TimeLimitExceeded(message)
