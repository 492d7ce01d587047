from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

# Every run the tests start keeps its cache of clean files apart from the user's.
os.environ.setdefault("NORMALIZE_CACHE_DIR", tempfile.mkdtemp(prefix="normalize-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
RAW = FIXTURES / "raw"
EXPECTED = FIXTURES / "expected"


# The built-in filters in chain order.
BUILTINS = [
    "encoding",
    "frontmatter",
    "article",
    "boilerplate",
    "ads",
    "watermarks",
    "unproxy",
    "markdown",
    "tidy",
]
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


# What a converted dump keeps as HTML because Markdown cannot say it (see normalize.convert.kept).
KEPT_TAG = re.compile(
    r"\A(?:<!--\s*more\s*-->|</?(?:sup|sub|kbd|u|mark|abbr|ins|details|summary|dl|dt|dd)\b[^>]*>)\Z",
    re.I,
)
# An embed is kept whole, as written: whatever it holds (a fallback link, a picture's <img>).
EMBED_BLOCK = re.compile(
    r"\A\s*</?(?:iframe|video|audio|object|embed|picture|source|track)\b", re.I
)


def raw_html(markdown: str) -> list[str]:
    """Raw HTML that a CommonMark renderer would pass through, other than what the converter
    keeps on purpose (code does not count)."""
    found = []
    for tok in MD.parse(markdown):
        if tok.type == "html_block" and not EMBED_BLOCK.match(tok.content):
            if not all(
                KEPT_TAG.match(t) for t in re.findall(r"<!--.*?-->|<[^>]*>", tok.content, re.S)
            ):
                found.append(tok.content)
        for child in tok.children or []:
            if child.type == "html_inline" and not KEPT_TAG.match(child.content):
                if not EMBED_BLOCK.match(child.content):
                    found.append(child.content)
    return found


def fixture_pairs() -> list[tuple[Path, Path]]:
    """Every raw dump with its expected output (same relative name, .md suffix)."""
    pairs = []
    for raw in sorted(p for p in RAW.rglob("*") if p.is_file()):
        pairs.append((raw, EXPECTED / raw.relative_to(RAW).with_suffix(".md")))
    return pairs


def run_cli(
    *args: str, input: bytes | None = None, cwd: Path | None = None, env: dict | None = None
):
    """The real command, in a subprocess: exit code, stdout bytes, stderr text."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "normalize", *args],
        input=input if input is not None else b"",
        capture_output=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


@pytest.fixture
def cli():
    return run_cli
