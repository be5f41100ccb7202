"""The solvers in the order they are tried, and the choice among them by capability."""

from __future__ import annotations

from .base import Solver
from .coordinate_descent import CoordinateDescent
from .direct import Direct
from .fista import FISTA
from .linear_program import LinearProgram
from .newton import Newton
from .prox_newton import ProxNewton
from .quasi_newton import LBFGS

__all__ = ["SOLVERS", "select_solver"]

#: exact and specialized solvers first, generic ones last
SOLVERS: tuple[Solver, ...] = (Direct(), CoordinateDescent(), Newton(), ProxNewton(), FISTA(), LinearProgram(),
                               LBFGS())


def select_solver(datafit, penalty, solvers: tuple[Solver, ...] = SOLVERS) -> Solver:
    """The first solver of ``solvers`` that accepts ``datafit`` and ``penalty``.

    Raises
    ------
    TypeError
        When none does; the message lists each solver and what it lacked.
    """
    reasons = []
    for solver in solvers:
        reason = solver.refusal(datafit, penalty)
        if reason is None:
            return solver
        reasons.append(f"  {solver.name}: {reason}")
    raise TypeError(f"no solver minimizes {type(datafit).__name__} + {type(penalty).__name__}:\n" + "\n".join(reasons))
