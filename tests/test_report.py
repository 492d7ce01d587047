"""`--report FILE`: one JSON line per file with its status and what each filter changed."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

WATERMARKED = '<p>Text<font color="#F8F8F8">Mark.com</font></p>'


def read_report(path: Path) -> dict[str, dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    return {Path(r["file"]).name: r for r in records}


def make_tree(root: Path) -> Path:
    tree = root / "in"
    tree.mkdir()
    (tree / "dirty.html").write_text(WATERMARKED)
    (tree / "clean.md").write_text("Already clean.\n")
    (tree / "empty.md").write_text("")
    (tree / "broken.md").write_bytes(b"---\ntitle: a\n: b: [\n---\n<p>body</p>\n")
    return tree


def test_report_has_a_line_per_file_with_changes_per_filter(tmp_path):
    tree, report = make_tree(tmp_path), tmp_path / "report.jsonl"
    code, _, _ = run_cli(str(tree), "-o", str(tmp_path / "out"), "--report", str(report))
    assert code == 3  # the broken front matter
    records = read_report(report)
    assert set(records) == {"dirty.html", "clean.md", "empty.md", "broken.md"}
    dirty = records["dirty.html"]
    assert dirty["status"] == "changed"
    assert dirty["output"].endswith("out/dirty.md")
    assert dirty["changes"]["watermarks"] == [{"rule": "low contrast", "detail": "Mark.com"}]
    assert records["clean.md"]["status"] == "unchanged"
    assert records["clean.md"]["changes"] == {}
    assert records["broken.md"]["status"] == "failed"
    assert "not valid YAML" in records["broken.md"]["error"]
    assert records["empty.md"]["status"] == "skipped"
    assert records["empty.md"]["reason"] == "empty"
    assert "error" not in records["empty.md"]
    assert not (tmp_path / "out" / "empty.md").exists()  # a skipped file is written nowhere


def test_report_of_a_check_run_marks_cached_files(tmp_path):
    tree, report = make_tree(tmp_path), tmp_path / "report.jsonl"
    (tree / "empty.md").unlink()
    (tree / "broken.md").unlink()
    run_cli("-i", str(tree))
    code, _, _ = run_cli("--check", str(tree), "--report", str(report))
    assert code == 0
    records = read_report(report)
    assert all(r["status"] == "unchanged" and r.get("cached") for r in records.values())


def test_report_for_stdin_names_the_stdin_filename(tmp_path):
    report = tmp_path / "report.jsonl"
    code, out, _ = run_cli(
        "--stdin-filename", "post.html", "--report", str(report), input=WATERMARKED.encode()
    )
    assert (code, out) == (0, b"Text\n")
    assert read_report(report)["post.html"]["changes"]["watermarks"][0]["detail"] == "Mark.com"


def test_chinese_text_is_written_as_is(tmp_path):
    report = tmp_path / "report.jsonl"
    page = '<p>正文<font color="#FAFAFA">水印网</font></p>'
    run_cli("--stdin-filename", "页.html", "--report", str(report), input=page.encode())
    assert '"detail": "水印网"' in report.read_text(encoding="utf-8")


def test_unwritable_report_is_a_usage_error_before_any_work(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(WATERMARKED)
    code, out, err = run_cli(
        "-i", str(page), "--report", str(tmp_path / "missing" / "report.jsonl")
    )
    assert code == 2 and out == b""
    assert "cannot write the report" in err
    assert page.read_text() == WATERMARKED
