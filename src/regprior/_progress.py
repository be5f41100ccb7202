"""Progress of the long loops (paths, cross-validation folds, sampling sweeps), shown only when asked for.

``progress(iterable, total=..., desc=..., verbose=True)`` wraps the loop in a tqdm bar when tqdm is installed
(``pip install tqdm``; an optional dependency) and otherwise prints a line to standard error at every tenth of the
way with the time elapsed, so a run of minutes is never silent. With ``verbose=False`` the iterable is returned as
it is.
"""

from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, TypeVar

import numpy as np

__all__ = ["progress", "check_verbose"]

T = TypeVar("T")


def check_verbose(verbose) -> bool:
    """``verbose`` as a bool: True/False or an integer level (0 is silent)."""
    if isinstance(verbose, (bool, np.bool_)):
        return bool(verbose)
    if isinstance(verbose, (int, np.integer)) and verbose >= 0:
        return verbose > 0
    raise TypeError(f"verbose must be True, False or a non-negative integer; got {verbose!r}")


def _printed(iterable: Iterable[T], total: int, desc: str) -> Iterator[T]:
    start = time.perf_counter()
    marks = {max(1, round(total * k / 10)) for k in range(1, 11)}
    for done, item in enumerate(iterable, start=1):
        yield item
        if done in marks:
            print(f"{desc}: {done}/{total} ({time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)


def progress(iterable: Iterable[T], *, total: int, desc: str, verbose: bool) -> Iterable[T]:
    """``iterable``, reporting progress when ``verbose`` (tqdm if installed, else lines on standard error)."""
    if not verbose:
        return iterable
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _printed(iterable, total, desc)
    return tqdm(iterable, total=total, desc=desc, file=sys.stderr)
