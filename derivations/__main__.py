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

    out: Path = args.out
    files = _expected(out, args.root)
    existing = set(out.glob("*.md")) if out.is_dir() else set()
    stale = sorted(existing - set(files))

    if args.check:
        problems = []
        for path, text in files.items():
            if not path.exists():
                problems.append(f"{path}: missing")
            elif path.read_text(encoding="utf-8") != text:
                problems.append(f"{path}: differs from what the derivation scripts produce now")
        problems += [f"{path}: not produced by any derivation (stale?)" for path in stale]
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print("Run `python -m derivations` (or `make docs`) and commit the result.", file=sys.stderr)
            return 1
        print(f"{len(files)} generated files are up to date.")
        return 0

    for path, text in files.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    for path in stale:
        path.unlink()
        print(f"removed stale {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
