"""Regenerate the derivation fragments and generated code, or check that the committed ones are current.

Usage::

    python -m derivations            # write docs/_generated/*.md and the generated code (only changed files)
    python -m derivations --check    # exit 1, naming each stale, missing or extra file
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import OUTPUT_DIR, ROOT, render_all, render_outputs
from .generated_files import sync


def _expected(out: Path, root: Path) -> dict[Path, str]:
    files = {out / name: text for name, text in render_all().items()}
    files.update({root / rel: text for rel, text in render_outputs().items()})
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m derivations", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 on any difference")
    parser.add_argument("--out", type=Path, default=OUTPUT_DIR, help="fragment directory (default: %(default)s)")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="where the generated code goes, as paths below this directory (default: %(default)s)")
    args = parser.parse_args(argv)
    return sync(_expected(args.out, args.root), args.out, generator="derivations", check=args.check)


if __name__ == "__main__":
    sys.exit(main())
