"""The `normalize` command: paths -> jobs -> results -> exit code.

Exit codes: 0 done, 1 would change (--check/--diff), 2 usage or
configuration error, 3 some inputs could not be normalized (the rest were).
Messages go to stderr; stdout carries only results.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from normalize import __version__
from normalize.batch import DEFAULT_MAX_SIZE_MB, DEFAULT_TIMEOUT
from normalize.errors import ConfigError
from normalize.runner import EXIT_OK, EXIT_USAGE, Runner


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "-i",
    "--in-place",
    is_flag=True,
    help="Rewrite files in place (atomically; unchanged files are not touched).",
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write results under DIR, mirroring the input tree, with .md names.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file would change.")
@click.option(
    "--diff", is_flag=True, help="Print unified diffs instead of writing; exit like --check."
)
@click.option("--list-filters", is_flag=True, help="List the available filters and exit.")
@click.option(
    "--enable",
    multiple=True,
    metavar="NAME",
    help="Add a filter to the chain (repeatable, or comma-separated).",
)
@click.option(
    "--disable",
    multiple=True,
    metavar="NAME",
    help="Remove a filter from the chain (repeatable, or comma-separated).",
)
@click.option(
    "--filters", "only", metavar="A,B,C", help="Run exactly these filters (in chain order)."
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="File patterns to take when walking folders (default: *.md *.markdown *.html *.htm *.txt).",
)
@click.option(
    "--exclude", multiple=True, metavar="GLOB", help="File patterns to skip when walking folders."
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="The name of the file read from stdin, as a hint of its type.",
)
@click.option(
    "--generator",
    type=click.Choice(["hexo", "jekyll", "hugo", "none"]),
    help="The site generator the files are for (default: detected from each file's repository).",
)
@click.option(
    "--encoding",
    metavar="NAME",
    help="Read inputs in this encoding; only a byte-order mark overrides it.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read configuration from this file instead of the nearest pyproject.toml/normalize.toml.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes for a batch (0: one per CPU).",
)
@click.option(
    "--max-size",
    type=click.FloatRange(min=0),
    default=DEFAULT_MAX_SIZE_MB,
    show_default=True,
    metavar="MB",
    help="Refuse files larger than this (0: no limit).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Stop working on one file after this long (0: no limit); the batch goes on.",
)
@click.option("--no-cache", is_flag=True, help="Neither use nor update the cache of clean files.")
@click.option(
    "--fast",
    is_flag=True,
    help="Skip the output guard (the check that no word was lost without a filter saying so).",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write one JSON line per file to FILE: its status and each filter's changes.",
)
@click.option(
    "--images",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Download every picture the outputs reference into DIR ({stem}: a folder per post) "
    "and point the references at the stored files.",
)
@click.option(
    "--review",
    "review_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write one HTML page to FILE showing what the run changed in each file.",
)
@click.option("-q", "--quiet", is_flag=True, help="Only report errors.")
@click.option("-v", "--verbose", count=True, help="Report what each filter changed, per file.")
@click.version_option(__version__, "--version", prog_name="normalize")
def cli(paths: tuple[str, ...], **opts: Any) -> None:
    """Turn raw web dumps into clean, front-mattered Markdown.

    With no PATH, or PATH '-', read stdin and write stdout. With one file,
    write the result to stdout. Folders are walked recursively.
    """
    try:
        runner = Runner.from_options(paths, opts, given=_given_options(opts))
        if opts["list_filters"]:
            runner.list_filters()
            sys.exit(EXIT_OK)
        code = runner.run()  # the filters load, and the configuration is checked, on first need
    except ConfigError as exc:
        _fail_usage(str(exc))
    sys.exit(code)


def _given_options(opts: dict[str, Any]) -> dict[str, Any]:
    """The options the user set, by their long flags (`--output-dir`): what `--review` shows."""
    context = click.get_current_context()
    given: dict[str, Any] = {}
    for param in context.command.params:
        if param.name not in opts or not isinstance(param, click.Option):
            continue
        if context.get_parameter_source(param.name) == click.core.ParameterSource.DEFAULT:
            continue
        flag = max(param.opts, key=len)
        given[flag] = opts[param.name]
    return given


def _fail_usage(message: str) -> None:
    click.echo(f"normalize: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def main() -> None:
    from normalize.deferred import defer

    defer("soupsieve", "chardet")  # bs4 imports them; the command seldom calls them
    cli(prog_name="normalize")
