"""Case files in the style of mdformat's fixtures, and the conversion they test.

A case file (`tests/cases/*.md`) is a run of cases, each written as

    title
    .
    HTML input
    .
    expected Markdown
    .

(a line holding only `.` separates the parts; text between cases is
ignored). The input may start with YAML front matter; the expected output
then starts with it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from normalize.document import Document, Kind
from normalize.filters.frontmatter import FrontMatterFilter
from normalize.filters.markdown import MarkdownFilter, base_url
from normalize.filters.tidy import TidyFilter
from normalize.pipeline import parse_html, render

CASES = Path(__file__).resolve().parent / "cases"


@dataclass
class Case:
    file: str
    line: int  # 1-based line of the title
    title: str
    html: str
    expected: str

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}:{self.title}"


def read_cases(path: Path) -> list[Case]:
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Case] = []
    marks = [i for i, line in enumerate(lines) if line == "."]
    if len(marks) % 3:
        raise ValueError(f"{path.name}: {len(marks)} `.` lines, not a multiple of 3")
    for k in range(0, len(marks), 3):
        a, b, c = marks[k : k + 3]
        cases.append(
            Case(
                file=path.name,
                line=a,
                title=lines[a - 1].strip(),
                html="".join(line + "\n" for line in lines[a + 1 : b]),
                expected="".join(line + "\n" for line in lines[b + 1 : c]),
            )
        )
    return cases


def all_cases() -> list[Case]:
    return [case for path in sorted(CASES.glob("*.md")) for case in read_cases(path)]


@dataclass
class Converted:
    output: str  # front matter and Markdown, as the tool writes them
    body: str  # the Markdown alone
    received: str  # the HTML the converter received (parsed, protected)
    base: str | None  # the base URL the front matter names


def convert(html: str) -> Converted:
    """The `frontmatter`, `markdown` and `tidy` filters over an HTML fragment or page."""
    doc = Document(name="case.html", body=html)
    FrontMatterFilter().run(doc)
    doc.kind = doc.read_as = Kind.HTML
    doc.tree = parse_html(doc.body or "", doc)
    received = str(doc.tree)
    MarkdownFilter().run(doc)
    TidyFilter().run(doc)
    return Converted(render(doc), doc.body or "", received, base_url(doc.metadata))
