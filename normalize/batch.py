"""Files in, results out: walking trees, running jobs, writing atomically."""

from __future__ import annotations

import fnmatch
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from normalize.document import Change, Document
from normalize.errors import NormalizeError

CHANGED, UNCHANGED, FAILED = "changed", "unchanged", "failed"


@dataclass(frozen=True)
class Job:
    """One input file and where its result goes (None: nowhere, or stdout)."""

    source: Path
    target: Path | None = None


@dataclass
class Result:
    job: Job
    status: str
    output: bytes | None = None
    original: bytes | None = None
    changes: list[Change] = field(default_factory=list)
    error: str | None = None


# --- walking ---------------------------------------------------------------


def collect_jobs(
    paths: Sequence[Path],
    include: Sequence[str],
    exclude: Sequence[str],
    output_dir: Path | None = None,
) -> tuple[list[Job], list[str]]:
    """Jobs for the named files and the matching files under named folders, each file once.

    Returns the jobs and the problems met (missing paths, name collisions).
    """
    jobs: list[Job] = []
    problems: list[str] = []
    seen_sources: set[Path] = set()
    seen_targets: dict[Path, Path] = {}
    skip = output_dir.resolve() if output_dir else None
    for path in paths:
        if path.is_dir():
            found = [(f, f.relative_to(path)) for f in walk(path, include, exclude, skip)]
        elif path.is_file():
            found = [(path, Path(path.name))]
        else:
            problems.append(f"{path}: no such file or folder")
            continue
        for source, relative in found:
            real = source.resolve()
            if real in seen_sources:
                continue
            seen_sources.add(real)
            target = (output_dir / relative).with_suffix(".md") if output_dir else None
            if target is not None:
                if target in seen_targets:
                    problems.append(
                        f"{source}: output {target} already comes from {seen_targets[target]}"
                    )
                    continue
                seen_targets[target] = source
            jobs.append(Job(source, target))
    return jobs, problems


def walk(
    root: Path, include: Sequence[str], exclude: Sequence[str], skip: Path | None
) -> Iterator[Path]:
    """Matching files under `root`, sorted, hidden folders and files skipped."""
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != skip)
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or not _matches(path.relative_to(root), include, exclude):
                continue
            # A symlink is followed only when it stays inside the tree.
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                continue
            yield path


def _matches(relative: Path, include: Sequence[str], exclude: Sequence[str]) -> bool:
    text = relative.as_posix()

    def hit(pattern: str) -> bool:
        return fnmatch.fnmatch(relative.name, pattern) or fnmatch.fnmatch(text, pattern)

    return any(hit(p) for p in include) and not any(hit(p) for p in exclude)


# --- running ---------------------------------------------------------------

_worker_pipeline = None


def _init_worker(names: list[str], options: Mapping[str, Mapping[str, Any]]) -> None:
    global _worker_pipeline
    from normalize.pipeline import Pipeline

    _worker_pipeline = Pipeline.from_names(names, options)


def process(job: Job) -> Result:
    """Normalize one file in a worker; every failure becomes a FAILED result."""
    try:
        original = job.source.read_bytes()
    except OSError as exc:
        return Result(job, FAILED, error=f"cannot read: {exc.strerror or exc}")
    return transform(job, original, _worker_pipeline, name=str(job.source))


def transform(job: Job, original: bytes, pipeline: Any, name: str | None) -> Result:
    """Run the pipeline over one input's bytes; never raises."""
    doc = Document.from_bytes(original, name=name)
    try:
        output = pipeline.run(doc).encode("utf-8")
    except NormalizeError as exc:
        error = str(exc)
    except RecursionError:
        error = "nested too deeply to normalize"
    except Exception as exc:  # a bug must not stop the batch; say what it was
        error = f"internal error: {exc!r}"
    else:
        status = UNCHANGED if output == original else CHANGED
        return Result(job, status, output=output, original=original, changes=doc.changes)
    return Result(job, FAILED, original=original, changes=doc.changes, error=error)


def run_jobs(
    jobs: Sequence[Job],
    names: list[str],
    options: Mapping[str, Mapping[str, Any]],
    workers: int,
) -> Iterable[Result]:
    """Results in the order of `jobs`, whatever the number of workers."""
    if workers <= 1 or len(jobs) <= 1:
        _init_worker(names, options)
        for job in jobs:
            yield process(job)
        return
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(names, options)) as pool:
        yield from pool.map(process, jobs, chunksize=max(1, min(32, len(jobs) // (workers * 4))))


# --- writing ---------------------------------------------------------------


def write_atomically(target: Path, data: bytes, mode_from: Path | None = None) -> None:
    """Write to a temporary file beside `target`, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        source_of_mode = mode_from if mode_from and mode_from.exists() else target
        if source_of_mode.exists():
            os.chmod(temp, source_of_mode.stat().st_mode & 0o7777)
        else:
            os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
