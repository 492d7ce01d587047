"""Decode speed of the `encoding` filter, detection and repairs included.

    python benchmarks/decode.py [CORPUS_DIR] [--seconds N]

Every file of the corpus (default ../shared/corpus, from the repository
root) is decoded as it is (mostly UTF-8: BOM, prescan and strict UTF-8),
then re-encoded to GB18030 (no declaration, so chardet decides) and to
UTF-16-LE without a BOM. Prints MB/s for each.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from normalize.document import Document
from normalize.filters.encoding import EncodingFilter

ROOT = Path(__file__).resolve().parent.parent


def load(corpus: Path) -> list[str]:
    texts = []
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        try:
            texts.append(path.read_bytes().decode("utf-8-sig"))
        except UnicodeDecodeError:
            continue  # the benchmark re-encodes text; skip what is not UTF-8 already
    return texts


def as_gb18030(text: str) -> bytes:
    return text.encode("gb18030", errors="replace")


def rate(blobs: list[bytes], seconds: float) -> tuple[float, float]:
    """MB/s and milliseconds per file, decoding `blobs` over and over for about `seconds`."""
    flt = EncodingFilter()
    size = sum(len(blob) for blob in blobs)
    rounds, start = 0, time.perf_counter()
    while True:
        for blob in blobs:
            flt.run(Document.from_bytes(blob))
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    return size * rounds / elapsed / 1e6, elapsed / (rounds * len(blobs)) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--seconds", type=float, default=2.0, help="time per variant")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}")
    texts = load(args.corpus)
    variants: list[tuple[str, Callable[[str], bytes]]] = [
        ("as is (UTF-8)", lambda text: text.encode("utf-8")),
        ("GB18030, detected", as_gb18030),
        ("UTF-16-LE, no BOM", lambda text: text.encode("utf-16-le")),
    ]
    size = sum(len(text.encode()) for text in texts) / 1e6
    print(f"{len(texts)} files, {size:.2f} MB as UTF-8, from {args.corpus}")
    print(f"{'variant':<20} {'MB/s':>8} {'ms/file':>8}")
    for name, encode in variants:
        mb_per_s, ms_per_file = rate([encode(text) for text in texts], args.seconds)
        print(f"{name:<20} {mb_per_s:>8.2f} {ms_per_file:>8.2f}")


if __name__ == "__main__":
    main()
