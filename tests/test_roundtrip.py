"""Round trip: the Markdown, rendered by markdown-it-py, shows what the HTML the converter
received showed — the same words in the same order, the same marks, link targets and images.

Every fixture (through the whole chain, each conversion recorded) and every case is
scored with `normalize.convert.fidelity`; any measure under 0.99 fails, with the
scores and the first differences in the message. `pytest -s -k table` prints the
whole table; `python benchmarks/roundtrip.py` does the same without pytest.
"""

from __future__ import annotations

import pytest
from casefile import all_cases, convert
from conftest import fixture_pairs

from normalize import normalize_bytes
from normalize.convert import fidelity

FLOOR = 0.99
CASE_LIST = all_cases()
RAWS = [raw for raw, _ in fixture_pairs()]


def fixture_conversions(raw) -> list[tuple[str, str]]:
    with fidelity.recording() as calls:
        normalize_bytes(raw.read_bytes(), name=raw.name)
    return calls


def check(name: str, html: str, markdown: str, base: str | None = None) -> dict[str, float]:
    scores = fidelity.score(html, markdown, base)
    low = {m: round(v, 4) for m, v in scores.items() if v < FLOOR}
    if low:
        detail = "\n  ".join(fidelity.differences(html, markdown, base))
        pytest.fail(f"{name}: {low}\n  {detail}\n--- markdown ---\n{markdown}")
    return scores


@pytest.mark.parametrize("raw", RAWS, ids=[raw.name for raw in RAWS])
def test_fixture_round_trip(raw):
    for html, markdown in fixture_conversions(raw):
        check(raw.name, html, markdown)


@pytest.mark.parametrize("case", CASE_LIST, ids=[case.id for case in CASE_LIST])
def test_case_round_trip(case):
    converted = convert(case.html)
    check(case.id, converted.received, converted.body, converted.base)


def test_round_trip_table(capsys):
    """The scores per fixture, then mean and minimum (shown with -s or on failure)."""
    rows = {}
    for raw in RAWS:
        calls = fixture_conversions(raw)
        if calls:
            html = "\n".join(h for h, _ in calls)
            rows[raw.name] = fidelity.score(html, "\n\n".join(m for _, m in calls))
    table = fidelity.format_scores(rows)
    with capsys.disabled():
        print("\n" + table)
    assert rows and all(min(s.values()) >= FLOOR for s in rows.values()), table


def test_measure_sees_what_is_lost():
    html = '<p>Keep <b>bold</b> <a href="https://x.org/">link</a> 中文 <img src="a.png"></p>'
    assert (
        min(fidelity.score(html, "Keep **bold** [link](https://x.org/) 中文 ![](a.png)").values())
        == 1
    )
    worse = fidelity.score(html, "Keep bold [link](https://y.org/) 中\n\nextra")
    assert worse["text_recall"] < 1 and worse["text_precision"] < 1
    assert worse["marks"] < 1 and worse["links"] == 0 and worse["images"] == 0
