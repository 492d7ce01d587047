"""Bytes to text: find the encoding the way browsers do, then repair mojibake.

Order: byte-order mark, the user's `--encoding`, a declaration in the first
1,024 bytes (`<meta charset>`, http-equiv, XML declaration, a `charset:`
front-matter key), strict UTF-8, then chardet. Labels are widened as the
WHATWG Encoding Standard does (gb2312 -> gb18030, ...), because real pages
labelled gb2312 use characters only the superset has.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from normalize.document import Document, Stage
from normalize.errors import InputError
from normalize.filters.base import Filter

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
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "latin_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_1": "cp1252",
    "iso8859_9": "cp1254",
    "iso8859_11": "cp874",
    "tis_620": "cp874",
}

# WHATWG labels that Python's codec registry does not know.
_LABELS = {"x-gbk": "gbk", "x-sjis": "shift_jis", "x-euc-jp": "euc_jp", "x-mac-roman": "mac_roman"}

_PRESCAN_BYTES = 1024
_DECLARATION = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""  # meta charset and http-equiv
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)"""
    rb"""|^(?:charset|encoding)\s*:\s*["']?([A-Za-z0-9_.:-]+)""",  # front-matter key
    re.I | re.M,
)
# Characters no reader wants: C0 and C1 controls except tab and newline, stray BOMs.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_REPLACEMENT_RUN = re.compile("\ufffd+|(?:锟斤拷)+")


def python_codec(label: str) -> str | None:
    """The widened Python codec for an encoding label, or None if unknown."""
    label = label.strip().lower()
    try:
        name = codecs.lookup(_LABELS.get(label, label)).name
    except LookupError:
        return None
    return _WIDER.get(name.replace("-", "_"), name)


def declared_encoding(raw: bytes) -> str | None:
    match = _DECLARATION.search(raw[:_PRESCAN_BYTES])
    if not match:
        return None
    label = next(group for group in match.groups() if group)
    return python_codec(label.decode("ascii", "replace"))


def strip_bom(raw: bytes) -> tuple[bytes, str | None]:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :], codec
    return raw, None


class EncodingFilter(Filter):
    name = "encoding"
    stage = Stage.BYTES
    priority = 10
    description = (
        "decode bytes (BOM, --encoding, declared charset, UTF-8, chardet) and repair mojibake"
    )
    defaults = {"default": "", "fallback": "utf-8", "min_confidence": 0.2, "fix_mojibake": True}

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
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            # A declaration that the bytes contradict loses to strict UTF-8.
            return text
        declared = declared_encoding(raw)
        if declared:
            return self._decode_with(doc, raw, declared, "declared")
        return self._detect(doc, raw)

    def _decode_with(self, doc: Document, raw: bytes, codec: str, how: str) -> str:
        if codec not in ("utf-8", "ascii"):
            self.log(doc, "decoded", f"{codec} ({how})")
        return raw.decode(codec, errors="replace")

    def _detect(self, doc: Document, raw: bytes) -> str:
        import chardet

        result = chardet.detect(raw, max_bytes=1 << 20, prefer_superset=True)
        label, confidence = result.get("encoding"), result.get("confidence") or 0.0
        guess = python_codec(label) if label else None
        if guess and confidence >= self.options["min_confidence"]:
            return self._decode_with(doc, raw, guess, f"detected, confidence {confidence:.2f}")
        # Undecided: the fallback if the bytes fit it, else the best guess if they fit that.
        fallback = python_codec(self.options["fallback"]) or "utf-8"
        for codec in (fallback, guess):
            if codec:
                try:
                    text = raw.decode(codec)
                except UnicodeDecodeError:
                    continue
                self.log(
                    doc,
                    "undecided",
                    f"{label} at {confidence:.2f}; decoded as {codec}",
                    warning=True,
                )
                return text
        self.log(
            doc, "undecided", f"{label} at {confidence:.2f}; decoded as {fallback}", warning=True
        )
        return raw.decode(fallback, errors="replace")

    def repair(self, doc: Document, text: str) -> str:
        if self.options["fix_mojibake"] and not text.isascii():
            text = self._fix_mojibake(doc, text)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        cleaned = _CONTROLS.sub("", text)
        if cleaned != text:
            self.log(doc, "controls", f"{len(text) - len(cleaned)} control characters removed")
        text = unicodedata.normalize("NFC", cleaned)
        self._report_damage(doc, text)
        return text

    def _fix_mojibake(self, doc: Document, text: str) -> str:
        import ftfy

        # fix_encoding only undoes mis-decoding; it never uncurls quotes or
        # folds full-width characters, which Chinese text needs as they are.
        fixed = ftfy.fix_encoding(text)
        if fixed != text:
            self.log(doc, "mojibake", "repaired text decoded with the wrong encoding")
        return fixed

    def _report_damage(self, doc: Document, text: str) -> None:
        damage = _REPLACEMENT_RUN.findall(text)
        if damage:
            self.log(doc, "damaged", f"{len(damage)} runs of replacement characters", warning=True)
        private = _PRIVATE_USE.findall(text)
        if private:
            self.log(doc, "private-use", f"{len(private)} private-use characters", warning=True)
