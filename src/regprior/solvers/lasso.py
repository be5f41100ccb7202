r"""The lasso in the canonical convention, by coordinate descent with a duality-gap stop.

.. math::

    \hat\beta = \arg\min_\beta J(\beta),\qquad J(\beta) = \lVert y - X\beta\rVert_2^2 + \lambda\lVert\beta\rVert_1 ,

no intercept. The coordinate update :math:`\beta_k \leftarrow S_{\lambda/2}(a_k)/\lVert x_k\rVert^2`
is derived on the coordinate-descent page.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from .._validation import check_coef, check_design, check_int, check_scalar, check_target
from ..exceptions import ConvergenceWarning
from . import _cd
from ._least_squares import least_squares
from ._preprocess import prepare

__all__ = ["LassoResult", "lasso", "duality_gap"]


@dataclass(frozen=True)
class LassoResult:
    r"""The lasso coefficients with their optimality certificate.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        The coefficients :math:`\beta` returned.
    intercept : float
        The unpenalized intercept (0.0 unless ``fit_intercept=True``).
    lam : float
        The penalty strength λ.
    objective : float
        :math:`J(\beta)`.
    gap : float
        Duality gap at ``coef``: :math:`J(\beta) - \min J \le` ``gap`` (up to rounding).
    tol : float
        The relative tolerance requested; convergence means ``gap <= tol * ||y||^2``.
    n_iter : int
        Number of coordinate-descent epochs (passes over all coordinates) run.
    converged : bool
        Whether the gap reached the tolerance.
    """

    coef: np.ndarray
    intercept: float
    lam: float
    objective: float
    gap: float
    tol: float
    n_iter: int
    converged: bool


def duality_gap(X, y, coef, lam: float) -> float:
    r"""Duality gap of the canonical lasso at ``coef``: an upper bound on :math:`J(\beta) - \min J`.

    With :math:`r = y - X\beta`, :math:`\alpha = \lambda/2` and
    :math:`s = \min(1, \alpha/\lVert X^\top r\rVert_\infty)`, the point :math:`\theta = s r` is feasible
    for the dual :math:`\max_\theta\, \theta^\top y - \tfrac12\lVert\theta\rVert^2` subject to
    :math:`\lVert X^\top\theta\rVert_\infty \le \alpha`, and

    .. math::

        \mathrm{gap} = J(\beta) - 2\bigl(\theta^\top y - \tfrac12\lVert\theta\rVert^2\bigr) \ge J(\beta) - \min J .

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    coef : array_like of shape (n_features,)
    lam : float
        λ > 0.

    Returns
    -------
    float
    """
    X = check_design(X)
    y = check_target(y, X.shape[0])
    coef = check_coef(coef, X.shape[1], name="coef")
    lam = check_scalar(lam, "lam", strict=True)
    return float(_cd.enet_duality_gap(X, y, coef, y - X @ coef, lam, 0.0)[0])


def lasso(X, y, lam: float, *, prior_mean=None, fit_intercept: bool = False, sample_weight=None,
          tol: float = 1e-8, max_iter: int = 10_000, coef_init=None) -> LassoResult:
    r"""Minimize :math:`\lVert y - X\beta\rVert_2^2 + \lambda\lVert\beta\rVert_1` (the MAP under a Laplace prior).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Design matrix (float32 input is accepted and computed in float64).
    y : array_like of shape (n_samples,)
        Response.
    lam : float
        Penalty strength λ >= 0. Under a Laplace(0, b) prior with noise standard deviation σ,
        :math:`\lambda = 2\sigma^2/b`. λ = 0 is least squares and needs X of full column rank.
    tol : float, default 1e-8
        Relative tolerance: stop when the duality gap is at most ``tol * ||y||^2``. Since
        :math:`J(0) = \lVert y\rVert^2`, this is the gap relative to the objective at β = 0.
    max_iter : int, default 10000
        Maximum number of epochs (passes over all coordinates).
    coef_init : array_like of shape (n_features,), optional
        Starting point (warm start); zeros by default.

    Returns
    -------
    LassoResult
        ``.coef`` holds the coefficients; ``.gap``, ``.n_iter`` and ``.converged`` say how good they are.

    Warns
    -----
    ConvergenceWarning
        When ``max_iter`` epochs end with the gap above ``tol * ||y||^2``; the message gives the gap reached.

    Notes
    -----
    Every λ at or above :math:`\lambda_{\max} = 2\lVert X^\top y\rVert_\infty` gives
    :math:`\hat\beta = 0`. A column of zeros gets coefficient 0. When the lasso solution is not
    unique (e.g. p > n), the fitted values :math:`X\hat\beta` still are.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> result = rp.lasso(X, y, lam=1.0)
    >>> np.round(result.coef, 6), bool(result.converged)
    (array([0.833333, 1.833333]), True)
    """
    prep = prepare(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, prior_mean=prior_mean)
    X, y = prep.X, prep.y
    n, p = X.shape
    lam = check_scalar(lam, "lam", strict=False)
    tol = check_scalar(tol, "tol", strict=True)
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    beta = np.zeros(p) if coef_init is None else check_coef(coef_init, p) - (0 if prep.prior_mean is None
                                                                          else prep.prior_mean)
    tol_abs = tol * float(y @ y)
    if lam == 0.0:
        u, gap = least_squares(X, y)
        r = y - X @ u
        coef = prep.coef(u)
        return LassoResult(coef, prep.intercept(coef), lam, float(r @ r), gap, tol, 0, gap <= tol_abs)

    col_sq = np.einsum("ij,ij->j", X, X)
    beta[col_sq == 0.0] = 0.0
    n_iter, gap, primal = _cd.cd_enet(X, y, beta, col_sq, lam, 0.0, tol_abs, max_iter)
    converged = bool(gap <= tol_abs)
    if not converged:
        warnings.warn(
            f"lasso did not converge in {n_iter} epochs: duality gap {gap:.3e} > tol * ||y||^2 = {tol_abs:.3e} "
            f"(relative gap {gap / float(y @ y):.3e} > tol = {tol:g}); increase max_iter or loosen tol",
            ConvergenceWarning,
            stacklevel=2,
        )
    coef = prep.coef(beta)
    return LassoResult(coef, prep.intercept(coef), lam, float(primal), float(gap), tol, int(n_iter), converged)
