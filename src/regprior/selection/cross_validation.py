r"""Choosing the ridge strength λ from the data by prediction: leave-one-out cross-validation and GCV.

Ridge is a linear smoother: its fitted values are :math:`\hat y = H_\lambda y` with the hat matrix

.. math::

    H_\lambda = X(X^\top X + \lambda I)^{-1}X^\top
    = U\,\operatorname{diag}\!\Big(\frac{s_k^2}{s_k^2 + \lambda}\Big)U^\top

for the thin SVD :math:`X = USV^\top`. Deleting sample i and refitting moves its residual from
:math:`e_i = y_i - \hat y_i` to exactly :math:`e_i/(1 - h_{ii})` (the Sherman–Morrison formula applied to
:math:`X^\top X - x_i x_i^\top`), so the leave-one-out error of every λ costs one SVD, not n refits:

.. math::

    \mathrm{LOO}(\lambda) = \frac1n\sum_i\Big(\frac{e_i}{1 - h_{ii}}\Big)^2,\qquad
    \mathrm{GCV}(\lambda) = \frac{\tfrac1n\lVert y - H_\lambda y\rVert^2}{\big(1 - \operatorname{tr}H_\lambda/n\big)^2},

GCV replacing each :math:`h_{ii}` by their mean. An unpenalized intercept (a flat prior) adds
:math:`\tfrac1n\mathbf 1\mathbf 1^\top` to the hat matrix of the centred data; the identity still holds, because
the fit is still a penalized least-squares fit, with penalty matrix :math:`\operatorname{diag}(0, \lambda I)`.

These criteria ask which λ predicts held-out samples best; the evidence (:func:`regprior.evidence_ridge`) asks
which prior and noise scales make the observed data most probable. The unknown-noise page draws both on the
same data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._results import Readable, pandas
from .._validation import check_strength_grid
from ..datafits.quadratic import prepare
from ..solvers.spectral import Spectrum

__all__ = ["RidgeSelection", "ridge_loo_gcv"]

#: below this, lam / s^2 has lost its digits to float64's exponent range (subnormal numbers start at 2.2e-308)
_SMALLEST_RATIO = 1e-280


@dataclass(frozen=True, repr=False)
class RidgeSelection(Readable):
    r"""Leave-one-out and generalized cross-validation errors of ridge over a grid of λ.

    Attributes
    ----------
    lams : ndarray of shape (n_lams,)
        The penalty strengths, in the order given.
    loo : ndarray of shape (n_lams,)
        Mean squared leave-one-out prediction error :math:`\frac1n\sum_i (e_i/(1-h_{ii}))^2`.
    gcv : ndarray of shape (n_lams,)
        Generalized cross-validation :math:`\frac1n\lVert e\rVert^2/(1 - \operatorname{tr}H/n)^2`.
    dof : ndarray of shape (n_lams,)
        Effective degrees of freedom :math:`\operatorname{tr}H_\lambda` (the intercept counts 1).
    """

    lams: np.ndarray
    loo: np.ndarray
    gcv: np.ndarray
    dof: np.ndarray

    def summary(self):
        """One row per strength: leave-one-out error, GCV and degrees of freedom."""
        pd = pandas()
        return pd.DataFrame({"loo": self.loo, "gcv": self.gcv, "dof": self.dof}, index=pd.Index(self.lams, name="lam"))

    @property
    def lam_loo(self) -> float:
        """The λ of the grid with the smallest leave-one-out error."""
        return float(self.lams[np.argmin(self.loo)])

    @property
    def lam_gcv(self) -> float:
        """The λ of the grid with the smallest GCV."""
        return float(self.lams[np.argmin(self.gcv)])


def ridge_loo_gcv(X, y, lams, *, fit_intercept: bool = False) -> RidgeSelection:
    r"""Exact leave-one-out CV and GCV of ridge for many λ from one SVD.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        At least 2 samples.
    y : array_like of shape (n_samples,)
    lams : array_like of shape (n_lams,)
        Canonical strengths λ > 0 of :math:`\lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert^2`
        (scikit-learn's ``Ridge(alpha=λ)``). λ = 0 is refused: a sample of leverage 1 would have no
        leave-one-out prediction.
    fit_intercept : bool, default False
        Refit an unpenalized intercept in every fold (centring), as ``rp.ridge(..., fit_intercept=True)``.

    Returns
    -------
    RidgeSelection

    Notes
    -----
    Each leave-one-out residual is :math:`e_i/(1-h_{ii})`, with :math:`e = y - H_\lambda y` and
    :math:`h_{ii} = \sum_k U_{ik}^2 s_k^2/(s_k^2+\lambda)` (plus :math:`1/n` with an intercept); the tests
    check it against n explicit refits and against scikit-learn's ``RidgeCV``. Cost: one thin SVD,
    O(np·min(n, p)), then O(n·min(n, p)) per λ.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((40, 5))
    >>> y = X @ np.array([1.0, -1.0, 0.5, 0.0, 0.0]) + rng.standard_normal(40)
    >>> sel = rp.ridge_loo_gcv(X, y, np.geomspace(1e-2, 1e3, 51))
    >>> bool(sel.loo.min() < sel.loo[-1])  # shrinking everything away predicts worse
    True
    >>> round(float(sel.dof[0]), 2)  # lambda = 0.01 is almost least squares: 5 degrees of freedom
    5.0
    """
    prep = prepare(X, y, fit_intercept=fit_intercept, order=None)  # centred when there is an intercept
    X, y = prep.X, prep.y
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"leave-one-out needs at least 2 samples; got n_samples = {n}")
    lams = check_strength_grid(lams, strict=True)
    spectrum = Spectrum.of_design(X)
    U = spectrum.U
    s2 = spectrum.s[:, None] ** 2
    # Work with 1 - s^2/(s^2 + lam) = lam/(s^2 + lam), not with the shrinkage itself: near interpolation
    # (p >= n, small lam) 1 - h_ii and n - tr H are differences of numbers close to 1 and n, and this form
    # keeps their relative accuracy.
    kept = lams[None, :] / (s2 + lams[None, :])  # (k, n_lams): 1 - the eigenvalues of H on U's columns
    small = kept[~spectrum.negligible].min(axis=0, initial=1.0) < _SMALLEST_RATIO
    if np.any(small):
        raise ValueError(f"lams: at lam={lams[np.argmax(small)]:.4g} the ratios lam/s^2 (s the singular values of X) "
                         "fall below 1e-280, where float64 loses their digits; the leave-one-out error is then the "
                         "lam -> 0 limit, which a slightly larger strength already gives: use larger strengths")
    Uty, outside = spectrum.projection(y)  # outside = (I - U U^T) y, exactly 0 when U is square
    base = 1.0 / n if fit_intercept else 0.0
    residuals = outside[:, None] + U @ (kept * Uty[:, None])  # e = (I - H) y
    one_minus_h = (spectrum.outside_leverage() - base)[:, None] + (U**2) @ kept
    # n - tr H = (n - k) - n base + sum(kept): the integer part is exact (0 when U is square)
    n_minus_dof = (n - U.shape[1]) - n * base + kept.sum(axis=0)
    bad = np.any(one_minus_h <= 0, axis=0) | (n_minus_dof <= 0)
    if np.any(bad):
        raise ValueError(f"at lam={lams[np.argmax(bad)]:.4g} the fit interpolates a sample (leverage 1 to working "
                         "precision), so its leave-one-out prediction is undefined; use larger strengths")
    loo = np.mean((residuals / one_minus_h) ** 2, axis=0)
    gcv = n * np.sum((residuals / n_minus_dof) ** 2, axis=0)  # divided first: both factors can be tiny
    return RidgeSelection(lams, loo, gcv, n - n_minus_dof)
