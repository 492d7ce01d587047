"""`--review FILE.html`: the page a run writes, read as HTML and looked at in a real browser."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import RAW, run_cli

from normalize.document import Change
from normalize.review import json_for_script, locate_changes

CHROMIUM = Path(os.environ.get("NORMALIZE_CHROMIUM", "/usr/bin/chromium"))
# A dump that would take over the page if any of its text were written as markup.
HOSTILE = (
    "---\ntitle: '</script><script>document.title=\"pwned\"</script>'\n---\n"
    '<p>Text<font color="#F8F8F8">Mark.com</font></p>\n'
    "<p>Hello <script>window.pwned = 1; document.title = 'pwned';</script>world</p>\n"
    '<div class="adsbygoogle">Sponsored <img src=x onerror="window.pwned = 2"></div>\n'
    "<p><!-- <script>window.pwned = 3</script> --></p>\n"
)
HOSTILE_NAME = "<img src=x onerror=window.pwned=4>.html"


def page_data(page: str) -> list[dict]:
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)
    assert match, "the page holds its files as JSON"
    return json.loads(match.group(1))


def read_report(path: Path) -> dict[str, dict]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {r["file"]: r for r in records}


def review_fixtures(tmp_path: Path) -> tuple[str, dict[str, dict], Path]:
    """A batch over the fixtures with --report and --review: the page, the report, its path."""
    report, review = tmp_path / "report.jsonl", tmp_path / "review.html"
    code, _, err = run_cli(
        str(RAW), "-o", str(tmp_path / "out"), "--report", str(report), "--review", str(review)
    )
    # A fixture that fails is the fixtures' tests' business; here the page must say what the report says.
    assert code in (0, 3), err
    return review.read_text(encoding="utf-8"), read_report(report), review


def hostile_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "in"
    tree.mkdir()
    (tree / "hostile.html").write_text(HOSTILE, encoding="utf-8")
    (tree / HOSTILE_NAME).write_text("<p>Hi <b>there</b></p>\n", encoding="utf-8")
    return tree


# --- locating what each change took out ----------------------------------------


def test_removals_are_found_in_order_each_once():
    text = "a Mark b Mark c"
    changes = [Change("watermarks", "low contrast", removed="Mark") for _ in range(2)]
    entries, marks = locate_changes(text, changes)
    assert marks == [[2, 6, 0], [9, 13, 1]]
    assert all(entry["located"] for entry in entries)


def test_a_removal_read_as_text_is_found_across_tags_and_entities():
    text = "<p>keep</p><div><span>Buy</span>\n  <a>now &amp; save&nbsp;&copy;</a></div>"
    entries, marks = locate_changes(text, [Change("ads", "ad class", removed="Buy now & save ©")])
    [[start, end, _]] = marks
    assert text[start:end] == "Buy</span>\n  <a>now &amp; save&nbsp;&copy;"
    assert entries[0]["located"] is True


def test_a_removal_not_in_the_input_is_not_located_rather_than_guessed():
    entries, marks = locate_changes("nothing here", [Change("ads", "ad", removed="Sponsored")])
    assert marks == []
    assert entries[0] == {
        "filter": "ads",
        "rule": "ad",
        "kind": "removed",
        "text": "Sponsored",
        "located": False,
    }


def test_an_unwrapped_url_is_marked_with_its_new_value_and_nested_wrappers_share_it():
    old, new = "https://proxy.example/?https://img.example/a.png", "https://img.example/a.png"
    changes = [
        Change("unproxy", "proxy", replaced=old, replacement=new),
        Change("unproxy", "redirector", replaced=old, replacement=new),
    ]
    entries, marks = locate_changes(f'<img src="{old}">', changes)
    assert marks == [[10, 10 + len(old), 0, 1]]
    assert entries[0]["new"] == new and entries[1]["located"] is True


def test_changes_without_text_have_no_span():
    entries, marks = locate_changes("x", [Change("tidy", "whitespace"), Change("ads", "slot")])
    assert marks == [] and all("located" not in entry for entry in entries)


def test_json_for_a_script_element_cannot_close_it():
    data = json_for_script({"text": "</script><script>alert(1)</script><!--"})
    assert "<" not in data
    assert json.loads(data) == {"text": "</script><script>alert(1)</script><!--"}


# --- the page ----------------------------------------------------------------


def test_a_dumps_script_and_a_hostile_file_name_are_text_in_the_page(tmp_path):
    tree, review = hostile_tree(tmp_path), tmp_path / "review.html"
    code, _, err = run_cli(str(tree), "-o", str(tmp_path / "out"), "--review", str(review))
    assert code == 0, err
    page = review.read_text(encoding="utf-8")
    # The page's own two scripts: its data, and the code that shows it.
    assert len(re.findall(r"<script\b", page, re.I)) == 2
    assert "<img" not in page.lower()  # the name's, the dump's: escaped in markup and in data
    assert "&lt;img src=x onerror=window.pwned=4&gt;.html" in page
    files = {Path(f["name"]).name: f for f in page_data(page)}
    assert "window.pwned = 1" in files["hostile.html"]["input"]  # shown as text, in the data


def test_every_removal_the_report_lists_is_in_the_page_with_its_rule(tmp_path):
    page, report, _ = review_fixtures(tmp_path)
    files = {f["name"]: f for f in page_data(page)}
    assert set(files) == set(report)
    for name, record in report.items():
        listed = [
            (filter_name, c["rule"], c["detail"])
            for filter_name, changes in record["changes"].items()
            for c in changes
        ]
        shown = [
            (c["filter"], c["rule"], c.get("detail", "")) for c in files[name].get("changes", [])
        ]
        assert sorted(shown) == sorted(listed), name
        assert files[name]["status"] == record["status"]


def test_the_summary_counts_files_and_rules_as_the_report_does(tmp_path):
    page, report, _ = review_fixtures(tmp_path)
    statuses = Counter(r["status"] for r in report.values())
    for status in ("changed", "unchanged", "failed", "skipped"):
        assert re.search(rf'<div class="count {status}"><b>{statuses[status]}</b>', page), status
    fired = Counter(
        (filter_name, c["rule"])
        for r in report.values()
        for filter_name, changes in r["changes"].items()
        for c in changes
        if not c.get("warning")
    )
    for (filter_name, rule), n in fired.items():
        row = rf'<span>{re.escape(filter_name)}</span><span>{re.escape(rule)}</span>.*?<span class="n">{n}</span>'
        assert re.search(row, page), (filter_name, rule, n)


def test_the_page_loads_nothing_from_elsewhere(tmp_path):
    page, _, _ = review_fixtures(tmp_path)
    without_data = re.sub(r'<script type="application/json".*?</script>', "", page, flags=re.S)
    assert not re.search(r"""(?:src|href)\s*=|@import|url\(""", without_data)
    assert "default-src 'none'" in page


def test_each_fixture_removal_is_located_but_the_known_one(tmp_path):
    page, _, _ = review_fixtures(tmp_path)
    unlocated = [
        (Path(f["name"]).name, c["filter"], c["rule"])
        for f in page_data(page)
        for c in f.get("changes", [])
        if c.get("located") is False
    ]
    # This one is logged as the pieces it cut, joined: not one span of the input (the
    # WordPress block skips a link definition it keeps).
    assert unlocated == [
        ("14-wordpress-share-like-related.md", "boilerplate", "wordpress: trailing block"),
    ]


# --- modes and paths -----------------------------------------------------------


DIRTY = b'<p>Hello<font color="#F8F8F8">Mark.com</font> <b>world</b></p>\n'


@pytest.mark.parametrize(
    "mode, code",
    [(("-i",), 0), (("--check",), 1), (("--diff",), 1), (("-o", "OUT"), 0), ((), 0)],
)
def test_every_mode_writes_the_page_and_keeps_its_exit_code(tmp_path, mode, code):
    post = tmp_path / "post.html"
    post.write_bytes(DIRTY)
    review = tmp_path / "review.html"
    args = [str(tmp_path / "out") if a == "OUT" else a for a in mode]
    got, out, err = run_cli(*args, str(post), "--review", str(review))
    assert got == code, err
    [entry] = page_data(review.read_text(encoding="utf-8"))
    assert entry["status"] == "changed"
    assert "watermarks: low contrast" in entry["rules"]
    if not mode:
        assert out == b"Hello **world**\n"  # stdout carries the result alone


def test_stdin_to_stdout_writes_the_page(tmp_path):
    review = tmp_path / "review.html"
    code, out, _ = run_cli("--review", str(review), input=DIRTY)
    assert (code, out) == (0, b"Hello **world**\n")
    [entry] = page_data(review.read_text(encoding="utf-8"))
    assert entry["name"] == "<stdin>" and entry["marks"]
    assert "<code>stdin</code>" in review.read_text(encoding="utf-8")


def test_failures_are_in_the_page_with_their_message(tmp_path):
    tree = tmp_path / "in"
    tree.mkdir()
    (tree / "broken.md").write_bytes(b"---\ntitle: a\n: b: [\n---\n<p>body</p>\n")
    review = tmp_path / "review.html"
    code, _, _ = run_cli(str(tree), str(tmp_path / "gone.md"), "--check", "--review", str(review))
    assert code == 3
    files = {Path(f["name"]).name: f for f in page_data(review.read_text(encoding="utf-8"))}
    assert (
        files["broken.md"]["status"] == "failed" and "front matter" in files["broken.md"]["error"]
    )
    assert files["gone.md"] == {
        "name": str(tmp_path / "gone.md"),
        "status": "failed",
        "error": "no such file or folder",
        "rules": [],
    }


def test_the_page_replaces_an_old_one_whole(tmp_path):
    post, review = tmp_path / "post.html", tmp_path / "review.html"
    post.write_bytes(DIRTY)
    review.write_text("old page")
    assert run_cli("--check", str(post), "--review", str(review))[0] == 1
    assert review.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("where", ["missing/review.html", "."])
def test_an_unwritable_review_path_is_a_usage_error_before_any_work(tmp_path, where):
    post = tmp_path / "post.html"
    post.write_bytes(DIRTY)
    code, out, err = run_cli("-i", str(post), "--review", str(tmp_path / where))
    assert code == 2 and out == b""
    assert "review" in err and ("no such folder" in err or "folder" in err or "directory" in err)
    assert post.read_bytes() == DIRTY


# --- in a browser --------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium from the system's packages, driven by Playwright.

    Missing, it fails the test with what to install; NORMALIZE_NO_BROWSER=1
    says, on purpose, to run without it.
    """
    if os.environ.get("NORMALIZE_NO_BROWSER") == "1":
        pytest.skip("NORMALIZE_NO_BROWSER=1: the browser test is not run")
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Chromium (apt-get install chromium) or set "
            "NORMALIZE_NO_BROWSER=1 to run the suite without the browser test"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: install the test extras (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


def open_page(browser, path: Path):
    page = browser.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(path.as_uri())
    return page, problems


def visible_names(page) -> list[str]:
    return page.locator("details.file:visible .name").all_inner_texts()


def test_in_a_browser_every_file_and_every_removal_shows_and_the_filters_work(tmp_path, browser):
    html, report, review = review_fixtures(tmp_path)
    data = {f["name"]: f for f in page_data(html)}
    page, problems = open_page(browser, review)
    assert sorted(visible_names(page)) == sorted(report)
    assert len(report) == len(list(RAW.iterdir()))

    for index, (name, record) in enumerate(report.items()):
        row = page.locator(f"#f{index}")
        assert row.locator(".name").inner_text() == name
        row.locator("summary").click()
        row.locator(".body > *").first.wait_for()  # sections are made when opened
        listed = Counter(
            f"{filter_name}: {c['rule']}"
            for filter_name, changes in record["changes"].items()
            for c in changes
        )
        shown = Counter(row.locator("ul.changes li .rule").all_inner_texts())
        assert shown == listed, name
        # Each removal the page located is labelled in the input; the others are listed apart.
        labels = Counter(
            rule
            for label in row.locator(".input .lbl").all_inner_texts()
            for rule in label.split(" + ")
        )
        changes = data[name].get("changes", [])
        located = Counter(f"{c['filter']}: {c['rule']}" for c in changes if c.get("located"))
        assert labels == located, name
        unlocated = sum(c.get("located") is False for c in changes)
        assert row.locator(".unlocated li").count() == unlocated, name

    # Status: only the clean post.
    page.select_option("#status", "unchanged")
    unchanged = [n for n, r in report.items() if r["status"] == "unchanged"]
    assert visible_names(page) == unchanged and unchanged
    page.select_option("#status", "")
    # Rule and filter: the files where it fired.
    page.select_option("#rule", "watermarks: low contrast")
    with_rule = [
        n
        for n, r in report.items()
        if any(c["rule"] == "low contrast" for c in r["changes"].get("watermarks", []))
    ]
    assert visible_names(page) == with_rule and with_rule
    page.select_option("#rule", "")
    page.select_option("#filter", "encoding")
    assert visible_names(page) == [n for n, r in report.items() if "encoding" in r["changes"]]
    page.select_option("#filter", "")
    # Search: by name, and by text a filter removed.
    from playwright.sync_api import expect

    shown = page.locator("#shown")
    page.fill("#search", "17-forum-jammers")
    expect(shown).to_have_text(f"1 of {len(report)} files")  # the search waits for typing to stop
    assert visible_names(page) == [n for n in report if "17-forum-jammers" in n]
    page.fill("#search", "Mitbbs.com")
    mentions = {n for n in report if "mitbbs.com" in json.dumps(report[n]["changes"]).lower()}
    expect(shown).to_have_text(f"{len(mentions)} of {len(report)} files")
    assert set(visible_names(page)) == mentions and mentions
    assert problems == []
    page.close()


def test_in_a_browser_a_dumps_script_does_not_run(tmp_path, browser):
    tree, review = hostile_tree(tmp_path), tmp_path / "review.html"
    code, _, err = run_cli(str(tree), "-o", str(tmp_path / "out"), "--review", str(review))
    assert code == 0, err
    page, problems = open_page(browser, review)
    for row in page.locator("details.file").all():
        row.locator("summary").click()
        row.locator(".body > *").first.wait_for()
    assert page.locator("pre.input", has_text="window.pwned = 1").count() == 1
    assert page.locator("details.file .name", has_text=HOSTILE_NAME).count() == 1
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.title().startswith("normalize review")
    assert problems == []
    page.close()


def test_in_a_browser_the_page_works_at_phone_width_and_prints(tmp_path, browser):
    _, _, review = review_fixtures(tmp_path)
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(review.as_uri())
    # Nothing wider than the screen but the texts, which scroll in their own boxes.
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 375
    page.emulate_media(media="print")
    assert page.locator("#controls").is_hidden()
    page.close()
