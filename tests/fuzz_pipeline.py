"""Coverage-guided fuzzing of the whole pipeline with atheris: `tox -e fuzz`.

Any input must either normalize, with a second pass that changes nothing,
or be refused with an InputError; anything else is a crash worth a test.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from normalize import Document, InputError, Pipeline

    PIPELINE = Pipeline.default()  # loads, and so instruments, every filter module


def one_input(data: bytes) -> None:
    try:
        first = PIPELINE.run(Document.from_bytes(data))
    except InputError:
        return
    second = PIPELINE.run(Document.from_bytes(first.encode("utf-8")))
    if second != first:
        raise AssertionError(f"second pass changed the output of {data[:200]!r}")


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
