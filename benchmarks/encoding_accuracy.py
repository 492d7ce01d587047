"""Accuracy per encoding over the test matrix of tests/test_encoding_matrix.py.

    python benchmarks/encoding_accuracy.py

A case passes when `normalize_bytes` gives exactly the output of the UTF-8
original. "similarity" is how close the failures come (difflib ratio), so a
mojibake that lost a few characters shows how much of it was still repaired.
"""

from __future__ import annotations

import difflib
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_encoding_matrix import Case, all_cases, normalized  # noqa: E402


def main() -> None:
    rows: dict[str, list[tuple[Case, str]]] = defaultdict(list)
    skipped: dict[str, int] = defaultdict(int)
    for case in all_cases():
        if case.skip:
            skipped[case.encoding] += 1
        else:
            rows[case.encoding].append((case, normalized(case)))
    print(
        f"{'encoding':<16} {'passed':>9} {'accuracy':>9} {'xfail':>6} {'n/a':>8} {'similarity':>11}"
    )
    for encoding, results in sorted(rows.items()):
        passed = sum(output == case.expected for case, output in results)
        failed = [(case, output) for case, output in results if output != case.expected]
        similarity = (
            sum(_ratio(case.expected, output) for case, output in failed) / len(failed)
            if failed
            else 1.0
        )
        expected_failures = sum(bool(case.xfail) for case, _ in results)
        print(
            f"{encoding:<16} {passed:>4}/{len(results):<4} {passed / len(results):>9.0%} "
            f"{expected_failures:>6} {skipped[encoding]:>8} {similarity:>11.1%}"
        )
    surprises = [
        case.id
        for results in rows.values()
        for case, output in results
        if (output == case.expected) == bool(case.xfail)
    ]
    if surprises:
        print("\nnot as the test expects:", ", ".join(surprises))


def _ratio(expected: str, output: str) -> float:
    return difflib.SequenceMatcher(None, expected, output, autojunk=False).ratio()


if __name__ == "__main__":
    main()
