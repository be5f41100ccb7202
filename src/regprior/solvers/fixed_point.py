"""Iterating a map to its fixed point, with the package's convergence warning."""

from __future__ import annotations

from ..exceptions import warn_convergence

__all__ = ["fixed_point"]


def fixed_point(step, start: tuple, tol: float, max_iter: int, name: str, what: str):
    """Iterate ``state <- step(state)`` (a tuple of positive numbers) until no entry changes by more than ``tol``
    relative to its new value; warn with the change reached if ``max_iter`` steps do not get there."""
    state = start
    for n_iter in range(1, max_iter + 1):
        new = step(state)
        change = max(abs(a - b) / a for a, b in zip(new, state))
        state = new
        if change <= tol:
            return state, n_iter, True
    warn_convergence(f"{name}: the relative change of {what} is {change:.3g} after {max_iter} iterations, above "
                     f"tol = {tol:g}")
    return state, max_iter, False


