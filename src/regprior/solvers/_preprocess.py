r"""Reduce a problem with an intercept, sample weights and a prior mean to the canonical one.

Every solver minimizes the canonical objective with no intercept. The general problem

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

from .._validation import check_coef, check_design, check_target

__all__ = ["Prepared", "prepare"]


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

    def coef(self, u: np.ndarray) -> np.ndarray:
        """Coefficients of the original problem from the solution ``u`` of the canonical one."""
        return u if self.prior_mean is None else u + self.prior_mean

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


def prepare(X, y, *, fit_intercept: bool = False, sample_weight=None, prior_mean=None,
            order: str | None = "F") -> Prepared:
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

    Returns
    -------
    Prepared
    """
    X = check_design(X, order=order)
    n, p = X.shape
    y = check_target(y, n)
    if not isinstance(fit_intercept, (bool, np.bool_)):
        raise TypeError(f"fit_intercept must be True or False; got {fit_intercept!r}")
    mean = None
    if prior_mean is not None:
        mean = check_coef(np.broadcast_to(np.asarray(prior_mean, dtype=float), (p,)) if np.ndim(prior_mean) == 0
                          else prior_mean, p, name="prior_mean")
    w = None if sample_weight is None else _check_weights(sample_weight, n)

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
    X = np.asfortranarray(X) if order == "F" else X
    total_weight = float(n if w is None else w.sum())
    return Prepared(X, np.ascontiguousarray(y), x_offset, y_offset, mean, total_weight)
