"""Modules bs4 imports are loaded on first use in the command's process, and then work."""

import subprocess
import sys

import pytest

from normalize.deferred import defer


def run_python(code: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True, text=True)


def test_bs4_loads_without_soupsieve_until_a_css_selector_is_used():
    result = run_python(
        "import sys\n"
        "from normalize.deferred import defer\n"
        "defer('soupsieve', 'chardet')\n"
        "import bs4\n"
        "assert 'soupsieve.css_parser' not in sys.modules\n"
        "soup = bs4.BeautifulSoup('<p class=a>x</p><p>y</p>', 'lxml')\n"
        "print([p.text for p in soup.select('p.a')])\n"
        "import chardet\n"
        "print(chardet.detect('Grüße aus Köln'.encode('latin-1'))['encoding'] is not None)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["['x']", "True"]


def test_the_command_converts_html_without_loading_soupsieve():
    result = run_python(
        "import sys\n"
        "from normalize.cli import main\n"
        "sys.argv = ['normalize', '--no-cache']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'bs4' in sys.modules and 'soupsieve.css_parser' not in sys.modules\n",
        stdin="<p>Hello <b>world</b></p>",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Hello **world**\n"


def test_a_module_not_installed_is_not_stood_in_for():
    defer("no_such_module_for_normalize")
    with pytest.raises(ImportError):
        import no_such_module_for_normalize  # noqa: F401
