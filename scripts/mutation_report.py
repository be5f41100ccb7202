"""Summarize a mutmut run (``make mutation``) as Markdown: the score per module and every surviving mutant.

Usage (from the repository root, in the environment mutmut ran in)::

    python scripts/mutation_report.py [--out tests/MUTATION.md]

Reads ``mutmut results --all true`` and ``mutmut show <mutant>``. A mutant is *killed* when a test failed,
and counts as detected when it timed out (the mutated code looped or became far slower); *survived* means
every covering test passed; *no tests* means no selected test runs the mutated function at all.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import subprocess
import sys
from pathlib import Path

DETECTED = {"killed", "timeout", "caught by type check", "segfault"}


def _mutmut(*args: str) -> str:
    exe = Path(sys.executable).with_name("mutmut")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, check=True).stdout


def results() -> dict[str, str]:
    """Mutant name -> status."""
    out = {}
    for line in _mutmut("results", "--all", "true").splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep:
            out[name] = status.strip()
    return out


def _module(name: str) -> str:
    """``regprior.solvers.ridge.x_ridge__mutmut_3`` -> ``regprior.solvers.ridge``."""
    parts = name.split(".")
    for i, part in enumerate(parts):
        if part.startswith("x"):
            return ".".join(parts[:i])
    return name


def _function(name: str) -> str:
    return name.rsplit("__mutmut_", 1)[0]


def _diff(name: str) -> str:
    lines = _mutmut("show", name).splitlines()
    return "\n".join(line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---")))


def report(status: dict[str, str]) -> str:
    by_module: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for name, s in status.items():
        by_module[_module(name)][s] += 1
    total = collections.Counter(status.values())
    detected = sum(total[s] for s in DETECTED)
    judged = detected + total["survived"]
    lines = [
        "<!-- Written by scripts/mutation_report.py after `make mutation`. Do not edit by hand; rerun it. -->",
        "",
        f"Run on {datetime.date.today().isoformat()} with mutmut over the modules listed in `pyproject.toml` "
        "(`[tool.mutmut]`). A mutant is detected when a covering test fails (or it times out); the score is "
        "detected / (detected + survived). Mutants of functions that no selected test runs are counted apart.",
        "",
        f"**Score: {detected} of {judged} mutants detected ({100 * detected / max(judged, 1):.1f}%)**; "
        f"{total['no tests']} in functions no selected test runs; {total['not checked']} not checked.",
        "",
        "| module | killed | timeout | survived | no tests | score |",
        "|---|---|---|---|---|---|",
    ]
    for module, c in sorted(by_module.items()):
        d = sum(c[s] for s in DETECTED)
        j = d + c["survived"]
        lines.append(f"| `{module}` | {c['killed']} | {c['timeout']} | {c['survived']} | {c['no tests']} | "
                     f"{100 * d / max(j, 1):.1f}% |")
    survivors = sorted(n for n, s in status.items() if s == "survived")
    lines += ["", f"## Surviving mutants ({len(survivors)})", ""]
    by_function: dict[str, list[str]] = collections.defaultdict(list)
    for name in survivors:
        by_function[_function(name)].append(name)
    for function, names in by_function.items():
        lines += [f"**`{function}`** ({len(names)})", "", "```diff"]
        for name in names:
            lines += [f"# {name.rsplit('__mutmut_', 1)[1]}", _diff(name)]
        lines += ["```", ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("tests/MUTATION.md"))
    args = parser.parse_args(argv)
    text = report(results())
    args.out.write_text(text, encoding="utf-8")
    print(text.split("\n## ")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
