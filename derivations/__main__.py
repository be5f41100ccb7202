"""Regenerate the derivation fragments, or check that the committed ones are current.

Usage::

    python -m derivations            # write docs/_generated/*.md (only files whose text changed)
    python -m derivations --check    # exit 1, naming each stale, missing or extra file
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import OUTPUT_DIR, render_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m derivations", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 on any difference")
    parser.add_argument("--out", type=Path, default=OUTPUT_DIR, help="output directory (default: %(default)s)")
    args = parser.parse_args(argv)

    fragments = render_all()
    out: Path = args.out
    existing = {p.name for p in out.glob("*.md")} if out.is_dir() else set()

    if args.check:
        problems = []
        for name, text in fragments.items():
            path = out / name
            if not path.exists():
                problems.append(f"{path}: missing")
            elif path.read_text(encoding="utf-8") != text:
                problems.append(f"{path}: differs from what the derivation scripts produce now")
        problems += [f"{out / name}: not produced by any derivation (stale?)" for name in sorted(existing - set(fragments))]
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print("Run `python -m derivations` (or `make docs`) and commit the result.", file=sys.stderr)
            return 1
        print(f"{len(fragments)} derivation fragments are up to date.")
        return 0

    out.mkdir(parents=True, exist_ok=True)
    for name, text in fragments.items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    for name in sorted(existing - set(fragments)):
        (out / name).unlink()
        print(f"removed stale {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
