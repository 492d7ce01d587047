"""Sites people wrote: posts and templates come out byte for byte; a broken span, and only it, is fixed.

fixtures/authored holds a small Hexo, Jekyll and Hugo site in each generator's
idioms. Rewriting them in place changes nothing; a copy of a post with one
problem injected changes exactly the injected lines.
"""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

AUTHORED = FIXTURES / "authored"
SITES = sorted(p.name for p in AUTHORED.iterdir() if p.is_dir())
POSTS = sorted(
    p.relative_to(AUTHORED).as_posix()
    for p in AUTHORED.rglob("*.md")
    if not {"scaffolds", "_layouts", "_includes", "layouts"} & set(p.parts)
)
TEMPLATES = sorted(
    p.relative_to(AUTHORED).as_posix()
    for p in AUTHORED.rglob("*")
    if p.is_file()
    and p.suffix in (".md", ".html", ".ejs")
    and p.relative_to(AUTHORED).as_posix() not in POSTS
)


def contents(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def sites(tmp_path) -> Path:
    root = tmp_path / "sites"
    shutil.copytree(AUTHORED, root)
    return root


def test_the_fixtures_cover_each_generator_posts_and_templates():
    assert SITES == ["hexo", "hugo", "jekyll"]
    assert len(POSTS) >= 6 and len(TEMPLATES) >= 6


@pytest.mark.parametrize("site", SITES)
def test_a_site_rewritten_in_place_is_byte_identical(sites, site):
    before = contents(sites)
    code, _, err = run_cli("-i", "-v", "--no-cache", str(sites / site))
    assert code == 0, err
    assert contents(sites) == before
    assert "0 normalized" in err and "failed" in err and ", 0 failed" in err


def test_files_named_one_by_one_as_pre_commit_does_are_byte_identical(sites):
    before = contents(sites)
    named = [str(sites / name) for name in POSTS + TEMPLATES]
    code, _, err = run_cli("-i", "-v", "--no-cache", *named)
    assert code == 0, err
    assert contents(sites) == before
    for name in TEMPLATES:
        assert f"{(sites / name).as_posix()}: skipped: template" in err


def test_check_passes_on_every_post():
    code, _, err = run_cli("--check", "--no-cache", *(str(AUTHORED / name) for name in POSTS))
    assert code == 0, err


# --- one problem injected: exactly its lines change ------------------------------------

AD = (
    '<ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-1234567890" '
    'data-ad-slot="42"></ins>\n<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>'
)
WATERMARK = '<font color="#F8F8F8">Mitbbs.com</font>'
# (injected block, what it becomes: None when it goes entirely)
BLOCKS = {
    "adsense": (AD, None),
    "proxied image": (
        "![heron](https://cors.zfour.workers.dev/?https://img.example.org/heron.jpg)",
        "![heron](https://img.example.org/heron.jpg)",
    ),
    "redirector link": (
        "[the map](https://link.zhihu.com/?target=https%3A%2F%2Fmaps.example.org%2Friver)",
        "[the map](https://maps.example.org/river)",
    ),
}
# A sentence's end at the end of a line, where a watermark is stuck on.
_SENTENCE_END = re.compile(r"(?<=[.。])$", re.M)


def _body_start(text: str) -> int:
    """Where the body begins: after the front matter and the blank lines that follow it."""
    match = re.match(r"(---\n.*?\n---\n|\+\+\+\n.*?\n\+\+\+\n|\{\n.*?\n\}\n)?\n*", text, re.S)
    assert match is not None
    return match.end()


def _after_first_block(text: str) -> int:
    """The start of the second block of the body, where an injected block goes."""
    return text.index("\n\n", _body_start(text)) + 2


def inject_block(text: str, block: str) -> str:
    at = _after_first_block(text)
    return text[:at] + block + "\n\n" + text[at:]


def inject_watermark(text: str) -> str:
    match = _SENTENCE_END.search(text, _body_start(text))
    assert match is not None
    return text[: match.start()] + WATERMARK + text[match.start() :]


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines a unified diff removes and adds."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


def normalize_in_place(tmp_path: Path, name: str, text: str, newline: str = "\n") -> str:
    path = tmp_path / "site" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    code, _, err = run_cli("-i", "--no-cache", str(path))
    assert code == 0, err
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("kind", list(BLOCKS))
@pytest.mark.parametrize("name", POSTS)
def test_an_injected_block_changes_only_its_own_lines(tmp_path, name, kind):
    original = (AUTHORED / name).read_text(encoding="utf-8")
    block, fixed = BLOCKS[kind]
    dirty = inject_block(original, block)
    out = normalize_in_place(tmp_path, name, dirty)
    removed, added = changed_lines(dirty, out)
    if fixed is None:
        assert (sorted(removed), added) == (sorted([*block.splitlines(), ""]), [])
        assert out == original
    else:
        assert (removed, added) == ([block], [fixed])
        assert out == inject_block(original, fixed)


@pytest.mark.parametrize("name", POSTS)
def test_an_injected_watermark_changes_only_its_line(tmp_path, name):
    original = (AUTHORED / name).read_text(encoding="utf-8")
    dirty = inject_watermark(original)
    out = normalize_in_place(tmp_path, name, dirty)
    removed, added = changed_lines(dirty, out)
    assert len(removed) == len(added) == 1
    assert removed[0] == added[0] + WATERMARK
    assert out == original


@pytest.mark.parametrize("name", POSTS)
def test_windows_line_endings_stay_while_an_ad_goes(tmp_path, name):
    original = (AUTHORED / name).read_text(encoding="utf-8")
    out = normalize_in_place(tmp_path, name, inject_block(original, AD), newline="\r\n")
    assert out == original.replace("\n", "\r\n")


def mixed_endings(text: str) -> str:
    """`text` with LF in its front matter and CRLF in its body, as some editors leave a post."""
    start = _body_start(text)
    return text[:start] + text[start:].replace("\n", "\r\n")


@pytest.mark.parametrize("name", POSTS)
def test_mixed_line_endings_stay_line_by_line(tmp_path, name):
    original = mixed_endings((AUTHORED / name).read_text(encoding="utf-8"))
    path = tmp_path / "site" / name
    path.parent.mkdir(parents=True)
    path.write_bytes(original.encode("utf-8"))
    code, _, err = run_cli("-i", "--no-cache", str(path))
    assert code == 0, err
    assert path.read_bytes().decode("utf-8") == original
    proxied, fixed = BLOCKS["proxied image"]
    dirty = inject_block((AUTHORED / name).read_text(encoding="utf-8"), AD + "\n\n" + proxied)
    out = normalize_in_place(tmp_path, "again/" + name, mixed_endings(dirty))
    assert out == mixed_endings(inject_block((AUTHORED / name).read_text(encoding="utf-8"), fixed))


@pytest.mark.parametrize(
    "protected",
    ["<bread@example.org>", "`<b>bold</b>`", "{{ site.email }}", "$a < b$"],
)
def test_text_after_a_removed_ad_keeps_its_code_and_autolinks(tmp_path, protected):
    """A text the filters rewrite after an ad they removed is edited where it stands,
    and never written out as the parser read it (its code blanked)."""
    proxied, fixed = BLOCKS["proxied image"]
    clean = f"Hello.\n\n{fixed}\n\nWrite to me at {protected}.\n"
    dirty = f"Hello.\n\n{AD}\n\n{proxied}\n\nWrite to me at {protected}.\n"
    assert normalize_in_place(tmp_path, "post.md", dirty) == clean


def test_entities_in_a_text_rewritten_beside_an_ad_stay_as_written(tmp_path):
    proxied, fixed = BLOCKS["proxied image"]
    tail = "It&#8217;s here &amp; there &#8211; see [the map](https://example.org/?a=1&amp;b=2).\n"
    dirty = f"Hello.\n\n{AD}\n\n{proxied}\n\n{tail}"
    assert normalize_in_place(tmp_path, "post.md", dirty) == f"Hello.\n\n{fixed}\n\n{tail}"


@pytest.mark.parametrize(
    "before, after",
    [
        # a double blank line the author left beside the edit stays
        ("One.\n\n\n{block}\n\nTwo.\n", "One.\n\n\n{fixed}\n\nTwo.\n"),
        # a line of white space beside a removed ad stays, and the ad leaves no blank run
        ("One.\n\t\n{ad}\n\nTwo.\n", "One.\n\t\nTwo.\n"),
        # a body that ends in a raw HTML block and no newline is tidied all the same
        ("One.\n\n{ad}\n\nTwo.\n\n<!--more-->", "One.\n\nTwo.\n\n<!--more-->\n"),
    ],
)
def test_only_what_an_edit_left_behind_is_tidied(tmp_path, before, after):
    proxied, fixed = BLOCKS["proxied image"]
    dirty = before.format(block=proxied, fixed=fixed, ad=AD)
    assert normalize_in_place(tmp_path, "post.md", dirty) == after.format(fixed=fixed)


@pytest.mark.parametrize("name", ["post.md", "page.html"])
def test_html_cleaned_in_place_loses_the_blank_lines_of_a_removed_ad_only(tmp_path, name):
    head = '<section class="toc"><h1>Contents</h1></section>\n\n'
    tail = "<p>Some text here.</p>\n\n<pre>\na\n\n\nb\n</pre>\n"
    dirty = f"{head}{AD}\n\n{tail}"
    assert normalize_in_place(tmp_path, name, dirty) == head + tail
