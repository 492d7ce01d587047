"""Bytes to text: find the encoding the way browsers do, then repair mojibake.

Order: byte-order mark; the user's `--encoding`; UTF-16/32 without a BOM
(recognised by their NUL bytes); ISO-2022-JP/-KR (7-bit, so valid UTF-8 too,
recognised by their escape sequences); a declaration in the first 1,024 bytes
(`<meta charset>`, http-equiv, XML declaration, a `charset:` front-matter
key); strict UTF-8; then chardet on the whole document. Labels are widened as
the WHATWG Encoding Standard does (gb2312 -> gb18030, ...), because real
pages labelled gb2312 use characters only the superset has; only there: an
ISO-8859-2 page is not read as windows-1250, nor ISO-8859-5 as windows-1251. A declaration
the bytes contradict loses to strict UTF-8.

Repairs after decoding: mojibake (UTF-8 read as cp1252/latin-1 by ftfy, UTF-8
read as GBK by an exact round trip per run), control characters and stray
BOMs, LF line endings, NFC. Damage that cannot be repaired is reported.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

from normalize.document import Document, Kind, Stage
from normalize.errors import InputError
from normalize.filters.base import Filter
from normalize.sniff import sniff

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# WHATWG label widening: decode with the superset real pages actually use.
_WIDER = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "shift_jis": "shift_jis_whatwg",
    "euc_kr": "cp949",
    "latin_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_1": "cp1252",
    "iso8859_9": "cp1254",
    "iso8859_11": "cp874",
    "tis_620": "cp874",
}

# WHATWG labels that Python's codec registry does not know.
_LABELS = {
    "x-gbk": "gbk",
    "gb_2312-80": "gb2312",
    "csgb2312": "gb2312",
    "chinese": "gb2312",
    "x-sjis": "shift_jis",
    "windows-31j": "shift_jis",
    "x-euc-jp": "euc_jp",
    "x-mac-roman": "mac_roman",
    "x-user-defined": "cp1252",
}

# Codecs that need more than one byte for some characters: chardet's word on
# these is never second-guessed by the GB2312 check below.
_MULTIBYTE = (
    "gb",
    "big5",
    "cp93",
    "cp94",
    "cp95",
    "euc",
    "shift_jis",
    "iso2022",
    "utf",
    "hz",
    "johab",
)

_PRESCAN_BYTES = 1024
# chardet is not sure below this; then a few GB2312 pairs outweigh its Latin guess.
_UNSURE = 0.5
_META_OR_XML = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""  # meta charset and http-equiv
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.I,
)
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.S)
_FRONT_MATTER = re.compile(rb"\A\s*---[ \t]*\r?\n(.*?)(?:^---|\Z)", re.S | re.M)
_FRONT_MATTER_KEY = re.compile(rb"""^(?:charset|encoding)\s*:\s*["']?([A-Za-z0-9_.:-]+)""", re.M)

# Characters no reader wants: C0 controls except tab and newline, stray BOMs, and C1
# controls (removed after the mojibake repair, which reads them as cp1252 bytes).
_C0_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_REPLACEMENT_RUN = re.compile("\ufffd+|(?:锟斤拷)+")

# A run of characters that UTF-8 bytes read as GBK could have produced. A U+FFFD
# after it is a byte the reader could not pair: the last byte of the run's last character.
# A run that opens with a Latin letter (U+0080-U+024F) is never one: GB18030 writes each
# of them from a byte UTF-8 cannot start with (0x81, 0xA1 or 0xA8), so it is not taken.
# Nor is a single character without a lost byte after it: two bytes are no East Asian
# character in UTF-8 (so the curly quotes of an English page are passed over in C).
# The run's first character opens the pattern, and what may not stand before it is looked
# behind it (two characters back): so the engine skips from one candidate to the next in
# C, not trying the pattern at every character. Groups: the run's first character, the
# rest of the run, the U+FFFD.
_GBK_RUN = re.compile(
    "([^\x00-\x7f\ufffd\u0080-\u024f])(?<![^\x00-\x7f\ufffd].)(?=[^\x00-\x7f])"
    "([^\x00-\x7f\ufffd]*)(\ufffd?)"
)
# The classes below hold wide CJK ranges, which take milliseconds each to compile: they
# are compiled when a document first needs them (a GBK-mojibake run, bytes that may be
# UTF-16), not by every run.


@cache
def _east_asian_classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What a repaired run may not hold (anything but ASCII, CJK, kana, hangul, full-width
    forms, general punctuation), and what it must hold one of (what UTF-8 mojibake read
    as GBK comes from)."""
    east_asian = "\u2000-\u206f\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    return (
        re.compile(f"[^\x00-\x7f{east_asian}]"),
        re.compile("[\u2010-\u205e\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"),
    )


@cache
def _scripts() -> tuple[re.Pattern[str], ...]:
    """What text is made of: Chinese and Japanese, or Korean (with Latin and punctuation)."""
    punctuation = "\t\n\r\x20-\x7e\u00a0-\u024f\u2000-\u206f\u3000-\u303f\uff00-\uffef"
    return (
        re.compile(f"[{punctuation}\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]"),
        re.compile(f"[{punctuation}\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"),
    )


# ISO-2022 designations: JIS X 0208 (`ESC $ @`, `ESC $ B`), JIS X 0212 (`ESC $ ( D`), GB2312
# (`ESC $ A`), KS X 1001 (`ESC $ ( C`, `ESC $ ) C`), JIS X 0201 (`ESC ( J`, `ESC ( I`).
_ISO2022_ESCAPE = re.compile(rb"\x1b(?:\$[@AB]|\$\([CD]|\$\)C|\([IJ])")
# ISO-2022-KR designates KS X 1001 to G1 once (`ESC $ ) C`) and shifts to it with SO/SI;
# iso2022_jp_2 would read those bytes as ASCII and controls.
_ISO2022_KR = b"\x1b$)C"
_ISO2022_JP_CODECS = ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2")


def _decode_shift_jis(data: Any, errors: str = "strict", /) -> tuple[str, int]:
    try:
        return bytes(data).decode("shift_jis"), len(data)
    except UnicodeDecodeError:  # Windows' extensions in use: the file was written as cp932
        return bytes(data).decode("cp932", errors), len(data)


def _find_codec(name: str) -> codecs.CodecInfo | None:
    """Shift_JIS read as JIS X 0208 maps it, as browsers show it (0x8160 is 〜 WAVE DASH,
    0x817C − MINUS SIGN, where cp932 reads ～ and －); a file that uses a pair only
    Windows' code page has (NEC, IBM rows) is read as cp932 throughout."""
    if name.replace("-", "_") != "shift_jis_whatwg":
        return None
    cp932 = codecs.lookup("cp932")
    return codecs.CodecInfo(cp932.encode, _decode_shift_jis, name="shift_jis_whatwg")


codecs.register(_find_codec)


def python_codec(label: str) -> str | None:
    """The widened Python codec for an encoding label, or None if unknown."""
    label = label.strip().lower()
    try:
        name = codecs.lookup(_LABELS.get(label, label)).name
    except LookupError:
        return None
    return _WIDER.get(name.replace("-", "_"), name)


def declared_encoding(raw: bytes) -> str | None:
    """The charset declared in the first 1,024 bytes, as browsers prescan it."""
    window = raw[:_PRESCAN_BYTES]
    label = _front_matter_label(window)
    if label is None:
        match = _META_OR_XML.search(_COMMENT.sub(b"", window))
        label = next((group for group in match.groups() if group), None) if match else None
    if label is None:
        return None
    codec = python_codec(label.decode("ascii", "replace"))
    # An ASCII-compatible prescan read the label, so the bytes are not UTF-16 (WHATWG).
    if codec and codec.startswith(("utf_16", "utf-16", "utf_32", "utf-32")):
        return "utf-8"
    return codec


def _front_matter_label(window: bytes) -> bytes | None:
    """A `charset:` or `encoding:` key, only inside a leading front-matter block."""
    block = _FRONT_MATTER.match(window)
    key = _FRONT_MATTER_KEY.search(block.group(1)) if block else None
    return key.group(1) if key else None


def iso2022_encoding(raw: bytes) -> str | None:
    """The ISO-2022 codec that reads `raw`, when it is 7-bit and holds ISO-2022 escapes.

    Its bytes are valid ASCII and UTF-8, so this comes before UTF-8, else
    the escapes would be dropped as control characters and the text lost.
    """
    if b"\x1b" not in raw or not raw.isascii() or not _ISO2022_ESCAPE.search(raw):
        return None
    codecs_ = ("iso2022_kr",) if _ISO2022_KR in raw else _ISO2022_JP_CODECS
    return next((codec for codec in codecs_ if decodes(raw, codec)), None)


def strip_bom(raw: bytes) -> tuple[bytes, str | None]:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :], codec
    return raw, None


def strict_utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decodes(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def chardet_guess(raw: bytes, max_bytes: int) -> tuple[str | None, str | None, float]:
    """chardet's label, its widened codec, and its confidence.

    chardet's own widening (`prefer_superset`) would read ISO-8859-2 as
    windows-1250 and ISO-8859-5 as windows-1251; the label is widened only as
    WHATWG widens it (python_codec).
    """
    import chardet

    result = chardet.detect(raw, max_bytes=max_bytes, prefer_superset=False)
    label = result.get("encoding")
    return label, python_codec(label) if label else None, result.get("confidence") or 0.0


def wide_encoding(raw: bytes, max_bytes: int) -> str | None:
    """UTF-16 or UTF-32 without a BOM.

    Text in an ASCII-compatible encoding has no NUL bytes; UTF-16/32 text is
    full of them, and is often valid UTF-8 too, so this must come before the
    strict UTF-8 step. chardet reads the NUL pattern (and checks both byte
    orders against the text they give).
    """
    if b"\0" not in raw[:4096]:
        return None
    _, codec, _ = chardet_guess(raw, max_bytes)
    if codec and codec.startswith(("utf_16", "utf-16", "utf_32", "utf-32")) and decodes(raw, codec):
        return codec
    # Chinese with no ASCII has few NULs, and chardet takes it for binary.
    return utf16_byte_order(raw)


def utf16_byte_order(raw: bytes) -> str | None:
    """The UTF-16 byte order under which the bytes read as text, if one clearly does.

    Read in the wrong order, CJK text scatters over the whole BMP, mixing
    ideographs, hangul and rarer blocks; in the right order it keeps to one
    script (plus Latin and punctuation).
    """
    if len(raw) < 16 or len(raw) % 2:
        return None
    le, be = (_text_share(raw, codec) for codec in ("utf-16-le", "utf-16-be"))
    if max(le, be) < 0.9 or min(le, be) > 0.6:
        return None
    return "utf-16-le" if le > be else "utf-16-be"


def _text_share(raw: bytes, codec: str) -> float:
    """How much of `raw`, decoded with `codec`, is made of characters text uses (0 if invalid)."""
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return 0.0
    return max(len(script.findall(text)) for script in _scripts()) / max(len(text), 1)


def pairs_as_gb2312(raw: bytes) -> bool:
    """Every non-ASCII byte sits in a GB2312 double-byte pair.

    A mostly English post with a few Chinese words (categories in its front
    matter) gives chardet too little to go on, and it answers cp1252. Latin
    text almost never passes this check: its accented letters stand alone,
    next to ASCII, where GB2312 needs two high bytes together.
    """
    return not raw.isascii() and decodes(raw, "gb2312")


def undo_gbk(run: str, truncated: bool = False) -> str | None:
    """`run` as it was before its UTF-8 bytes were read as GBK, or None.

    Only an exact round trip counts, and only when it is plausible both ways:
    the run has a character GB2312 lacks (mojibake is full of rare GBK
    characters; text written in GB2312 is not mojibake) and the result is
    East Asian text, or curly quotes and dashes. A `truncated` run lost the
    end of its last character, which is dropped.
    """
    if _encodes(run, "gb2312"):
        return None
    for data in _gbk_readings(run):
        try:
            fixed = codecs.getincrementaldecoder("utf-8")().decode(data, final=not truncated)
        except UnicodeDecodeError:
            continue
        if not fixed and truncated:  # the whole run was the start of the lost character
            return fixed
        not_east_asian, east_asian_or_quotes = _east_asian_classes()
        if east_asian_or_quotes.search(fixed) and not not_east_asian.search(fixed):
            return fixed
    return None


def _gbk_readings(run: str) -> list[bytes]:
    """The bytes a GBK reader could have turned into `run` (€ is A2E3, or 0x80 on Windows)."""
    try:
        readings = [run.encode("gb18030")]
        if "€" in run:
            readings.append(b"\x80".join(part.encode("gb18030") for part in run.split("€")))
    except UnicodeEncodeError:
        return []
    return readings


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def repair_gbk_mojibake(text: str) -> tuple[str, int]:
    """Text with each reversible GBK-mojibake run repaired, and how many were."""
    repaired = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal repaired
        first, rest, lost = match.groups()
        run = first + rest
        fixed = undo_gbk(run, truncated=bool(lost))
        if fixed is None:
            return match.group(0)
        repaired += 1
        return fixed + lost  # the lost character stays marked as lost

    def repair(piece: str) -> str | None:
        if _encodes(piece, "gb2312"):
            return None  # undo_gbk leaves every run GB2312 can write alone: one check for all
        return _GBK_RUN.sub(fix, piece)

    fixed = _rewritten(text, non_ascii_spans(text), repair)  # a run never crosses ASCII
    return fixed, repaired


def _rewritten(
    text: str, spans: list[tuple[int, int]], rewrite: Callable[[str], str | None]
) -> str:
    """`text` with each of its `spans` (in order, apart) replaced by what `rewrite` makes
    of it; None keeps a span as it is. Untouched, the text itself is returned."""
    pieces: list[str] = []
    done = 0
    for start, end in spans:
        new = rewrite(text[start:end])
        if new is not None:
            pieces += [text[done:start], new]
            done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


_CHUNK = 256
_BLOCK = 64 * _CHUNK


def non_ascii_spans(text: str) -> list[tuple[int, int]]:
    """Where `text`'s non-ASCII characters are: the chunks that hold any, joined up.

    The scans for mojibake and stray controls look only at non-ASCII
    characters and their neighbours; str.isascii() passes over the ASCII
    between them at memory speed, where a regex steps through it.
    """
    spans: list[tuple[int, int]] = []
    for block in range(0, len(text), _BLOCK):
        if text[block : block + _BLOCK].isascii():
            continue  # a page's scripts and markup: skipped in one test
        for start in range(block, min(block + _BLOCK, len(text)), _CHUNK):
            if text[start : start + _CHUNK].isascii():
                continue
            end = min(start + _CHUNK, len(text))
            if spans and spans[-1][1] == start:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def _found_near_non_ascii(
    pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]] | None = None
) -> bool:
    """Whether `pattern`, which needs a non-ASCII character (and may look one character
    past it, or back), matches in `text` (whose `spans`, when known)."""
    if spans is None:
        spans = non_ascii_spans(text)
    return any(pattern.search(text, start, end + 1) for start, end in spans)


def _count_in(pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]) -> int:
    """How often `pattern`, whose matches are all non-ASCII, matches in `text`."""
    return sum(len(pattern.findall(text, start, end)) for start, end in spans)


def composed(text: str) -> str:
    """`text` in Unicode's composed form (NFC), normalizing only around non-ASCII text.

    ASCII is composed already and never the second half of a composition, so
    a stretch of non-ASCII text composes on its own, together with the one
    ASCII character before it (`e` + U+0301 is `é`). On a page of mostly
    script and markup this skips megabytes that unicodedata would normalize
    in full whenever its quick check is unsure.
    """
    spans = [(max(start - 1, 0), end) for start, end in non_ascii_spans(text)]
    return _rewritten(text, spans, _nfc_unless_normalized)


def _nfc_unless_normalized(piece: str) -> str | None:
    return None if unicodedata.is_normalized("NFC", piece) else unicodedata.normalize("NFC", piece)


# Every byte but the C0 controls: what deleting them leaves of UTF-8 is its C0 controls.
_ALL_BUT_C0 = bytes(byte for byte in range(256) if not _C0_CONTROLS.match(chr(byte)))


def _has_c0_control(text: str) -> bool:
    """Whether `_C0_CONTROLS` would find anything: bytes.translate counts them in C."""
    if "\ufeff" in text:
        return True
    return bool(text.encode("utf-8", "surrogatepass").translate(None, _ALL_BUT_C0))


# The single-byte code pages whose misreading of UTF-8 ftfy undoes (its CHARMAP_ENCODINGS):
# European ones, which it also finds inside other text, and two it tries on whole texts only.
_EUROPEAN_CODE_PAGES = (
    "latin-1",
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1257",
    "iso-8859-2",
)
_WHOLE_TEXT_CODE_PAGES = ("mac_roman", "cp437")


# ftfy also reads a space, `?`, `-` or U+FFFD as a lost continuation byte. Only
# after the lead bytes of Latin-1 letters and of punctuation (Ã, Â, â) is that
# worth a look: `ß ` ending a German word is no UTF-8 for NKo.
_LOST_CONTINUATION = " ?-\ufffd"
_COMMON_LEADS = frozenset({0xC2, 0xC3, 0xE2})


@cache
def _mojibake_pair(code_pages: tuple[str, ...]) -> re.Pattern[str]:
    """A UTF-8 lead byte read with one of `code_pages`, then a continuation byte so read.

    Each character of UTF-8 read with a single-byte code page becomes such a
    pair; a lost continuation byte (above) counts after the common leads. C1
    controls (cp1252 read as latin-1) count too.

    The pattern opens with one character class (the second character is
    checked by looking back), so the regex engine skips straight to the
    characters that can start a pair instead of trying three branches at
    every position of the text.
    """
    leads: set[str] = set()
    follows: set[str] = set()
    common_leads: set[str] = set()
    for codec in code_pages:
        for byte in range(0x80, 0x100):
            try:
                char = bytes([byte]).decode(codec)
            except UnicodeDecodeError:
                char = chr(byte)  # ftfy's "sloppy" code pages read undefined bytes as latin-1
            (leads if byte >= 0xC0 else follows).add(char)
            if byte in _COMMON_LEADS:
                common_leads.add(char)
    lead_class = "".join(map(re.escape, sorted(leads)))
    follow_class = "".join(map(re.escape, sorted(follows)))
    common_class = "".join(map(re.escape, sorted(common_leads)))
    lost_class = re.escape(_LOST_CONTINUATION)
    return re.compile(
        f"[\x80-\x9f{lead_class}]"
        f"(?:(?<=[\x80-\x9f])|(?<=[{lead_class}])[{follow_class}]|(?<=[{common_class}])[{lost_class}])"
    )


def may_be_mojibake(text: str) -> bool:
    """False when ftfy's fix_encoding would certainly leave `text` as it is.

    Chinese text, curly quotes, dashes and ellipses included, has no such
    pair, and is not worth importing ftfy (40 ms) for.
    """
    if text.isascii():
        return False
    spans = non_ascii_spans(text)
    if _found_near_non_ascii(_mojibake_pair(_EUROPEAN_CODE_PAGES), text, spans):
        return True
    return any(
        _found_near_non_ascii(_mojibake_pair((codec,)), text, spans) and _undoable(text, codec)
        for codec in _WHOLE_TEXT_CODE_PAGES
    )


# ftfy's own test (badness.is_bad) looks for sequences of a few characters, each holding
# a non-ASCII one; a match is never farther than this from non-ASCII text.
_BADNESS_REACH = 16


def ftfy_sees_mojibake(text: str) -> bool:
    """What ftfy's is_bad says of `text`, which ftfy.fix_encoding returns as it is
    when False; searched near non-ASCII text only, where its own search steps
    through every character of a page's scripts."""
    from ftfy.badness import BADNESS_RE

    return any(
        BADNESS_RE.search(text, max(start - _BADNESS_REACH, 0), end + _BADNESS_REACH)
        for start, end in non_ascii_spans(text)
    )


def _undoable(text: str, codec: str) -> bool:
    """Whether ftfy could read the whole of `text` as UTF-8 misread with `codec`.

    The text must encode in it; for Mac Roman, whose misreadings ftfy undoes
    only as they are (no lost byte restored), its bytes must then be UTF-8,
    or hold 0xED or 0xC0, which start the variants of UTF-8 ftfy also reads.
    French text has pairs Mac Roman could make (`«\xa0`) and is no such thing.
    """
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return False
    if codec != "mac_roman" or 0xED in data or 0xC0 in data:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_multibyte(codec: str) -> bool:
    return codec.replace("-", "_").startswith(_MULTIBYTE)


class EncodingFilter(Filter):
    name = "encoding"
    stage = Stage.BYTES
    priority = 10
    description = (
        "decode bytes (BOM, --encoding, declared charset, UTF-8, chardet) and repair mojibake"
    )
    defaults = {
        "default": "",
        "fallback": "utf-8",
        "min_confidence": 0.2,
        "max_bytes": 1 << 20,
        "fix_mojibake": True,
    }

    def run(self, doc: Document) -> None:
        if doc.raw is not None:
            doc.body = self.decode(doc)
            doc.raw = None
        if doc.body is not None:  # text handed in by the API gets the same repairs
            doc.body = self.repair(doc, doc.body)

    def decode(self, doc: Document) -> str:
        raw, bom_codec = strip_bom(doc.raw or b"")
        if bom_codec:
            return self._decode_with(doc, raw, bom_codec, "byte-order mark")
        if self.options["default"]:
            codec = python_codec(self.options["default"])
            if codec is None:
                raise InputError(f"unknown encoding {self.options['default']!r}")
            return self._decode_with(doc, raw, codec, "--encoding")
        wide = wide_encoding(raw, self.options["max_bytes"])
        if wide:
            return self._decode_with(doc, raw, wide, "no byte-order mark")
        iso2022 = iso2022_encoding(raw)
        if iso2022:
            return self._decode_with(doc, raw, iso2022, "escape sequences")
        declared = declared_encoding(raw)
        if declared:
            text = self._declared(doc, raw, declared)
            if text is not None:
                return text
        text = strict_utf8(raw)
        if text is not None:
            return text
        return self._detect(doc, raw, declared)

    def _declared(self, doc: Document, raw: bytes, declared: str) -> str | None:
        """The text as declared, or None when the bytes contradict the declaration."""
        if raw.isascii():
            return None  # every ASCII-compatible label reads it the same: no news
        if declared != "utf-8" and strict_utf8(raw) is not None:
            # Valid non-ASCII UTF-8 is almost never anything else: a stale declaration.
            self.log(doc, "declaration", f"{declared} declared, but the bytes are UTF-8")
            return None
        if decodes(raw, declared):
            return self._decode_with(doc, raw, declared, "declared")
        self.log(doc, "declaration", f"{declared} declared, but the bytes are not", warning=True)
        return None

    def _decode_with(self, doc: Document, raw: bytes, codec: str, how: str) -> str:
        if codec not in ("utf-8", "ascii"):
            self.log(doc, "decoded", f"{codec} ({how})")
        return raw.decode(codec, errors="replace")

    def _detect(self, doc: Document, raw: bytes, declared: str | None) -> str:
        label, guess, confidence = chardet_guess(raw, self.options["max_bytes"])
        if label is None:  # binary to chardet; CJK in UTF-16 may have no NUL at all
            wide = utf16_byte_order(raw)
            if wide:
                return self._decode_with(doc, raw, wide, "no byte-order mark")
        said = f"chardet: {label} at {confidence:.2f}"
        if guess and not _is_multibyte(guess) and confidence < _UNSURE and pairs_as_gb2312(raw):
            self.log(doc, "decoded", f"gb18030 (every non-ASCII byte pairs as GB2312; {said})")
            return raw.decode("gb18030")
        if guess and confidence >= self.options["min_confidence"]:
            return self._decode_with(doc, raw, guess, f"detected, confidence {confidence:.2f}")
        # Undecided: the first of these that the bytes fit, else the fallback with damage.
        fallback = python_codec(self.options["fallback"]) or "utf-8"
        candidates = [codec for codec in (declared, fallback, guess) if codec]
        codec = next((codec for codec in candidates if decodes(raw, codec)), declared or fallback)
        self.log(doc, "undecided", f"{said}; decoded as {codec}", warning=True)
        return raw.decode(codec, errors="replace")

    def repair(self, doc: Document, text: str) -> str:
        if "\r" in text:
            rest = text.replace("\r\n", "")
            if "\n" in rest or "\r" in rest:
                doc.mixed_endings = text
            else:
                doc.line_ending = "\r\n"
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        # A person's Markdown keeps its code as written and its characters as composed.
        doc.kind = sniff(text, doc.name)
        markdown = doc.kind == Kind.MARKDOWN
        # Junk goes first, so the mojibake repair judges the text as it will stay
        # (and a second run finds nothing more to do).
        text, removed = _C0_CONTROLS.subn("", text) if _has_c0_control(text) else (text, 0)
        # C1 controls go after the mojibake repair, which reads them as cp1252 bytes;
        # what their removal or NFC reveals is repaired again, so a second run has
        # nothing left to do.
        for _ in range(3):
            before = text
            if self.options["fix_mojibake"] and not text.isascii():
                text = self._fix_prose(doc, text) if markdown else self._fix_mojibake(doc, text)
            if _found_near_non_ascii(_C1_CONTROLS, text):
                text, removed_c1 = _C1_CONTROLS.subn("", text)
                removed += removed_c1
            if not markdown:
                text = composed(text)
            if text == before:
                break
        if removed:
            self.log(doc, "controls", f"{removed} control characters removed")
        self._report_damage(doc, text)
        return text

    def _fix_prose(self, doc: Document, markdown: str) -> str:
        """Mojibake in Markdown is repaired only when its prose has some.

        A file read with the wrong encoding is garbled throughout, code
        included, and is repaired throughout. Garbled text in code alone is
        an example its author typed (`ä¸­å›½` in a post about encodings).
        """
        if not may_be_mojibake(markdown) and _encodes(markdown, "gb2312"):
            return markdown
        from normalize.markup.code import split_code

        prose = [piece for piece, is_code in split_code(markdown) if not is_code]
        probe = Document(name=doc.name)
        if all(self._fix_mojibake(probe, piece) == piece for piece in prose):
            return markdown
        return self._fix_mojibake(doc, markdown)

    def _fix_mojibake(self, doc: Document, text: str) -> str:
        fixed = text
        if may_be_mojibake(text) and ftfy_sees_mojibake(text):
            import ftfy  # imported only for the few texts that may need it

            # fix_encoding only undoes mis-decoding; it never uncurls quotes or
            # folds full-width characters, which Chinese text needs as they are.
            fixed = ftfy.fix_encoding(text)
        if fixed != text:
            self.log(doc, "mojibake", "repaired text decoded with the wrong encoding")
        # ftfy knows single-byte code pages only; UTF-8 read as GBK is ours.
        fixed, runs = repair_gbk_mojibake(fixed)
        if runs:
            self.log(doc, "mojibake", f"{runs} runs of UTF-8 read as GBK repaired")
        return fixed

    def _report_damage(self, doc: Document, text: str) -> None:
        spans = non_ascii_spans(text)
        if (
            "\ufffd" not in text
            and "锟斤拷" not in text
            and not _found_near_non_ascii(_PRIVATE_USE, text, spans)
        ):
            return  # the usual case, found without counting
        damage = _count_in(_REPLACEMENT_RUN, text, spans)
        if damage:
            self.log(doc, "damaged", f"{damage} runs of replacement characters", warning=True)
        private = _count_in(_PRIVATE_USE, text, spans)
        if private:
            self.log(doc, "private-use", f"{private} private-use characters", warning=True)
