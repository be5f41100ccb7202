"""Warnings and errors raised by regprior."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

__all__ = ["ConvergenceWarning", "warn_convergence"]

#: the package's directory: frames whose code lives below it are regprior's own
_PACKAGE = Path(__file__).resolve().parent


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped before its duality gap reached the requested tolerance.

    The message states the gap reached, the tolerance it was compared with and
    the number of iterations; the result object carries the same numbers.
    """


def warn_convergence(message: str) -> None:  # pragma: no mutate block (see [tool.mutmut] in pyproject.toml)
    """Issue a :class:`ConvergenceWarning` attributed to the first caller outside regprior.

    A fixed ``stacklevel`` is wrong as soon as the call chain inside the package changes (a helper, a
    decorator, a wrapper); this walks the stack instead, like ``skip_file_prefixes`` of Python 3.12.
    """
    frame, level = sys._getframe(1), 2  # level 1 would be this function, the one calling warnings.warn
    while frame is not None and Path(frame.f_code.co_filename).resolve().is_relative_to(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, ConvergenceWarning, stacklevel=level)
