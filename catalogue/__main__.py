"""Regenerate the catalogue's fragments (coverage, pitfalls, verification), or check that the committed ones are
current.

Usage::

    python -m catalogue            # write docs/_generated/*.md (only changed files)
    python -m catalogue --check    # exit 1, naming each stale, missing or extra file
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from derivations.generated_files import sync

from . import OUTPUT_DIR, render_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalogue", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 on any difference")
    parser.add_argument("--out", type=Path, default=OUTPUT_DIR, help="fragment directory (default: %(default)s)")
    args = parser.parse_args(argv)
    files = {args.out / name: text for name, text in render_all().items()}
    return sync(files, args.out, generator="catalogue", check=args.check)


if __name__ == "__main__":
    sys.exit(main())
