r"""The conjugate posterior under a normal-inverse-gamma prior, when the noise variance is unknown.

The prior :math:`\beta \mid \sigma^2 \sim \mathcal N(\theta_0, \sigma^2 V_0)`,
:math:`\sigma^2 \sim \mathrm{IG}(a_0, b_0)` scales the coefficients with the noise, which makes the posterior
closed-form: its β-mode is ridge with :math:`\lambda = 1/v_0`, free of σ², and the marginal posterior of β is a
multivariate t (derived on the unknown-noise page).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._results import Readable
from .._results import annotate, feature_names
from .._validation import check_data, check_flag, check_strength
from ..datafits.quadratic import prepare
from ..priors import GaussianPrior, Prior
from ..priors.noise_variance import InverseGammaPrior
from ..solvers.direct import equilibrated_solver, ridge
from ._summaries import QuantileIntervals

__all__ = ["NIGPosterior", "nig_posterior"]


@dataclass(frozen=True, repr=False)
class NIGPosterior(QuantileIntervals, Readable):
    r"""The normal-inverse-gamma posterior :math:`\sigma^2 \sim \mathrm{IG}(a_n, b_n)`,
    :math:`\beta \mid \sigma^2 \sim \mathcal N(m, \sigma^2 V_n)`.

    Attributes
    ----------
    mean : ndarray of shape (n_features,)
        m: the posterior mean, median and mode of β (ridge with :math:`\lambda = 1/v_0`).
    cov_factor : ndarray of shape (n_features, n_features)
        :math:`V_n = (X^\top X + V_0^{-1})^{-1}`.
    shape : float
        :math:`a_n = a_0 + n/2`.
    scale : float
        :math:`b_n = b_0 + \tfrac12\bigl(\lVert y - Xm\rVert^2 + (m - \theta_0)^\top V_0^{-1}(m - \theta_0)\bigr)`.
    lam : float or ndarray
        :math:`1/v_0`: the ridge strength of the β-mode, whatever σ² is.
    intercept : float
        The posterior mean of the intercept, :math:`\bar y - \bar x^\top m` (0.0 without ``fit_intercept``).
    """

    mean: np.ndarray
    cov_factor: np.ndarray
    shape: float
    scale: float
    lam: float | np.ndarray
    intercept: float = 0.0

    @property
    def coef(self) -> np.ndarray:
        """m, the posterior mean (and mode) of β."""
        return self.mean

    def _coefficient_columns(self) -> dict[str, np.ndarray]:
        lower, upper = self.credible_interval(0.95)
        return {"mean": self.mean, "2.5%": lower, "97.5%": upper}

    def _intercept_row(self):
        return None  # its marginal is not kept (the intercept is the attribute ``intercept``)

    @property
    def df(self) -> float:
        r"""Degrees of freedom :math:`\nu = 2a_n` of the marginal t posterior of β."""
        return 2 * self.shape

    def noise_var_mode(self) -> float:
        """Mode of the marginal posterior of σ², :math:`b_n/(a_n + 1)`."""
        return self.scale / (self.shape + 1)

    def joint_mode(self) -> tuple[np.ndarray, float]:
        r"""Mode of :math:`p(\beta, \sigma^2 \mid y)`: :math:`(m,\ b_n/(a_n + p/2 + 1))`."""
        return self.mean, self.scale / (self.shape + self.mean.size / 2 + 1)

    def coef_marginal(self):
        r"""The marginal posterior of β, a multivariate t: ``scipy.stats.multivariate_t(m, (b_n/a_n) V_n, 2a_n)``."""
        return stats.multivariate_t(loc=self.mean, shape=self.scale / self.shape * self.cov_factor, df=self.df)

    def _quantile(self, prob: float) -> np.ndarray:
        """Quantiles of the marginal t posterior of each coefficient."""
        return self.mean + stats.t.ppf(prob, self.df) * np.sqrt(self.scale / self.shape * np.diag(self.cov_factor))


def nig_posterior(X, y, prior_cov_factor, noise_prior: InverseGammaPrior, *, prior_mean=None,
                  fit_intercept: bool = False) -> NIGPosterior:
    r"""The conjugate posterior under :math:`\beta \mid \sigma^2 \sim \mathcal N(\theta_0, \sigma^2 V_0)`,
    :math:`\sigma^2 \sim \mathrm{IG}(a_0, b_0)`.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    prior_cov_factor : float, array_like of shape (n_features,) or GaussianPrior
        :math:`v_0 > 0` (:math:`V_0 = v_0 I`) or one :math:`v_{0j} > 0` per coefficient
        (:math:`V_0 = \operatorname{diag}(v_{0j})`): the prior variance of β *in units of* σ². Or, like the other
        functions, a prior: a :class:`~regprior.GaussianPrior` is read as the prior of β/σ, i.e. ``scale`` s and
        ``mean`` θ₀ mean :math:`\beta_j \mid \sigma^2 \sim \mathcal N(\theta_{0j}, \sigma^2 s_j^2)`, so
        :math:`v_{0j} = s_j^2` (then ``prior_mean`` must not be given).
    noise_prior : InverseGammaPrior
        :math:`\mathrm{IG}(a_0, b_0)`; ``InverseGammaPrior(0, 0)`` is the Jeffreys limit.
    prior_mean : float or array_like of shape (n_features,), optional
        :math:`\theta_0` (default 0).
    fit_intercept : bool, default False
        Add an intercept with a flat prior, integrated out: the posterior of (β, σ²) is that of the centred data
        (:func:`regprior.datafits.quadratic.prepare`) with :math:`a_n = a_0 + (n - 1)/2`, and the intercept given β and
        σ² is :math:`\mathcal N(\bar y - \bar x^\top\beta, \sigma^2/n)`.

    Returns
    -------
    NIGPosterior

    Raises
    ------
    ValueError
        For bad input, or when :math:`b_n = 0` (an improper result: ``b0 = 0`` and a posterior mean that
        fits the data exactly).

    Notes
    -----
    :math:`V_n = (X^\top X + V_0^{-1})^{-1}`, :math:`m = V_n(X^\top y + V_0^{-1}\theta_0)`,
    :math:`a_n = a_0 + n/2`, and :math:`b_n` as in :class:`NIGPosterior`. Because the prior scales β with σ,
    σ² cancels from the β-mode: m is ridge with :math:`\lambda = 1/v_0`, and the marginal posterior of β is
    :math:`t_{2a_n}(m,\ (b_n/a_n)V_n)`.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> post = rp.nig_posterior(X, y, 1.0, rp.InverseGammaPrior(2.0, 1.0))
    >>> post.mean                              # ridge with lam = 1 / v0 = 1
    array([0.875, 1.375])
    >>> post.shape, float(post.scale)
    (3.5, 2.8125)
    """
    names = feature_names(X)
    X, y = check_data(X, y)
    if not isinstance(noise_prior, InverseGammaPrior):
        raise TypeError(f"noise_prior must be an InverseGammaPrior; got {type(noise_prior).__name__}")
    prep = prepare(X, y, fit_intercept=check_flag(fit_intercept, "fit_intercept"), order=None)
    X, y = prep.X, prep.y
    p = X.shape[1]
    n = X.shape[0] - int(fit_intercept)  # a flat intercept integrated out costs one observation
    if isinstance(prior_cov_factor, Prior):
        if not isinstance(prior_cov_factor, GaussianPrior):
            raise TypeError(f"prior_cov_factor: the conjugate posterior needs a GaussianPrior (of beta / sigma); got "
                            f"{type(prior_cov_factor).__name__}")
        if prior_mean is not None:
            raise TypeError("prior_mean: give the mean in the GaussianPrior, not separately")
        prior_cov_factor.check_features(p, "prior_cov_factor")
        prior_mean = (None if np.ndim(prior_cov_factor.mean) == 0 and prior_cov_factor.mean == 0
                      else prior_cov_factor.mean)
        prior_cov_factor = np.square(prior_cov_factor.scale)
    v0 = np.broadcast_to(check_strength(prior_cov_factor, "prior_cov_factor", p, positive=True), (p,))
    with np.errstate(over="ignore", divide="ignore"):
        lam = 1.0 / v0
    if not np.all(np.isfinite(lam)) or np.any(lam == 0):
        raise ValueError("prior_cov_factor: 1/v0 (the ridge strength) is not representable in float64 for these "
                         "values; rescale the problem")
    fit = ridge(X, y, lam, prior_mean=prior_mean)
    A = X.T @ X
    A.flat[:: p + 1] += lam
    solve = equilibrated_solver(A)  # singular judged on the equilibrated system, as for the mean
    if solve is None:
        raise ValueError("prior_cov_factor: X^T X + V0^-1 is singular to working precision, so V_n is not computable "
                         "in float64 (prior variances far beyond what the data resolve, on collinear columns)")
    cov_factor = solve(np.eye(p))
    theta0 = np.zeros(p) if prior_mean is None else np.broadcast_to(np.asarray(prior_mean, float), (p,))
    r = y - X @ fit.coef
    scale = noise_prior.scale + 0.5 * (float(r @ r) + float(np.sum((fit.coef - theta0) ** 2 / v0)))
    if not scale > 0:
        raise ValueError("noise_prior: b_n = 0 (scale 0 and an exact fit), so the posterior of sigma^2 is improper")
    return annotate(NIGPosterior(fit.coef, (cov_factor + cov_factor.T) / 2, noise_prior.shape + n / 2, scale,
                                 float(lam[0]) if np.ndim(prior_cov_factor) == 0 else lam, prep.intercept(fit.coef)),
                    feature_names=names)


