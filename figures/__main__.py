"""Draw every figure of the site: ``python -m figures [--out DIR] [names...]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import OUTPUT_DIR, all_figures
from ._style import LAYOUTS, write_text_sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m figures", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="figures to draw (default: all)")
    parser.add_argument("--out", type=Path, default=OUTPUT_DIR, help="output directory (default: %(default)s)")
    args = parser.parse_args(argv)
    figures = all_figures()
    unknown = sorted(set(args.names) - set(figures))
    if unknown:
        parser.error(f"unknown figure(s) {unknown}; known: {sorted(figures)}")
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.names or figures:
        for layout in LAYOUTS:
            start = time.perf_counter()
            stem = name if layout == "wide" else f"{name}-{layout}"
            figures[name](args.out / f"{stem}.svg", layout)
            print(f"wrote {args.out / stem}.svg ({time.perf_counter() - start:.1f} s)")
    write_text_sizes(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
