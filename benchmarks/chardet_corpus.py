"""Decoding accuracy on chardet's test corpus: normalize's `encoding` filter vs chardet alone.

    pip download 'chardet==5.2.0' --no-binary :all: --no-deps && tar xzf chardet-5.2.0.tar.gz
    python benchmarks/chardet_corpus.py chardet-5.2.0/tests [-v]

The corpus is a folder per encoding (`KOI8-R/`, `iso-8859-2-czech/`, ...) of real pages, feeds
and text files. A file is decoded right when the text holds the characters its encoding gives:
the non-ASCII characters of both, entities resolved, controls dropped, NFC, are the same
multiset (so a code page that reads the file's bytes the same way counts as right). chardet
alone decodes with what `chardet.detect` answers.

Two judgements are printed. "strict": the characters of the folder's codec. "as meant" also
accepts the file as a browser reads it (WHATWG reads a TIS-620 label as windows-874, latin-1 as
windows-1252, ...: those code pages give the “ ” • a feed's bytes 0x93 0x94 0x95 stand for, where
the label's own codec has no character) and the file with its own mojibake undone
(`ftfy.fix_encoding`: a UTF-8 feed holding `gyaloglÃ³` means `gyalogló`). Both tools are judged
the same way.

The whole default chain runs too: "refused" counts files the loss guard would not write,
"lost" files whose output lacks a non-ASCII character their text has (a feed's text outside
its titles, links, dates and bodies included), and any library warning is counted.
"""

from __future__ import annotations

import codecs
import html
import re
import sys
import unicodedata
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from normalize.document import Document  # noqa: E402
from normalize.errors import InputError  # noqa: E402
from normalize.filters.encoding import EncodingFilter  # noqa: E402
from normalize.pipeline import Pipeline  # noqa: E402

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")


def codec_of(folder: str) -> str | None:
    """The Python codec of a corpus folder (`iso-8859-2-czech` -> iso8859-2), None if unknown."""
    for label in (folder, folder.rsplit("-", 1)[0]):
        try:
            return codecs.lookup(label).name
        except LookupError:
            continue
    return None


# Labels a browser reads with a wider code page (the WHATWG Encoding Standard), by Python codec.
# Written out here, not taken from the encoding filter's own table: the judge must not
# accept a widening just because normalize makes it.
BROWSER_READING = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}


def readings(raw: bytes, codec: str) -> tuple[Counter[str], list[Counter[str]]]:
    """The file's characters by its codec (strict), and every reading "as meant" accepts."""
    import ftfy

    text = raw.decode(codec, errors="replace")
    strict = characters(text)
    meant = [strict, characters(ftfy.fix_encoding(text))]
    if codec in BROWSER_READING:
        meant.append(characters(raw.decode(BROWSER_READING[codec], errors="replace")))
    return strict, meant


def characters(text: str) -> Counter[str]:
    text = unicodedata.normalize("NFC", _CONTROLS.sub("", html.unescape(text)))
    return Counter(ch for ch in text if not ch.isascii() and not ch.isspace())


def by_normalize(raw: bytes, name: str) -> str:
    doc = Document.from_bytes(raw, name)
    EncodingFilter().run(doc)
    return doc.body or ""


def normalized(raw: bytes, name: str, pipeline: Pipeline) -> str | None:
    try:
        return pipeline.run(Document.from_bytes(raw, name))
    except InputError:
        return None


def by_chardet(raw: bytes) -> str:
    import chardet

    label = chardet.detect(raw).get("encoding")
    if not label:
        return "<no answer>"
    try:
        return raw.decode(label, errors="replace")
    except LookupError:
        return f"<unknown codec {label}>"


def main(root: Path, verbose: bool) -> None:
    pipeline = Pipeline.default()
    totals: Counter[str] = Counter()
    per_folder: dict[str, Counter[str]] = {}
    for folder in sorted(path for path in root.iterdir() if path.is_dir()):
        codec = codec_of(folder.name)
        files = sorted(path for path in folder.iterdir() if path.is_file())
        if codec is None:
            print(f"{folder.name}: no Python codec, {len(files)} files left out")
            totals["left out"] += len(files)
            continue
        counts = per_folder.setdefault(folder.name, Counter())
        for path in files:
            raw = path.read_bytes()
            truth, meant = readings(raw, codec)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                ours = by_normalize(raw, path.name)
                output = normalized(raw, path.name, pipeline)
            theirs = by_chardet(raw)
            if output is None:
                totals["refused"] += 1
                if verbose:
                    print(f"  refused: {folder.name}/{path.name}")
            elif set(truth) - set(characters(output)):
                totals["lost"] += 1
                if verbose:
                    lost = "".join(sorted(set(truth) - set(characters(output))))[:20]
                    print(f"  output lacks {lost}: {folder.name}/{path.name}")
            right = {"normalize": characters(ours) == truth, "chardet": characters(theirs) == truth}
            as_meant = {
                "normalize meant": characters(ours) in meant,
                "chardet meant": characters(theirs) in meant,
            }
            hits = [who for who, ok in (right | as_meant).items() if ok]
            counts.update(["files", *hits])
            totals.update(["files", *hits])
            totals["warnings"] += len(caught)
            if verbose and not right["normalize"]:
                mark = "chardet right" if right["chardet"] else "both wrong"
                meant_mark = ", right as meant" if as_meant["normalize meant"] else ""
                print(f"  normalize wrong ({mark}{meant_mark}): {folder.name}/{path.name}")
            if verbose and right["normalize"] and not right["chardet"]:
                print(f"  chardet wrong: {folder.name}/{path.name}")
    columns = ("normalize", "chardet", "normalize meant", "chardet meant")
    print(f"{'':<26} {'':>5} {'strict':>18}  {'as meant':>18}")
    print(
        f"{'folder':<26} {'files':>5} {'normalize':>9} {'chardet':>8}  {'normalize':>9} {'chardet':>8}"
    )
    for name, counts in [*per_folder.items(), ("all", totals)]:
        if name == "all" or any(counts[column] != counts["files"] for column in columns):
            figures = [counts[column] for column in columns]
            print(
                f"{name:<26} {counts['files']:>5} {figures[0]:>9} {figures[1]:>8}  "
                f"{figures[2]:>9} {figures[3]:>8}"
            )
    print(f"({totals['left out']} left out; {totals['warnings']} library warnings)")
    print(f"whole chain: {totals['refused']} refused, {totals['lost']} with characters lost")


if __name__ == "__main__":
    args = [arg for arg in sys.argv[1:] if arg != "-v"]
    main(Path(args[0]), "-v" in sys.argv)
