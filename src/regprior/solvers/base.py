r"""Solvers declare what they need of a datafit and a penalty; the first one that gets it is used.

A MAP problem is :math:`\min_u f(u) + R(u)` with a datafit f (the negative log-likelihood, times the prior weight)
and a penalty R (the negative log-prior, times the same weight). A :class:`Solver` names the methods it calls on
each (``datafit_requires``, ``penalty_requires``) and may add conditions (a convex penalty, a penalty of the
elastic-net form); ``select_solver`` tries the solvers in order and returns the first that accepts the pair
(:mod:`regprior.solvers.registry`), or raises a ``TypeError`` that says, solver by solver, what
was missing. No solver is chosen by
the name or the class of a prior: a new prior whose penalty has a proximal map is solved by proximal gradient
without a line of solver code.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from .._results import Readable

__all__ = ["Solver", "SolverResult"]


@dataclass(frozen=True, repr=False)
class SolverResult(Readable):
    r"""A minimizer of :math:`f(u) + R(u)` with its certificate, from the generic solvers (Newton, FISTA, L-BFGS).

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        :math:`\hat\beta = \theta_0 + \hat u`.
    intercept : float
        The unpenalized intercept (0.0 without one).
    objective : float
        :math:`f(\hat u) + R(\hat u)`, the negative log-posterior times the prior weight, up to a constant.
    gap : float
        The certificate: a duality gap (an upper bound on the objective's distance to its minimum) for a convex
        problem; for a non-convex one, the largest entry of the objective's gradient (a stationarity measure,
        which says nothing about the distance to the global minimum).
    tol : float
        The relative tolerance requested: convergence means ``gap <= tol * scale`` (see each solver).
    n_iter : int
        Iterations run.
    converged : bool
        Whether the certificate reached the tolerance.
    method : str
        The solver that produced it (``"newton"``, ``"fista"``, ``"lbfgs"``).
    """

    coef: np.ndarray
    intercept: float
    objective: float
    gap: float
    tol: float
    n_iter: int
    converged: bool
    method: str


class Solver(ABC):
    r"""A method for :math:`\min_u f(u) + R(u)` that states what it needs.

    Attributes
    ----------
    name : str
        How messages and results refer to it.
    datafit_requires : tuple of str
        Methods or attributes the datafit must have (not ``None``).
    penalty_requires : tuple of str
        Methods or attributes the penalty must have (not ``None``).
    """

    name: str
    datafit_requires: tuple[str, ...] = ()
    penalty_requires: tuple[str, ...] = ()
    #: whether it takes a datafit on a scipy.sparse design (``datafit.sparse``) without densifying it
    accepts_sparse: bool = False

    def refusal(self, datafit, penalty) -> str | None:
        """``None`` when this solver can minimize ``datafit + penalty``, else why not (one sentence)."""
        if getattr(datafit, "sparse", False) and not self.accepts_sparse:
            return "it needs a dense X (X is scipy.sparse)"
        missing = [f"the datafit has no {name}" for name in self.datafit_requires
                   if getattr(datafit, name, None) is None]
        missing += [f"the penalty has no {name}" for name in self.penalty_requires
                    if getattr(penalty, name, None) is None]
        if missing:
            return "; ".join(missing)
        return self.condition(datafit, penalty)

    def condition(self, datafit, penalty) -> str | None:
        """Further conditions beyond the required methods (``None``: none, or all met)."""
        return None

    @abstractmethod
    def solve(self, datafit, penalty, **options):
        """Minimize ``datafit + penalty``; ``options`` are the solver's own (tolerance, iterations, ...)."""
