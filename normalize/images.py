"""`--images DIR`: download every picture an output references, store it once, relink it.

Runs after the filter chain, on each file's output, only when asked: an
offline run never imports this module's HTTP client. Each picture is stored
under the SHA-256 of its bytes with the extension its bytes show (the URL's
is often wrong or missing), so one picture under two URLs is stored once.
A picture that cannot be had keeps its URL and is reported as a warning; it
never fails the file. An index in the cache folder maps each URL to the file
it gave, so a second run downloads nothing.
"""

from __future__ import annotations

import email.utils
import html
import json
import os
import re
import shutil
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from normalize.batch import CHANGED, UNCHANGED, Result
from normalize.document import Change
from normalize.errors import ConfigError

FILTER = "images"  # the name its changes carry in -v lines and --report
FRONTMATTER_KEYS = ("image", "headimg", "thumbnail", "cover")

# `[tool.normalize.images]`: each option and its default (its type is the default's).
DEFAULTS: dict[str, Any] = {
    "dir": "",  # where pictures go; may hold {stem}; relative to the configuration file
    "url_prefix": "",  # when set, references are url_prefix + file name, not relative paths
    "max_size_mb": 20.0,  # a larger picture is refused, counted while it streams in
    "timeout": 20.0,  # seconds to wait for a connection or for the next bytes
    "retries": 3,  # more tries after a 429, a 5xx or a dropped connection
    "backoff": 1.0,  # seconds before the first retry; doubled for each one after
    "max_retry_after": 30.0,  # a Retry-After longer than this is a failure, not a wait
    "per_host": 4,  # downloads at once from one host
    "connections": 16,  # downloads at once in all
}
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


# --- options ---------------------------------------------------------------


def check_options(table: Any, where: str = "") -> dict[str, Any]:
    """`[tool.normalize.images]` checked; ConfigError naming an unknown key or a bad value."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}[images] must be a table of options")
    for key, value in table.items():
        if key not in DEFAULTS:
            known = ", ".join(DEFAULTS)
            raise ConfigError(f"{where}unknown option {key!r} for images (known: {known})")
        default = DEFAULTS[key]
        if isinstance(value, bool) or not isinstance(value, (type(default), int)):
            raise ConfigError(
                f"{where}option images.{key} must be {type(default).__name__}, "
                f"not {type(value).__name__}"
            )
        if isinstance(default, str) is not isinstance(value, str):
            raise ConfigError(f"{where}option images.{key} must be {type(default).__name__}")
        if not isinstance(value, str) and value < 0:
            raise ConfigError(f"{where}option images.{key} must not be negative")
    if table.get("per_host") == 0 or table.get("connections") == 0:
        raise ConfigError(f"{where}images.per_host and images.connections must be at least 1")
    return dict(table)


@dataclass(frozen=True)
class ImageOptions:
    """Where pictures go and how they are fetched, for one run."""

    dir: str  # may hold {stem}
    base: Path  # what a relative `dir` is relative to
    url_prefix: str | None = None
    max_size: int = int(DEFAULTS["max_size_mb"] * 1024 * 1024)
    timeout: float = DEFAULTS["timeout"]
    retries: int = DEFAULTS["retries"]
    backoff: float = DEFAULTS["backoff"]
    max_retry_after: float = DEFAULTS["max_retry_after"]
    per_host: int = DEFAULTS["per_host"]
    connections: int = DEFAULTS["connections"]
    use_index: bool = True

    @classmethod
    def from_table(
        cls, table: Mapping[str, Any], cli_dir: Path | None, config_source: Path | None
    ) -> ImageOptions | None:
        """The options of `--images DIR` over `[tool.normalize.images]`; None when neither names a folder."""
        if cli_dir is not None:
            folder, base = str(cli_dir), Path.cwd()
        elif table.get("dir"):
            folder = table["dir"]
            base = config_source.parent if config_source else Path.cwd()
        else:
            return None
        return cls(
            dir=folder,
            base=base,
            url_prefix=table["url_prefix"] if "url_prefix" in table else None,
            max_size=int(table.get("max_size_mb", DEFAULTS["max_size_mb"]) * 1024 * 1024),
            timeout=float(table.get("timeout", DEFAULTS["timeout"])),
            retries=int(table.get("retries", DEFAULTS["retries"])),
            backoff=float(table.get("backoff", DEFAULTS["backoff"])),
            max_retry_after=float(table.get("max_retry_after", DEFAULTS["max_retry_after"])),
            per_host=int(table.get("per_host", DEFAULTS["per_host"])),
            connections=int(table.get("connections", DEFAULTS["connections"])),
        )

    def folder(self, stem: str) -> Path:
        return self.base / self.dir.replace("{stem}", stem)

    def reference(self, name: str, stem: str, output_folder: Path) -> str:
        """What the output says instead of the URL: url_prefix + name, or a relative path."""
        if self.url_prefix is not None:
            return self.url_prefix.replace("{stem}", stem) + name
        path = os.path.relpath(self.folder(stem) / name, output_folder)
        return Path(path).as_posix()


# --- what the bytes are ----------------------------------------------------

_SVG = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg\b", re.S | re.I
)


def image_extension(data: bytes) -> str | None:
    """The extension the bytes' signature shows, or None when they are no known picture."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and any(brand in data[8:64] for brand in (b"avif", b"avis")):
        return "avif"
    if data[:2] == b"BM" and len(data) > 26:
        return "bmp"
    if data[:4] == b"\x00\x00\x01\x00":
        return "ico"
    if _SVG.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return "svg"
    return None


def stored_name(data: bytes, extension: str) -> str:
    import hashlib

    return f"{hashlib.sha256(data).hexdigest()[:20]}.{extension}"


# --- fetching --------------------------------------------------------------


class ImageError(Exception):
    """Why a picture could not be had, in words for the report."""


class _Unreachable(ImageError):
    """No answer at all (connection refused, TLS failed): worth trying plain http."""


class _TryAgain(ImageError):
    def __init__(self, message: str, wait: float | None) -> None:
        super().__init__(message)
        self.wait = wait


@dataclass(frozen=True)
class Fetched:
    data: bytes
    extension: str


class Fetcher:
    """One HTTP client for the run; `fetch` gets one picture's bytes or raises ImageError."""

    def __init__(self, options: ImageOptions, sleep: Callable[[float], None] = time.sleep) -> None:
        import httpx  # only a run that downloads pays for it

        from normalize import __version__

        self.httpx = httpx
        self.options = options
        self.sleep = sleep
        self.client = httpx.Client(
            follow_redirects=True,
            max_redirects=5,
            timeout=httpx.Timeout(options.timeout),
            limits=httpx.Limits(max_connections=options.connections * 2),
            headers={"User-Agent": f"normalize/{__version__} (image archiver)"},
        )
        self.plain_hosts: set[str] = set()  # hosts that gave no answer over https
        self.lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def fetch(self, url: str, referer: str | None) -> Fetched:
        """https first for an http URL (falling back to http), with retries.

        Only on the default port: a server on a port of its own speaks one protocol.
        """
        parts = urlsplit(url)
        host = parts.netloc.lower()
        upgrade = parts.scheme.lower() == "http" and parts.port is None
        if upgrade and host not in self.plain_hosts:
            try:
                return self.with_retries("https://" + url[len("http://") :], referer)
            except _Unreachable:
                with self.lock:
                    self.plain_hosts.add(host)
            except ImageError:
                pass  # a wrong answer over https: the http URL may still serve the picture
        return self.with_retries(url, referer)

    def with_retries(self, url: str, referer: str | None) -> Fetched:
        attempt = 0
        while True:
            try:
                return self.get(url, referer)
            except _TryAgain as again:
                if attempt >= self.options.retries:
                    raise ImageError(f"{again} (after {attempt + 1} tries)") from None
                wait = again.wait if again.wait is not None else self.options.backoff * 2**attempt
                if wait > self.options.max_retry_after:
                    raise ImageError(f"{again}; asked to wait {wait:g}s") from None
                self.sleep(wait)
                attempt += 1

    def get(self, url: str, referer: str | None) -> Fetched:
        """One request: an image/* answer whose bytes are a picture, within the size cap."""
        httpx = self.httpx
        headers = {"Referer": referer} if referer else {}
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                _check_status(response)
                _check_type(response)
                data = self.read_capped(response)
        except httpx.ConnectTimeout:
            raise _Unreachable(f"no connection within {self.options.timeout:g}s") from None
        except httpx.TimeoutException:
            raise ImageError(f"no answer within {self.options.timeout:g}s") from None
        except (httpx.ConnectError, httpx.UnsupportedProtocol) as exc:
            raise _Unreachable(f"cannot connect: {_reason(exc)}") from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _TryAgain(f"connection dropped: {_reason(exc)}", None) from None
        except httpx.TooManyRedirects:
            raise ImageError("too many redirects") from None
        except httpx.HTTPError as exc:
            raise ImageError(_reason(exc)) from None
        extension = image_extension(data)
        if extension is None:
            raise ImageError("the answer is not a picture (its bytes are no known image format)")
        return Fetched(data, extension)

    def read_capped(self, response: Any) -> bytes:
        limit = self.options.max_size
        length = response.headers.get("content-length", "")
        if limit and length.isdigit() and int(length) > limit:
            raise ImageError(f"{_mb(int(length))} is over the size cap of {_mb(limit)}")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if limit and size > limit:
                raise ImageError(f"over the size cap of {_mb(limit)}; download stopped")
            chunks.append(chunk)
        return b"".join(chunks)


def _check_status(response: Any) -> None:
    code = response.status_code
    if code in RETRY_STATUSES:
        raise _TryAgain(f"HTTP {code}", _retry_after(response.headers.get("retry-after")))
    if code != 200:
        raise ImageError(f"HTTP {code}")


def _check_type(response: Any) -> None:
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not kind.startswith("image/"):
        raise ImageError(f"the answer is {kind or 'of no type'}, not an image")


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait that a Retry-After header asks for (a number or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# --- scheduling ------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    name: str
    path: Path  # where the bytes were first written


class Downloader:
    """Downloads on a thread pool, at most `per_host` at once per host, each URL once.

    A task reaches the pool only when its host has a free slot, so a slow host
    holds at most `per_host` of the pool's threads and never stalls the others.
    """

    def __init__(self, fetcher: Fetcher, per_host: int, connections: int) -> None:
        self.fetcher = fetcher
        self.per_host = per_host
        self.pool = ThreadPoolExecutor(max(connections, 1), thread_name_prefix="images")
        self.lock = threading.Lock()
        self.waiting: dict[str, deque[Callable[[], None]]] = {}
        self.active: Counter[str] = Counter()
        self.futures: dict[str, Future[Stored]] = {}
        self.requests = 0  # downloads started, for the summary

    def get(self, url: str, referer: str | None, folder: Path) -> Future[Stored]:
        """The picture at `url`, stored under `folder` unless an earlier request stored it."""
        with self.lock:
            if url in self.futures:
                return self.futures[url]
            future: Future[Stored] = Future()
            self.futures[url] = future
            host = urlsplit(url).netloc.lower()
            task = lambda: self._download(url, referer, folder, future)  # noqa: E731
            self.waiting.setdefault(host, deque()).append(task)
            self.requests += 1
            self._start(host)
        return future

    def _start(self, host: str) -> None:
        """Hand the host's next tasks to the pool while it has free slots (lock held)."""
        queue = self.waiting.get(host)
        while queue and self.active[host] < self.per_host:
            task = queue.popleft()
            self.active[host] += 1
            self.pool.submit(self._run, host, task)

    def _run(self, host: str, task: Callable[[], None]) -> None:
        try:
            task()
        finally:
            with self.lock:
                self.active[host] -= 1
                self._start(host)

    def _download(
        self, url: str, referer: str | None, folder: Path, future: Future[Stored]
    ) -> None:
        try:
            fetched = self.fetcher.fetch(url, referer)
            future.set_result(store(fetched, folder))
        except ImageError as exc:
            future.set_exception(exc)
        except OSError as exc:
            future.set_exception(ImageError(f"cannot store it: {exc.strerror or exc}"))
        except Exception as exc:  # a bug must not stop the batch; say what it was
            future.set_exception(ImageError(f"internal error: {exc!r}"))

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.fetcher.close()


def store(fetched: Fetched, folder: Path) -> Stored:
    """Write the picture under its content name, unless a file of that name is there already."""
    from normalize.files import write_atomically

    name = stored_name(fetched.data, fetched.extension)
    path = folder / name
    if not path.is_file():
        write_atomically(path, fetched.data, durable=False)
    return Stored(name, path)


def copy_into(stored: Stored, folder: Path) -> Stored:
    """The stored picture, also in `folder` (a folder per post gets its own copy)."""
    target = folder / stored.name
    if not target.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".{stored.name}.tmp"
        shutil.copyfile(stored.path, temp)
        os.replace(temp, target)
    return Stored(stored.name, target)


# --- the index: URL -> stored file -----------------------------------------


class Index:
    """Which URL gave which file, kept in the cache folder between runs."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, dict[str, str]] = {}
        self.added: dict[str, dict[str, str]] = {}
        self.lock = threading.Lock()

    @classmethod
    def load(cls, use: bool) -> Index:
        from normalize.cache import cache_dir

        if not use:
            return cls(None)
        index = cls(cache_dir() / "images.json")
        index.entries = _read_index(index.path)
        return index

    def find(self, url: str, folder: Path) -> Stored | None:
        """The file `url` gave before, in `folder` (copied there if it is elsewhere), or None."""
        entry = self.added.get(url) or self.entries.get(url)
        if entry is None:
            return None
        name, path = entry["name"], Path(entry["path"])
        if (folder / name).is_file():
            return Stored(name, folder / name)
        if path.is_file() and path.name == name:
            try:
                return copy_into(Stored(name, path), folder)
            except OSError:
                return None
        return None

    def add(self, url: str, stored: Stored) -> None:
        with self.lock:
            self.added[url] = {"name": stored.name, "path": str(stored.path.resolve())}

    def save(self) -> None:
        """Merge this run's entries into the file on disk; a failure only costs downloads."""
        from normalize.files import write_atomically

        if self.path is None or not self.added:
            return
        merged = {**_read_index(self.path), **self.added}
        data = json.dumps({"version": 1, "urls": merged}, ensure_ascii=False, sort_keys=True)
        try:
            write_atomically(self.path, data.encode("utf-8"), durable=False)
        except OSError:
            pass


def _read_index(path: Path | None) -> dict[str, dict[str, str]]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    urls = data.get("urls") if isinstance(data, dict) else None
    if not isinstance(urls, dict):
        return {}
    return {
        url: entry
        for url, entry in urls.items()
        if isinstance(entry, dict)
        and isinstance(entry.get("name"), str)
        and isinstance(entry.get("path"), str)
    }


# --- finding references ----------------------------------------------------


@dataclass
class Span:
    """Where a reference sits in the text, the URLs it holds, and how to write it anew."""

    start: int
    end: int
    urls: list[str]
    rewrite: Callable[[Mapping[str, str]], str]


_IMG_TAG = re.compile(r"<(?:img|source)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.I)
_ATTRIBUTE = re.compile(
    r"""\s(?P<name>src|srcset)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))""",
    re.I,
)
_LINK_OPENER = re.compile(r"\]\(")
_UNSAFE_IN_PATH = re.compile(r"[%\s()<>\"'\\\x00-\x1f\x7f]")


def downloadable(url: str) -> str | None:
    """The http(s) URL to fetch for `url`, or None (a relative path, data:, a local file)."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    if not re.match(r"https?://[^/?#\s]+", url, re.I):
        return None
    return url


def safe_path(reference: str) -> str:
    """A path as a URL: what would end a Markdown destination or an attribute, %-escaped."""
    return _UNSAFE_IN_PATH.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), reference)


def html_spans(text: str, start: int, end: int) -> list[Span]:
    """`src` and `srcset` values of <img> and <source> tags between `start` and `end`."""
    spans = []
    for tag in _IMG_TAG.finditer(text, start, end):
        for attribute in _ATTRIBUTE.finditer(tag[0]):
            group = next(g for g in ("dq", "sq", "bare") if attribute[g] is not None)
            at = tag.start() + attribute.start(group), tag.start() + attribute.end(group)
            make = _src_span if attribute["name"].lower() == "src" else _srcset_span
            spans.append(make(*at, attribute[group]))
    return spans


def _src_span(start: int, end: int, raw: str) -> Span:
    url = html.unescape(raw).strip()

    def rewrite(mapping: Mapping[str, str]) -> str:
        return html.escape(mapping[url], quote=False) if url in mapping else raw

    return Span(start, end, [url], rewrite)


def _srcset_span(start: int, end: int, raw: str) -> Span:
    from normalize.filters.unproxy import rewrite_srcset

    value = html.unescape(raw)
    urls: list[str] = []

    def collect(url: str) -> str:
        urls.append(url)
        return url

    rewrite_srcset(value, collect)

    def rewrite(mapping: Mapping[str, str]) -> str:
        if not any(url in mapping for url in urls):
            return raw
        return html.escape(rewrite_srcset(value, lambda url: mapping.get(url, url)), quote=False)

    return Span(start, end, urls, rewrite)


def markdown_spans(text: str, start: int, end: int, sources: set[str]) -> list[Span]:
    """The destinations of inline Markdown images between `start` and `end` whose URL is a source."""
    from markdown_it.helpers import parseLinkDestination

    from normalize.commonmark import parser

    normalize_link = parser().normalizeLink
    spans = []
    for opener in _LINK_OPENER.finditer(text, start, end):
        if not _closes_image_label(text, opener.start(), start):
            continue
        at = opener.end()
        while at < end and text[at] in " \t\n":
            at += 1
        found = parseLinkDestination(text, at, end)
        if not found.ok or normalize_link(found.str) not in sources:
            continue
        url = normalize_link(found.str)

        def rewrite(
            mapping: Mapping[str, str], url: str = url, was: str = text[at : found.pos]
        ) -> str:
            return mapping[url] if url in mapping else was

        spans.append(Span(at, found.pos, [url], rewrite))
    return spans


def _closes_image_label(text: str, close: int, floor: int) -> bool:
    """Whether the `]` at `close` ends a label opened by `![` (brackets inside balanced)."""
    depth = 0
    i = close - 1
    while i >= floor:
        char = text[i]
        escaped = i > floor and text[i - 1] == "\\"
        if not escaped and char == "]":
            depth += 1
        elif not escaped and char == "[":
            if depth == 0:
                return i > floor and text[i - 1] == "!"
            depth -= 1
        i -= 1
    return False


def body_spans(body: str, offset: int) -> list[Span]:
    """Every picture reference in a Markdown (or HTML) body, positioned in the whole text."""
    from normalize.commonmark import parse

    tokens, _ = parse(body)
    starts = _line_starts(body)
    spans: dict[tuple[int, int], Span] = {}
    for token in tokens:
        if token.map is None or token.type not in ("inline", "html_block"):
            continue
        start, end = starts[token.map[0]], starts[min(token.map[1], len(starts) - 1)]
        children = token.children or []
        found = []
        if token.type == "html_block" or any(
            c.type == "html_inline" and _IMG_TAG.match(c.content) for c in children
        ):
            found += html_spans(body, start, end)
        sources = {c.attrs["src"] for c in children if c.type == "image"}
        if sources:
            found += markdown_spans(body, start, end, {str(s) for s in sources})
        for span in found:  # a table row is one region for each of its cells
            spans.setdefault((span.start, span.end), span)
    return [
        Span(s.start + offset, s.end + offset, s.urls, s.rewrite)
        for s in sorted(spans.values(), key=lambda s: s.start)
    ]


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [m.end() for m in re.finditer("\n", text)]
    if starts[-1] != len(text):
        starts.append(len(text))
    return starts


def apply_spans(text: str, spans: Iterable[Span], mapping: Mapping[str, str]) -> str:
    out, at = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < at:
            continue  # overlapping finds: the first one wins
        out += [text[at : span.start], span.rewrite(mapping)]
        at = span.end
    out.append(text[at:])
    return "".join(out)


# --- front matter ----------------------------------------------------------


@dataclass
class FrontMatter:
    """The YAML front matter of an output: its span, its values, the picture URLs it names."""

    start: int
    end: int
    body_start: int  # after the closing fence and the gap before the body
    source: str
    metadata: dict[str, Any]

    @classmethod
    def read(cls, text: str) -> FrontMatter | None:
        from normalize.errors import InputError
        from normalize.filters._yaml import load_yaml
        from normalize.filters.frontmatter import split_frontmatter

        try:
            split = split_frontmatter(text)
        except InputError:
            return None
        if split is None or split.format != "yaml":
            return None
        try:
            metadata = load_yaml(split.source)
        except Exception:  # unreadable front matter is the chain's to report, not ours
            return None
        if not isinstance(metadata, dict):
            return None
        body_start = len(text) - len(split.body)
        end = body_start - len(split.fences[1])
        return cls(end - len(split.source), end, body_start, split.source, metadata)

    def urls(self) -> list[str]:
        return [url for _, url in self._pictures()]

    def _pictures(self) -> Iterator[tuple[str, str]]:
        for key in FRONTMATTER_KEYS:
            value = self.metadata.get(key)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    yield key, item

    @property
    def referer(self) -> str | None:
        source = self.metadata.get("source")
        return source if isinstance(source, str) and downloadable(source) else None

    def relinked(self, mapping: Mapping[str, str]) -> str:
        """The front matter's text with the picture values replaced, everything else as written."""
        from normalize.filters._yaml import edit_yaml

        new = dict(self.metadata)
        for key in FRONTMATTER_KEYS:
            value = new.get(key)
            if isinstance(value, str):
                new[key] = mapping.get(value, value)
            elif isinstance(value, list):
                new[key] = [mapping.get(v, v) if isinstance(v, str) else v for v in value]
        if new == self.metadata:
            return self.source
        edited = edit_yaml(self.source, self.metadata, new)
        return self.source if edited is None else edited


# --- one document ----------------------------------------------------------


@dataclass
class Pending:
    """One output's pictures on their way: the references, and a future per URL."""

    text: str
    spans: list[Span]
    frontmatter: FrontMatter | None
    stem: str
    output_folder: Path
    folder: Path
    ready: dict[str, Stored] = field(default_factory=dict)
    futures: dict[str, Future[Stored]] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)  # every picture URL, in order, each once

    def done(self) -> bool:
        return all(future.done() for future in self.futures.values())


class Session:
    """The downloads of one run: the index, the client, the pool."""

    def __init__(self, options: ImageOptions, fetcher: Fetcher | None = None) -> None:
        self.options = options
        self.index = Index.load(options.use_index)
        self.fetcher = fetcher or Fetcher(options)
        self.downloader = Downloader(self.fetcher, options.per_host, options.connections)
        self.counts: Counter[str] = Counter()  # references: "stored", "known", "failed"

    @property
    def downloads(self) -> int:
        return self.downloader.requests

    def summary(self) -> str:
        """`images: 12 downloads, 30 references relinked, 1 not stored`."""
        failed, stored = self.counts["failed"], self.counts["stored"]
        return (
            f"images: {_count(self.downloads, 'download')}, "
            f"{_count(stored, 'reference')} relinked" + (f", {failed} not stored" if failed else "")
        )

    def start(self, text: str, stem: str, output_folder: Path) -> Pending:
        """Find the pictures of `text` and set their downloads going."""
        frontmatter = FrontMatter.read(text)
        body_at = frontmatter.body_start if frontmatter else 0
        spans = body_spans(text[body_at:], body_at)
        folder = self.options.folder(stem)
        pending = Pending(text, spans, frontmatter, stem, output_folder, folder)
        referer = frontmatter.referer if frontmatter else None
        wanted = [*(frontmatter.urls() if frontmatter else []), *(u for s in spans for u in s.urls)]
        for url in dict.fromkeys(wanted):
            fetch = downloadable(url)
            if fetch is None:
                continue
            pending.urls.append(url)
            known = self.index.find(fetch, folder)
            if known is not None:
                self.counts["known"] += 1
                pending.ready[url] = known
            else:
                pending.futures[url] = self.downloader.get(fetch, referer, folder)
        return pending

    def finish(self, pending: Pending) -> tuple[str, list[Change]]:
        """The text relinked to the stored pictures, and a change for each picture."""
        mapping: dict[str, str] = {}
        changes: list[Change] = []
        for url in pending.urls:
            try:
                stored = self._stored(pending, url)
            except ImageError as exc:
                self.counts["failed"] += 1
                changes.append(Change(FILTER, "image not stored", f"{url}: {exc}", warning=True))
                continue
            reference = safe_path(
                self.options.reference(stored.name, pending.stem, pending.output_folder)
            )
            mapping[url] = reference
            self.counts["stored"] += 1
            changes.append(Change(FILTER, "image stored", f"{url} -> {reference}", replaced=url))
        text = apply_spans(pending.text, pending.spans, mapping)
        if pending.frontmatter is not None:
            fm = pending.frontmatter
            text = text[: fm.start] + fm.relinked(mapping) + text[fm.end :]
        return text, changes

    def _stored(self, pending: Pending, url: str) -> Stored:
        if url in pending.ready:
            return pending.ready[url]
        stored = pending.futures[url].result()
        fetch = downloadable(url)
        assert fetch is not None
        self.index.add(fetch, stored)
        if stored.path.parent.resolve() != pending.folder.resolve():
            try:
                stored = copy_into(stored, pending.folder)
            except OSError as exc:
                raise ImageError(f"cannot store it: {exc.strerror or exc}") from None
        return stored

    def close(self) -> None:
        self.downloader.close()
        self.index.save()


# --- the run ---------------------------------------------------------------

Place = Callable[[Result], tuple[str, Path]]  # a result's stem and the folder its output goes to


def relinked(
    results: Iterable[Result], session: Session, place: Place, window: int = 64
) -> Iterator[Result]:
    """The results in order, each with its pictures stored and its references rewritten.

    Up to `window` files wait for their pictures at once, so the downloads of
    later files go on while an earlier one waits for a slow host.
    """
    pending: deque[tuple[Result, Pending | None]] = deque()
    for result in results:
        pending.append((result, _start(session, result, place)))
        while pending and (len(pending) > window or _ready(pending[0][1])):
            yield _finish(session, *pending.popleft())
    while pending:
        yield _finish(session, *pending.popleft())


def _start(session: Session, result: Result, place: Place) -> Pending | None:
    if result.status not in (CHANGED, UNCHANGED) or result.output is None:
        return None
    try:
        text = result.output.decode("utf-8")
    except UnicodeDecodeError:
        return None  # written as it was read: not ours to edit
    stem, folder = place(result)
    return session.start(text, stem, folder)


def _ready(pending: Pending | None) -> bool:
    return pending is None or pending.done()


def _finish(session: Session, result: Result, pending: Pending | None) -> Result:
    if pending is None or not pending.urls:
        return result
    text, changes = session.finish(pending)
    output = text.encode("utf-8")
    status = CHANGED if output != result.original else UNCHANGED
    result.output, result.status = output, status
    result.changes = [*result.changes, *changes]
    return result
