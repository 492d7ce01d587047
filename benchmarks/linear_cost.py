"""Does HTML-to-Markdown conversion cost the same per megabyte whatever the input's shape?

    python benchmarks/linear_cost.py [--no-markdownify] [--big-mb 20]

Converts inputs that make naive converters slow — a run of 40,000 spaces, a
list of 8,000 items, 10,000 nested `<div>`s — and a 20 MB page, beside a
plain 100 KB page, and prints seconds per MB for each. Each shape is also
converted at half its size: a linear converter costs the same per MB at both
sizes (the `x2 cost` column, time at full size over time at half size, stays
near 2; a quadratic one shows 4).

The conversion timed is what the `markdown` filter does to a document: one
parse (BeautifulSoup with lxml, as the pipeline parses), the conversion and
the `tidy` pass. Bare markdownify (`markdownify.markdownify`) is timed beside
it unless --no-markdownify; it is skipped on the big page. It prints figures
and asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from normalize.document import Document, Kind  # noqa: E402
from normalize.filters.markdown import MarkdownFilter  # noqa: E402
from normalize.filters.tidy import TidyFilter  # noqa: E402
from normalize.pipeline import parse_html  # noqa: E402

PARAGRAPH = (
    "<p>Paragraph {i} of the plain page: <b>some bold</b>, <em>some emphasis</em>, "
    '<a href="https://example.org/{i}">a link</a>, <code>code()</code> and '
    "中文的句子，带有标点。 Some more ordinary words to fill the line.</p>\n"
)


def plain_page(size: int) -> str:
    parts, total, i = ["<html><body>\n"], 0, 0
    while total < size:
        if i % 10 == 0:
            block = f"<h2>Section {i}</h2>\n<ul><li>one</li><li>two</li></ul>\n"
        else:
            block = PARAGRAPH.format(i=i)
        parts.append(block)
        total += len(block.encode())
        i += 1
    return "".join(parts) + "</body></html>\n"


SHAPES: dict[str, Callable[[int], str]] = {
    "plain page, 100 KB": lambda n: plain_page(100_000 * n // 2),
    "40,000-space run": lambda n: "<p>a" + " " * (40_000 * n // 2) + "b</p>",
    "8,000-item list": lambda n: (
        "<ul>" + "".join(f"<li>item {i}</li>" for i in range(8_000 * n // 2)) + "</ul>"
    ),
    "10,000-deep nesting": lambda n: (
        "<div>" * (10_000 * n // 2) + "deep" + "</div>" * (10_000 * n // 2)
    ),
}


def convert(html: str) -> str:
    doc = Document(name="bench.html", body=html, kind=Kind.HTML)
    doc.tree = parse_html(html, doc)
    MarkdownFilter().run(doc)
    TidyFilter().run(doc)
    return doc.body or ""


def bare_markdownify(html: str) -> str:
    from markdownify import markdownify

    return str(markdownify(html))


def timed(fn: Callable[[str], str], html: str) -> float | str:
    start = time.perf_counter()
    try:
        fn(html)
    except RecursionError:
        return "RecursionError"
    return time.perf_counter() - start


def per_mb(seconds: float | str, html: str) -> str:
    if isinstance(seconds, str):
        return seconds
    return f"{seconds / (len(html.encode()) / 1e6):8.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-markdownify", action="store_true")
    parser.add_argument("--big-mb", type=float, default=20.0)
    args = parser.parse_args()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    convert("<p>warm up</p>")
    tools: list[tuple[str, Callable[[str], str]]] = [("normalize", convert)]
    if not args.no_markdownify:
        tools.append(("markdownify", bare_markdownify))
    print(f"{'input':24} {'tool':12} {'MB':>7} {'s':>8} {'s/MB':>8} {'x2 cost':>8}")
    for name, make in SHAPES.items():
        half, full = make(1), make(2)
        for tool, fn in tools:
            t_half, t_full = timed(fn, half), timed(fn, full)
            ratio = (
                f"{t_full / t_half:8.1f}"
                if isinstance(t_full, float) and isinstance(t_half, float) and t_half > 0
                else "       -"
            )
            shown = f"{t_full:8.2f}" if isinstance(t_full, float) else f"{'-':>8}"
            mb = len(full.encode()) / 1e6
            print(f"{name:24} {tool:12} {mb:7.2f} {shown} {per_mb(t_full, full):>8} {ratio}")
    big = plain_page(int(args.big_mb * 1e6))
    seconds = timed(convert, big)
    mb = len(big.encode()) / 1e6
    shown = f"{seconds:8.2f}" if isinstance(seconds, float) else seconds
    print(
        f"{f'page, {args.big_mb:g} MB':24} {'normalize':12} {mb:7.2f} {shown} {per_mb(seconds, big)}"
    )


if __name__ == "__main__":
    main()
