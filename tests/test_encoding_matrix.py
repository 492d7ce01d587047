"""Any charset in, the same text out: every fixture, re-encoded, gives its UTF-8 output.

Each fixture is re-encoded the ways real dumps arrive: Chinese in GB18030,
GBK, Big5 and UTF-16 (LE/BE, with and without a BOM); English in cp1252 and
latin-1; Japanese in Shift_JIS and EUC-JP; Korean in EUC-KR; HTML bodies with
and without a `<meta charset>`; and every one as mojibake (its UTF-8 bytes
read as cp1252 or GBK, saved again as UTF-8). `normalize_bytes` must give
exactly the output of the UTF-8 original (which `test_fixtures.py` holds to
`fixtures/expected/`).

A case that cannot exist (the text has characters the encoding lacks) is
left out, with its reason kept; a case that cannot pass is a strict
expected failure with the reason. `benchmarks/encoding_accuracy.py` prints the
accuracy per encoding.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest
from conftest import fixture_pairs

from normalize import normalize_bytes
from normalize.document import Document, Kind
from normalize.filters.encoding import EncodingFilter, strip_bom
from normalize.sniff import sniff, split_front_matter_block

LEGACY = {
    "zh": ["gb18030", "gbk", "big5"],
    "en": ["cp1252", "latin-1"],
    "ja": ["shift_jis", "euc-jp"],
    "ko": ["euc-kr"],
}
UTF16 = ["utf-16-le", "utf-16-be"]
# The label a page would declare each encoding with.
LABELS = {
    "gb18030": "gb18030",
    "gbk": "gbk",
    "big5": "big5",
    "cp1252": "windows-1252",
    "latin-1": "iso-8859-1",
    "shift_jis": "Shift_JIS",
    "euc-jp": "EUC-JP",
    "euc-kr": "EUC-KR",
    "utf-16-le": "utf-16le",
    "utf-16-be": "utf-16be",
}

_DECLARATION = re.compile(r"<meta[^>]*charset[^>]*>[ \t]*\n?", re.I)

# Cases that cannot pass, keyed by fixture prefix and variant, with the reason.
_LONE_LATIN = (
    "Latin-1 letters and signs (é, ©, ×) read as GBK become single Chinese characters (茅, 漏, 脳); "
    "undoing a lone character would turn real Chinese into Latin letters (茅台 would become é "
    "with a combining ogonek, 偶 would become ż), so such runs are left"
)
KNOWN_FAILURES = {
    ("06", "big5"): (
        "an English post whose only Chinese is one word in its categories (新媒体, six bytes): "
        "with no declaration chardet reads them as a Latin code page (iso8859-15 at 0.14), and "
        "in Big5 they do not pair as GB2312, the check that rescues the same post in GBK"
    ),
    ("24", "mojibake-gbk"): _LONE_LATIN,
    ("28", "mojibake-gbk"): _LONE_LATIN,
}


@dataclass(frozen=True)
class Case:
    fixture: str  # the raw file's name
    encoding: str  # what accuracy is counted by
    variant: str  # the encoding plus how the bytes were dressed
    data: bytes
    expected: str
    skip: str = ""  # why this case cannot exist
    xfail: str = ""  # why this case cannot pass

    @property
    def id(self) -> str:
        return f"{_prefix(Path(self.fixture))}:{self.variant}"


def source_text(raw: Path) -> str:
    """A fixture as text, undecorated: UTF-8 after any BOM, else as the filter decodes it.

    The legacy fixtures' decoding is what test_fixtures.py holds to their expected output.
    """
    data, bom = strip_bom(raw.read_bytes())
    if bom:
        return data.decode(bom)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return EncodingFilter().decode(Document.from_bytes(data))


def language(text: str) -> str:
    if re.search("[\u3040-\u30ff]", text):
        return "ja"
    if re.search("[\uac00-\ud7af]", text):
        return "ko"
    return "zh" if re.search("[\u4e00-\u9fff]", text) else "en"


def is_html(text: str, name: str) -> bool:
    return sniff(split_front_matter_block(text)[1], name) == Kind.HTML


def without_declaration(text: str) -> str:
    return _DECLARATION.sub("", text)


def with_declaration(text: str, label: str) -> str:
    """The text declaring `label`: in <head> if it has one, else first in the body."""
    text = without_declaration(text)
    meta = f'<meta charset="{label}">\n'
    head = re.search(r"<head[^>]*>\n?", text, re.I)
    if head:
        return text[: head.end()] + meta + text[head.end() :]
    front, body = split_front_matter_block(text)
    return front + meta + body


def read_as_cp936(data: bytes) -> tuple[str, list[int]]:
    """UTF-8 bytes read as GBK the way Windows does, and the offsets of the bytes lost.

    0x80 is €; a byte that pairs with nothing becomes U+FFFD.
    """
    lost: list[int] = []

    def errors(exc: UnicodeError) -> tuple[str, int]:
        assert isinstance(exc, UnicodeDecodeError)
        if exc.object[exc.start] == 0x80:
            return "€", exc.start + 1
        lost.append(exc.start)
        return "\ufffd", exc.start + 1

    codecs.register_error("cp936-reader", errors)
    return data.decode("gb18030", errors="cp936-reader"), lost


def characters_at(text: str, offsets: list[int]) -> set[str]:
    """The characters of `text` that the UTF-8 byte `offsets` belong to."""
    starts = list(itertools.accumulate(len(ch.encode()) for ch in text))
    return {text[bisect.bisect_right(starts, offset)] for offset in offsets}


def missing(text: str, encoding: str) -> list[str]:
    """Characters of `text` that `encoding` cannot write."""
    return sorted({ch for ch in set(text) if not _encodable(ch, encoding)})


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def encoded_cases(raw: Path, text: str, expected: str) -> list[Case]:
    lang = language(text)
    html = is_html(text, raw.name)
    cases = []
    for encoding in LEGACY[lang] + (UTF16 if lang != "en" else []):
        for declared in (False, True) if html else (False,):
            body = (
                with_declaration(text, LABELS[encoding]) if declared else without_declaration(text)
            )
            for bom in (False, True) if encoding in UTF16 else (False,):
                variant = encoding + ("+bom" if bom else "") + ("+meta" if declared else "")
                cases.append(_encoded(raw, encoding, variant, body, expected, bom))
    return cases


def _encoded(raw: Path, encoding: str, variant: str, body: str, expected: str, bom: bool) -> Case:
    lacking = missing(body, encoding)
    if lacking:
        why = f"{len(lacking)} characters are not in {encoding}, e.g. {''.join(lacking[:6])}"
        return Case(raw.name, encoding, variant, b"", expected, skip=why)
    if body.isascii() and encoding not in UTF16:
        why = "pure ASCII: the same bytes in every ASCII-compatible encoding"
        return Case(raw.name, encoding, variant, b"", expected, skip=why)
    data = (codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE) if bom else b""
    data += body.encode(encoding)
    reason = KNOWN_FAILURES.get((_prefix(raw), variant), "")
    return Case(raw.name, encoding, variant, data, expected, xfail=reason)


def mojibake_cases(raw: Path, text: str, expected: str) -> list[Case]:
    if text.isascii():
        why = "pure ASCII: no mojibake to make"
        return [
            Case(raw.name, f"mojibake-{r}", f"mojibake-{r}", b"", expected, skip=why)
            for r in ("cp1252", "gbk")
        ]
    utf8 = text.encode("utf-8")
    # As browsers read windows-1252: its five unassigned bytes become C1 controls.
    as_cp1252 = utf8.decode("sloppy-windows-1252")
    as_gbk, lost = read_as_cp936(utf8)
    return [
        _mojibake(raw, "mojibake-cp1252", as_cp1252, expected, ""),
        _mojibake(
            raw, "mojibake-gbk", as_gbk, expected, _loss(characters_at(text, lost), expected)
        ),
    ]


def _mojibake(raw: Path, variant: str, mojibake: str, expected: str, why: str) -> Case:
    why = why or KNOWN_FAILURES.get((_prefix(raw), variant), "")
    return Case(raw.name, variant, variant, mojibake.encode("utf-8"), expected, xfail=why)


def _loss(lost: set[str], expected: str) -> str:
    """Why the mojibake cannot be undone, if characters the output shows were lost making it."""
    shown = sorted(ch for ch in lost if ch in expected)
    if not shown:
        return ""
    return (
        f"reading it as GBK replaced bytes that pair with nothing (the end of an odd-length "
        f"run before ASCII punctuation or a line break) with U+FFFD: {len(shown)} distinct "
        f"characters ({''.join(shown[:8])}…) are lost at least once"
    )


def _prefix(raw: Path) -> str:
    return raw.name.split("-")[0].split("_")[0]


def all_cases() -> list[Case]:
    cases = []
    for raw, _ in fixture_pairs():
        text = source_text(raw)
        expected = normalize_bytes(text.encode("utf-8"), name=raw.name)
        cases += encoded_cases(raw, text, expected)
        cases += mojibake_cases(raw, text, expected)
    return cases


def normalized(case: Case) -> str:
    return normalize_bytes(case.data, name=case.fixture)


def _param(case: Case) -> object:
    if case.xfail:
        return pytest.param(
            case, marks=pytest.mark.xfail(strict=True, reason=case.xfail), id=case.id
        )
    return pytest.param(case, id=case.id)


CASES = all_cases()


# A case that cannot exist (Big5 has no simplified characters; ASCII has no mojibake)
# is not a test; benchmarks/encoding_accuracy.py counts them, with their reasons.
@pytest.mark.parametrize("case", [_param(case) for case in CASES if not case.skip])
def test_same_output_as_the_utf8_original(case: Case):
    assert normalized(case) == case.expected


def test_every_case_left_out_says_why():
    assert all(case.skip.strip() for case in CASES if not case.data)


def test_the_matrix_covers_every_encoding_asked_for():
    counted = {case.encoding for case in CASES if not case.skip}
    asked = {enc for encodings in LEGACY.values() for enc in encodings} | set(UTF16)
    assert asked | {"mojibake-cp1252", "mojibake-gbk"} <= counted
