"""Line endings of authored files that mix them: each line gets its own back."""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


def split_endings(text: str) -> tuple[list[str], list[str]]:
    """The lines of `text` and the ending of each ("" for a last line without one)."""
    lines, endings = [], []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and match.group(0) == "":
            break
        lines.append(match.group(1))
        endings.append(match.group(2))
    return lines, endings


def with_endings_of(original: str, output: str) -> str:
    """`output` (LF) with each line ended as the line of `original` it comes from.

    A line the run did not change keeps its ending; a changed line takes the
    ending of the line it replaced, a new line the ending most lines have.
    """
    old_lines, old_endings = split_endings(original)
    new_lines = output.split("\n")  # the last is what follows the final newline, if any
    usual = Counter(end for end in old_endings if end).most_common(1)
    ends = [usual[0][0] if usual else "\n"] * (len(new_lines) - 1)
    # Blank lines only extend matches, never anchor them: linear, not quadratic (as `settle`).
    matcher = SequenceMatcher(lambda line: not line.strip(), old_lines, new_lines)
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(min(j2, len(ends)) - j1):
            if i1 + k < i2 and old_endings[i1 + k]:
                ends[j1 + k] = old_endings[i1 + k]
    return "".join(map(str.__add__, new_lines[:-1], ends)) + new_lines[-1]
