"""Main-content extraction on whole saved pages: normalize next to trafilatura, in one run.

    python benchmarks/extraction.py [--pages DIR] [--data JSON] [--show NAME] [--worst N]
                                    [--tools normalize,trafilatura,readability,justext]

The evaluation pages are real web pages that belong to their authors; they
are kept outside the repository (default /work/evalpages/pages/NAME.html) with
their annotations (default /work/evalpages/evaldata.json), in the format of
trafilatura's evaluation set: for each page URL, the page's "file" name, a
"with" list of snippets that belong to the article and a "without" list of
snippets of the page around it (menus, comments, footers...).

Every tool gets each page whole, as the same decoded text:

- normalize through its library API (`normalize_text`, default pipeline);
  the YAML front matter is left out of the score, only the body counts;
- trafilatura.extract(output_format="markdown"), "txt" where the installed
  version has no Markdown output;
- readability-lxml (Document.summary(), as text) and jusText (paragraphs that
  are not boilerplate), when installed.

Scoring is trafilatura's evaluation method. Each output and each snippet is
normalized the same way first: Markdown syntax is taken away (link targets,
image syntax, emphasis marks, heading hashes, list and quote markers, table
pipes, backslash escapes) and whitespace is collapsed. Then a "with" snippet
found in the output is a true positive, one missing a false negative; a
"without" snippet found is a false positive, one absent a true negative.
Precision, recall, F1 and accuracy are computed over all snippets of all
pages. Seconds are the tool's own time over all pages; MB/s is the pages'
UTF-8 size over those seconds.

Only this snippet measure is computed. The article-extraction benchmark's
word-overlap measure compares the output's words with the whole gold text of
the article; snippets give a few sentences of the article and a few of the
chrome, not the whole text, so the share of output words that belong to the
article cannot be known from them. A word measure restricted to snippet words
would only repeat the snippet measure with partial credit, and would count
common words of a "without" snippet ("die", "the") found anywhere as chrome.

--show NAME prints, for normalize, the snippets of page NAME (file name, with
or without .html) that were expected but missing and the unwanted ones
present, then the body normalize produced. --worst N lists the N pages where
normalize keeps the most unwanted snippets. It prints figures and asserts
nothing.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_PAGES = Path("/work/evalpages/pages")
DEFAULT_DATA = Path("/work/evalpages/evaldata.json")
TOOLS = ["normalize", "trafilatura", "readability", "justext"]

Extractor = Callable[[str, str], str]


@dataclass
class Page:
    name: str
    url: str
    text: str
    with_snippets: list[str]
    without_snippets: list[str]


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    seconds: float = 0.0
    failures: int = 0
    missing: dict[str, list[str]] = field(default_factory=dict)
    unwanted: dict[str, list[str]] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fn + self.fp + self.tn
        return (self.tp + self.tn) / total if total else 0.0


# --- Loading -----------------------------------------------------------------------------


def load_pages(pages_dir: Path, data_paths: list[Path]) -> list[Page]:
    data: dict[str, Any] = {}
    for data_path in data_paths:
        data.update(json.loads(data_path.read_text(encoding="utf-8")))
    pages = []
    for url, entry in data.items():
        path = pages_dir / entry["file"]
        if not path.is_file():
            continue
        pages.append(
            Page(
                name=entry["file"],
                url=url,
                text=path.read_text(encoding="utf-8"),
                with_snippets=list(entry.get("with", [])),
                without_snippets=list(entry.get("without", [])),
            )
        )
    return sorted(pages, key=lambda page: page.name)


# --- Making outputs and snippets comparable ----------------------------------------------

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$", re.MULTILINE)
AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$", re.MULTILINE)
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?", re.MULTILINE)
QUOTE_MARKER = re.compile(r"^\s*(?:>\s?)+", re.MULTILINE)
RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.MULTILINE)
TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$", re.MULTILINE)
FENCE = re.compile(r"^\s*(?:`{3,}|~{3,}).*$", re.MULTILINE)
EMPHASIS = re.compile(r"(?<!\\)(\*{1,3}|~~|`+)(?=\S)(.+?)(?<=\S)\1")
# Underscores mark emphasis only at a word's edge (CommonMark): `snake_case_name` is words.
UNDERSCORES = re.compile(r"(?<![\w\\])(_{1,3})(?=\S)(.+?)(?<=[^\s\\])\1(?!\w)")
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])")
WHITESPACE = re.compile(r"\s+")


def strip_markdown(text: str) -> str:
    """Plain words of a Markdown text, so that markup never decides a match."""
    text = FRONT_MATTER.sub("", text)
    text = LINK_DEFINITION.sub("", text)
    text = IMAGE.sub(r"\1", text)
    text = LINK.sub(r"\1", text)
    text = REFERENCE_LINK.sub(r"\1", text)
    text = AUTOLINK.sub(r"\1", text)
    text = FENCE.sub("", text)
    text = TABLE_DELIMITER.sub("", text)
    text = RULE.sub("", text)
    text = HEADING.sub("", text)
    text = QUOTE_MARKER.sub("", text)
    text = LIST_MARKER.sub("", text)
    text = text.replace("|", " ")
    for _ in range(3):  # nested marks: ***a*** or **_a_**
        text = UNDERSCORES.sub(r"\2", EMPHASIS.sub(r"\2", text))
    text = ESCAPE.sub(r"\1", text)
    return text


def comparable(text: str) -> str:
    """The same form for outputs and snippets: entities decoded, NFC, whitespace collapsed."""
    text = unicodedata.normalize("NFC", html.unescape(text))
    return WHITESPACE.sub(" ", text).strip()


def body_of(markdown: str) -> str:
    return FRONT_MATTER.sub("", markdown, count=1)


# --- The tools ---------------------------------------------------------------------------


def normalize_extractor() -> Extractor:
    from normalize import normalize_text
    from normalize.pipeline import Pipeline

    pipeline = Pipeline.default()

    def run(page_html: str, name: str) -> str:
        return body_of(normalize_text(page_html, name, pipeline))

    return run


def trafilatura_extractor() -> Extractor:
    import trafilatura

    def run(page_html: str, name: str) -> str:
        try:
            result = trafilatura.extract(page_html, output_format="markdown")
        except ValueError:  # versions without Markdown output
            result = trafilatura.extract(page_html, output_format="txt")
        return result or ""

    return run


def html_to_text(fragment: str) -> str:
    import lxml.html

    if not fragment.strip():
        return ""
    tree = lxml.html.fromstring(fragment)
    for block in tree.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br"):
        block.tail = "\n" + (block.tail or "")
    return str(tree.text_content())


def readability_extractor() -> Extractor:
    from readability import Document as ReadabilityDocument

    def run(page_html: str, name: str) -> str:
        return html_to_text(ReadabilityDocument(page_html).summary(html_partial=True))

    return run


def justext_extractor() -> Extractor:
    import justext

    # The pages are in several languages: one stoplist for the ones the set holds most.
    stoplist = frozenset().union(
        *(justext.get_stoplist(language) for language in ("German", "English", "French"))
    )

    def run(page_html: str, name: str) -> str:
        paragraphs = justext.justext(page_html.encode("utf-8"), stoplist, encoding="utf-8")
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


EXTRACTORS: dict[str, Callable[[], Extractor]] = {
    "normalize": normalize_extractor,
    "trafilatura": trafilatura_extractor,
    "readability": readability_extractor,
    "justext": justext_extractor,
}


# --- Scoring -----------------------------------------------------------------------------


def evaluate(extract: Extractor, pages: list[Page]) -> Score:
    score = Score()
    for page in pages:
        started = time.perf_counter()
        try:
            output = extract(page.text, page.name)
        except Exception as error:  # a tool that fails on a page scores an empty output there
            print(f"  {page.name}: {type(error).__name__}: {error}", file=sys.stderr)
            output = ""
            score.failures += 1
        score.seconds += time.perf_counter() - started
        score.outputs[page.name] = output
        found = comparable(strip_markdown(output))
        missing = [s for s in page.with_snippets if comparable(s) not in found]
        unwanted = [s for s in page.without_snippets if comparable(s) in found]
        score.tp += len(page.with_snippets) - len(missing)
        score.fn += len(missing)
        score.fp += len(unwanted)
        score.tn += len(page.without_snippets) - len(unwanted)
        score.missing[page.name] = missing
        score.unwanted[page.name] = unwanted
    return score


def available(tools: list[str]) -> dict[str, Extractor]:
    extractors = {}
    for tool in tools:
        try:
            extractors[tool] = EXTRACTORS[tool]()
        except ImportError as error:
            print(f"{tool}: not installed ({error.name}); skipped", file=sys.stderr)
    return extractors


# --- Reporting ---------------------------------------------------------------------------


def print_table(scores: dict[str, Score], megabytes: float) -> None:
    header = f"{'tool':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'accuracy':>8} {'seconds':>8} {'MB/s':>7}"
    print(header)
    print("-" * len(header))
    for tool, score in scores.items():
        speed = megabytes / score.seconds if score.seconds else 0.0
        print(
            f"{tool:<12} {score.precision:>9.3f} {score.recall:>7.3f} {score.f1:>6.3f} "
            f"{score.accuracy:>8.3f} {score.seconds:>8.2f} {speed:>7.2f}"
        )
    for tool, score in scores.items():
        if score.failures:
            print(f"{tool}: failed on {score.failures} page(s), scored as empty output")


def page_precision(score: Score, page: Page) -> float:
    found = len(page.with_snippets) - len(score.missing[page.name])
    unwanted = len(score.unwanted[page.name])
    return found / (found + unwanted) if found + unwanted else 0.0


def print_worst(score: Score, pages: list[Page], count: int) -> None:
    ranked = sorted(
        (page for page in pages if score.unwanted[page.name] or not page.without_snippets),
        key=lambda page: (page_precision(score, page), -len(score.unwanted[page.name])),
    )
    print(f"\nnormalize: pages with the most unwanted snippets kept (worst {count})")
    for page in ranked[:count]:
        kept = len(score.unwanted[page.name])
        print(
            f"  {page.name}: precision {page_precision(score, page):.2f}, "
            f"{kept}/{len(page.without_snippets)} unwanted kept: "
            + "; ".join(repr(s) for s in score.unwanted[page.name])
        )


def print_page(score: Score, pages: list[Page], name: str) -> None:
    wanted = name if name.endswith(".html") else name + ".html"
    page = next((p for p in pages if p.name == wanted), None)
    if page is None:
        print(f"no page named {wanted}", file=sys.stderr)
        return
    print(f"\n{page.name}  ({page.url})")
    print("expected but missing:")
    for snippet in score.missing[page.name] or ["(none)"]:
        print(f"  - {snippet}")
    print("unwanted but present:")
    for snippet in score.unwanted[page.name] or ["(none)"]:
        print(f"  + {snippet}")
    print("--- normalize body ---")
    print(score.outputs[page.name])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument(
        "--data",
        type=Path,
        nargs="+",
        default=sorted(DEFAULT_DATA.parent.glob("evaldata*.json")),
        help="annotation files (default: every evaldata*.json beside the pages)",
    )
    parser.add_argument(
        "--tools", default=",".join(TOOLS), help="comma-separated, of " + ", ".join(TOOLS)
    )
    parser.add_argument(
        "--show", metavar="NAME", help="normalize's misses on one page, and its output"
    )
    parser.add_argument("--worst", type=int, default=10, metavar="N")
    args = parser.parse_args(argv)

    pages = load_pages(args.pages, args.data)
    if not pages:
        print(f"no annotated page found in {args.pages} for {args.data}", file=sys.stderr)
        return 1
    megabytes = sum(len(page.text.encode("utf-8")) for page in pages) / 1_000_000
    snippets = sum(len(p.with_snippets) + len(p.without_snippets) for p in pages)
    print(f"{len(pages)} pages, {megabytes:.2f} MB, {snippets} snippets\n")

    tools = [tool.strip() for tool in args.tools.split(",") if tool.strip()]
    scores = {tool: evaluate(extract, pages) for tool, extract in available(tools).items()}
    print_table(scores, megabytes)
    if "normalize" in scores:
        print_worst(scores["normalize"], pages, args.worst)
        if args.show:
            print_page(scores["normalize"], pages, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
