"""Files in, results out: walking trees, running jobs, writing atomically."""

from __future__ import annotations

import fnmatch
import os
import re
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normalize.cache import content_hash
from normalize.errors import NormalizeError, TimeLimitExceeded
from normalize.files import in_template_folder

# What normalizes a file is imported by the worker that does: a run over files the cache
# knows are clean needs none of it.
if TYPE_CHECKING:
    from concurrent.futures import Future

    from normalize.document import Change
    from normalize.sites import Site

CHANGED, UNCHANGED, FAILED = "changed", "unchanged", "failed"
SKIPPED = "skipped"  # a template, or nothing to clean: passed through, written nowhere


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
    cached: bool = False  # found clean by its hash; not normalized again
    reason: str | None = None  # why it was skipped
    kept_html: bool = False  # cleaned as HTML: clean for in-place runs, not for conversion


# --- walking ---------------------------------------------------------------


def collect_jobs(
    paths: Sequence[Path],
    include: Sequence[str],
    exclude: Sequence[str],
    output_dir: Path | None = None,
    in_place: bool = False,
) -> tuple[list[Job], list[str]]:
    """Jobs for the named files and the matching files under named folders, each file once.

    A symlink found in a folder stands for its target, which must lie inside
    that folder; work is done on the target itself, so nothing is ever
    written through a link. Returns the jobs and the problems met (missing
    paths, unreadable folders, name collisions).
    """
    jobs: list[Job] = []
    problems: list[str] = []
    seen_sources: set[Path] = set()
    seen_targets: dict[Path, Path] = {}
    real_folders: dict[Path, Path] = {}
    skip = output_dir.resolve() if output_dir else None
    for path in paths:
        if path.is_dir():
            found = [(f, f.relative_to(path)) for f in walk(path, include, exclude, skip, problems)]
        elif path.is_symlink() and in_place:
            problems.append(f"{path}: is a symbolic link; name its target to rewrite it in place")
            continue
        elif path.is_file():
            found = [(path, Path(path.name))]
        else:
            problems.append(f"{path}: no such file or folder")
            continue
        for source, relative in found:
            real = _real_path(source, real_folders)
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


def _real_path(path: Path, real_folders: dict[Path, Path]) -> Path:
    """path.resolve(), each folder resolved once: a file that is no link is its name in its
    folder's real path (resolving costs a system call per part of the path)."""
    if path.is_symlink():
        return path.resolve()
    folder = real_folders.get(path.parent)
    if folder is None:
        folder = real_folders[path.parent] = path.parent.resolve()
    return folder / path.name


def walk(
    root: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    skip: Path | None,
    problems: list[str],
) -> Iterator[Path]:
    """Matching files under `root`, sorted; hidden folders and files skipped.

    Symlinked files count only when their target is inside `root`; symlinked
    folders are not followed (their files, if inside, are reached directly).
    """
    real_root = root.resolve()

    def unreadable(error: OSError) -> None:
        problems.append(f"{error.filename}: cannot read folder: {error.strerror or error}")

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and (here / d).resolve() != skip
            and not _excluded_folder((here / d).relative_to(root), include, exclude)
        )
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or not _matches(path.relative_to(root), include, exclude):
                continue
            if not path.is_symlink():
                yield path
                continue
            real = path.resolve()
            if real.is_relative_to(real_root) and real.is_file():
                yield root / real.relative_to(real_root)  # the target itself, never the link


def _excluded_folder(relative: Path, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """A folder an `exclude` pattern ending in "/" names, unless an `include` one names it too."""

    def named(patterns: Sequence[str]) -> bool:
        folders = tuple(p.rstrip("/") for p in patterns if p.endswith("/"))
        return _hits(folders, relative.name, relative.as_posix())

    return named(exclude) and not named(include)


def _matches(relative: Path, include: Sequence[str], exclude: Sequence[str]) -> bool:
    name, text = relative.name, relative.as_posix()
    return _hits(tuple(include), name, text) and not _hits(tuple(exclude), name, text)


def _hits(patterns: tuple[str, ...], name: str, text: str) -> bool:
    """Whether a pattern matches the file's name or its path, as fnmatch.fnmatch would."""
    matcher = _matcher(patterns)
    return matcher is not None and bool(matcher(name) or matcher(text))


@cache
def _matcher(patterns: tuple[str, ...]) -> Callable[[str], Any] | None:
    """The patterns as one regex (fnmatch's own translation), compiled once for a walk."""
    if not patterns:
        return None
    joined = "|".join(fnmatch.translate(os.path.normcase(p)) for p in patterns)
    match = re.compile(joined).match
    return lambda path: match(os.path.normcase(path))


# --- running ---------------------------------------------------------------

DEFAULT_MAX_SIZE_MB = 10.0  # about 0.3 GB of memory at the most, and within the default timeout
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class Settings:
    """What every worker needs to normalize a file the same way."""

    chain: tuple[str, ...]
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    max_size: int = int(DEFAULT_MAX_SIZE_MB * 1024 * 1024)  # bytes; 0: no limit
    timeout: float = DEFAULT_TIMEOUT  # seconds per file; 0: no limit
    guard: bool = True  # check that no word is lost (--fast turns it off)
    keep_html: bool = False  # HTML is cleaned as HTML, never converted (-i, --check, --diff)
    generator: str | None = None  # as configured; None: detected per file (see sites.py)


_worker: tuple[Settings, Any] | None = None  # the settings and pipeline of this process


def _init_worker(settings: Settings) -> None:
    global _worker
    from normalize.pipeline import Pipeline

    pipeline = Pipeline.from_names(
        settings.chain, settings.options, settings.guard, keep_html=settings.keep_html
    )
    _worker = (settings, pipeline)


def process(job: Job) -> Result:
    """Normalize one file in a worker; every failure becomes a FAILED result."""
    assert _worker is not None
    settings, pipeline = _worker
    try:
        size = job.source.stat().st_size
        if settings.max_size and size > settings.max_size:
            return Result(job, FAILED, error=too_big(size, settings.max_size))
        original = job.source.read_bytes()
    except OSError as exc:
        return Result(job, FAILED, error=f"cannot read: {exc.strerror or exc}")
    from normalize.sites import site_for

    site = site_for(job.source.parent, settings.generator)
    return transform(job, original, pipeline, str(job.source), settings.timeout, site)


def known_clean(
    jobs: Iterable[Job], clean: frozenset[str], max_size: int, keep_html: bool
) -> set[Job]:
    """The jobs whose content hashes to one of `clean`; a file that cannot be read is not."""
    known: set[Job] = set()
    if not clean:
        return known
    for job in jobs:
        try:
            if max_size and job.source.stat().st_size > max_size:
                continue  # refused, unread, by process()
            if in_template_folder(str(job.source)):
                continue  # skipped for its place, whatever its content
            data = job.source.read_bytes()
            kinds = (False, True) if keep_html else (False,)
            if any(content_hash(data, as_html=as_html) in clean for as_html in kinds):
                known.add(job)
        except OSError:
            continue  # process() reports it
    return known


def too_big(size: int, limit: int) -> str:
    mb = 1024 * 1024
    return f"{size / mb:.1f} MB is over the --max-size limit of {limit / mb:g} MB; not read"


def transform(
    job: Job,
    original: bytes,
    pipeline: Any,
    name: str | None,
    timeout: float,
    site: Site | None = None,
) -> Result:
    """Run the pipeline over one input's bytes, for the site it belongs to; never raises."""
    from normalize.document import Document
    from normalize.guards import time_limit

    doc = Document.from_bytes(original, name=name)
    if site is not None:
        doc.generator, doc.site_timezone = site.generator, site.timezone
    try:
        with time_limit(timeout):
            output = pipeline.run(doc).encode("utf-8")
    except (NormalizeError, TimeLimitExceeded) as exc:
        error = str(exc)
    except RecursionError:
        error = "nested too deeply to normalize"
    except MemoryError:
        error = "ran out of memory"
    except Exception as exc:  # a bug must not stop the batch; say what it was
        error = f"internal error: {exc!r}"
    else:
        if doc.skipped:
            return skipped(job, original, doc.skipped)
        status = UNCHANGED if output == original else CHANGED
        return Result(job, status, output, original, doc.changes, kept_html=doc.keep_format)
    return Result(job, FAILED, original=original, changes=doc.changes, error=error)


def skipped(job: Job, original: bytes, reason: str) -> Result:
    """A file passed through: its own bytes are its output (stdout shows them as they are)."""
    return Result(job, SKIPPED, output=original, original=original, reason=reason)


def run_jobs(
    jobs: Sequence[Job], settings: Settings, workers: int
) -> Generator[Result, None, None]:
    """Results in the order of `jobs`, whatever the number of workers; errors included.

    Only a few jobs per worker are in flight at a time, so memory grows with
    the largest file, not with the batch.
    """
    if not jobs:
        return  # no filter to load
    if workers <= 1 or len(jobs) <= 1:
        _init_worker(settings)
        for job in jobs:
            yield process(job)
        return
    # Worker processes cost an import of multiprocessing: only for a batch that needs them.
    from concurrent.futures import ProcessPoolExecutor

    waiting = iter(jobs)
    in_flight: deque[tuple[Job, Future[Result]]] = deque()
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(settings,)) as pool:

        def submit_next() -> None:
            job = next(waiting, None)
            if job is not None:
                in_flight.append((job, pool.submit(process, job)))

        for _ in range(workers * 4):
            submit_next()
        try:
            while in_flight:
                job, future = in_flight.popleft()
                submit_next()
                try:
                    yield future.result()
                except Exception as exc:  # a worker that died takes its file with it, not the batch
                    yield Result(job, FAILED, error=f"worker failed: {exc!r}")
        finally:
            for _, future in in_flight:
                future.cancel()
