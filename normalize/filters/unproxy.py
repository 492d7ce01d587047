"""Take CORS-proxy wrappers and link redirectors off URLs.

Feed readers and link-checking sites wrap URLs: an image becomes
`https://cors.zfour.workers.dev/?http://host/a.jpg`, a link becomes
`https://link.zhihu.com/?target=https%3A%2F%2Fhost%2F`. The wrapped URL is
what the author meant. Rules are URL templates (see rules/unproxy.toml); a
URL is unwrapped only to an absolute http(s) URL, otherwise it is left as it
was and a warning is logged.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from normalize.document import Document, Kind, Stage
from normalize.errors import ConfigError
from normalize.filters._tracking import Tracking
from normalize.filters.base import Filter
from normalize.markup.code import split_code
from normalize.markup.html import CODE, elements_and_text
from normalize.rules import load_rules

MAX_DEPTH = 5  # proxies wrapping proxies; more than this is not a real page

_TEMPLATE = re.compile(
    r"^(?:https?:)?//(?P<host>[^/?#]+)(?P<path>[^?#]*)(?:\?(?P<query>.*))?$", re.I
)
_URL = re.compile(r"^(?:https?:)?//(?P<host>[^/?#]*)(?P<rest>.*)$", re.I | re.S)
_ABSOLUTE = re.compile(r"^https?://[^/?#\s]+", re.I)
_ENCODED = re.compile(r"^https?%3A", re.I)
_PARAM_SEP = re.compile(r"&(?:amp;)?")
_SCHEME_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*(?::|%3A)|//|%2F%2F)", re.I)
# A URL inside running text: printable ASCII, stopping at quotes, brackets and spaces.
_URL_IN_TEXT = re.compile(r"\bhttps?://(?:(?![<>\"'`\\\[\]])[!-~])+", re.I)
_URL_VALUE = re.compile(r"^\s*(?:https?:)?//\S+\s*$", re.I)
_CSS_URL = re.compile(r"""(url\(\s*(['"]?))(.*?)(\2\s*\))""", re.I | re.S)
_UNSAFE = re.compile(r"[\x00-\x20\"<>\\^`{|}\x7f]")

SRCSET_ATTRIBUTES = ("srcset", "data-srcset", "imagesrcset")


@dataclass(frozen=True)
class Wrapper:
    """One URL template: where it sits and how to read the wrapped URL out of it."""

    template: str
    kind: str  # "proxy" or "redirector"
    host: str
    subdomains: bool
    path: str
    form: str  # "rest": after the path prefix; "query": the whole query; "param": one parameter
    param: str = ""
    base64: bool = False
    scheme: str = ""  # prefixed to the wrapped part: {host} wrappers drop the target's scheme

    @classmethod
    def parse(cls, template: str, kind: str) -> Wrapper:
        scheme = ""
        if template.strip().endswith("/{host}"):  # i0.wp.com/host/path: https is implied
            template, scheme = template.strip()[: -len("{host}")] + "{url}", "https://"
        match = _TEMPLATE.match(template.strip())
        placeholders = template.count("{url}") + template.count("{base64}")
        if not match or placeholders != 1:
            raise ConfigError(
                f"unproxy: bad URL template {template!r} (needs one {{url}} or {{base64}})"
            )
        host = match["host"].lower()
        subdomains = host.startswith("*.")
        host = host.removeprefix("*.")
        path, query = match["path"], match["query"]
        is_b64 = "{base64}" in template
        mark = "{base64}" if is_b64 else "{url}"
        if mark in path:
            if not path.endswith(mark) or query is not None:
                raise ConfigError(f"unproxy: {template!r}: {mark} must end the path")
            prefix = path[: -len(mark)]
            return cls(template, kind, host, subdomains, prefix, "rest", "", is_b64, scheme)
        if query == mark:
            return cls(template, kind, host, subdomains, path, "query", "", is_b64)
        for pair in (query or "").split("&"):
            name, _, value = pair.partition("=")
            if value == mark:
                return cls(template, kind, host, subdomains, path, "param", name, is_b64)
        raise ConfigError(
            f"unproxy: {template!r}: {mark} must end the path, be the query or a value"
        )

    def label(self) -> str:
        return self.host

    def extract(self, url: str) -> str | None:
        """The wrapped part of `url` as written, or None when `url` is not this wrapper."""
        match = _URL.match(url)
        if not match or not self._host_matches(url_host(match["host"])):
            return None
        return self.extract_rest(match["rest"])

    def extract_rest(self, rest: str) -> str | None:
        """The wrapped part of a URL on this wrapper's host, given what follows the host."""
        if self.form == "rest":
            if not rest.lower().startswith(self.path.lower()):
                return None
            wrapped = rest[len(self.path) :]
            return self.scheme + wrapped if wrapped else None
        path, sep, query = rest.partition("?")
        if not sep or not _same_path(path, self.path):
            return None
        if self.form == "query":
            # "?page=2" is an ordinary query, not a wrapped URL.
            return query if _SCHEME_LIKE.match(query) else None
        return _param_value(query, self.param)

    def decode(self, wrapped: str) -> str | None:
        """The absolute http(s) URL that `wrapped` stands for, or None."""
        if self.base64:
            return _valid_target(_from_base64(unquote(wrapped)), decoded=True)
        wrapped = wrapped.strip()
        if _ENCODED.match(wrapped):  # the whole URL was percent-encoded: decode it once
            return _valid_target(unquote(wrapped), decoded=True)
        return _valid_target(wrapped, decoded=False)

    def _host_matches(self, host: str) -> bool:
        return host == self.host or (self.subdomains and host.endswith("." + self.host))


def url_host(netloc: str) -> str:
    """The host of a URL's `user@host:port` part, as wrappers name it."""
    return netloc.rpartition("@")[2].split(":")[0].lower().rstrip(".")


def _same_path(path: str, template_path: str) -> bool:
    return path.rstrip("/").lower() == template_path.rstrip("/").lower()


def _param_value(query: str, name: str) -> str | None:
    """The raw value of parameter `name`.

    A value that is a plain URL with its own `?` keeps the rest of the query:
    `?url=http://h/a?x=1&y=2` wraps `http://h/a?x=1&y=2`.
    """
    position = 0
    for piece in _PARAM_SEP.split(query.split("#", 1)[0]):
        key, eq, value = piece.partition("=")
        if eq and key == name and value:
            if "?" in value and not _ENCODED.match(value):
                start = query.index(piece, position) + len(key) + 1
                return query[start:]
            return value
        position = query.index(piece, position) + len(piece)
    return None


def _from_base64(text: str) -> str | None:
    text = text.strip()
    padded = text + "=" * (-len(text) % 4)
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            return decode(padded).decode("utf-8")
        except (binascii.Error, ValueError):
            continue
    return None


def _valid_target(url: str | None, decoded: bool) -> str | None:
    if not url:
        return None
    url = url.strip()
    if not _ABSOLUTE.match(url) or re.search(r"[\x00-\x1f\x7f]", url):
        return None
    try:
        if not urlsplit(url).hostname:
            return None
    except ValueError:
        return None
    # What decoding turned back into spaces or quotes must be escaped again to stay one URL.
    return _UNSAFE.sub(lambda m: f"%{ord(m.group(0)):02X}", url) if decoded else url


@dataclass
class Outcome:
    url: str
    wrappers: list[Wrapper]
    failed: str | None = None  # a URL that looked wrapped but held no usable target
    dropped: list[str] = field(default_factory=list)  # tracking parameters taken off

    @property
    def changed(self) -> bool:
        return bool(self.wrappers or self.dropped)


class Unwrapper:
    """All the wrappers of a configuration, applied to URLs and to text holding URLs."""

    def __init__(self, wrappers: Iterable[Wrapper], tracking: Tracking | None = None) -> None:
        self.wrappers = list(wrappers)
        hosts = {w.host for w in self.wrappers}
        # What the quick test looks for: a host that holds another (`link.jianshu.com`,
        # `jianshu.com`) is found whenever that one is, so only the other is looked for.
        self.needles = sorted(h for h in hosts if not any(o != h and o in h for o in hosts))
        self.tracking = tracking or Tracking()
        # Wrappers by host, in rule order: a URL is tried only against those of its host.
        self._on_host: dict[str, list[Wrapper]] = {}
        self._under_host: dict[str, list[Wrapper]] = {}  # `*.host`: its subdomains
        for wrapper in self.wrappers:
            self._on_host.setdefault(wrapper.host, []).append(wrapper)
            if wrapper.subdomains:
                self._under_host.setdefault(wrapper.host, []).append(wrapper)
        self._order = {id(wrapper): index for index, wrapper in enumerate(self.wrappers)}

    def mentions(self, text: str) -> bool:
        """Cheap test before the real work: a wrapper's host or a tracking parameter in `text`?"""
        lower = text.lower()
        # map, not a generator: this runs on every text of every page
        return any(map(lower.__contains__, self.needles)) or self.tracking.mentions(text)

    def clean(self, url: str) -> Outcome:
        """`url` unwrapped, without tracking parameters, and with a redirector taken
        off a URL that one of its parameters holds."""
        outcome = self.unwrap(url)

        def nested(value: str) -> str:
            """A parameter's value that is a URL, unwrapped; percent-encoded as it was."""
            encoded = bool(_ENCODED.match(value))
            inner = self.unwrap(unquote(value) if encoded else value)
            if not inner.wrappers:
                return value
            outcome.wrappers += inner.wrappers
            return quote(inner.url, safe="") if encoded else inner.url

        outcome.url, outcome.dropped = self.tracking.clean(outcome.url, nested)
        return outcome

    def wrappers_of(self, url: str) -> tuple[list[Wrapper], str]:
        """The wrappers whose host `url` is on, in rule order, and what follows its host."""
        match = _URL.match(url)
        if not match:
            return [], ""
        host = url_host(match["host"])
        found = list(self._on_host.get(host, []))
        labels = host.split(".")
        for start in range(1, len(labels)):
            found += self._under_host.get(".".join(labels[start:]), [])
        if len(found) > 1:
            found.sort(key=lambda wrapper: self._order[id(wrapper)])
        return found, match["rest"]

    def _extract(self, url: str) -> Iterator[tuple[Wrapper, str]]:
        """Each wrapper `url` is, with the wrapped part as written."""
        wrappers, rest = self.wrappers_of(url)
        for wrapper in wrappers:
            wrapped = wrapper.extract_rest(rest)
            if wrapped is not None:
                yield wrapper, wrapped

    def unwrap(self, url: str) -> Outcome:
        outcome = Outcome(url, [])
        for _ in range(MAX_DEPTH):
            matched, target = False, None
            for wrapper, wrapped in self._extract(outcome.url):
                matched = True
                target = wrapper.decode(wrapped)
                if target:
                    outcome.url = target
                    outcome.wrappers.append(wrapper)
                    break
            if not target:
                if matched:
                    outcome.failed = outcome.url
                return outcome
        if any(self._extract(outcome.url)):
            outcome.failed = outcome.url  # still wrapped after MAX_DEPTH layers: say so
        return outcome

    def rewrite_text(self, text: str, report: Callable[[str, Outcome], None]) -> str:
        """Every wrapped URL in running text unwrapped."""
        if not self.mentions(text):
            return text

        def replace(match: re.Match[str]) -> str:
            token, trail = _trim_url(match.group(0))
            return self.rewrite_url(token, report) + trail

        return _URL_IN_TEXT.sub(replace, text)

    def rewrite_url(self, url: str, report: Callable[[str, Outcome], None]) -> str:
        """`url` unwrapped (surrounding spaces kept); `report` hears of every change or failure."""
        if not self.mentions(url):
            return url
        stripped = url.strip()
        outcome = self.clean(stripped)
        if outcome.changed or outcome.failed:
            report(stripped, outcome)
        return url.replace(stripped, outcome.url) if outcome.changed else url

    def rewrite_value(self, value: str, report: Callable[[str, Outcome], None]) -> str:
        """A value that is one URL, or text that holds some."""
        if _URL_VALUE.match(value):
            return self.rewrite_url(value, report)
        return self.rewrite_text(value, report)


def _trim_url(token: str) -> tuple[str, str]:
    """A URL found in text, less the punctuation of the sentence or link around it."""
    end = len(token)
    opens, closes = token.count("("), token.count(")")
    while end:
        char = token[end - 1]
        if char in ".,;:!?*_~'":
            end -= 1
        elif char == ")" and opens < closes:  # the ")" closes a Markdown link, not the URL
            end -= 1
            closes -= 1
        else:
            break
    return token[:end], token[end:]


def rewrite_srcset(value: str, rewrite: Callable[[str], str]) -> str:
    """Each candidate URL of a srcset rewritten; descriptors and separators kept."""
    out: list[str] = []
    i, n = 0, len(value)
    while i < n:
        j = i
        while j < n and (value[j].isspace() or value[j] == ","):
            j += 1
        out.append(value[i:j])
        i = j
        if i >= n:
            break
        while j < n and not value[j].isspace():
            j += 1
        url = value[i:j].rstrip(",")
        out.append(rewrite(url) + value[i + len(url) : j])
        i = j
        if value[j - 1] == ",":
            continue
        depth = 0
        while j < n and not (value[j] == "," and depth == 0):
            depth += {"(": 1, ")": -1}.get(value[j], 0)
            j += 1
        out.append(value[i:j])
        i = j
    return "".join(out)


def rewrite_css(value: str, rewrite: Callable[[str], str]) -> str:
    """The URL of every `url(...)` in a style attribute rewritten."""
    return _CSS_URL.sub(lambda m: m.group(1) + rewrite(m.group(3)) + m.group(4), value)


def packaged_wrappers(redirectors: bool = True, image_cdns: bool = False) -> list[Wrapper]:
    rules = load_rules("unproxy")
    wrappers = [Wrapper.parse(t, "proxy") for t in rules["proxies"]]
    if redirectors:
        wrappers += [Wrapper.parse(t, "redirector") for t in rules["redirectors"]]
    if image_cdns:
        wrappers += [Wrapper.parse(t, "image CDN") for t in rules["image_cdns"]]
    return wrappers


def packaged_tracking() -> Tracking:
    return Tracking.from_rules(load_rules("unproxy").get("tracking", {}))


class UnproxyFilter(Filter):
    name = "unproxy"
    stage = Stage.HTML
    priority = 40
    description = "Unwrap CORS-proxy and link-redirector URLs in the body and the front matter."
    defaults = {
        "proxies": [],  # more proxy URL templates, e.g. "https://my.proxy/?url={url}"
        "redirectors": True,  # also unwrap link redirectors (link.zhihu.com/?target=…)
        "extra_redirectors": [],  # more redirector URL templates
        "image_cdns": False,  # also unwrap resizing image CDNs (images.weserv.nl, i0.wp.com)
        "tracking": True,  # drop tracking parameters (utm_*, spm, fbclid, …; rules/unproxy.toml)
    }

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        wrappers = packaged_wrappers(self.options["redirectors"], self.options["image_cdns"])
        wrappers += [Wrapper.parse(t, "proxy") for t in self.options["proxies"]]
        if self.options["redirectors"]:
            wrappers += [Wrapper.parse(t, "redirector") for t in self.options["extra_redirectors"]]
        tracking = packaged_tracking() if self.options["tracking"] else None
        self.unwrapper = Unwrapper(wrappers, tracking)

    def run(self, doc: Document) -> None:
        report, shown = self._reporter(doc, visible=False), self._reporter(doc, visible=True)
        if doc.tree is not None:
            self._clean_tree(doc.tree, report, shown)
        elif doc.body and doc.kind == Kind.MARKDOWN:
            doc.body = "".join(
                piece if is_code else self.unwrapper.rewrite_text(piece, shown)
                for piece, is_code in split_code(doc.body)
            )
        elif doc.body and doc.kind == Kind.TEXT:
            doc.body = self.unwrapper.rewrite_text(doc.body, shown)
        if doc.metadata:
            self._clean_value(doc.metadata, report)

    def _reporter(self, doc: Document, visible: bool) -> Callable[[str, Outcome], None]:
        """Logs each unwrapping; in text a reader sees, the wrapper's part counts as removed."""

        def report(original: str, outcome: Outcome) -> None:
            removed = ""
            if visible and outcome.url and outcome.wrappers:
                removed = original.replace(outcome.url, "", 1)
            if visible and outcome.dropped:
                removed = " ".join([removed, *outcome.dropped]).strip()
            if outcome.dropped:
                names = ", ".join(piece.partition("=")[0] for piece in outcome.dropped)
                detail = f"{names}: {outcome.url}"
                doc.log(
                    self.name,
                    "tracking",
                    detail,
                    removed=removed,
                    replaced=original,
                    replacement=outcome.url,
                )
                removed = ""
            for wrapper in outcome.wrappers:
                detail = f"{wrapper.label()}: {outcome.url}"
                doc.log(
                    self.name,
                    wrapper.kind,
                    detail,
                    removed=removed,
                    replaced=original,
                    replacement=outcome.url,
                )
                removed = ""  # counted once, with the outermost wrapper
            if outcome.failed:
                self.log(doc, "not unwrapped", outcome.failed, warning=True)

        return report

    def _clean_tree(
        self,
        tree: Any,
        report: Callable[[str, Outcome], None],
        shown: Callable[[str, Outcome], None],
    ) -> None:
        unwrapper = self.unwrapper
        tags, texts = elements_and_text(tree)
        # One cheap test over every value that could hold a URL (no wrapper host and
        # no tracking parameter in any of them: nothing to do), not a serialised tree.
        values = [v for tag in tags for v in tag.attrs.values() if isinstance(v, str)]
        in_texts = unwrapper.mentions("\0".join(texts))  # a needle holds no NUL: no false hit
        if not in_texts and not unwrapper.mentions("\0".join(values)):
            return

        def one(url: str) -> str:
            return unwrapper.rewrite_url(url, report)

        for tag in tags:
            for name, value in list(tag.attrs.items()):
                if not isinstance(value, str):
                    continue
                if name in SRCSET_ATTRIBUTES:
                    new = rewrite_srcset(value, one)
                elif name == "style":
                    new = rewrite_css(value, one)
                elif _URL_VALUE.match(value):
                    new = one(value)
                else:
                    continue
                if new != value:
                    tag[name] = new
        if not in_texts:
            return
        from bs4 import NavigableString

        # Link texts that show the wrapped URL, and URLs written out in the text
        # (rewrite_text leaves a text that mentions nothing alone: tested first, as cheaper).
        for text in texts:
            if not unwrapper.mentions(text) or any(p.name in CODE for p in text.parents):
                continue
            new = unwrapper.rewrite_text(str(text), shown)
            if new != text:
                text.replace_with(NavigableString(new))

    def _clean_value(self, value: Any, report: Callable[[str, Outcome], None]) -> Any:
        """Strings anywhere in nested metadata rewritten in place; returns the new value."""
        if isinstance(value, str):
            return self.unwrapper.rewrite_value(value, report)
        if isinstance(value, dict):
            for key, item in value.items():
                value[key] = self._clean_value(item, report)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                value[index] = self._clean_value(item, report)
        return value
