"""Bad input gets a clear error, a batch never stops halfway, and no file is ever lost."""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import run_cli

# A post in place loses its ad and nothing else.
GOOD = b'Good **post**\n\n<ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>\n'
GOOD_OUT = b"Good **post**\n"


def alias_bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        name, previous = chr(ord("a") + n), chr(ord("a") + n - 1)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return ("---\n" + "\n".join(lines) + "\n---\n\n<p>body</p>\n").encode()


BAD_INPUTS = [
    ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file: a PNG image"),
    ("archive.md", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary file: a ZIP archive"),
    ("nul.md", b"\x00" * 4096, "binary file: only NUL bytes"),
    (
        "yaml.md",
        b"---\ntitle: a\n: b: [\n---\n<p>body</p>\n",
        "front matter is not valid YAML: expected <block end>, but found ':' (line 3)",
    ),
    (
        "unclosed.txt",
        b"---\ntitle: a\n<p>no closing fence</p>\n",
        "front matter opened on line 1 is never closed",
    ),
    ("list.md", b"---\n- a\n- b\n---\n<p>body</p>\n", "front matter on line 2 is a list"),
    (
        "scalar.md",
        b"---\njust words\n---\n<p>body</p>\n",
        "front matter on line 2 is a single value",
    ),
    (
        "dup.md",
        b"---\ntitle: a\ntitle: b\n---\n<p>body</p>\n",
        "front matter has key 'title' twice (line 3)",
    ),
    ("bomb.md", alias_bomb(), "front matter expands to more than 100,000 values"),
]


# A dump whose front matter nothing can read fails; a person's post keeps it as written.
UNREADABLE_IN_A_POST = [
    b"---\ntitle: a\n: b: [\n---\nbody\n",
    b"---\n- a\n---\nbody\n",
    b"---\nno end\n",
]
POST_WITH_AD = b'Good post\n\n<ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>\n'


@pytest.mark.parametrize("name, data, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_reported_and_left_alone_while_the_rest_is_done(tmp_path, name, data, message):
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.md"
    good.write_bytes(POST_WITH_AD)
    code, out, err = run_cli("--in-place", str(tmp_path))
    assert code == 3
    assert out == b""
    assert f"normalize: error: {bad.as_posix()}: {message}" in err
    assert err.count("normalize: error:") == 1  # one line per failure
    assert bad.read_bytes() == data
    assert good.read_bytes() == b"Good post\n"
    assert "1 normalized, 0 unchanged, 1 failed" in err


@pytest.mark.parametrize("data", UNREADABLE_IN_A_POST)
def test_a_post_with_front_matter_yaml_cannot_read_is_left_as_written(tmp_path, data):
    post = tmp_path / "post.md"
    post.write_bytes(data)
    code, _, err = run_cli("--in-place", "-v", str(post))
    assert code == 0, err
    assert post.read_bytes() == data
    assert "frontmatter: kept as written" in err


def _limit_memory() -> None:
    limit = 700 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_alias_bomb_is_refused_within_bounded_memory(tmp_path):
    bomb = tmp_path / "bomb.md"
    bomb.write_bytes(alias_bomb())
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "normalize", str(bomb)],
        capture_output=True,
        preexec_fn=_limit_memory,
        timeout=120,
    )
    assert proc.returncode == 3
    assert b"alias bomb" in proc.stderr
    assert time.monotonic() - started < 60  # refused, not expanded (expanding takes minutes)


def test_file_over_max_size_is_refused_without_reading(tmp_path):
    line = tmp_path / "line.md"
    line.write_bytes(b"word " * (10 * 1024 * 1024 // 5 + 1))  # 10 MB, no newline
    code, _, err = run_cli("--max-size", "8", str(line))
    assert code == 3
    assert f"{line.as_posix()}: 10.0 MB is over the --max-size limit of 8 MB; not read" in err
    code, out, _ = run_cli("--max-size", "0", str(line))  # no limit: processed
    assert code == 0 and out == line.read_bytes()  # Markdown with nothing broken, as it was


def test_stdin_over_max_size_is_refused():
    code, out, err = run_cli("--max-size", "0.001", input=b"x" * 2000)
    assert (code, out) == (3, b"")
    assert "over the --max-size limit" in err


def test_very_long_single_line_is_processed(tmp_path):
    line = tmp_path / "line.md"
    line.write_bytes(b"<p>" + "字 word ".encode() * 400_000 + b"</p>")  # 4 MB on one line
    code, out, _ = run_cli(str(line))
    assert code == 0
    assert out.count("字".encode()) == 400_000


def test_nesting_100000_levels_deep(tmp_path):
    deep = tmp_path / "deep.md"
    deep.write_bytes(b"<div>" * 100_000 + b"deep text" + b"</div>" * 100_000)
    code, out, err = run_cli("-v", str(deep))
    assert code == 0, err
    assert out == b"deep text\n"
    assert "nested deeper than" in err


@pytest.mark.parametrize(
    "html, words",
    [
        (
            b"<div><p>one<p>two<ul><li>three<li>four<table><tr><td>five",
            [b"one", b"two", b"three", b"five"],
        ),
        (b"<p>before</p></html><p>after the end</p>", [b"before", b"after the end"]),
        (b"<p>kept text</p><script>var never = 'ends'", [b"kept text"]),
        (b"<p>a < b and c > d & e</p>", [b"a < b and c > d & e"]),
    ],
)
def test_html_that_is_not_html(tmp_path, html, words):
    page = tmp_path / "page.md"
    page.write_bytes(html)
    code, out, _ = run_cli(str(page))
    assert code == 0
    for word in words:
        assert word in out
    assert b"never" not in out


UNSAFE = ("javascript:", "vbscript:", "data:text/html", "DATA:text/html")


def test_script_links_are_never_live_in_html(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        '<p><a href="javascript:alert(1)">one</a> <a href=" JaVa\tScript:x">two</a> '
        '<a href="vbscript:msgbox">three</a> <a href="data:text/html,<script>x</script>">four</a> '
        '<img src="javascript:x" alt="pic"> <a href="https://example.org/">safe</a></p>'
    )
    code, out, _ = run_cli(str(page))
    text = out.decode()
    assert code == 0
    assert text == "one two three four [safe](https://example.org/)\n"


def test_script_links_are_never_live_in_markdown(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(
        "[a](javascript:alert(1)) [b](vbscript:x) ![c](data:text/html,x) "
        "<javascript:alert(2)> ![ok](data:image/png;base64,iVBOR) `[code](javascript:kept)`\n\n"
        "[ref]: javascript:alert(3)\n"
    )
    code, out, err = run_cli("-v", str(post))
    text = out.decode()
    assert code == 0
    assert text.startswith(
        "a b c javascript:alert(2) ![ok](data:image/png;base64,iVBOR) `[code](javascript:kept)`"
    )
    assert "[ref]:" not in text
    assert err.count("unsafe-link") == 5


def test_proxied_url_with_a_non_http_inside_is_not_unwrapped(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('<p><a href="https://cors.zfour.workers.dev/?javascript:alert(1)">x</a></p>')
    code, out, err = run_cli("-v", str(page))
    assert code == 0
    assert out == b"[x](<https://cors.zfour.workers.dev/?javascript:alert(1)>)\n"
    assert "unproxy: not unwrapped" in err


@pytest.fixture
def stalling_plugin(tmp_path: Path) -> dict[str, str]:
    """A third-party filter that never finishes a body holding STALL, however fast the machine.

    `STALL swallow` catches `Exception` around its wait, as careless code does; `STALL
    swallow-all` catches everything once and then returns, as if it had finished its work.
    """
    (tmp_path / "stalling_plugin.py").write_text(
        textwrap.dedent("""
        import time

        from normalize import Filter, Stage

        def wait_forever():
            while True:
                time.sleep(0.01)

        class Stall(Filter):
            name = "stall"
            stage = Stage.TEXT
            description = "wait forever on a body holding STALL"

            def run(self, doc):
                body = doc.body or ""
                if "STALL swallow-all" in body:
                    try:
                        wait_forever()
                    except BaseException:
                        return
                elif "STALL swallow" in body:
                    while True:
                        try:
                            wait_forever()
                        except Exception:
                            pass
                elif "STALL" in body:
                    wait_forever()
    """)
    )
    dist = tmp_path / "stalling_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: stalling-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[normalize.filters]\nstall = stalling_plugin:Stall\n")
    return {"PYTHONPATH": str(tmp_path)}


def test_timeout_stops_one_file_and_the_batch_goes_on(tmp_path, stalling_plugin):
    tree = tmp_path / "in"
    tree.mkdir()
    # The good file comes first: it pays for the imports of the first file in a process.
    (tree / "a-good.html").write_bytes(GOOD)
    stalled = {
        "b-stall.html": "<p>STALL</p>",
        "c-swallow.html": "<p>STALL swallow</p>",
        "d-swallow-all.html": "<p>STALL swallow-all</p>",
    }
    for name, text in stalled.items():
        (tree / name).write_text(text)
    out = tmp_path / "out"
    code, _, err = run_cli(
        "--enable", "stall", "-j1", "--timeout", "2", "-o", str(out), str(tree),
        env=stalling_plugin,
    )  # fmt: skip
    assert code == 3, err
    for name in stalled:
        assert f"{(tree / name).as_posix()}: took longer than 2 s (--timeout); stopped" in err
        assert not (out / name).with_suffix(".md").exists()
    assert (out / "a-good.md").read_bytes() == GOOD_OUT
    assert "1 normalized, 0 unchanged, 3 failed" in err


def test_a_failed_write_leaves_the_source_and_is_reported(tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.md").write_bytes(GOOD)
    (src / "b.md").write_bytes(GOOD)
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").write_bytes(b"a file where a folder must go")
    code, _, err = run_cli(str(src), "-o", str(out))
    assert code == 3
    assert "cannot write" in err and "sub/a.md" in err
    assert (out / "b.md").read_bytes() == GOOD_OUT
    assert (src / "sub" / "a.md").read_bytes() == GOOD


def test_symlinks_are_followed_inside_the_tree_and_never_written_through(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    outside = tmp_path / "outside.md"
    outside.write_bytes(GOOD)
    inside = tree / "inside.md"
    inside.write_bytes(GOOD)
    (tree / "a-link-in.md").symlink_to(inside)
    (tree / "a-link-out.md").symlink_to(outside)
    code, _, err = run_cli("-i", "-v", str(tree))
    assert code == 0, err
    assert err.count(": normalized") == 1  # the inside file once, the outside one never
    assert "outside" not in err
    assert inside.read_bytes() == GOOD_OUT
    assert outside.read_bytes() == GOOD
    assert (tree / "a-link-in.md").is_symlink() and (tree / "a-link-out.md").is_symlink()
    code, _, err = run_cli("-i", str(tree / "a-link-out.md"))
    assert code == 3 and "is a symbolic link" in err
    assert outside.read_bytes() == GOOD


def test_unreadable_folder_is_reported_and_the_rest_done(tmp_path, monkeypatch):
    from normalize.batch import collect_jobs

    (tmp_path / "a.md").write_bytes(GOOD)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.md").write_bytes(GOOD)
    real_scandir = os.scandir

    def scandir(path="."):  # permissions do not stop root, so refuse the folder here
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    jobs, problems = collect_jobs([tmp_path], ["*.md"], [])
    assert [job.source.name for job in jobs] == ["a.md"]
    assert problems == [f"{locked}: cannot read folder: Permission denied"]


def _batch(tmp_path: Path, count: int) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    tree = tmp_path / "posts"
    tree.mkdir()
    originals, normalized = {}, {}
    for i in range(count):
        body = "".join(
            f"第{i}篇 paragraph {j} **bold {j}** text.\n\n<ins class='adsbygoogle'></ins>\n\n"
            for j in range(200)
        )
        data = body.encode()
        (tree / f"{i:04}.md").write_bytes(data)
        originals[f"{i:04}.md"] = data
    from normalize import normalize_bytes

    for name, data in originals.items():
        normalized[name] = normalize_bytes(data, name=name).encode()
    return tree, originals, normalized


def _check_every_file_is_old_or_new(tree: Path, originals, normalized) -> int:
    done = 0
    for name, data in originals.items():
        now = (tree / name).read_bytes()
        assert now in (data, normalized[name]), name
        done += now == normalized[name]
    return done


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_interrupt_stops_a_batch_cleanly(tmp_path, signum):
    tree, originals, normalized = _batch(tmp_path, 300)
    proc = subprocess.Popen(
        [sys.executable, "-m", "normalize", "-i", "-j1", "--no-cache", str(tree)],
        stderr=subprocess.PIPE,
        # A job started in the background inherits an ignored SIGINT; a terminal's Ctrl-C does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # Interrupt as soon as the first file (in walking order) is written, however slow the machine.
    first = tree / "0000.md"
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if first.read_bytes() == normalized[first.name]:
            break
        time.sleep(0.01)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    text = err.decode()
    if proc.returncode == 0:
        pytest.fail("the batch finished before it could be interrupted; make it bigger")
    assert proc.returncode == 130
    assert "interrupted after" in text and "normalized," in text
    done = _check_every_file_is_old_or_new(tree, originals, normalized)
    assert 0 < done < len(originals)


def test_killed_batches_never_leave_a_broken_file(tmp_path):
    tree, originals, normalized = _batch(tmp_path, 300)
    rng = random.Random(7)
    for _ in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-m", "normalize", "-i", "-j2", str(tree)],
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.3, 2.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        _check_every_file_is_old_or_new(tree, originals, normalized)
    code, _, _ = run_cli("-i", str(tree))
    assert code == 0
    assert _check_every_file_is_old_or_new(tree, originals, normalized) == len(originals)


def test_a_file_that_vanished_is_reported_not_raised(tmp_path):
    from normalize.batch import FAILED, Job, Settings, _init_worker, process

    _init_worker(Settings(chain=("encoding", "frontmatter", "markdown", "tidy")))
    result = process(Job(tmp_path / "gone.md"))
    assert result.status == FAILED
    assert result.error == "cannot read: No such file or directory"


def test_a_file_that_cannot_be_read_is_reported(tmp_path, monkeypatch):
    from normalize.batch import FAILED, Job, Settings, _init_worker, process

    locked = tmp_path / "locked.md"
    locked.write_bytes(GOOD)
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:  # permissions do not stop root, so refuse here
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    _init_worker(Settings(chain=("encoding", "frontmatter", "markdown", "tidy")))
    result = process(Job(locked))
    assert (result.status, result.error) == (FAILED, "cannot read: Permission denied")


def test_a_write_that_fails_keeps_the_original_and_leaves_no_temp(tmp_path, monkeypatch):
    from normalize.files import write_atomically

    target = tmp_path / "post.md"
    target.write_bytes(GOOD)

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, GOOD_OUT)
    assert target.read_bytes() == GOOD
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]
