"""Outputs pinned byte for byte: a change of engine (a faster parser, converter or filter) must not
change what any fixture, seed or real dump comes out as.

The pins are SHA-256 digests of `normalize_bytes` output, one per input, in
tests/pinned-outputs.json: the bundled fixtures (the seeds among them) and, where
the shared corpus of real dumps is on this machine, its files too (only their
digests are kept here; the dumps belong to their authors). A change that is
meant to change outputs updates the pins with

    python tests/test_pinned_outputs.py

and the diff of that file shows which outputs moved.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from normalize import NormalizeError, normalize_bytes

ROOT = Path(__file__).resolve().parent.parent
PINS = ROOT / "tests" / "pinned-outputs.json"
FIXTURE_SETS = {"raw": ROOT / "fixtures" / "raw", "pages": ROOT / "fixtures" / "pages"}
# The shared corpus sits beside the repository, or at the machine's shared folder.
CORPUS_PLACES = [ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus")]
NOT_INPUTS = {"SOURCES.txt"}


def corpus_folder() -> Path | None:
    return next((place for place in CORPUS_PLACES if place.is_dir()), None)


def inputs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in NOT_INPUTS)


def digest(path: Path, folder: Path) -> str:
    """The digest of what normalize makes of `path`; a refusal is pinned by its kind."""
    name = path.relative_to(folder).as_posix()
    try:
        output = normalize_bytes(path.read_bytes(), name=name)
    except NormalizeError as exc:
        output = f"refused: {type(exc).__name__}"
    return hashlib.sha256(output.encode("utf-8")).hexdigest()


def digests(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): digest(path, folder) for path in inputs(folder)}


def pinned() -> dict[str, dict[str, str]]:
    return json.loads(PINS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FIXTURE_SETS))
def test_fixture_outputs_are_pinned(name):
    assert digests(FIXTURE_SETS[name]) == pinned()[name]


def test_corpus_outputs_are_pinned():
    folder = corpus_folder()
    if folder is None:
        pytest.skip("the shared corpus of real dumps is not on this machine")
    assert digests(folder) == pinned()["corpus"]


def write_pins() -> None:
    pins = {name: digests(folder) for name, folder in FIXTURE_SETS.items()}
    folder = corpus_folder()
    if folder is None:
        sys.exit("the shared corpus is not on this machine: its pins cannot be written")
    pins["corpus"] = digests(folder)
    PINS.write_text(json.dumps(pins, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{sum(map(len, pins.values()))} outputs pinned in {PINS.relative_to(ROOT)}")


if __name__ == "__main__":
    write_pins()
