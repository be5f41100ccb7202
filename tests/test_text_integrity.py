r"""Text that no other test reads: control characters in pages and fragments, and TeX in Python strings.

A backslash escape in an ordinary (non-raw) Python string is read by Python before TeX sees it: ``"\beta"``
is a backspace followed by ``eta``, ``"\top"`` a tab followed by ``op``. The damage is silent (the string is
valid, the page builds, MathJax prints "eta"), so two rules are checked over every tracked file:

* no page source, generated fragment, script or stylesheet of the site contains a control character
  (anything below U+0020 but the newline, and DEL); Makefiles may hold tabs, which make requires;
* a Python string literal that writes TeX is a raw string: a non-raw literal may not contain an escaped
  backslash before a letter (``"\\lambda"``, TeX written the old way, one forgotten backslash away from a
  control character), the escapes ``\a``, ``\b``, ``\f``, ``\v``, ``\t`` or ``\r``, nor an invalid escape
  such as ``\s`` (TeX that happens to survive today, and a warning in newer Pythons).

The built HTML is checked for control characters by the browser test, which builds the site.
"""

from __future__ import annotations

import io
import re
import subprocess
import tokenize
from pathlib import Path

import pytest

from tests.properties import prop

ROOT = Path(__file__).resolve().parents[1]
#: control characters: C0 except the newline, and DEL
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
#: suffixes of text files whose content is checked (binary files such as figures are not)
TEXT_SUFFIXES = {".md", ".py", ".js", ".css", ".toml", ".txt", ".bib", ".cfg", ".sh", ".html", ".json", ".yml",
                 ".yaml", ".ini", ".rst", ""}
#: escapes a non-raw string may use: newline, quotes, a backslash, character codes, and a line continuation
ALLOWED_ESCAPES = set("n'\"xuUN01234567") | {"\\", "\n"}


def tracked_files() -> list[Path]:
    """Every file git tracks in the repository (what a clone has)."""
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in out.decode().split("\0") if name]


def control_characters(text: str, *, tabs_allowed: bool = False) -> list[tuple[int, str]]:
    """(line number, repr of the character) for each control character in ``text``."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in CONTROL.finditer(line):
            if tabs_allowed and match.group() == "\x09":
                continue
            found.append((number, repr(match.group())))
    return found


def escapes(body: str) -> list[str]:
    """The character after each backslash escape of a string literal's body, in order."""
    found, i = [], 0
    while i < len(body):
        if body[i] == "\\":
            found.append(body[i + 1: i + 2])
            i += 2
        else:
            i += 1
    return found


def non_raw_tex(source: str) -> list[tuple[int, str]]:
    """(line, literal) for each non-raw string literal that writes TeX with escaped backslashes or holds a
    control-character escape."""
    problems = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.STRING:
            continue
        prefix = re.match(r"[A-Za-z]*", token.string).group()
        if "r" in prefix.lower():
            continue
        body = token.string[len(prefix):]
        found = escapes(body)
        tex = re.search(r"(?<!\\)(?:\\\\)+[A-Za-z]", body) is not None
        if tex or set(found) - ALLOWED_ESCAPES:
            problems.append((token.start[0], token.string[:60]))
    return problems


@prop("No page source, generated fragment or other tracked text file contains a control character (a "
      r"backslash escape that Python read instead of TeX, such as a backspace where $\beta$ was meant).",
      group="machinery")
def test_no_tracked_text_file_contains_a_control_character():
    checked, problems = 0, []
    for path in tracked_files():
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # a binary file without a suffix
        checked += 1
        for line, char in control_characters(text, tabs_allowed=path.name == "Makefile"):
            problems.append(f"{path.relative_to(ROOT)}:{line}: {char}")
    assert checked > 100  # the walk found the repository
    assert not problems, "control characters:\n" + "\n".join(problems)


@prop("Every Python string literal that holds TeX is a raw string, so no TeX command can turn into a control "
      "character.", group="machinery")
def test_tex_in_python_strings_is_raw():
    problems = []
    sources = [path for path in tracked_files() if path.suffix == ".py"]
    assert len(sources) > 50
    for path in sources:
        for line, literal in non_raw_tex(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(ROOT)}:{line}: {literal}")
    assert not problems, "non-raw strings with TeX or control escapes:\n" + "\n".join(problems)


@prop("The two checks above find what they look for: a backspace in a page, a tab inside TeX, an escaped "
      "TeX command and a control-character escape in a non-raw string.", group="machinery")
@pytest.mark.parametrize("source, bad", [
    (r'x = "\\beta"', True),            # TeX the old way
    (r'x = "\beta"', True),              # a backspace
    (r'x = "\top"', True),               # a tab
    (r'x = r"\beta"', False),
    (r'x = rf"\beta {y}"', False),
    (r'x = "a\nb"', False),
    (r'x = "a\\\nb"', False),           # an escaped backslash, then a newline escape: no TeX command
    (r'x = f"\\frac{{{a}}}"', True),
    (r'x = """:math:`\mathbb R`"""', True),   # an invalid escape that survives by luck
    (r'x = "\x41\u00e9\0"', False),
])
def test_the_text_checks_detect_damage(source, bad):
    assert bool(non_raw_tex(source)) is bad
    assert control_characters("a $\x08eta$ b\n") == [(1, repr("\x08"))]
    assert control_characters("$X^\x09op y$") == [(1, repr("\x09"))]
    assert control_characters("all\x09right", tabs_allowed=True) == []
