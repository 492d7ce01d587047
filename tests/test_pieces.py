"""A big HTML body converted in pieces comes out as it does converted whole."""

from __future__ import annotations

import pytest

import normalize.pieces
from normalize import normalize_bytes
from normalize.pieces import html_pieces


def _blocks(n: int) -> str:
    return (
        f"<h2>Section {n}</h2>\n"
        f'<p>Paragraph {n} has <a href="/post/{n}">a relative link</a>, <b>bold</b> and '
        f"中文与English混排 {n}.</p>\n"
        f"<ul><li>first item {n}</li><li>second, <code>code {n}</code></li></ul>\n"
        f"<ul><li>a list right after a list {n}</li></ul>\n"
        f"<ol start='3'><li>third</li><li>fourth {n}</li></ol>\n"
        f"<table><tr><th>key</th><th>a | b</th></tr><tr><td>row {n}</td><td>{n}</td></tr></table>\n"
        f'<pre><code class="language-python">print("block {n}")\n\nFROM <base image>\n</code></pre>\n'
        f"<blockquote><p>A quotation {n}.</p><p>Its second paragraph.</p></blockquote>\n"
        f"<div><p>inside a div {n}</p><ul><li>div ends with a list</li></ul></div>\n"
        f"<p>line one<br>line two<br><br>after a break {n}</p>\n"
    )


def _page(body: str) -> bytes:
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8"><title>Pieces</title>'
        '<base href="https://example.org/"></head>\n'
        f'<body class="page">\n{body}</body></html>\n'
    ).encode()


PAGES = {
    "fragment": "".join(_blocks(n) for n in range(60)).encode(),
    "whole page": _page("".join(_blocks(n) for n in range(60))),
    "nested wrappers": _page(
        '<div id="wrap"><section class="content"><div>'
        + "".join(_blocks(n) for n in range(60))
        + "</div></section></div>"
    ),
    "article page": _page(
        "<header><nav><a href='/'>Home</a> <a href='/about'>About</a></nav></header>"
        "<main><article><h1>Pieces</h1>"
        + "".join(_blocks(n) for n in range(60))
        + "</article></main><footer><p>© 2024 Example</p></footer>"
    ),
    "ad regions": _page(
        "".join(
            _blocks(n) + f"<!-- google ad start --><p>Buy {n}</p><!-- google ad end -->\n"
            for n in range(60)
        )
    ),
}


def _whole_and_pieces(monkeypatch: pytest.MonkeyPatch, raw: bytes) -> tuple[str, str]:
    monkeypatch.setattr(normalize.pieces, "PIECE_SIZE", len(raw) + 1)
    whole = normalize_bytes(raw, name="page.html")
    monkeypatch.setattr(normalize.pieces, "PIECE_SIZE", 3000)
    calls: list[int] = []
    real = normalize.pieces.html_pieces

    def spy(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(len(found.html) if found is not None else 0)  # type: ignore[attr-defined]
        return found

    monkeypatch.setattr(normalize.pieces, "html_pieces", spy)
    pieces = normalize_bytes(raw, name="page.html")
    assert calls and calls[0] > 5  # it was cut
    return whole, pieces


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pieces_convert_as_the_whole(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    whole, pieces = _whole_and_pieces(monkeypatch, PAGES[name])
    assert pieces == whole


def test_the_page_base_reaches_every_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    whole, pieces = _whole_and_pieces(monkeypatch, PAGES["whole page"])
    assert "(https://example.org/post/59)" in pieces
    assert pieces == whole


def test_ad_regions_removed_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    _, pieces = _whole_and_pieces(monkeypatch, PAGES["ad regions"])
    assert "Buy" not in pieces


def test_a_piece_never_cuts_an_element() -> None:
    items = "".join(f"<li>item {n} of the long list</li>" for n in range(400))
    rows = "".join(f"<tr><td>row {n}</td><td>cell</td></tr>" for n in range(400))
    html = f"<p>before</p><ul>{items}</ul><p>between</p><table>{rows}</table><p>after</p>"
    pieces = html_pieces(html, size=2000)
    assert pieces is not None and len(pieces.html) >= 3
    lists = [piece for piece in pieces.html if "<li>" in piece]
    tables = [piece for piece in pieces.html if "<td>" in piece]
    assert len(lists) == 1 and lists[0].count("<li>") == 400
    assert len(tables) == 1 and tables[0].count("<tr>") == 400


def test_a_piece_never_ends_inside_inline_text_or_before_a_list() -> None:
    runs = "".join(f"text {n} <b>bold</b> <br>" for n in range(500))
    lists = "".join(f"<ul><li>list {n}</li></ul>" for n in range(200))
    assert html_pieces(f"<div>{runs}</div>", size=500) is None
    assert html_pieces(f"<p>start</p>{lists}", size=500) is None


def test_an_open_ad_region_is_never_cut() -> None:
    def marker(text: str) -> str | None:
        return {"ad start": "start", "ad end": "end"}.get(text.strip())

    paragraphs = "".join(f"<p>paragraph {n}</p>" for n in range(200))
    html = f"<p>a</p><!-- ad start -->{paragraphs}<!-- ad end -->{paragraphs}"
    pieces = html_pieces(html, size=500, marker=marker)
    assert pieces is not None
    assert pieces.html[0].count("paragraph") >= 200  # the region stays in the first piece


def test_small_bodies_are_not_cut() -> None:
    assert html_pieces("<p>one</p><p>two</p>", size=1000) is None
