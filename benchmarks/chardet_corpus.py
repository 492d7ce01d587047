"""Decoding accuracy on chardet's test corpus: normalize's `encoding` filter vs chardet alone.

    pip download 'chardet==5.2.0' --no-binary :all: --no-deps && tar xzf chardet-5.2.0.tar.gz
    python benchmarks/chardet_corpus.py chardet-5.2.0/tests [-v]

The corpus is a folder per encoding (`KOI8-R/`, `iso-8859-2-czech/`, ...) of real pages, feeds
and text files. A file is decoded right when the text holds the characters its encoding gives:
the non-ASCII characters of both, entities resolved, controls dropped, NFC, are the same
multiset (so a code page that reads the file's bytes the same way counts as right). chardet
alone decodes with what `chardet.detect` answers.

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
            truth = characters(raw.decode(codec, errors="replace"))
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
            counts.update(["files"] + [who for who, ok in right.items() if ok])
            totals.update(["files"] + [who for who, ok in right.items() if ok])
            totals["warnings"] += len(caught)
            if verbose and not right["normalize"]:
                mark = "chardet right" if right["chardet"] else "both wrong"
                print(f"  normalize wrong ({mark}): {folder.name}/{path.name}")
            if verbose and right["normalize"] and not right["chardet"]:
                print(f"  chardet wrong: {folder.name}/{path.name}")
    print(f"{'folder':<26} {'files':>5} {'normalize':>9} {'chardet':>8}")
    for name, counts in per_folder.items():
        if counts["normalize"] != counts["files"] or counts["chardet"] != counts["files"]:
            print(
                f"{name:<26} {counts['files']:>5} {counts['normalize']:>9} {counts['chardet']:>8}"
            )
    files = totals["files"]
    print(
        f"{'all':<26} {files:>5} {totals['normalize']:>9} {totals['chardet']:>8}   "
        f"({totals['normalize'] / files:.3f} vs {totals['chardet'] / files:.3f}; "
        f"{totals['left out']} left out; {totals['warnings']} library warnings)"
    )
    print(f"whole chain: {totals['refused']} refused, {totals['lost']} with characters lost")


if __name__ == "__main__":
    args = [arg for arg in sys.argv[1:] if arg != "-v"]
    main(Path(args[0]), "-v" in sys.argv)
