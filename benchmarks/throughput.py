"""Throughput, latency and scaling of `normalize`, next to the tools a user would reach for.

    python benchmarks/throughput.py [--files N] [--mb M] [--jobs N] [--skip-peers] [--quick]
                                    [--repeats N] [--profile]

Builds a corpus in a temporary folder from fixtures/raw: every fixture copied
until there are at least N files and M MB (defaults 5,000 and 50), each copy
with its own counter paragraph so that no two files are equal. Then, on those
files, in one run:

- the `normalize` CLI with -j1 and -jN, writing to --output-dir;
- a second run, `normalize OUT --check`, over the unchanged output (with and
  without `--no-cache` when the CLI has that option);
- `normalize -j1` on the HTML inputs alone, the reference for the peers;
- the peers, in-process in a loop over the same HTML inputs, one process:
  trafilatura's Markdown output, html2text, bare markdownify, and pandoc
  `-f html -t gfm` (one process per file) when `pandoc` is on PATH;
- BeautifulSoup(html, "lxml") alone over those inputs: the parse that the
  rest of the pipeline is measured against;
- `normalize --check` on one small clean post and `python -c "import click"`,
  median of --repeats runs each;
- normalize_bytes on one generated page of 10 KB, 1 MB, 10 MB and 50 MB
  (--quick skips 50 MB): seconds per MB at each size.

The package is byte-compiled first, as an install does. It prints figures
and asserts nothing. POSIX only; peak memory comes from GNU time
(/usr/bin/time -f %M) and is left out when that is missing. The peers:
`pip install -r benchmarks/requirements.txt`.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "raw"
GNU_TIME = "/usr/bin/time"
PEERS = ["trafilatura", "html2text", "markdownify", "pandoc"]
# trafilatura asked for what normalize writes of a page: its metadata, links, images, emphasis.
TRAFILATURA_ALL = "trafilatura-all"
PARSE_ONLY = "bs4-lxml-parse"
# normalize timed as the peers are: in this process, imported before the clock starts.
IN_PROCESS = "normalize-in-process"
IN_PROCESS_ROW = "  normalize in process, whole pages"
PAGE_SIZES = [10_000, 1_000_000, 10_000_000, 50_000_000]
# Row labels the summary looks up.
J1 = "normalize -j1"
HTML_J1 = "normalize -j1, HTML inputs"
SECOND = "2nd run: --check on output -j1"
PARSE = "BeautifulSoup(html, 'lxml') only"
PAGES_J1 = "normalize -j1, whole pages"

# A Hexo post's front matter, which a user would cut off before handing the HTML to a peer.
FRONT_MATTER = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*---[ \t]*\r?\n.*?\r?\n---[ \t]*(?:\r?\n|\Z)", re.S
)


@dataclass
class Corpus:
    root: Path
    files: list[Path]  # in copy order, so any prefix has every kind of fixture
    html: list[Path]  # the files whose body is HTML: what the peers can take

    @property
    def size(self) -> int:
        return sum(path.stat().st_size for path in self.files)


@dataclass
class Row:
    tool: str
    files: int
    size: int  # bytes read
    seconds: float
    peak_kb: int | None
    ref: Row | None = None  # normalize -j1 over the same files, for the ratio column


# --- the corpus ---------------------------------------------------------------------------


def is_html(raw: bytes, name: str) -> bool:
    """Whether normalize itself takes the body for HTML (tags are ASCII in every encoding here)."""
    from normalize.document import Kind
    from normalize.sniff import sniff

    return sniff(raw.decode("utf-8-sig", "replace"), name) == Kind.HTML


def vary(raw: bytes, copy: int, html: bool) -> bytes:
    """`raw` with a counter paragraph, so that no two copies are the same file."""
    if b"\x00" in raw[:4096]:  # UTF-16/32: an ASCII insert would corrupt it
        return raw
    if html:
        paragraph = b"<p>Copy %d of this page in the benchmark corpus.</p>\n" % copy
        end = raw.lower().rfind(b"</body>")
        if end >= 0:
            return raw[:end] + paragraph + raw[end:]
        return raw.rstrip() + b"\n" + paragraph
    return raw.rstrip() + b"\n\nCopy %d of this post in the benchmark corpus.\n" % copy


def build_corpus(dest: Path, min_files: int, min_mb: float) -> Corpus:
    """Whole sets of fixtures, copied until both minimums are reached; HTML and the rest apart."""
    paths = sorted(path for path in FIXTURES.iterdir() if path.is_file())
    fixtures = [(path.name, path.read_bytes()) for path in paths]
    fixtures = [(name, raw, is_html(raw, name)) for name, raw in fixtures]
    set_size = sum(len(raw) for _, raw, _ in fixtures)
    copies = max(math.ceil(min_files / len(fixtures)), math.ceil(min_mb * 1e6 / set_size))
    corpus = Corpus(dest, [], [])
    for copy in range(copies):
        for name, raw, html in fixtures:
            target = dest / ("html" if html else "other") / f"{copy:05d}" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(vary(raw, copy, html))
            corpus.files.append(target)
            if html:
                corpus.html.append(target)
    return corpus


def make_page(size: int) -> bytes:
    """A saved article page of about `size` bytes: site chrome around varied article blocks."""
    head = (
        '<!doctype html>\n<html><head><meta charset="utf-8"><title>Scaling test</title></head>\n'
        '<body><header><nav><a href="/">Home</a> <a href="/about">About</a></nav></header>\n'
        "<main><article><h1>Scaling test</h1>\n"
    )
    tail = "</article></main>\n<footer><p>© 2024 Example</p></footer></body></html>\n"
    block = (
        "<h2>Section {n}</h2>\n"
        '<p>Paragraph {n} has <a href="https://example.org/post/{n}">a link</a>, <strong>bold'
        "</strong> and <em>emphasised</em> words, and Chinese that keeps no spaces: "
        "这是第{n}段中文，用来检查中文与English混排。</p>\n"
        "<ul><li>first item of list {n}</li><li>second item, with <code>code {n}</code></li></ul>\n"
        "<table><tr><th>key</th><th>value</th></tr><tr><td>row {n}</td><td>{n}</td></tr></table>\n"
        '<pre><code class="language-python">print("block {n}")\n</code></pre>\n'
        "<blockquote><p>A quotation in block {n}.</p></blockquote>\n"
    )
    parts, total, n = [head], len(head) + len(tail), 0
    while total < size:
        part = block.format(n=n)
        parts.append(part)
        total += len(part.encode())
        n += 1
    return ("".join(parts) + tail).encode()


# --- running and measuring ----------------------------------------------------------------


def has_gnu_time() -> bool:
    # BSD and busybox `time` lack -f/-o; without GNU time, peak memory is left out.
    if not Path(GNU_TIME).exists():
        return False
    probe = [GNU_TIME, "-f", "%M", "-o", os.devnull, "true"]
    return subprocess.run(probe, capture_output=True).returncode == 0


HAVE_GNU_TIME = has_gnu_time()


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int | None, str, int]:
    """Wall seconds, peak RSS in KB, stdout and exit code of `cmd`.

    Peak memory comes from GNU time, not from getrusage in this process: on
    Linux a child spawned with vfork inherits its parent's RSS high-water mark.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        prefix = [GNU_TIME, "-f", "%M", "-o", rss.name] if HAVE_GNU_TIME else []
        start = time.perf_counter()
        proc = subprocess.run(prefix + cmd, capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - start
        lines = rss.read().split()  # "Command exited with non-zero status 1" comes first
        peak = int(lines[-1]) if HAVE_GNU_TIME and lines else None
    if proc.returncode not in (0, 1):
        last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        print(f"  note: {' '.join(cmd[:3])}… exited {proc.returncode}: {last}")
    return seconds, peak, proc.stdout, proc.returncode


def cache_env(tmp: Path, name: str) -> dict[str, str]:
    """An environment whose user cache folder is `name` under `tmp`.

    A first run starts cold, its second run shares its folder, and the user's
    own cache is never touched.
    """
    folder = str(tmp / "cache" / name)
    return {**os.environ, "NORMALIZE_CACHE_DIR": folder, "XDG_CACHE_HOME": folder}


def compile_normalize() -> None:
    """Byte-compile the package, as pip does when it installs one (an editable install
    writes its bytecode on first import, unless PYTHONDONTWRITEBYTECODE is set): start-up
    is timed as users have it, not with every module compiled from source on each run."""
    spec = importlib.util.find_spec("normalize")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def normalize_command() -> str:
    beside = Path(sys.executable).with_name("normalize")
    found = str(beside) if beside.exists() else shutil.which("normalize")
    if not found:
        raise SystemExit("no `normalize` command: pip install -e . first")
    return found


def child(task: str, arg: Path) -> Row:
    """Run this script's --child mode in a fresh process: its own timer, its own memory."""
    seconds, peak, stdout, code = run([sys.executable, __file__, "--child", task, str(arg)])
    if code != 0:
        raise RuntimeError(f"child {task} failed")
    report = json.loads(stdout)
    return Row(task, report["files"], report["bytes"], report["seconds"], peak)


def package_label(name: str) -> str:
    try:
        return f"{name} {version(name)}"
    except PackageNotFoundError:
        return name


# --- what the child process runs ----------------------------------------------------------


def peer_function(name: str) -> Callable[[str], object]:
    """The conversion a user would write with each tool; imports happen here, untimed."""
    if name == "trafilatura":
        import trafilatura
        from trafilatura.settings import SUPPORTED_FORMATS

        fmt = "markdown" if "markdown" in SUPPORTED_FORMATS else "txt"
        return lambda html: trafilatura.extract(html, output_format=fmt)
    if name == TRAFILATURA_ALL:
        import trafilatura

        return lambda html: trafilatura.extract(
            html,
            output_format="markdown",
            with_metadata=True,
            include_links=True,
            include_images=True,
            include_formatting=True,
        )
    if name == "html2text":
        import html2text

        return html2text.html2text
    if name == "markdownify":
        from markdownify import markdownify

        return markdownify
    if name == "pandoc":
        cmd = ["pandoc", "-f", "html", "-t", "gfm"]
        return lambda html: subprocess.run(cmd, input=html, capture_output=True, text=True).stdout
    if name == PARSE_ONLY:
        from bs4 import BeautifulSoup

        return lambda html: BeautifulSoup(html, "lxml")
    if name == IN_PROCESS:
        from normalize import NormalizeError, Pipeline, normalize_text

        pipeline = Pipeline.default()  # its filters imported and set up, as a peer's import

        def convert(html: str) -> str:
            try:
                return normalize_text(html, name="page.html", pipeline=pipeline)
            except NormalizeError:
                return ""  # a page with nothing to keep: the command reports it and goes on

        return convert
    raise ValueError(name)


def html_text(raw: bytes) -> str:
    """What a user hands a peer: the HTML after any front matter, decoded."""
    from bs4 import UnicodeDammit

    raw = FRONT_MATTER.sub(b"", raw, count=1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return UnicodeDammit(raw).unicode_markup  # reads <meta charset>, then guesses


def child_peer(name: str, list_file: Path) -> dict[str, float]:
    """Convert every listed file with one tool, reading and decoding included."""
    convert = peer_function(name)
    html_text(b"<p>warm-up</p>")  # import bs4's decoder before the clock starts
    paths = [Path(line) for line in list_file.read_text().splitlines()]
    size, start = 0, time.perf_counter()
    for path in paths:
        raw = path.read_bytes()
        size += len(raw)
        convert(html_text(raw))
    return {"seconds": time.perf_counter() - start, "files": len(paths), "bytes": size}


def child_page(page: Path) -> dict[str, float]:
    """Seconds for normalize_bytes on one page; small pages are averaged over a second of runs."""
    from normalize import normalize_bytes

    normalize_bytes(make_page(5_000), name="warm-up.html")  # lazy imports, untimed
    raw = page.read_bytes()
    runs, start = 0, time.perf_counter()
    while True:
        normalize_bytes(raw, name=page.name)
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= 1.0:
            break
    return {"seconds": elapsed / runs, "files": 1, "bytes": len(raw)}


def run_child(task: str, arg: str) -> None:
    report = child_page(Path(arg)) if task == "page" else child_peer(task, Path(arg))
    print(json.dumps(report))


# --- the measurements ---------------------------------------------------------------------


def time_normalize(corpus: Corpus, tmp: Path, jobs: int) -> list[Row]:
    """-j1, -jN, the second run over the output, and -j1 on the HTML inputs alone."""
    exe = normalize_command()
    help_text = subprocess.run([exe, "--help"], capture_output=True, text=True).stdout

    def timed(label: str, args: list[str], cache: str, files: int, size: int) -> Row:
        seconds, peak, _, code = run([exe, *args, "-q"], cache_env(tmp, cache))
        if "--check" in args and code == 1:
            print(f"  note: {label}: some output would change again (exit 1)")
        return Row(label, files, size, seconds, peak)

    tree, count, size = str(corpus.root), len(corpus.files), corpus.size
    out = tmp / "out-j1"
    first = timed(J1, [tree, "-j1", "-o", str(out)], "j1", count, size)
    parallel = timed(
        f"normalize -j{jobs}", [tree, f"-j{jobs}", "-o", str(tmp / "out-jN")], "jN", count, size
    )
    rows = [first, parallel]

    # The second run reads the first one's output with the first one's cache.
    out_size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    check = [str(out), "--check", "-j1"]
    rows.append(timed(SECOND, check, "j1", count, out_size))
    if "--no-cache" in help_text:
        rows.append(timed("2nd run, --no-cache", [*check, "--no-cache"], "j1", count, out_size))
    for row in rows:
        row.ref = first

    html_size = sum(path.stat().st_size for path in corpus.html)
    html_args = [str(corpus.root / "html"), "-j1", "-o", str(tmp / "out-html")]
    html_ref = timed(HTML_J1, html_args, "html", len(corpus.html), html_size)
    html_ref.ref = html_ref
    return rows + [html_ref]


def time_whole_pages(
    pages: Path, tmp: Path, skip_peers: bool, rounds: int, repeats: int
) -> list[Row]:
    """normalize -j1 on real saved pages (the article filter at work), trafilatura and the
    bare parse on the same pages; each page taken `rounds` times, so a small set weighs.

    The tools take turns `repeats` times and each keeps its fastest run: a shared
    machine's speed drifts within a run by more than the rows differ."""
    folder = tmp / "pages"
    files = []
    for n in range(rounds):
        for page in sorted(pages.glob("*.htm*")):
            target = folder / str(n) / page.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, target)
            files.append(target)
    size = sum(path.stat().st_size for path in files)
    listing = tmp / "pages.txt"
    listing.write_text("\n".join(map(str, files)))
    labels = {
        PAGES_J1: PAGES_J1,
        "trafilatura": f"  {package_label('trafilatura')}, whole pages",
        TRAFILATURA_ALL: "  trafilatura, + metadata, links, images",
        IN_PROCESS: IN_PROCESS_ROW,
        PARSE_ONLY: f"  {PARSE}, whole pages",
    }
    best: dict[str, Row] = {}
    for _ in range(repeats):
        for name in [
            PAGES_J1,
            *([] if skip_peers else ["trafilatura", TRAFILATURA_ALL]),
            IN_PROCESS,
            PARSE_ONLY,
        ]:
            try:
                row = _time_on_pages(name, folder, listing, tmp, len(files), size)
            except RuntimeError as exc:
                print(f"  note: {name} skipped on whole pages ({exc})")
                continue
            row.tool = labels[name]
            if name not in best or row.seconds < best[name].seconds:
                best[name] = row
    ours = best[PAGES_J1]
    for row in best.values():
        row.ref = ours
    return list(best.values())


def _time_on_pages(name: str, folder: Path, listing: Path, tmp: Path, count: int, size: int) -> Row:
    if name != PAGES_J1:
        return child(name, listing)
    out = tmp / "out-pages"
    shutil.rmtree(out, ignore_errors=True)
    seconds, peak, _, _ = run(
        [normalize_command(), str(folder), "-j1", "-q", "--no-cache", "-o", str(out)]
    )
    return Row(PAGES_J1, count, size, seconds, peak)


def time_peers(html_list: Path, ref: Row, skip_peers: bool) -> list[Row]:
    rows = []
    for name in [] if skip_peers else PEERS:
        if name == "pandoc" and not shutil.which("pandoc"):
            print("  note: pandoc is not on PATH: skipped")
            continue
        try:
            row = child(name, html_list)
        except RuntimeError as exc:
            print(f"  note: {name} skipped ({exc}; pip install -r benchmarks/requirements.txt)")
            continue
        row.tool = pandoc_label() if name == "pandoc" else package_label(name)
        row.ref = ref
        rows.append(row)
    parse = child(PARSE_ONLY, html_list)
    parse.tool, parse.ref = PARSE, ref
    return rows + [parse]


def pandoc_label() -> str:
    first = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout
    return (first.splitlines() or ["pandoc"])[0] + " (a process per file)"


def time_latency(
    tmp: Path, repeats: int
) -> tuple[float, float, int | None, int | None, int, float]:
    """Median seconds (and peak KB) of `normalize --check` on a small clean post and of importing
    click; last, the median of the same check with --no-cache (every filter at work)."""
    post = tmp / "small" / "post.md"
    post.parent.mkdir()
    shutil.copy(FIXTURES / "10-hexo-clean-markdown.md", post)
    env = cache_env(tmp, "latency")  # warm after the first run, as in a pre-commit hook
    ours = [run([normalize_command(), "--check", str(post)], env) for _ in range(repeats)]
    click = [run([sys.executable, "-c", "import click"]) for _ in range(repeats)]
    uncached = [
        run([normalize_command(), "--check", "--no-cache", str(post)], env) for _ in range(repeats)
    ]
    return (
        statistics.median(r[0] for r in ours),
        statistics.median(r[0] for r in click),
        max((r[1] for r in ours), default=None),
        max((r[1] for r in click), default=None),
        post.stat().st_size,
        statistics.median(r[0] for r in uncached),
    )


def time_pages(tmp: Path, quick: bool) -> list[Row]:
    rows = []
    for size in PAGE_SIZES[:-1] if quick else PAGE_SIZES:
        page = tmp / f"page-{size}.html"
        page.write_bytes(make_page(size))
        row = child("page", page)
        row.tool = f"page of {size / 1e6:g} MB"
        rows.append(row)
        page.unlink()
    return rows


def profile(files: list[Path], top: int = 15) -> None:
    """cProfile of normalize_bytes over `files`, in this process, top entries by cumulative time."""
    import cProfile
    import pstats

    from normalize import NormalizeError, Pipeline, normalize_bytes

    pipeline = Pipeline.default()
    normalize_bytes(make_page(5_000), name="warm-up.html", pipeline=pipeline)
    blobs = [(path.name, path.read_bytes()) for path in files]
    profiler = cProfile.Profile()
    profiler.enable()
    for name, raw in blobs:
        try:
            normalize_bytes(raw, name=name, pipeline=pipeline)
        except NormalizeError:
            pass  # refused inputs cost time too; the CLI reports them
    profiler.disable()
    print(
        f"\ncProfile: normalize_bytes over {len(blobs)} corpus files, top {top} by cumulative time"
    )
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    print("cumulative seconds per filter and pipeline step (the HTML filters also run on HTML")
    print("blocks inside Markdown, under _clean_html_blocks):")
    for name, seconds in sorted(stage_times(stats).items(), key=lambda item: -item[1]):
        print(f"  {name:<28} {seconds:7.3f}")


def stage_times(stats: Any) -> dict[str, float]:
    """Cumulative seconds in each filter's run() and in the pipeline's own steps."""
    steps = {"parse_html", "render", "_clean_html_blocks", "sniff", "check_bytes"}
    times: dict[str, float] = {}
    for (file, _, func), (_, _, _, cumulative, _) in stats.stats.items():
        path = Path(file)
        if path.parent.name == "filters" and func == "run":
            key = f"filter {path.stem}"
        elif path.parent.name == "normalize" and func in steps:
            key = func
        else:
            continue
        times[key] = times.get(key, 0.0) + cumulative
    return times


# --- output -------------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    print(
        f"\n{'tool':<40} {'files':>6} {'MB':>7} {'seconds':>8} {'MB/s':>7} {'files/s':>8} {'vs -j1':>7} {'peak MB':>8}"
    )
    for row in rows:
        ratio = f"{row.ref.seconds / row.seconds:.2f}" if row.ref else "-"
        peak = f"{row.peak_kb / 1024:.0f}" if row.peak_kb else "n/a"
        mb = row.size / 1e6
        print(
            f"{row.tool:<40} {row.files:>6} {mb:>7.1f} {row.seconds:>8.2f} {mb / row.seconds:>7.2f} "
            f"{row.files / row.seconds:>8.0f} {ratio:>7} {peak:>8}"
        )
    print(
        "vs -j1: normalize -j1's seconds over the same files ÷ this row's (>1: faster than ours);\n"
        "  peers and the parse compare with 'normalize -j1, HTML inputs', the 2nd run with the first.\n"
        "Peers run in-process in a loop over the same HTML files, one process; reading, cutting\n"
        "  the front matter and decoding are timed with them. peak MB: largest RSS of any one\n"
        "  process (GNU time %M; workers included, interpreter and imports too)."
    )


def print_summary(rows: list[Row], jobs: int) -> None:
    by_tool = {row.tool: row for row in rows}
    first, html_ref, parse = by_tool[J1], by_tool[HTML_J1], by_tool[PARSE]
    parallel, second = by_tool[f"normalize -j{jobs}"], by_tool[SECOND]
    print(
        f"\n-j{jobs} vs -j1: {first.seconds / parallel.seconds:.2f}× (issue target on 2 cores: ≥1.7×)"
    )
    print(f"2nd run vs first: {first.seconds / second.seconds:.1f}× faster (target ≥20×)")
    rest = html_ref.seconds - parse.seconds
    print(
        f"conversion vs parse, HTML inputs: parse alone {parse.seconds:.2f} s, normalize -j1 "
        f"{html_ref.seconds:.2f} s, all but the parse {rest:.2f} s = {rest / parse.seconds:.2f}× "
        "the parse (target ≤2×)"
    )
    for row in rows:
        if row.tool.startswith("trafilatura"):
            print(
                f"normalize -j1 vs {row.tool}, HTML inputs: {row.seconds / html_ref.seconds:.2f}× its throughput"
            )
    pages = by_tool.get(PAGES_J1)
    for row in rows:
        if pages and row.ref is pages and row.tool.strip().startswith("trafilatura"):
            target = " (target ≥1.0×)" if "whole pages" in row.tool else ""
            print(
                f"whole pages: normalize -j1 {pages.size / 1e6 / pages.seconds:.2f} MB/s, "
                f"{row.tool.strip()} {row.size / 1e6 / row.seconds:.2f} MB/s: "
                f"{row.seconds / pages.seconds:.2f}× its throughput{target}"
            )
    in_process = by_tool.get(IN_PROCESS_ROW)
    peer = next(
        (r for r in rows if r.tool.strip().startswith("trafilatura") and "whole pages" in r.tool),
        None,
    )
    if in_process and peer:
        print(
            f"whole pages, both in process (no start-up): normalize "
            f"{in_process.size / 1e6 / in_process.seconds:.2f} MB/s, {peer.tool.strip()} "
            f"{peer.size / 1e6 / peer.seconds:.2f} MB/s: {peer.seconds / in_process.seconds:.2f}×"
        )


def print_latency(
    ours: float,
    click: float,
    ours_kb: int | None,
    click_kb: int | None,
    size: int,
    uncached: float,
    repeats: int,
) -> None:
    def mb(kb: int | None) -> str:
        return f"{kb / 1024:.0f} MB" if kb else "n/a"

    print(
        f"\nlatency, median of {repeats}: normalize --check on one clean {size / 1000:.1f} KB post "
        f"{ours * 1000:.0f} ms (peak {mb(ours_kb)}); python -c 'import click' {click * 1000:.0f} ms "
        f"(peak {mb(click_kb)}); ratio {ours / click:.2f}× (target ≤2×)"
    )
    print(f"  the same post with --no-cache, normalized again: {uncached * 1000:.0f} ms")


def print_pages(rows: list[Row]) -> None:
    print("\nsize linearity: normalize_bytes on one generated saved page, in a fresh process")
    per_mb = []
    for row in rows:
        rate = row.seconds / (row.size / 1e6)
        per_mb.append(rate)
        peak = f"{row.peak_kb / 1024:.0f}" if row.peak_kb else "n/a"
        per_byte = f"{row.peak_kb * 1024 / row.size:.0f} B/B" if row.peak_kb else "n/a"
        print(
            f"  {row.tool:<16} {row.seconds:>9.3f} s  {rate:>7.2f} s/MB  peak {peak} MB"
            f" ({per_byte} of input; target ≤25 B/B at 50 MB)"
        )
    print(f"  s/MB, largest ÷ smallest: {max(per_mb) / min(per_mb):.2f}× (target ≤1.5×)")


# --- main ---------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000, help="at least this many files")
    parser.add_argument("--mb", type=float, default=50.0, help="at least this many MB")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="N for -jN")
    parser.add_argument("--skip-peers", action="store_true", help="time normalize only")
    parser.add_argument("--quick", action="store_true", help="no 50 MB page")
    parser.add_argument("--repeats", type=int, default=20, help="runs for the latency medians")
    parser.add_argument("--profile", action="store_true", help="cProfile 200 corpus files")
    parser.add_argument(
        "--pages",
        type=Path,
        help="a folder of real saved pages (whole HTML documents) to time besides the corpus",
    )
    parser.add_argument("--page-rounds", type=int, default=5, help="times each page is taken")
    parser.add_argument(
        "--page-repeats", type=int, default=3, help="turns on the pages; each tool's best is kept"
    )
    parser.add_argument("--child", nargs=2, metavar=("TASK", "INPUT"), help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.child:
        run_child(*args.child)
        return
    compile_normalize()
    with tempfile.TemporaryDirectory(prefix="normalize-bench-") as name:
        tmp = Path(name)
        start = time.perf_counter()
        corpus = build_corpus(tmp / "corpus", args.files, args.mb)
        print(
            f"corpus: {len(corpus.files)} files, {corpus.size / 1e6:.1f} MB "
            f"({len(corpus.html)} HTML inputs) from {len(list(FIXTURES.iterdir()))} fixtures, "
            f"built in {time.perf_counter() - start:.1f} s; {os.cpu_count()} CPUs; Python "
            f"{sys.version.split()[0]}"
        )
        html_list = tmp / "html-inputs.txt"
        html_list.write_text("\n".join(str(path) for path in corpus.html))
        rows = time_normalize(corpus, tmp, args.jobs)
        html_ref = next(row for row in rows if row.tool == HTML_J1)
        rows += time_peers(html_list, html_ref, args.skip_peers)
        if args.pages:
            rows += time_whole_pages(
                args.pages, tmp, args.skip_peers, args.page_rounds, args.page_repeats
            )
        print_table(rows)
        print_summary(rows, args.jobs)
        print_latency(*time_latency(tmp, args.repeats), args.repeats)
        print_pages(time_pages(tmp, args.quick))
        if args.profile:
            profile(corpus.files[:200])


if __name__ == "__main__":
    main()
