"""What the command does with its options: pick the mode, run the jobs, report, exit."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from normalize import __version__
from normalize.batch import (
    CHANGED,
    FAILED,
    SKIPPED,
    UNCHANGED,
    Job,
    Result,
    Settings,
    collect_jobs,
    known_clean,
    run_jobs,
    too_big,
    transform,
)
from normalize.cache import Cache
from normalize.config import (
    Config,
    chain_of,
    check_config,
    check_filter_names,
    find_config_file,
    load_config,
    merge_include,
    named_filters,
    resolve_chain,
)
from normalize.errors import ConfigError
from normalize.files import write_atomically
from normalize.registry import BUILTIN_FILTERS, available_filters, load_filters, plugin_versions

# What normalizes, reports or diffs is imported where it is used: a check over files the
# cache knows are clean needs none of it.
if TYPE_CHECKING:
    from normalize.document import Change
    from normalize.images import ImageOptions, Session
    from normalize.review import Review

EXIT_OK, EXIT_WOULD_CHANGE, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # as shells report a command stopped by Ctrl-C
STDIN = "-"


@dataclass
class Runner:
    paths: list[str]
    in_place: bool
    output_dir: Path | None
    check: bool
    diff: bool
    stdin_filename: str | None
    jobs: int
    quiet: bool
    verbose: int
    config: Config
    settings: Settings
    use_cache: bool = True
    report_path: Path | None = None
    report_out: IO[str] | None = None  # open while a run writes its report
    images: ImageOptions | None = None  # --images: pictures downloaded and relinked
    images_asked: bool = False  # --images given on the command line
    _session: Session | None = None  # the downloads of this run, made on first need
    review: Review | None = None  # --review: the page collects every result

    @classmethod
    def from_options(
        cls,
        raw_paths: tuple[str, ...],
        opts: Mapping[str, Any],
        given: Mapping[str, Any] | None = None,
    ) -> Runner:
        paths = list(raw_paths) or [STDIN]
        config, chain = _resolve_cli_chain(_load_config(paths, opts), opts)
        settings = Settings(
            chain=tuple(chain),
            options=config.options,
            max_size=int(opts["max_size"] * 1024 * 1024),
            timeout=opts["timeout"],
            guard=not opts["fast"],
            # Rewriting a file never changes what it is: HTML stays HTML (conversion: -o, stdout).
            keep_html=opts["in_place"] or opts["check"] or opts["diff"],
            generator=config.generator,
        )
        runner = cls(
            paths=paths,
            in_place=opts["in_place"],
            output_dir=opts["output_dir"],
            check=opts["check"],
            diff=opts["diff"],
            stdin_filename=opts["stdin_filename"],
            jobs=opts["jobs"] or (os.cpu_count() or 1),
            quiet=opts["quiet"],
            verbose=0 if opts["quiet"] else opts["verbose"],
            config=config,
            settings=settings,
            use_cache=not opts["no_cache"],
            report_path=opts["report_path"],
            images=_image_options(config, opts),
            images_asked=opts.get("images") is not None,
        )
        if not opts["list_filters"]:
            runner.validate_mode()
        if opts.get("review_path") is not None:
            from normalize.review import Review

            runner.review = Review(
                opts["review_path"],
                paths=paths,
                options=given or {},
                chain=settings.chain,
                encoding_options=config.options.get("encoding") or {},
            )
        return runner

    # --- modes -------------------------------------------------------------

    @property
    def writes_nothing(self) -> bool:
        return self.check or self.diff

    def validate_mode(self) -> None:
        if self.in_place and self.output_dir:
            raise ConfigError("--in-place and --output-dir cannot be used together")
        if self.writes_nothing and self.images_asked:
            raise ConfigError("--check and --diff download nothing; drop --images")
        if self.writes_nothing and (self.in_place or self.output_dir):
            raise ConfigError("--check and --diff write nothing; drop --in-place/--output-dir")
        if STDIN in self.paths:
            if len(self.paths) > 1:
                raise ConfigError("'-' (stdin) cannot be combined with other paths")
            if self.in_place or self.output_dir:
                raise ConfigError("stdin goes to stdout; --in-place and --output-dir need files")
            return
        if self.in_place or self.output_dir or self.writes_nothing:
            return
        if len(self.paths) > 1 or any(Path(p).is_dir() for p in self.paths):
            raise ConfigError(
                "several files need --in-place, --output-dir, --check or --diff "
                "(one file alone goes to stdout)"
            )

    def load_filters(self) -> None:
        """Import the filters and hold the configuration to them (raises ConfigError).

        Deferred until a document needs the chain: when every file is known
        clean under this very configuration, a run that checked it recorded them.
        """
        named = named_filters(self.config)
        # A configuration of built-ins only is checked without scanning for plugins.
        known = load_filters(named) if named <= set(BUILTIN_FILTERS) else available_filters()
        check_config(self.config, known)

    def list_filters(self) -> None:
        self.load_filters()
        for name, cls in available_filters().items():
            state = "on " if name in self.settings.chain else "off"
            click.echo(f"{name:12} {state} {cls.stage.name.lower():8} {cls.description}")

    def run(self) -> int:
        if self.review is not None:
            from normalize.review import check_writable

            problem = check_writable(self.review.path)
            if problem:
                _error(problem)
                return EXIT_USAGE
        if self.report_path is not None:
            try:
                self.report_out = open(self.report_path, "w", encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                _error(f"cannot write the report {self.report_path}: {exc.strerror or exc}")
                return EXIT_USAGE
        try:
            code = self.run_stdin() if self.paths == [STDIN] else self.run_files()
        finally:
            if self.report_out is not None:
                self.report_out.close()
        return self.write_review(code)

    def write_review(self, code: int) -> int:
        """The page, written once the run is over (an interrupted run's too, so far as it got)."""
        if self.review is None:
            return code
        try:
            self.review.write(interrupted=code == EXIT_INTERRUPTED)
        except OSError as exc:
            _error(f"cannot write the review {self.review.path}: {exc.strerror or exc}")
            return code if code in (EXIT_FAILED, EXIT_INTERRUPTED) else EXIT_FAILED
        return code

    # --- stdin -------------------------------------------------------------

    def run_stdin(self) -> int:
        from normalize.pipeline import Pipeline

        self.load_filters()
        job = Job(Path(self.stdin_filename or "<stdin>"))
        limit = self.settings.max_size
        raw = sys.stdin.buffer.read(limit + 1 if limit else -1)
        if limit and len(raw) > limit:
            self.report(Result(job, FAILED, error=too_big(len(raw), limit)))
            return EXIT_FAILED
        pipeline = Pipeline.from_names(
            self.settings.chain, self.settings.options, self.settings.guard, self.settings.keep_html
        )
        from normalize.sites import site_for

        folder = Path(self.stdin_filename).parent if self.stdin_filename else Path.cwd()
        site = site_for(folder, self.settings.generator)
        result = transform(job, raw, pipeline, self.stdin_filename, self.settings.timeout, site)
        if self.images is not None:  # never with --check/--diff
            stem = Path(self.stdin_filename).stem if self.stdin_filename else "stdin"
            result = self.with_pictures([result], lambda r: (stem, Path.cwd()))[0]
        self.report(result)
        if result.status == FAILED or result.output is None:
            return EXIT_FAILED
        if self.diff:
            _write_stdout(unified_diff(raw, result.output, job.source.as_posix()).encode("utf-8"))
        if self.writes_nothing:
            return EXIT_WOULD_CHANGE if result.status == CHANGED else EXIT_OK
        _write_stdout(result.output)
        return EXIT_OK

    # --- files -------------------------------------------------------------

    def run_files(self) -> int:
        started = time.monotonic()
        jobs, problems = collect_jobs(
            [Path(p) for p in self.paths],
            self.config.include,
            self.config.exclude,
            self.output_dir,
            in_place=self.in_place,
        )
        cache = self.load_cache()
        known = (
            known_clean(jobs, cache.clean, self.settings.max_size, self.settings.keep_html)
            if cache
            else set()
        )
        if len(known) < len(jobs) or not known:
            self.load_filters()
        for problem in problems:
            _error(problem)
            if self.review is not None:
                self.review.add_problem(problem)
        counts = {CHANGED: 0, UNCHANGED: 0, SKIPPED: 0, FAILED: len(problems)}
        try:
            with _sigterm_as_interrupt(), self.progress(len(jobs)) as advance:
                for result in self.relinked(self.results(jobs, known)):
                    result = self.deliver(result)
                    counts[result.status] += 1
                    if cache is not None:
                        self.remember(cache, result)
                    self.report(result)
                    advance(1)
        except KeyboardInterrupt:
            # Every write is a rename: each file is its old or its new version.
            done = sum(counts.values()) - len(problems)
            _error(f"interrupted after {done} of {len(jobs)} files")
            self.summarize(counts, time.monotonic() - started, total=2, force=True)
            return EXIT_INTERRUPTED
        finally:
            if cache is not None:
                cache.save()
            self.close_images()
        self.summarize(counts, time.monotonic() - started, len(jobs) + len(problems))
        if counts[FAILED]:
            return EXIT_FAILED
        if self.writes_nothing and counts[CHANGED]:
            return EXIT_WOULD_CHANGE
        return EXIT_OK

    def results(self, jobs: list[Job], known: set[Job]) -> Iterator[Result]:
        """A result per job, in order: known-clean files by their hash, the others normalized."""
        todo = [job for job in jobs if job not in known]
        workers = min(self.jobs, len(todo)) if len(todo) > 1 else 1
        normalized = run_jobs(todo, self.settings, workers)
        try:
            for job in jobs:
                yield self.known_result(job) if job in known else next(normalized)
        finally:
            normalized.close()

    def known_result(self, job: Job) -> Result:
        """A file found clean before: its content is needed only to copy, print or relink it."""
        if self.writes_nothing or (self.in_place and self.images is None):
            return Result(job, UNCHANGED, cached=True)
        try:
            content = job.source.read_bytes()
        except OSError as exc:
            return Result(job, FAILED, error=f"cannot read: {exc.strerror or exc}")
        return Result(job, UNCHANGED, output=content, original=content, cached=True)

    # --- pictures (--images) ----------------------------------------------

    def relinked(self, results: Iterator[Result]) -> Iterator[Result]:
        """The results with their pictures downloaded and relinked, when --images asks."""
        if self.images is None:
            return results
        from normalize.images import relinked

        return relinked(results, self.image_session(), self.place)

    def with_pictures(
        self, results: list[Result], place: Callable[[Result], tuple[str, Path]]
    ) -> list[Result]:
        from normalize.images import relinked

        try:
            return list(relinked(results, self.image_session(), place))
        finally:
            self.close_images()

    def image_session(self) -> Session:
        from normalize.images import Session

        assert self.images is not None
        if self._session is None:
            self._session = Session(self.images)
        return self._session

    def close_images(self) -> None:
        if self._session is None:
            return
        self._session.close()
        if not self.quiet and (self.verbose or not self.prints_output):
            click.echo(self._session.summary(), err=True)
        self._session = None

    def place(self, result: Result) -> tuple[str, Path]:
        """The stem a result's pictures are filed under, and the folder its output goes to."""
        job = result.job
        if job.target is not None:
            return job.target.stem, job.target.parent
        if self.in_place:
            return job.source.stem, job.source.parent
        return job.source.stem, Path.cwd()  # shown on stdout: paths relative to here

    def load_cache(self) -> Cache | None:
        if not self.use_cache:
            return None
        # A plugin's own version decides its output as much as ours does ours.
        plugins = [name for name in self.settings.chain if name not in BUILTIN_FILTERS]
        versions = sorted(plugin_versions(plugins).items()) if plugins else []
        version = " ".join([__version__, *(f"{name}={v}" for name, v in versions)])
        return Cache.load(
            version, self.settings.chain, self.settings.options, self.settings.generator
        )

    def remember(self, cache: Cache, result: Result) -> None:
        """What is now clean on disk: an unchanged file, or a result just written."""
        if result.status == UNCHANGED and result.original is not None:
            cache.add(result.original, as_html=result.kept_html)
        elif result.status == CHANGED and result.output is not None and not self.writes_nothing:
            cache.add(result.output, as_html=result.kept_html)

    @contextmanager
    def progress(self, total: int) -> Iterator[Callable[[int], None]]:
        """A progress bar on stderr for a batch, only when stderr is a terminal."""
        if self.quiet or total < 2 or not sys.stderr.isatty():
            yield lambda steps: None
            return
        with click.progressbar(length=total, file=sys.stderr, label="normalizing") as bar:
            yield bar.update

    def deliver(self, result: Result) -> Result:
        """Write (or show) one result; a failed write turns it into a failure."""
        if result.status == FAILED or result.output is None:
            return result
        if result.status == SKIPPED:
            self.pass_through(result)
            return result
        job = result.job
        try:
            if self.diff and result.status == CHANGED:
                _write_stdout(
                    unified_diff(
                        result.original or b"", result.output, job.source.as_posix()
                    ).encode()
                )
            elif self.writes_nothing:
                pass
            elif self.in_place:
                if result.status == CHANGED:
                    write_atomically(job.source, result.output)
            elif job.target is not None:
                if not (job.target.is_file() and job.target.read_bytes() == result.output):
                    # Outputs can be made again from their inputs: not worth an fsync each.
                    write_atomically(job.target, result.output, job.source, durable=False)
            else:
                _write_stdout(result.output)
        except OSError as exc:
            where = job.target or job.source
            return Result(
                job,
                FAILED,
                original=result.original,
                error=f"cannot write {where}: {exc.strerror or exc}",
            )
        return result

    def pass_through(self, result: Result) -> None:
        """A skipped file is written nowhere; only a file shown on stdout is shown as it is.

        Not even under --output-dir: that folder holds Markdown under .md names,
        and a template copied there would be neither a working template nor a post.
        """
        if not (self.writes_nothing or self.in_place or result.job.target is not None):
            _write_stdout(result.output or b"")

    # --- reporting ----------------------------------------------------------

    def report(self, result: Result) -> None:
        if self.report_out is not None:
            from normalize.report import write_record

            write_record(self.report_out, result)
        if self.review is not None:
            self.review.add(result)
        name = result.job.source.as_posix()
        if result.status == FAILED:
            _error(f"{name}: {result.error}")
        if not self.verbose and not self.quiet:
            for change in result.changes:
                if change.filter == "images" and change.warning:  # a picture lost: always said
                    click.echo(f"{name}: {change}", err=True)
        if self.verbose:
            for change in result.changes:
                click.echo(f"{name}: {change}", err=True)
        elif result.status == CHANGED and not self.quiet and not self.prints_output:
            # What a hook or a batch rewrote, and why, without -v: one line per file.
            verb = "would change" if self.writes_nothing else "normalized"
            click.echo(f"{name}: {verb} ({rules_fired(result.changes)})", err=True)
        if self.verbose and result.status == SKIPPED:
            click.echo(f"{name}: skipped: {result.reason}", err=True)
        elif self.verbose and result.status != FAILED:
            verb = "would change" if self.writes_nothing else "normalized"
            unchanged = "unchanged (cached)" if result.cached else "unchanged"
            click.echo(f"{name}: {verb if result.status == CHANGED else unchanged}", err=True)

    @property
    def prints_output(self) -> bool:
        """One input, its result on stdout: nothing else to say unless asked."""
        return not (self.in_place or self.writes_nothing or self.output_dir)

    def summarize(
        self, counts: dict[str, int], seconds: float, total: int, force: bool = False
    ) -> None:
        if not force and (self.quiet or (total <= 1 and not self.verbose and self.prints_output)):
            return
        changed = "would be normalized" if self.writes_nothing else "normalized"
        # Skipped files are counted only when there are some, so the usual line stays as it was.
        skipped = f"{counts[SKIPPED]} skipped, " if counts.get(SKIPPED) else ""
        click.echo(
            f"{counts[CHANGED]} {changed}, {counts[UNCHANGED]} unchanged, {skipped}"
            f"{counts[FAILED]} failed ({seconds:.2f}s)",
            err=True,
        )


def rules_fired(changes: list[Change]) -> str:
    """`ads: ad slot ×2, unproxy: proxy`: the rules that changed a file, each once, counted."""
    fired = Counter(f"{change.filter}: {change.rule}" for change in changes if not change.warning)
    return ", ".join(rule + (f" ×{n}" if n > 1 else "") for rule, n in fired.items()) or "tidied"


def _image_options(config: Config, opts: Mapping[str, Any]) -> ImageOptions | None:
    """--images DIR over `[tool.normalize.images]`; None when no folder is named.

    --check and --diff write nothing, so a folder named only in the configuration
    is not used by them (and --images with them is an error: see validate_mode).
    """
    if opts.get("images") is None and not config.images.get("dir"):
        return None
    if opts["check"] or opts["diff"]:
        return None
    from normalize.images import ImageOptions

    options = ImageOptions.from_table(config.images, opts.get("images"), config.source)
    return replace(options, use_index=not opts["no_cache"]) if options else None


def _load_config(paths: list[str], opts: Mapping[str, Any]) -> Config:
    """The configuration file's settings with --include/--exclude/--encoding on top, unchecked."""
    if opts["config_path"]:
        config_file = opts["config_path"]
    else:
        real = [Path(p) for p in paths if p != STDIN]
        start = Path(os.path.commonpath([str(p.resolve()) for p in real])) if real else Path.cwd()
        config_file = find_config_file(start)
    config = load_config(config_file)
    if opts["include"] or opts["exclude"]:
        config = replace(
            config,
            include=merge_include(config.include, opts["include"]),
            exclude=config.exclude + opts["exclude"],
        )
    if opts.get("generator"):
        config = replace(config, generator=opts["generator"])
    if opts["encoding"]:
        encoding = config.options.get("encoding", {})
        if isinstance(encoding, Mapping):  # anything else is an error check_config names
            options = {**config.options, "encoding": {**encoding, "default": opts["encoding"]}}
            config = replace(config, options=options)
    return config


def _resolve_cli_chain(config: Config, opts: Mapping[str, Any]) -> tuple[Config, list[str]]:
    """The configuration with the command line's choices on top, and the chain it gives.

    When every filter it names is a built-in, no filter is loaded yet (see
    Runner.load_filters); otherwise the names and options are checked now.
    """
    enable, disable = _split_names(opts["enable"]), _split_names(opts["disable"])
    only = _split_names((opts["only"],)) if opts["only"] is not None else None
    chosen = replace(
        config,
        filters=only if only is not None else config.filters,
        enable=tuple(n for n in config.enable if n not in disable) + enable,
        disable=tuple(n for n in config.disable if n not in enable) + disable,
    )
    if named_filters(chosen) <= set(BUILTIN_FILTERS):
        return chosen, chain_of(chosen, list(BUILTIN_FILTERS), list(BUILTIN_FILTERS))
    available = available_filters()
    check_config(config, available)
    check_filter_names(enable, available, "--enable")
    check_filter_names(disable, available, "--disable")
    check_filter_names(only or (), available, "--filters")
    return chosen, resolve_chain(chosen, available)


def _split_names(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def unified_diff(before: bytes, after: bytes, name: str) -> str:
    import difflib

    a = before.decode("utf-8", "replace").splitlines(keepends=True)
    b = after.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(a, b, f"a/{name}", f"b/{name}")
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a batch the way Ctrl-C does: between files, with a summary."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _error(message: str) -> None:
    click.echo(f"normalize: error: {message}", err=True)


def _write_stdout(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
