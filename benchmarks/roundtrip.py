"""Round-trip fidelity per document: the table the round-trip test checks, printed.

    python benchmarks/roundtrip.py [--cases] [FOLDER ...]

Every file of fixtures/raw (and of each FOLDER given, e.g. a corpus of real
dumps) goes through the whole chain; each HTML body or block the converter
receives is recorded with the Markdown it wrote, and the pair is scored by
`normalize.convert.fidelity` (see its doc for the five measures). --cases
adds every case of tests/cases. Prints one line per document, then the mean
and the minimum of each measure; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from normalize import normalize_bytes  # noqa: E402
from normalize.convert import fidelity  # noqa: E402


def score_file(path: Path) -> dict[str, float] | None:
    with fidelity.recording() as calls:
        try:
            normalize_bytes(path.read_bytes(), name=path.name)
        except Exception as exc:  # noqa: BLE001 - a refused input is reported, not scored
            print(f"{path.name}: not normalized ({exc})", file=sys.stderr)
            return None
    if not calls:
        return None  # nothing was HTML
    html = "\n".join(h for h, _ in calls)
    return fidelity.score(html, "\n\n".join(m for _, m in calls))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--cases", action="store_true", help="score tests/cases too")
    args = parser.parse_args()
    rows: dict[str, dict[str, float]] = {}
    for folder in [ROOT / "fixtures" / "raw", *args.folders]:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            scores = score_file(path)
            if scores is not None:
                rows[path.name] = scores
    if args.cases:
        from casefile import all_cases, convert

        for case in all_cases():
            converted = convert(case.html)
            rows[case.id[:60]] = fidelity.score(converted.received, converted.body, converted.base)
    print(fidelity.format_scores(rows))


if __name__ == "__main__":
    main()
