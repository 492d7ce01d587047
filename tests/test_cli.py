"""The command-line contract: modes, exit codes, messages, files written or not."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import BUILTINS, run_cli

DIRTY = b"<p>Hello <b>world</b></p>\n"
CLEAN = b"Hello **world**\n"
# A person's post with an ad in it: rewriting in place removes the ad and nothing else.
AD_POST = CLEAN + b'\n<ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>\n'
# A dump (its body is HTML) whose front matter no YAML reader accepts: it cannot be converted.
BROKEN_FRONT_MATTER = b"---\ntitle: [unclosed\n  - : :\n---\n\n<p>body</p>\n"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_stdin_to_stdout():
    code, out, err = run_cli(input=DIRTY)
    assert (code, out) == (0, CLEAN)
    assert err == ""


def test_dash_is_stdin():
    assert run_cli("-", input=DIRTY)[:2] == (0, CLEAN)


def test_stdout_is_utf8_whatever_the_console(tmp_path):
    code, out, _ = run_cli(
        input="<p>中文 — “quotes”</p>".encode(), env={"PYTHONIOENCODING": "cp1252"}
    )
    assert code == 0
    assert out.decode("utf-8") == "中文 — “quotes”\n"


def test_messages_about_chinese_names_survive_a_cp1252_console(tmp_path):
    (tmp_path / "图片.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "空文件.md").write_bytes(b"")
    code, _, err = run_cli("-i", "-v", str(tmp_path), env={"PYTHONIOENCODING": "cp1252"})
    assert code == 3  # reported, not a UnicodeEncodeError traceback
    assert "binary file" in err and "skipped: empty" in err and "Traceback" not in err


def test_one_file_goes_to_stdout_and_is_not_touched(tmp_path):
    path = write(tmp_path / "post.html", DIRTY)
    code, out, _ = run_cli(str(path))
    assert (code, out) == (0, CLEAN)
    assert path.read_bytes() == DIRTY


def test_several_files_without_a_mode_is_a_usage_error(tmp_path):
    a, b = write(tmp_path / "a.md", DIRTY), write(tmp_path / "b.md", DIRTY)
    code, out, err = run_cli(str(a), str(b))
    assert code == 2 and out == b""
    assert "--in-place" in err


def test_folder_without_a_mode_is_a_usage_error(tmp_path):
    write(tmp_path / "a.md", DIRTY)
    assert run_cli(str(tmp_path))[0] == 2


def test_in_place_rewrites_changed_and_leaves_clean_files_alone(tmp_path):
    dirty = write(tmp_path / "dirty.md", AD_POST)
    clean = write(tmp_path / "clean.md", CLEAN)
    old = time.time() - 3600
    os.utime(clean, (old, old))
    os.chmod(dirty, 0o640)
    code, out, err = run_cli("--in-place", str(tmp_path))
    assert code == 0 and out == b""
    assert dirty.read_bytes() == CLEAN
    assert dirty.stat().st_mode & 0o777 == 0o640
    assert clean.stat().st_mtime == pytest.approx(old)
    assert "1 normalized, 1 unchanged, 0 failed" in err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_output_dir_mirrors_the_tree_with_md_names(tmp_path):
    src = tmp_path / "src"
    write(src / "a.html", DIRTY)
    write(src / "sub" / "b.txt", b"Some plain text.\n")
    write(src / "sub" / "skip.png", b"\x89PNG")
    write(src / ".hidden" / "c.md", DIRTY)
    code, _, err = run_cli(str(src), "--output-dir", str(tmp_path / "out"))
    assert code == 0, err
    made = sorted(
        p.relative_to(tmp_path / "out").as_posix()
        for p in (tmp_path / "out").rglob("*")
        if p.is_file()
    )
    assert made == ["a.md", "sub/b.md"]
    assert (tmp_path / "out" / "a.md").read_bytes() == CLEAN
    assert (src / "a.html").read_bytes() == DIRTY


def test_output_dir_inside_the_input_is_not_walked(tmp_path):
    write(tmp_path / "a.html", DIRTY)
    assert run_cli(str(tmp_path), "-o", str(tmp_path / "out"))[0] == 0
    code, _, err = run_cli(str(tmp_path), "-o", str(tmp_path / "out"), "-v")
    assert code == 0
    assert not (tmp_path / "out" / "out").exists()


def test_include_and_exclude(tmp_path):
    write(tmp_path / "a.md", DIRTY)
    write(tmp_path / "b.txt", DIRTY)
    write(tmp_path / "drafts" / "c.md", DIRTY)
    code, _, _ = run_cli(
        str(tmp_path), "-o", str(tmp_path / "out"), "--include", "*.md", "--exclude", "drafts/*"
    )
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").rglob("*.md")) == ["a.md"]


def test_check_exits_1_and_writes_nothing(tmp_path):
    dirty = write(tmp_path / "a.md", AD_POST)
    code, out, err = run_cli("--check", str(dirty))
    assert (code, out) == (1, b"")
    assert dirty.read_bytes() == AD_POST
    assert "1 would be normalized" in err
    clean = write(tmp_path / "b.md", CLEAN)
    assert run_cli("--check", str(clean))[0] == 0


def test_check_on_stdin():
    assert run_cli("--check", input=AD_POST)[:2] == (1, b"")
    assert run_cli("--check", input=CLEAN)[:2] == (0, b"")


def test_diff_prints_a_unified_diff_and_exits_like_check(tmp_path):
    dirty = write(tmp_path / "a.md", AD_POST)
    code, out, _ = run_cli("--diff", str(dirty))
    text = out.decode()
    assert code == 1
    assert text.startswith(f"--- a/{dirty.as_posix()}\n+++ b/{dirty.as_posix()}\n")
    assert "@@ -1,3 +1 @@\n Hello **world**\n-\n-<ins class=" in text
    assert dirty.read_bytes() == AD_POST
    assert run_cli("--diff", str(write(tmp_path / "b.md", CLEAN)))[:2] == (0, b"")


def test_failed_input_exit_3_names_the_file_and_leaves_it(tmp_path):
    bad = write(tmp_path / "bad.md", BROKEN_FRONT_MATTER)
    good = write(tmp_path / "good.md", AD_POST)
    code, out, err = run_cli("-i", str(tmp_path))
    assert code == 3
    assert bad.read_bytes() == BROKEN_FRONT_MATTER
    assert good.read_bytes() == CLEAN  # the rest were normalized
    assert f"normalize: error: {bad.as_posix()}:" in err
    assert "1 normalized, 0 unchanged, 1 failed" in err


def test_failed_stdin_writes_nothing_to_stdout():
    code, out, err = run_cli(input=BROKEN_FRONT_MATTER)
    assert (code, out) == (3, b"")
    assert err.startswith("normalize: error: <stdin>:")


def test_missing_path_is_reported(tmp_path):
    code, _, err = run_cli("-i", str(tmp_path / "nope.md"))
    assert code == 3
    assert "nope.md: no such file or folder" in err


def test_in_place_with_output_dir_is_a_usage_error(tmp_path):
    path = write(tmp_path / "a.md", DIRTY)
    assert run_cli("-i", "-o", str(tmp_path / "o"), str(path))[0] == 2


def test_unknown_filter_names_it():
    for args in (["--disable", "nosuch"], ["--enable", "nosuch"], ["--filters", "markdown,nosuch"]):
        code, _, err = run_cli(*args, input=DIRTY)
        assert code == 2
        assert "'nosuch'" in err


def test_filters_gives_the_exact_chain():
    code, out, _ = run_cli("--filters", "encoding,frontmatter", input=DIRTY)
    assert (code, out) == (0, DIRTY)  # no converter: HTML stays HTML


def test_disable_removes_one_filter():
    source = b'<p>A<font color="#F8F8F8">Mark.com</font></p>'
    assert run_cli(input=source)[1] == b"A\n"
    assert run_cli("--disable", "watermarks", input=source)[1] == b"AMark.com\n"


def test_list_filters_names_every_builtin_with_stage_and_description():
    code, out, _ = run_cli("--list-filters")
    lines = out.decode().splitlines()
    assert code == 0
    names = [line.split()[0] for line in lines]
    assert names == BUILTINS
    assert all(len(line.split(None, 3)) == 4 for line in lines)  # name, on/off, stage, description


def test_version():
    code, out, _ = run_cli("--version")
    assert code == 0 and b"0.1.0" in out


def test_config_from_pyproject_and_unknown_keys(tmp_path):
    write(tmp_path / "pyproject.toml", b'[tool.normalize]\ndisable = ["markdown"]\n')
    post = write(tmp_path / "a.html", DIRTY)
    code, out, _ = run_cli(str(post))
    assert code == 0 and b"<b>world</b>" in out  # the converter was switched off
    write(tmp_path / "pyproject.toml", b"[tool.normalize]\nspeling = 1\n")
    code, _, err = run_cli(str(post))
    assert code == 2 and "'speling'" in err
    write(tmp_path / "pyproject.toml", b"[tool.normalize.unproxy]\nnot_an_option = true\n")
    code, _, err = run_cli(str(post))
    assert code == 2 and "'not_an_option'" in err and "unproxy" in err


def test_normalize_toml_and_explicit_config(tmp_path):
    write(tmp_path / "normalize.toml", b'disable = ["markdown"]\n')
    post = write(tmp_path / "a.html", DIRTY)
    assert b"<b>world</b>" in run_cli(str(post))[1]
    other = write(tmp_path / "elsewhere" / "conf.toml", b"")
    assert run_cli("--config", str(other), str(post))[1] == CLEAN
    code, _, err = run_cli("--config", str(tmp_path / "missing.toml"), str(post))
    assert code == 2


def test_option_of_the_wrong_type_is_a_config_error(tmp_path):
    write(tmp_path / "normalize.toml", b"[encoding]\nfix_mojibake = 'yes'\n")
    code, _, err = run_cli(str(write(tmp_path / "a.md", CLEAN)))
    assert code == 2 and "fix_mojibake" in err


def test_verbose_reports_changes_per_filter(tmp_path):
    path = write(tmp_path / "a.html", b'<p>Text<font color="#F8F8F8">Mark.com</font></p>')
    code, _, err = run_cli("-v", str(path))
    assert code == 0
    assert f"{path.as_posix()}: watermarks:" in err
    assert "Mark.com" in err


def test_quiet_silences_the_summary(tmp_path):
    write(tmp_path / "a.md", AD_POST)
    code, _, err = run_cli("-q", "--check", str(tmp_path))
    assert code == 1 and err == ""


def test_stdin_filename_is_a_hint():
    text = b"line one\nline two\n"
    # As Markdown the two lines are one paragraph, as written; as a plain-text dump
    # every line is a paragraph of its own.
    assert run_cli("--stdin-filename", "post.md", input=text)[1] == text
    assert run_cli("--stdin-filename", "dump.txt", input=text)[1] == b"line one\n\nline two\n"


def test_same_file_named_twice_is_processed_once(tmp_path):
    path = write(tmp_path / "a.md", AD_POST)
    code, _, err = run_cli("--check", str(path), str(tmp_path))
    assert code == 1
    assert "1 would be normalized, 0 unchanged" in err


def test_parallel_jobs_give_the_same_results(tmp_path):
    for i in range(12):
        write(tmp_path / "src" / f"{i:02}.html", f"<p>Post <i>{i}</i></p>".encode())
    write(tmp_path / "src" / "bad.md", BROKEN_FRONT_MATTER)
    one = run_cli("-j1", str(tmp_path / "src"), "-o", str(tmp_path / "one"))
    two = run_cli("-j2", str(tmp_path / "src"), "-o", str(tmp_path / "two"))
    assert one[0] == two[0] == 3
    for i in range(12):
        assert (
            (tmp_path / "one" / f"{i:02}.md").read_bytes()
            == (tmp_path / "two" / f"{i:02}.md").read_bytes()
            == f"Post *{i}*\n".encode()
        )


# --- the site generator ---------------------------------------------------------------

FEED_POST = b"---\ntitle: Feed item\ndate: Mon, 02 Jan 2006 15:04:05 +0000\n---\nBody.\n"


def hexo_site(root: Path) -> Path:
    """A Hexo blog in its own repository; returns its posts folder."""
    (root / ".git").mkdir(parents=True)
    (root / "scaffolds").mkdir()
    write(root / "_config.yml", b"title: Blog\ntimezone: Asia/Shanghai\n")
    return root / "source" / "_posts"


def test_the_generator_is_detected_from_the_repository(tmp_path):
    post = write(hexo_site(tmp_path / "blog") / "a.md", FEED_POST)
    code, out, err = run_cli(str(post))
    assert code == 0, err
    assert out == FEED_POST.replace(b"Mon, 02 Jan 2006 15:04:05 +0000", b"2006-01-02 23:04:05")
    code, out, _ = run_cli("--stdin-filename", str(post), input=FEED_POST)
    assert b"date: 2006-01-02 23:04:05\n" in out
    code, out, _ = run_cli(input=FEED_POST, cwd=post.parent)
    assert b"date: 2006-01-02 23:04:05\n" in out


def test_generator_from_the_command_line_and_the_configuration(tmp_path):
    post = write(hexo_site(tmp_path / "blog") / "a.md", FEED_POST)
    assert b"date: 2006-01-02T15:04:05+00:00\n" in run_cli("--generator", "hugo", str(post))[1]
    assert b"date: 2006-01-02T15:04:05Z\n" in run_cli("--generator", "none", str(post))[1]
    write(tmp_path / "blog" / "normalize.toml", b'generator = "jekyll"\n')
    assert b"date: 2006-01-02 15:04:05 +0000\n" in run_cli(str(post))[1]
    assert b"date: 2006-01-02 23:04:05\n" in run_cli("--generator", "hexo", str(post))[1]


def test_an_unknown_generator_is_a_config_error(tmp_path):
    post = write(tmp_path / "a.md", FEED_POST)
    write(tmp_path / "normalize.toml", b'generator = "gatsby"\n')
    code, out, err = run_cli(str(post))
    assert code == 2 and out == b""
    assert "'gatsby'" in err and "generator" in err
    write(tmp_path / "normalize.toml", b"generator = 1\n")
    assert run_cli(str(post))[0] == 2
    code, _, err = run_cli("--config", os.devnull, "--generator", "gatsby", str(post))
    assert code == 2 and "gatsby" in err


def test_a_changed_generator_setting_checks_files_again(tmp_path):
    post = write(tmp_path / "a.md", b"---\ndate: 2006-01-02T15:04:05Z\n---\nBody.\n")
    cache = tmp_path / "cache"
    env = {"NORMALIZE_CACHE_DIR": str(cache)}
    assert run_cli("--check", str(post), env=env)[0] == 0  # now known clean
    assert "(cached)" in run_cli("--check", "-v", str(post), env=env)[2]
    code, _, err = run_cli("--check", "-v", "--generator", "hexo", str(post), env=env)
    assert code == 0 and "(cached)" not in err
    assert len(list(cache.glob("clean-*.txt"))) == 2


def test_a_rewritten_file_is_named_with_the_rules_that_fired_without_verbose(tmp_path):
    dirty = write(tmp_path / "a.md", AD_POST)
    clean = write(tmp_path / "b.md", CLEAN)
    code, _, err = run_cli("--check", "--no-cache", str(dirty), str(clean))
    assert code == 1
    assert f"{dirty.as_posix()}: would change (ads: ad slot, tidy: whitespace)\n" in err
    assert clean.as_posix() not in err  # unchanged files are said only under -v
    code, _, err = run_cli("-i", "--no-cache", str(dirty))  # one file: the summary line too
    assert code == 0
    assert err.startswith(f"{dirty.as_posix()}: normalized (ads: ad slot, tidy: whitespace)\n")
    assert "1 normalized, 0 unchanged, 0 failed" in err
    write(tmp_path / "a.md", AD_POST)
    assert run_cli("-q", "-i", "--no-cache", str(dirty))[2] == ""


def test_a_file_shown_on_stdout_says_nothing_on_stderr():
    code, out, err = run_cli(input=AD_POST)
    assert (code, out, err) == (0, CLEAN, "")
