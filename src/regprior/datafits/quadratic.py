r"""The Gaussian likelihood as a datafit: the canonical least-squares objective, and its reductions.

The canonical objective is :math:`J(\beta) = \lVert y - X\beta\rVert_2^2 + \lambda R(\beta)`, the negative
log-posterior times :math:`2\sigma^2` (:func:`regprior.objective` evaluates it). Every least-squares solver minimizes it
with no intercept. The general problem

.. math::

    \sum_i s_i\,(y_i - \beta_0 - x_i^\top\beta)^2 + \sum_j \lambda_j\, r(\beta_j - \theta_{0j})

(weights :math:`s_i \ge 0`, unpenalized intercept :math:`\beta_0`, prior mean :math:`\theta_0`) is
turned into it by three exact substitutions:

* **weights** are per-sample noise variances :math:`\sigma_i^2 = \sigma^2/s_i`; multiplying row i of
  X and y by :math:`\sqrt{s_i}` gives the unweighted problem;
* the **intercept** has a flat prior; minimizing over it in closed form gives
  :math:`\beta_0 = \bar y - \bar x^\top\beta` with weighted means :math:`\bar x, \bar y`, so the
  remaining problem uses the centred data;
* the **prior mean** shifts the unknown, :math:`\beta = \theta_0 + u`: the penalty on
  :math:`u` is centred at 0 and the response becomes :math:`y - X\theta_0`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import (check_coef, check_design, check_real, check_scalar, check_strength, check_target,
                           is_sparse)
from ..priors.base import canonical_weight
from .sparse_design import SparseDesign

__all__ = ["Prepared", "prepare", "Quadratic", "objective"]


@dataclass(frozen=True)
class Prepared:
    """The canonical problem (``X``, ``y``) and what is needed to map its solution back."""

    X: np.ndarray
    y: np.ndarray
    x_offset: np.ndarray
    y_offset: float
    prior_mean: np.ndarray | None
    #: sum of the sample weights (the number of samples without weights)
    total_weight: float
    #: the units a, b of ``X = a X~`` and ``y = b y~`` when the canonical problem is posed in other units (powers of
    #: two, see :func:`prepare`'s ``rescale``); then strengths map as lam1 / (a b), lam2 / a^2 and the objective as b^2
    x_unit: float = 1.0
    y_unit: float = 1.0

    def coef(self, u: np.ndarray) -> np.ndarray:
        """Coefficients of the original problem from the solution ``u`` of the canonical one."""
        coef = u if self.prior_mean is None else u + self.prior_mean
        return coef if self.x_unit == self.y_unit == 1.0 else coef * (self.y_unit / self.x_unit)

    def l1(self, lam):
        r"""An L1 strength of the original problem in the canonical one's units, :math:`\lambda_1/(ab)`."""
        return lam if self.x_unit == self.y_unit == 1.0 else lam / self.x_unit / self.y_unit

    def l2(self, lam, name: str = "lam"):
        r"""An L2 strength (or penalty matrix) in the canonical one's units, :math:`\lambda_2/a^2`.

        Raises
        ------
        ValueError
            Naming ``name``, when that overflows float64: the penalty exceeds the data's :math:`X^\top X` by more
            than the range of float64, so the data barely count (the coefficients are the penalty's inverse applied
            to :math:`X^\top y`, to working precision), and the canonical problem cannot hold the strength.
        """
        if self.x_unit == 1.0:
            return lam
        with np.errstate(over="ignore"):
            out = lam / self.x_unit / self.x_unit
        if not np.all(np.isfinite(out)):
            raise ValueError(f"{name}: the L2 penalty is beyond the range of float64 relative to X, whose largest "
                             f"entry is about {self.x_unit:.3g} ({name} / {self.x_unit:.3g}^2 overflows); at such a "
                             "strength the data barely count (the coefficients are the penalty's inverse applied to "
                             "X^T y, to working precision); rescale X")
        return out

    def value(self, objective):
        r"""An objective value or duality gap of the canonical problem in the original units, times :math:`b^2`."""
        return objective if self.y_unit == 1.0 else objective * self.y_unit * self.y_unit

    def intercept(self, coef: np.ndarray) -> float:
        """The intercept that goes with ``coef`` (0.0 without ``fit_intercept``)."""
        return float(self.y_offset - self.x_offset @ coef)


def _check_weights(sample_weight, n: int) -> np.ndarray:
    w = check_target(sample_weight, n, name="sample_weight")
    if np.any(w < 0):
        raise ValueError("sample_weight must be >= 0 (a weight is sigma^2 / sigma_i^2 for sample i)")
    if not np.any(w > 0):
        raise ValueError("sample_weight must have at least one positive entry; all weights are zero")
    return w


#: data with an entry beyond 2**480 (about 3e144) or all below 2**-480 are posed in other units when the caller can
#: map strengths back (``rescale``): their squares and sums of squares would leave float64
_UNIT_LIMIT = 480


def _unit(arr: np.ndarray) -> float:
    """1.0, or the power of two that brings the largest entry of ``arr`` into [1, 2) when it is out of range."""
    top = float(np.abs(arr).max(initial=0.0))
    if top == 0.0 or -_UNIT_LIMIT <= np.log2(top) <= _UNIT_LIMIT:
        return 1.0
    return float(np.ldexp(1.0, np.frexp(top)[1] - 1))


def _check_squares(X: np.ndarray, y: np.ndarray) -> None:
    """Refuse data whose sums of squares overflow float64 (X^T X and ||y||^2 would be inf)."""
    with np.errstate(over="ignore"):
        if is_sparse(X):  # a CSC matrix: the squares of its stored entries only
            column_squares, top = np.asarray(X.multiply(X).sum(axis=0)).ravel(), np.abs(X.data).max(initial=0.0)
        else:
            column_squares, top = np.einsum("ij,ij->j", X, X), np.abs(X).max()
        y_squares = float(y @ y)
    if not np.all(np.isfinite(column_squares)):
        raise ValueError(f"X: entries up to {top:.3g} make its columns' sums of squares overflow float64 "
                         "(X^T X would be inf); divide X by a constant c: the coefficients are then multiplied by c "
                         "(an L2 strength by c^2, an L1 strength by c), see the units step on the weights and "
                         "intercept page")
    if not np.isfinite(y_squares):
        raise ValueError(f"y: entries up to {np.abs(y).max():.3g} make its sum of squares overflow float64; "
                         "divide y by a constant c: the coefficients and an L1 strength are then divided by c (an L2 "
                         "strength stays), see the units step on the weights and intercept page")


def prepare(X, y, *, fit_intercept: bool = False, sample_weight=None, prior_mean=None,
            order: str | None = "F", rescale: bool = False, accept_sparse: bool = False) -> Prepared:
    r"""Validate the data and return the equivalent canonical problem.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    fit_intercept : bool, default False
        Add an unpenalized intercept (flat prior), removed by (weighted) centring.
    sample_weight : array_like of shape (n_samples,), optional
        Weights :math:`s_i \ge 0`; sample i then has noise variance :math:`\sigma^2/s_i`.
    prior_mean : float or array_like of shape (n_features,), optional
        The prior mean :math:`\theta_0` the penalty is centred at.
    order : {"F", None}
        Memory layout of the returned design: column-major (for coordinate descent) or as given.
    rescale : bool, default False
        Pose the problem in units a, b (powers of two, so exact) when X has entries whose squares would leave
        float64 (beyond about 1e144, or all below 1e-144), or y is that tiny: ``X / a`` and ``y / b``, recorded in the
        result, whose
        ``l1``, ``l2``, ``coef`` and ``value`` map strengths and results (derived on the weights-intercept page).
        Only for callers that map their strengths; otherwise such data are refused. A sparse X is not rescaled
        (its sums of squares are checked as they are).
    accept_sparse : bool, default False
        Take a scipy.sparse X; the prepared design is then a
        ``SparseDesign`` (``regprior.datafits.sparse_design``), centred and weighted without being formed.

    Returns
    -------
    Prepared

    Raises
    ------
    ValueError
        Besides bad input, when the sums of squares of X or y overflow float64 (after rescaling, if asked for).
    """
    X = check_design(X, order=order, accept_sparse=accept_sparse)
    n, p = X.shape
    y = check_target(y, n)
    if not isinstance(fit_intercept, (bool, np.bool_)):
        raise TypeError(f"fit_intercept must be True or False; got {fit_intercept!r}")
    mean = None
    if prior_mean is not None:
        mean = check_coef(np.broadcast_to(check_real(prior_mean, "prior_mean"), (p,)) if np.ndim(prior_mean) == 0
                          else prior_mean, p, name="prior_mean")
    w = None if sample_weight is None else _check_weights(sample_weight, n)

    if is_sparse(X):
        return _prepare_sparse(X, y, fit_intercept, w, mean)
    x_offset, y_offset = np.zeros(p), 0.0
    if fit_intercept:
        x_offset = np.average(X, axis=0, weights=w)
        y_offset = float(np.average(y, weights=w))
        X = X - x_offset
        y = y - y_offset
    if mean is not None:
        y = y - X @ mean
    if w is not None:
        root = np.sqrt(w)
        X = X * root[:, None]
        y = y * root
    # y is brought up from tiny values only: the objective and gaps a caller reports are in y's units squared, so for
    # a y whose sum of squares overflows they are not representable either, and such a y is refused below
    x_unit, y_unit = (_unit(X), min(_unit(y), 1.0)) if rescale else (1.0, 1.0)
    if x_unit != 1.0:
        X = X / x_unit
    if y_unit != 1.0:
        y = y / y_unit
    if mean is not None and (x_unit, y_unit) != (1.0, 1.0):
        mean = mean * x_unit / y_unit  # in this order: 1 / y_unit overflows for a subnormal y_unit
    _check_squares(X, y)
    X = np.asfortranarray(X) if order == "F" else X
    total_weight = float(n if w is None else w.sum())
    return Prepared(X, np.ascontiguousarray(y), x_offset, y_offset, mean, total_weight, x_unit, y_unit)


def _prepare_sparse(X, y, fit_intercept: bool, w, mean) -> Prepared:
    r"""The canonical problem for a sparse X (CSC): centring and weights are kept implicit (see
    ``SparseDesign`` (``regprior.datafits.sparse_design``)), so X is never densified."""
    n, p = X.shape
    total_weight = float(n if w is None else w.sum())
    root = None if w is None else np.sqrt(w)
    x_offset, y_offset = np.zeros(p), 0.0
    if fit_intercept:
        x_offset = np.asarray(X.T @ (np.ones(n) if w is None else w)).ravel() / total_weight
        y_offset = float(np.average(y, weights=w))
        y = y - y_offset
    if root is not None:
        X = X.multiply(root[:, None]).tocsc()
        y = y * root
    _check_squares(X, y)
    design = SparseDesign(X, x_offset if fit_intercept else None, root, total_weight)
    if mean is not None:
        y = y - design @ mean
    return Prepared(design, np.ascontiguousarray(y), x_offset, y_offset, mean, total_weight)


class Quadratic:
    r"""The Gaussian likelihood :math:`y_i \sim \mathcal N(\beta_0 + x_i^\top\beta, \sigma^2/s_i)` as a datafit.

    On data ``(X, y)`` its objective is :math:`f(u) = \lVert \tilde y - \tilde X u\rVert^2` with
    :math:`u = \beta - \theta_0` and the data reduced by :func:`prepare` (intercept, weights, prior mean): the
    negative log-likelihood times :math:`2\sigma^2`. The negative log-prior enters with the same factor, the
    prior weight :math:`w = 2\sigma^2` (:meth:`prior_weight`).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    fit_intercept : bool, default False
        Fit an unpenalized intercept (a flat prior on it), by centring.
    sample_weight : array_like of shape (n_samples,), optional
        Weights :math:`s_i \ge 0`: sample i has noise variance :math:`\sigma^2/s_i`.
    center : float or array_like of shape (n_features,), optional
        :math:`\theta_0`, the prior mean the penalty is centred at.
    order : {"F", None}, default None
        Memory layout of the prepared design (column-major for coordinate descent).

    A scipy.sparse X stays sparse (:attr:`sparse`); the solvers that take it are the direct route of ridge (by
    conjugate gradients) and coordinate descent.

    Attributes
    ----------
    prep : Prepared
        The canonical least-squares problem: what the least-squares solvers (direct, coordinate descent) take.
    """

    def __init__(self, X, y, *, fit_intercept: bool = False, sample_weight=None, center=None,
                 order: str | None = None):
        self.prep = prepare(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, prior_mean=center,
                            order=order, accept_sparse=True)
        #: a scipy.sparse X, kept sparse (``prep.X`` is then a SparseDesign): only solvers that accept it are chosen
        self.sparse = isinstance(self.prep.X, SparseDesign)
        self.n_features = self.prep.X.shape[1]
        self.center = np.zeros(self.n_features) if self.prep.prior_mean is None else self.prep.prior_mean
        self._gram: tuple[np.ndarray, np.ndarray, float] | None = None

    def use_gram(self) -> "Quadratic":
        r"""Evaluate through :math:`G = X^\top X` and :math:`X^\top y` from now on (O(p²) per evaluation instead
        of O(np): worth it for many evaluations with n ≥ p). Returns ``self``."""
        X, y = self.prep.X, self.prep.y
        self._gram = (X.T @ X, X.T @ y, float(y @ y))
        return self

    @staticmethod
    def prior_weight(noise_sd: float) -> float:
        r""":math:`2\sigma^2` (see :func:`regprior.priors.canonical_weight`)."""
        return canonical_weight(noise_sd)

    def _residual_terms(self, u) -> tuple[np.ndarray, float, float]:
        r""":math:`c = 2X^\top r`, :math:`\lVert r\rVert^2` and :math:`r^\top y` for :math:`r = y - Xu`."""
        if self._gram is not None:
            G, b, yy = self._gram
            Gu = G @ u
            bu = float(b @ u)
            return 2.0 * (b - Gu), yy - 2.0 * bu + float(u @ Gu), yy - bu
        r = self.prep.y - self.prep.X @ u
        return 2.0 * (self.prep.X.T @ r), float(r @ r), float(r @ self.prep.y)

    def value(self, u) -> float:
        if self._gram is not None:
            return self._residual_terms(u)[1]
        r = self.prep.y - self.prep.X @ u
        return float(r @ r)

    def gradient(self, u) -> np.ndarray:
        if self._gram is not None:
            G, b, _ = self._gram
            return 2.0 * (G @ u - b)
        return -2.0 * (self.prep.X.T @ (self.prep.y - self.prep.X @ u))

    def hessian(self, u=None) -> np.ndarray:
        r""":math:`2X^\top X` (constant)."""
        return 2.0 * (self._gram[0] if self._gram is not None else self.prep.X.T @ self.prep.X)

    def column_norms(self) -> np.ndarray:
        """The norm of each column of the design: how a solver equilibrates its coordinates."""
        return np.sqrt(np.einsum("ij,ij->j", self.prep.X, self.prep.X))

    def lipschitz(self) -> float:
        r""":math:`2\lVert X\rVert_2^2`, the Lipschitz constant of the gradient."""
        return 2.0 * float(np.linalg.norm(self.prep.X, 2)) ** 2

    def scale(self) -> float:
        r""":math:`\lVert y\rVert^2`, the objective at u = 0: what tolerances are relative to."""
        return float(self.prep.y @ self.prep.y)

    def gradient_rounding(self, u) -> np.ndarray:
        r"""A bound on the rounding error of each entry of the gradient at u, :math:`2(|X|^\top|X||u| + |X^\top y|)`
        times the unit roundoff (each entry is a sum of products of that size); through the Gram matrix
        (:meth:`use_gram`) :math:`2(|X^\top X||u| + |X^\top y|)` times it, the sizes of the products summed there."""
        X, y = self.prep.X, self.prep.y
        if self._gram is not None:
            G, b, _ = self._gram
            size = np.abs(G) @ np.abs(u) + np.abs(b)
        else:
            size = np.abs(X).T @ (np.abs(X) @ np.abs(u)) + np.abs(X.T @ y)
        return 2.0 * np.finfo(float).eps * size

    def duality_gap(self, u, penalty) -> float:
        r"""An upper bound on :math:`f(u) + R(u) - \min(f + R)` for a convex penalty R with a known conjugate.

        With :math:`r = \tilde y - \tilde X u` the dual point :math:`\theta = -2sr` (s from ``penalty.dual_scale``)
        gives :math:`D = 2s\,r^\top\tilde y - s^2\lVert r\rVert^2 - R^*(2s\tilde X^\top r)`; for the indicator of a
        constraint set this is the Frank–Wolfe gap.
        """
        c, rr, ry = self._residual_terms(u)
        s = penalty.dual_scale(c)
        dual = 2.0 * s * ry - s * s * rr - penalty.conjugate(s * c)
        return max(rr + penalty.value(u) - dual, 0.0)

    def coef_intercept(self, u) -> tuple[np.ndarray, float]:
        coef = self.prep.coef(u)
        return coef, self.prep.intercept(coef)


def objective(X, y, coef, *, lam1=0.0, lam2=0.0, prior_mean=None, intercept: float = 0.0,
              sample_weight=None) -> float:
    r"""The canonical objective
    :math:`J(\beta) = \sum_i s_i(y_i - \beta_0 - x_i^\top\beta)^2 + \sum_j \lambda_{1j}|\beta_j - \theta_{0j}| +
    \lambda_2\lVert\beta - \theta_0\rVert_2^2`.

    It is :math:`2\sigma^2` times the negative log-posterior under Gaussian noise and Laplace (:math:`\lambda_1`) and
    Gaussian (:math:`\lambda_2`) priors, up to a constant. Every solver of the package minimizes it (or a special
    case), and the docs and tests evaluate it through this one function.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    coef : array_like of shape (n_features,)
    lam1 : float or array_like of shape (n_features,), default 0.0
        L1 strength(s) :math:`\lambda_1 \ge 0`.
    lam2 : float or array_like of shape (n_features,), default 0.0
        L2 strength(s) :math:`\lambda_2 \ge 0`.
    prior_mean : float or array_like of shape (n_features,), optional
        :math:`\theta_0` (default 0).
    intercept : float, default 0.0
        :math:`\beta_0`.
    sample_weight : array_like of shape (n_samples,), optional
        :math:`s_i \ge 0` (default 1).

    Returns
    -------
    float

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> rp.objective(X, y, [0.875, 1.375], lam2=1.0)        # the ridge minimum at lambda = 1
    3.625
    """
    X = check_design(X, order=None)
    n, p = X.shape
    y = check_target(y, n)
    coef = check_coef(coef, p, name="coef")
    lam1 = check_strength(lam1, "lam1", p)
    lam2 = check_strength(lam2, "lam2", p)
    intercept = check_scalar(intercept, "intercept", lower=-np.inf, strict=True)
    mean = np.zeros(p) if prior_mean is None else check_coef(
        np.broadcast_to(check_real(prior_mean, "prior_mean"), (p,)) if np.ndim(prior_mean) == 0 else prior_mean, p,
        name="prior_mean")
    w = np.ones(n) if sample_weight is None else _check_weights(sample_weight, n)
    with np.errstate(over="ignore", invalid="ignore"):
        r = y - intercept - X @ coef
        u = coef - mean
        value = float(w @ (r * r) + np.sum(lam1 * np.abs(u)) + np.sum(lam2 * u * u))
    if not np.isfinite(value):
        raise ValueError("coef: the objective at these coefficients overflows float64 (its residuals or penalty are "
                         "too large to square)")
    return value
