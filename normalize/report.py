"""`--report FILE`: one JSON line per file, written as each result arrives.

Each line is complete and flushed, so a report of an interrupted run is
readable up to the last file finished.
"""

from __future__ import annotations

import json
from typing import IO, Any

from normalize.batch import Result


def record(result: Result) -> dict[str, Any]:
    """A result as plain data: file, status, error, and the changes grouped by filter."""
    changes: dict[str, list[dict[str, Any]]] = {}
    for change in result.changes:
        entry: dict[str, Any] = {"rule": change.rule, "detail": change.detail}
        if change.warning:
            entry["warning"] = True
        changes.setdefault(change.filter, []).append(entry)
    data: dict[str, Any] = {"file": result.job.source.as_posix(), "status": result.status}
    if result.job.target is not None:
        data["output"] = result.job.target.as_posix()
    if result.cached:
        data["cached"] = True
    if result.error:
        data["error"] = result.error
    if result.reason:
        data["reason"] = result.reason
    data["changes"] = changes
    return data


def write_record(out: IO[str], result: Result) -> None:
    out.write(json.dumps(record(result), ensure_ascii=False) + "\n")
    out.flush()
