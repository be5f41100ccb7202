"""Warnings and errors raised by regprior."""

from __future__ import annotations

__all__ = ["ConvergenceWarning"]


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped before its duality gap reached the requested tolerance.

    The message states the gap reached, the tolerance it was compared with and
    the number of iterations; the result object carries the same numbers.
    """
