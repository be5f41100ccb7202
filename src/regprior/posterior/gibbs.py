r"""The Bayesian lasso: the whole posterior under a Laplace prior, by Gibbs sampling (Park & Casella, 2008).

The Laplace(0, b) prior is a scale mixture of Gaussians (derived on the Bayesian-lasso page):

.. math::

    \beta_j \mid \tau_j^2 \sim \mathcal N(0, \tau_j^2),\qquad \tau_j^2 \sim \mathrm{Exp}\bigl(\text{rate } 1/(2b^2)\bigr)
    \quad\Longrightarrow\quad \beta_j \sim \mathrm{Laplace}(0, b).

Given the mixing variances the model is Gaussian, and every full conditional has a standard form:

* :math:`\beta \mid \tau^2, \sigma^2, y \sim \mathcal N\bigl(A^{-1}X^\top y,\ \sigma^2 A^{-1}\bigr)` with
  :math:`A = X^\top X + \sigma^2\operatorname{diag}(1/\tau_j^2)` (ridge with :math:`\lambda_j = \sigma^2/\tau_j^2`);
* :math:`1/\tau_j^2 \mid \beta_j \sim \text{inverse Gaussian}\bigl(\text{mean } 1/(b|\beta_j|),\ \text{shape } 1/b^2\bigr)`;
* with an inverse-gamma prior :math:`\mathrm{IG}(a_0, b_0)` on σ² (optional),
  :math:`\sigma^2 \mid \beta, y \sim \mathrm{IG}\bigl(a_0 + n/2,\ b_0 + \lVert y - X\beta\rVert^2/2\bigr)`.

Unlike Park & Casella, the prior scale b here does not grow with σ: it is the same Laplace(0, b) prior whose
MAP is the lasso at :math:`\lambda = 2\sigma^2/b`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import lapack

from .._validation import check_data, check_int, check_strength
from ..priors.base import canonical_weight, representable
from ..priors.noise_variance import InverseGammaPrior
from ._summaries import QuantileIntervals

__all__ = ["GibbsSamples", "bayesian_lasso_gibbs"]


@dataclass(frozen=True)
class GibbsSamples(QuantileIntervals):
    r"""Draws from the posterior of the Bayesian lasso.

    Attributes
    ----------
    coef : ndarray of shape (n_samples, n_features)
        Draws of β.
    mixing_var : ndarray of shape (n_samples, n_features)
        The matching draws of the mixing variances :math:`\tau_j^2`.
    noise_var : ndarray of shape (n_samples,)
        Draws of σ² (all equal to ``noise_sd**2`` when the noise was fixed).
    """

    coef: np.ndarray
    mixing_var: np.ndarray
    noise_var: np.ndarray

    def mean(self) -> np.ndarray:
        """Posterior mean of each coefficient (Monte Carlo estimate)."""
        return self.coef.mean(axis=0)

    def median(self) -> np.ndarray:
        """Posterior median of each coefficient (Monte Carlo estimate)."""
        return np.median(self.coef, axis=0)

    def _quantile(self, prob: float) -> np.ndarray:
        """Empirical quantiles of the draws of each coefficient."""
        return np.quantile(self.coef, prob, axis=0)

    def standard_error(self, statistic=np.mean, n_batches: int = 25) -> np.ndarray:
        r"""Monte Carlo standard error of a posterior summary, by batch means.

        The chain is cut into ``n_batches`` consecutive batches; the summary is computed on each, and the
        spread of those values, divided by :math:`\sqrt{\text{n\_batches}}`, estimates the error of the summary
        computed on the whole chain. Batches much longer than the chain's autocorrelation time make the
        batch values nearly independent, which is what the estimate assumes.

        Parameters
        ----------
        statistic : callable, default ``numpy.mean``
            Called as ``statistic(draws, axis=0)``, e.g. ``numpy.mean`` or ``numpy.median``.
        n_batches : int, default 25
            Number of batches (at least 2, at most the number of draws).

        Returns
        -------
        ndarray of shape (n_features,)
        """
        n_batches = check_int(n_batches, "n_batches", minimum=2)
        if n_batches > self.coef.shape[0]:
            raise ValueError(f"n_batches must be at most the number of draws, {self.coef.shape[0]}; got {n_batches}")
        batches = np.array_split(self.coef, n_batches, axis=0)
        values = np.array([statistic(batch, axis=0) for batch in batches])
        return values.std(axis=0, ddof=1) / np.sqrt(n_batches)


def _rng(random_state) -> np.random.Generator:
    try:
        return np.random.default_rng(random_state)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"random_state must be None, an integer seed or a numpy Generator; got {random_state!r}") \
            from exc


def bayesian_lasso_gibbs(X, y, b, noise_sd: float | None = None, *, noise_prior: InverseGammaPrior | None = None,
                         n_samples: int = 2000, burn_in: int = 500, thin: int = 1, random_state=None) -> GibbsSamples:
    r"""Sample the posterior of β under independent Laplace(0, b) priors and Gaussian noise.

    Parameters
    ----------
    X : array_like of shape (n_samples_data, n_features)
        Design matrix (no intercept; centre the data first if the model has one).
    y : array_like of shape (n_samples_data,)
    b : float or array_like of shape (n_features,)
        The Laplace scale(s) :math:`b > 0`. The MAP under this prior is the lasso at :math:`\lambda = 2\sigma^2/b`.
    noise_sd : float, optional
        A known noise standard deviation σ > 0. Give this or ``noise_prior``, not both.
    noise_prior : InverseGammaPrior, optional
        An inverse-gamma prior on σ², which is then sampled too.
    n_samples : int, default 2000
        Number of draws kept.
    burn_in : int, default 500
        Number of initial sweeps discarded.
    thin : int, default 1
        Keep every ``thin``-th sweep after the burn-in.
    random_state : None, int or numpy.random.Generator
        Seed (results are reproducible for a fixed seed).

    Returns
    -------
    GibbsSamples

    Notes
    -----
    One sweep draws β from its Gaussian full conditional (a Cholesky factorization of a :math:`p\times p`
    matrix), then every :math:`1/\tau_j^2` from its inverse-Gaussian full conditional, then σ² if it is
    unknown. The chain starts at the ridge estimate with :math:`\lambda = \sigma^2/(2b^2)` (the prior
    variance of each coefficient being :math:`2b^2`). Every draw is nonzero with probability one: the
    posterior has a density, so its mean and median are not sparse, while its mode, the lasso, is.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((50, 3))
    >>> y = X @ np.array([1.0, 0.0, -0.5]) + 0.5 * rng.standard_normal(50)
    >>> draws = rp.bayesian_lasso_gibbs(X, y, b=0.2, noise_sd=0.5, n_samples=2000, random_state=1)
    >>> draws.coef.shape
    (2000, 3)
    >>> np.round(draws.mean(), 2)
    array([ 1.07, -0.06, -0.46])
    """
    X, y = check_data(X, y)
    n, p = X.shape
    b = np.broadcast_to(check_strength(b, "b", p, positive=True), (p,))
    if (noise_sd is None) == (noise_prior is None):
        raise TypeError("noise_sd or noise_prior: give exactly one (a known noise sd, or a prior on sigma^2)")
    if noise_prior is not None and not isinstance(noise_prior, InverseGammaPrior):
        raise TypeError(f"noise_prior must be an InverseGammaPrior; got {type(noise_prior).__name__}")
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    burn_in = check_int(burn_in, "burn_in", minimum=0)
    thin = check_int(thin, "thin", minimum=1)
    rng = _rng(random_state)
    # sigma^2 = w / 2 with the prior weight w = 2 sigma^2, which refuses a noise sd whose square is not representable
    var = canonical_weight(noise_sd) / 2 if noise_sd is not None else float(np.var(y)) or 1.0
    with np.errstate(over="ignore", divide="ignore"):
        shape_ig = 1.0 / b**2  # the shape of the inverse-Gaussian full conditional of 1/tau_j^2
    representable(shape_ig, "b (1/b^2, the shape of the full conditional of 1/tau^2)")

    gram, xty = X.T @ X, X.T @ y
    shape_post = None if noise_prior is None else noise_prior.shape + n / 2
    inv_tau2 = shape_ig / 2
    coef = np.linalg.solve(gram + var * np.diag(inv_tau2), xty)
    out_coef = np.empty((n_samples, p))
    out_tau2 = np.empty((n_samples, p))
    out_var = np.empty(n_samples)
    total = burn_in + n_samples * thin
    normals = rng.standard_normal((total, p))
    diag = np.arange(p) * (p + 1)
    kept = 0
    for sweep in range(total):
        # beta | tau^2, sigma^2: N(A^-1 X^T y, sigma^2 A^-1), A = X^T X + sigma^2 diag(1/tau^2); LAPACK is called
        # directly because for small p the wrappers' checks cost more than the factorization
        A = gram.copy()
        A.flat[diag] += var * inv_tau2
        L, info = lapack.dpotrf(A, lower=1)
        if info != 0:  # A is positive definite for every finite positive tau^2 and sigma^2: a draw overflowed
            raise ValueError(f"b, X, y: in sweep {sweep} the chain left the range of float64 (a mixing variance "
                             "overflowed or underflowed); rescale X and y so that the coefficients, b and the noise sd "
                             "are within a few hundred orders of magnitude of 1")
        mean, _ = lapack.dpotrs(L, xty, lower=1)
        noise, _ = lapack.dtrtrs(L, normals[sweep], lower=1, trans=1)
        coef = mean + np.sqrt(var) * noise
        # 1/tau_j^2 | beta_j: inverse Gaussian with mean 1/(b |beta_j|) and shape 1/b^2
        inv_tau2 = rng.wald(1.0 / (b * np.maximum(np.abs(coef), np.finfo(float).tiny)), shape_ig)
        if shape_post is not None:
            r = y - X @ coef
            var = 1.0 / rng.gamma(shape_post, 1.0 / (noise_prior.scale + 0.5 * float(r @ r)))
        if sweep >= burn_in and (sweep - burn_in) % thin == 0:
            out_coef[kept], out_tau2[kept], out_var[kept] = coef, 1.0 / inv_tau2, var
            kept += 1
    if not (np.all(np.isfinite(out_coef)) and np.all(np.isfinite(out_tau2)) and np.all(np.isfinite(out_var))):
        raise ValueError("b, X, y: the chain left the range of float64 (a draw overflowed or was NaN); rescale X and "
                         "y so that the coefficients, b and the noise sd are within a few hundred orders of "
                         "magnitude of 1")
    return GibbsSamples(out_coef, out_tau2, out_var)
