"""Rule files are read beside the package, or through importlib.resources from an archive."""

from __future__ import annotations

from pathlib import Path

from normalize import rules


def test_rule_files_read_through_importlib_resources_when_not_beside_the_module(monkeypatch):
    beside = rules._rule_text("unproxy.toml")
    monkeypatch.setattr(Path, "is_file", lambda self: False)  # as in a zip archive
    assert rules._rule_text("unproxy.toml") == beside
    assert "proxies" in beside
