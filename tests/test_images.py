"""--images: pictures downloaded from a real HTTP server on 127.0.0.1, stored once, relinked."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXPECTED, RAW

from normalize.cli import cli
from normalize.images import (
    Fetcher,
    ImageError,
    ImageOptions,
    Session,
    _Unreachable,
    image_extension,
)


def png(seed: str) -> bytes:
    """A small valid PNG whose bytes depend on `seed` (so each URL is its own picture)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
        )

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    pixels = zlib.compress(b"\x00" + bytes([zlib.crc32(seed.encode()) & 0xFF]))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"seed\x00" + seed.encode())
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"
SLOW_SECONDS = 2.0  # the server's delay; the test's timeout is a fraction of it


class Handler(BaseHTTPRequestHandler):
    server: PictureServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        server = self.server
        with server.lock:
            server.hits[self.path] += 1
            server.referers[self.path] = self.headers.get("Referer")
            hits = server.hits[self.path]
        route = self.path.split("?")[0]
        if route.startswith("/img/") or route.startswith("/site/"):
            self.answer(200, "image/png", png(route))
        elif route.startswith("/same/"):
            self.answer(200, "image/jpeg", JPEG)
        elif route.startswith("/redirect/"):
            self.send_response(302)
            self.send_header("Location", "/img/" + route[len("/redirect/") :])
            self.end_headers()
        elif route == "/slow.png":
            time.sleep(SLOW_SECONDS)
            self.answer(200, "image/png", png(route))
        elif route == "/busy.png":
            if hits == 1:
                self.send_response(429)
                self.send_header("Retry-After", "0")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.answer(200, "image/png", png(route))
        elif route == "/page.jpg":
            self.answer(200, "text/html", b"<html><body>Not found</body></html>")
        elif route == "/liar.jpg":
            self.answer(200, "image/jpeg", b"<!DOCTYPE html><html><body>Hotlinking</body></html>")
        elif route == "/huge.png":
            self.huge()
        else:
            self.answer(404, "text/html", b"<h1>404</h1>")

    def answer(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def huge(self) -> None:
        """A picture bigger than the cap, with no Content-Length to warn of it."""
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(b"\x89PNG\r\n\x1a\n")
            for _ in range(64):
                self.wfile.write(b"\x00" * 16384)
        except OSError:
            pass  # the client hung up at the cap, as it should
        self.close_connection = True


class PictureServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter[str] = Counter()
        self.referers: dict[str, str | None] = {}
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def requests(self) -> int:
        return sum(self.hits.values())


@pytest.fixture
def server() -> Iterator[PictureServer]:
    httpd = PictureServer()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own index of downloads, and no proxy between it and 127.0.0.1."""
    monkeypatch.setenv("NORMALIZE_CACHE_DIR", str(tmp_path / "cache"))
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


def options(tmp_path: Path, **more: object) -> ImageOptions:
    settings: dict[str, object] = {
        "dir": "images",
        "base": tmp_path,
        "timeout": SLOW_SECONDS / 4,
        "backoff": 0.01,
        "max_size": 200_000,
    }
    settings.update(more)
    return ImageOptions(**settings)  # type: ignore[arg-type]


def relink(
    text: str, opts: ImageOptions, output_folder: Path, stem: str = "post"
) -> tuple[str, list, Session]:
    session = Session(opts)
    try:
        pending = session.start(text, stem, output_folder)
        relinked, changes = session.finish(pending)
    finally:
        session.close()
    return relinked, changes, session


def stored_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


# --- the bytes decide the extension -----------------------------------------


@pytest.mark.parametrize(
    ("data", "extension"),
    [
        (JPEG, "jpg"),
        (png("x"), "png"),
        (b"GIF89a" + b"\x00" * 20, "gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "webp"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00mif1avif", "avif"),
        (b"BM" + b"\x00" * 40, "bmp"),
        (b"\x00\x00\x01\x00\x01\x00" + b"\x00" * 20, "ico"),
        (b'<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg"/>', "svg"),
        (b"<!DOCTYPE html><html><svg></svg></html>", None),
        (b"<html><body>error</body></html>", None),
        (b"", None),
    ],
)
def test_extension_comes_from_the_bytes(data: bytes, extension: str | None) -> None:
    assert image_extension(data) == extension


# --- downloading ------------------------------------------------------------


def test_pictures_are_stored_under_content_names_and_relinked(
    server: PictureServer, tmp_path: Path
) -> None:
    text = (
        "---\ntitle: A post\nsource: https://blog.example/post\n"
        f"cover: {server.base}/img/cover\n"
        "tags: [a, b]  # kept as written\n---\n\n"
        f"Text ![first]({server.base}/img/one.jpg) and more.\n\n"
        f'![moved]({server.base}/redirect/two.gif "a title")\n\n'
        f'<img src="{server.base}/img/three" srcset="{server.base}/img/three 1x, {server.base}/img/four 2x" alt="x">\n\n'
        "![local](pictures/here.png) and ![inline](data:image/png;base64,AAAA)\n"
    )
    out, changes, _ = relink(text, options(tmp_path), tmp_path / "posts")
    files = stored_files(tmp_path / "images")
    assert len(files) == 5
    assert all(re.fullmatch(r"[0-9a-f]{20}\.png", f.name) for f in files)
    assert {f.read_bytes() for f in files} == {
        png(route)
        for route in ("/img/cover", "/img/one.jpg", "/img/two.gif", "/img/three", "/img/four")
    }
    assert server.base not in out
    assert "tags: [a, b]  # kept as written\n" in out  # the rest of the front matter as written
    assert re.search(r"^cover: \.\./images/[0-9a-f]{20}\.png$", out, re.M)
    assert re.search(r'!\[moved\]\(\.\./images/[0-9a-f]{20}\.png "a title"\)', out)
    assert re.search(r'srcset="\.\./images/\w+\.png 1x, \.\./images/\w+\.png 2x"', out)
    assert "![local](pictures/here.png)" in out
    assert "(data:image/png;base64,AAAA)" in out
    assert [c.rule for c in changes] == ["image stored"] * 5  # each URL once
    assert server.referers["/img/one.jpg"] == "https://blog.example/post"


def test_only_the_url_spans_change(server: PictureServer, tmp_path: Path) -> None:
    body = (
        f"# Title\n\n> quoted ![a [nested] alt](<{server.base}/img/a b.png>) *kept*  \n> next line\n\n"
        f"| a | b |\n|---|---|\n| ![x]({server.base}/img/c.png) | ![y]({server.base}/img/c.png) |\n\n"
        f"[![linked]({server.base}/img/d.png)]({server.base}/img/d.png)\n\n"
        f"`![code]({server.base}/img/e.png)`\n\n```\n![fenced]({server.base}/img/e.png)\n```\n"
    )
    out, _, _ = relink(body, options(tmp_path, url_prefix="/images/"), tmp_path)
    name = r"/images/[0-9a-f]{20}\.png"
    expected = re.escape(body)
    for url in ("<{0}/img/a b.png>", "{0}/img/c.png", "{0}/img/c.png", "{0}/img/d.png"):
        expected = expected.replace(re.escape(url.format(server.base)), name, 1)
    assert re.fullmatch(expected, out)
    # the link around the picture, the code span and the fence keep their URLs
    assert f"]({server.base}/img/d.png)" in out
    assert out.count(f"{server.base}/img/e.png") == 2
    assert "/img/e.png" not in server.hits


def test_the_same_picture_under_two_urls_is_stored_once(
    server: PictureServer, tmp_path: Path
) -> None:
    text = f"![a]({server.base}/same/1.jpg)\n\n![b]({server.base}/same/2.png?x=1)\n"
    out, _, _ = relink(text, options(tmp_path), tmp_path)
    files = stored_files(tmp_path / "images")
    assert [f.suffix for f in files] == [".jpg"]  # the bytes' type, not the URL's
    assert out.count(f"images/{files[0].name}") == 2
    assert server.hits["/same/1.jpg"] == server.hits["/same/2.png?x=1"] == 1


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing.png", "HTTP 404"),
        ("/slow.png", "no answer within"),
        ("/page.jpg", "text/html, not an image"),
        ("/liar.jpg", "no known image format"),
        ("/huge.png", "size cap"),
    ],
)
def test_a_failed_picture_keeps_its_url_and_is_reported(
    server: PictureServer, tmp_path: Path, path: str, reason: str
) -> None:
    text = f"![bad]({server.base}{path}) ![good]({server.base}/img/fine.png)\n"
    out, changes, _ = relink(text, options(tmp_path, max_size=50_000), tmp_path)
    assert f"![bad]({server.base}{path})" in out
    assert f"{server.base}/img/fine.png" not in out
    failed = [c for c in changes if c.warning]
    assert len(failed) == 1 and failed[0].filter == "images"
    assert reason in failed[0].detail and path in failed[0].detail
    assert [f.name for f in stored_files(tmp_path / "images")] != []
    assert server.hits[path] == 1  # a 404, a timeout or a wrong answer is not asked again


def test_429_is_retried_then_stored(server: PictureServer, tmp_path: Path) -> None:
    out, changes, _ = relink(f"![b]({server.base}/busy.png)\n", options(tmp_path), tmp_path)
    assert server.hits["/busy.png"] == 2
    assert not any(c.warning for c in changes)
    assert server.base not in out


def test_retries_give_up_after_the_limit(server: PictureServer, tmp_path: Path) -> None:
    opts = options(tmp_path, retries=0)
    out, changes, _ = relink(f"![b]({server.base}/busy.png)\n", opts, tmp_path)
    assert "HTTP 429" in changes[0].detail and changes[0].warning
    assert server.base in out


def test_a_second_run_downloads_nothing(server: PictureServer, tmp_path: Path) -> None:
    text = f"---\nimage: {server.base}/img/a.png\n---\n\n![x]({server.base}/img/b.png)\n"
    first, _, session = relink(text, options(tmp_path), tmp_path)
    assert session.downloads == 2 and server.requests == 2
    second, _, session = relink(text, options(tmp_path), tmp_path)
    assert session.downloads == 0 and server.requests == 2
    assert second == first


def test_the_summary_counts_in_words(server: PictureServer, tmp_path: Path) -> None:
    text = f"![x]({server.base}/img/a.png) ![y]({server.base}/missing.png)\n"
    _, _, session = relink(text, options(tmp_path), tmp_path)
    assert session.summary() == "images: 2 downloads, 1 reference relinked, 1 not stored"


def test_a_folder_per_post_gets_its_own_copy(server: PictureServer, tmp_path: Path) -> None:
    text = f"![x]({server.base}/img/shared.png)\n"
    opts = options(tmp_path, dir="source/_posts/{stem}", url_prefix="")
    one, _, _ = relink(text, opts, tmp_path / "source/_posts", stem="first")
    two, _, _ = relink(text, opts, tmp_path / "source/_posts", stem="second")
    name = stored_files(tmp_path / "source/_posts/first")[0].name
    assert one == two == f"![x]({name})\n"  # Hexo's post_asset_folder form
    assert (tmp_path / "source/_posts/second" / name).read_bytes() == png("/img/shared.png")
    assert server.requests == 1


def test_https_is_tried_first_then_http(tmp_path: Path) -> None:
    fetcher = Fetcher(options(tmp_path))
    tried: list[str] = []

    def attempt(url: str, referer: str | None) -> object:
        tried.append(url)
        raise _Unreachable("refused") if url.startswith("https:") else ImageError("HTTP 404")

    fetcher.with_retries = attempt  # type: ignore[assignment,method-assign]
    for url in ("http://pics.example/a.png", "http://pics.example/b.png"):
        with pytest.raises(ImageError):
            fetcher.fetch(url, None)
    fetcher.close()
    # once a host gives no answer over https, its other pictures go straight to http
    assert tried == [
        "https://pics.example/a.png",
        "http://pics.example/a.png",
        "http://pics.example/b.png",
    ]


# --- the command line -------------------------------------------------------


def loopback_fixtures(tmp_path: Path, base: str) -> tuple[Path, list[str]]:
    """The raw fixtures, each picture host moved under the loopback server: `base/site/HOST/...`."""
    hosts = set()
    for expected in EXPECTED.glob("*.md"):
        text = expected.read_text(encoding="utf-8")
        for url in re.findall(
            r"!\[[^\]]*\]\((https?://[^)\s]+)|(?:image|cover|headimg|thumbnail): '?(https?://[^'\s]+)",
            text,
        ):
            for found in url:
                if found:
                    hosts.add(found.split("/")[2])
    folder = tmp_path / "raw"
    shutil.copytree(RAW, folder)
    pattern = re.compile(r"https?://(" + "|".join(map(re.escape, sorted(hosts))) + r")(?=/)")
    for path in folder.iterdir():
        data = path.read_bytes()
        moved = pattern.sub(lambda m: f"{base}/site/{m[1]}", data.decode("latin-1"))
        path.write_bytes(moved.encode("latin-1"))
    return folder, sorted(hosts)


def test_cli_on_the_fixtures(
    server: PictureServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, hosts = loopback_fixtures(tmp_path, server.base)
    assert "www.mitbbs.com:8080" in hosts
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.jsonl"
    args = [str(folder), "-o", "out", "--images", "out/images", "-v", "--report", str(report)]
    first = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    out = tmp_path / "out"
    stored = stored_files(out / "images")
    assert len(stored) > 20
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.md")}
    site_left = [
        name
        for name, text in texts.items()
        if re.search(r"!\[[^\]]*\]\(" + re.escape(server.base), text)
    ]
    assert site_left == []  # every Markdown picture on the server was stored
    post = texts["01-hexo-mitbbs-watermark.md"]
    assert re.search(r"^headimg: 'images/[0-9a-f]{20}\.png'$", post, re.M)  # its quotes kept
    assert "images: image stored:" in first.stderr
    assert '"images": [{"rule": "image stored"' in report.read_text(encoding="utf-8")
    requests = server.requests
    second = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert second.exit_code == 0, second.output
    assert server.requests == requests  # nothing downloaded again
    assert "images: 0 downloads" in second.stderr
    assert {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.md")} == texts
    # and the relinked output, normalized again, is left as it is
    again = CliRunner().invoke(cli, [str(out), "--check"], catch_exceptions=False)
    assert again.exit_code == 0, again.output


def test_cli_in_place_reports_a_failed_picture_and_does_not_fail(
    server: PictureServer, tmp_path: Path
) -> None:
    post = tmp_path / "post.md"
    post.write_text(
        f"# Post\n\n![gone]({server.base}/missing.png)\n\n![here]({server.base}/img/ok.png)\n"
    )
    result = CliRunner().invoke(cli, [str(post), "-i", "--images", str(tmp_path / "pics")])
    assert result.exit_code == 0, result.output
    assert "image not stored: " in result.stderr and "HTTP 404" in result.stderr
    text = post.read_text()
    assert f"![gone]({server.base}/missing.png)" in text
    assert re.search(r"!\[here\]\(pics/[0-9a-f]{20}\.png\)", text)


def test_configuration_table(server: PictureServer, tmp_path: Path) -> None:
    (tmp_path / "normalize.toml").write_text(
        '[images]\ndir = "static/img"\nurl_prefix = "/img/"\ntimeout = 0.5\n'
    )
    post = tmp_path / "post.md"
    post.write_text(f"![a]({server.base}/img/conf.png)\n")
    result = CliRunner().invoke(cli, [str(post), "-i"])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"!\[a\]\(/img/[0-9a-f]{20}\.png\)\n", post.read_text())
    assert len(stored_files(tmp_path / "static/img")) == 1
    # --check never downloads: a folder named only in the configuration is not used
    post.write_text(f"![a]({server.base}/img/other.png)\n")
    checked = CliRunner().invoke(cli, [str(post), "--check"])
    assert checked.exit_code == 0 and "/img/other.png" not in server.hits


def test_bad_configuration_is_named(tmp_path: Path) -> None:
    (tmp_path / "normalize.toml").write_text('[images]\ndir = "img"\nper_hots = 2\n')
    post = tmp_path / "post.md"
    post.write_text("text\n")
    result = CliRunner().invoke(cli, [str(post)])
    assert result.exit_code == 2
    assert "unknown option 'per_hots' for images" in result.stderr


def test_images_with_check_is_a_usage_error(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("text\n")
    result = CliRunner().invoke(cli, [str(post), "--check", "--images", "img"])
    assert result.exit_code == 2 and "--images" in result.stderr


# --- offline runs stay offline ----------------------------------------------


def test_an_offline_run_never_imports_the_http_client(tmp_path: Path) -> None:
    source = RAW / "01-hexo-mitbbs-watermark.txt"
    code = (
        "import sys\n"
        "from normalize.cli import cli\n"
        f"try:\n    cli([{str(source)!r}, '-o', {str(tmp_path / 'out')!r}], standalone_mode=False)\n"
        "finally:\n    print('httpx' in sys.modules, 'normalize.images' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "False"]


def test_an_offline_run_touches_no_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an offline run opened a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [str(RAW), "-o", str(out), "-j", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    post = (out / "01-hexo-mitbbs-watermark.md").read_text(encoding="utf-8")
    assert "http://www.mitbbs.com:8080/user/img/uploadIMG/" in post


def test_stdin_paths_are_relative_to_the_current_folder(
    server: PictureServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = f"# T\n\n![x]({server.base}/img/in.png) ![y]({server.base}/missing.png)\n"
    result = CliRunner().invoke(cli, ["--images", "pics"], input=text.encode())
    assert result.exit_code == 0, result.output
    assert re.search(r"!\[x\]\(pics/[0-9a-f]{20}\.png\)", result.stdout)
    assert f"![y]({server.base}/missing.png)" in result.stdout
    assert "<stdin>: images: image not stored:" in result.stderr
