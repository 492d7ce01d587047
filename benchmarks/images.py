"""`--images` on a batch of posts whose pictures sit on several hosts, one of them slow.

    python benchmarks/images.py [--posts 100] [--per-post 10] [--slow-share 0.1]
                                [--delay 1.0] [--stalls 5] [--timeout 3.0]

Starts one HTTP server per host on 127.0.0.1 (a host is a port: normalize limits downloads
per host and port), writes `--posts` HTML dumps of `--per-post` pictures each, and runs
`normalize POSTS -o OUT --images OUT/images` twice with its own download index. On the slow
host every picture takes `--delay` seconds and `--stalls` of them take longer than the
timeout. It prints, for each run: seconds, requests each host served, and the summary line
normalize printed; and when the last fast-host picture was served, which shows whether the
slow host held the others up. It prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def png(seed: str) -> bytes:
    """A small valid PNG whose bytes depend on `seed`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data).to_bytes(4, "big")
        return len(data).to_bytes(4, "big") + kind + data + crc

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    pixels = zlib.compress(b"\x00" + bytes([zlib.crc32(seed.encode()) & 0xFF]))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"seed\x00" + seed.encode() + b"\x00" * 2000)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


class Host(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, delay: float, stall: float, stalled: set[str]) -> None:
        super().__init__(("127.0.0.1", 0), Picture)
        self.delay, self.stall, self.stalled = delay, stall, stalled
        self.hits: Counter[str] = Counter()
        self.last_served = 0.0
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Picture(BaseHTTPRequestHandler):
    server: Host

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        host = self.server
        time.sleep(host.stall if self.path in host.stalled else host.delay)
        body = png(self.path)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            return  # the client gave up (its timeout)
        with host.lock:
            host.hits[self.path] += 1
            host.last_served = time.monotonic()


def start(host: Host) -> Host:
    threading.Thread(target=host.serve_forever, daemon=True).start()
    return host


def write_posts(folder: Path, hosts: list[Host], slow: Host, args: argparse.Namespace) -> int:
    """HTML dumps whose pictures are spread over the hosts, `--slow-share` of them on `slow`."""
    folder.mkdir()
    total = args.posts * args.per_post
    slow_count = round(total * args.slow_share)
    fast = [host for host in hosts if host is not slow]
    for number in range(args.posts):
        pictures = []
        for index in range(args.per_post):
            serial = number * args.per_post + index
            host = slow if serial % round(1 / args.slow_share) == 0 else fast[serial % len(fast)]
            pictures.append(f'<p>Figure {serial}.</p><img src="{host.base}/p/{serial}.png">')
        (folder / f"post-{number:04d}.html").write_text(
            f"---\ntitle: Post {number}\n---\n<p>Text of post {number}.</p>\n"
            + "\n".join(pictures)
            + "\n",
            encoding="utf-8",
        )
    return slow_count


def run(posts: Path, out: Path, config: Path, cache: Path) -> tuple[float, str]:
    environment = dict(os.environ, NORMALIZE_CACHE_DIR=str(cache))
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        environment.pop(name, None)
    command = [
        sys.executable, "-m", "normalize", str(posts), "-o", str(out),
        "--images", str(out / "images"), "--config", str(config),
    ]  # fmt: skip
    began = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    seconds = time.monotonic() - began
    summary = [line for line in done.stderr.splitlines() if line.startswith("images:")]
    return seconds, f"exit {done.returncode}; " + (summary[-1] if summary else "no summary")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--per-post", type=int, default=10)
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--slow-share", type=float, default=0.1)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--stalls", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=3.0)
    args = parser.parse_args()

    stall = args.timeout * 2
    stalled = {f"/p/{serial * round(1 / args.slow_share)}.png" for serial in range(args.stalls)}
    slow = start(Host(args.delay, stall, stalled))
    hosts = [slow] + [start(Host(0.0, 0.0, set())) for _ in range(args.hosts - 1)]
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        slow_count = write_posts(tmp / "posts", hosts, slow, args)
        config = tmp / "normalize.toml"
        config.write_text(f"[images]\ntimeout = {args.timeout}\nretries = 0\n", encoding="utf-8")
        total = args.posts * args.per_post
        print(
            f"{args.posts} posts, {total} pictures on {args.hosts} hosts; {slow_count} on the slow "
            f"host ({args.delay:g} s each, {args.stalls} past the {args.timeout:g} s timeout); "
            f"normalize's defaults: 4 downloads at once per host, 16 in all"
        )
        for label in ("first run", "second run"):
            for host in hosts:
                host.hits.clear()
                host.last_served = 0.0
            began = time.monotonic()
            seconds, summary = run(tmp / "posts", tmp / "out", config, tmp / "cache")
            served = [sum(host.hits.values()) for host in hosts]
            fast_done = max((host.last_served for host in hosts[1:]), default=0.0)
            print(f"{label}: {seconds:.1f} s; {summary}")
            print(f"  pictures served: slow host {served[0]}, fast hosts {served[1:]}")
            if fast_done:
                print(f"  last fast-host picture served {fast_done - began:.1f} s into the run")
        stored = len(list((tmp / "out" / "images").iterdir()))
        print(f"stored files: {stored}")


if __name__ == "__main__":
    main()
