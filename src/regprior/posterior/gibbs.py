r"""The Bayesian lasso: the whole posterior under a Laplace prior, by Gibbs sampling (Park & Casella, 2008).

The Laplace(0, b) prior is a scale mixture of Gaussians (derived on the Bayesian-lasso page):

.. math::

    \beta_j \mid \tau_j^2 \sim \mathcal N(0, \tau_j^2),\qquad
    \tau_j^2 \sim \mathrm{Exp}\bigl(\text{rate } 1/(2b^2)\bigr)
    \quad\Longrightarrow\quad \beta_j \sim \mathrm{Laplace}(0, b).

Given the mixing variances the model is Gaussian, and every full conditional has a standard form:

* :math:`\beta \mid \tau^2, \sigma^2, y \sim \mathcal N\bigl(A^{-1}X^\top y,\ \sigma^2 A^{-1}\bigr)` with
  :math:`A = X^\top X + \sigma^2\operatorname{diag}(1/\tau_j^2)` (ridge with :math:`\lambda_j = \sigma^2/\tau_j^2`);
* :math:`1/\tau_j^2 \mid \beta_j \sim
  \text{inverse Gaussian}\bigl(\text{mean } 1/(b|\beta_j|),\ \text{shape } 1/b^2\bigr)`;
* with an inverse-gamma prior :math:`\mathrm{IG}(a_0, b_0)` on σ² (optional),
  :math:`\sigma^2 \mid \beta, y \sim \mathrm{IG}\bigl(a_0 + n/2,\ b_0 + \lVert y - X\beta\rVert^2/2\bigr)`.

By default the prior scale b does not grow with σ: it is the same Laplace(0, b) prior whose MAP is the lasso at
:math:`\lambda = 2\sigma^2/b`. ``scale_with_noise=True`` samples Park & Casella's own model instead, where the
prior is conditional on the noise, :math:`\beta_j \mid \sigma^2 \sim \mathrm{Laplace}(0, b\sigma)` (their λ is
1/b): the mixing variance is then :math:`\sigma^2\tau_j^2` with :math:`\tau_j^2 \sim \mathrm{Exp}(\text{rate }
1/(2b^2))`, the full conditional of :math:`1/\tau_j^2` is inverse Gaussian with mean :math:`\sigma/(b|\beta_j|)`
and shape :math:`1/b^2`, and σ² given β and τ² gains :math:`p/2` in shape and
:math:`\sum_j \beta_j^2/(2\tau_j^2)` in scale.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import lapack

from .._progress import check_verbose, progress
from .._results import Readable, annotate, feature_names
from .._validation import check_data, check_flag, check_int, check_strength
from ..datafits.quadratic import prepare
from ..priors.base import canonical_weight, representable
from ..priors.laplace import LaplacePrior
from ..priors.noise_variance import InverseGammaPrior
from ._summaries import QuantileIntervals
from .diagnostics import ess_bulk, split_rhat

#: the remedy every refusal of a chain that left float64 ends with
_RESCALE = ("rescale X and y so that the coefficients, b and the noise sd are within a few hundred orders of magnitude "
            "of 1")

__all__ = ["GibbsSamples", "bayesian_lasso_gibbs"]


@dataclass(frozen=True, repr=False)
class GibbsSamples(QuantileIntervals, Readable):
    r"""Draws from the posterior of the Bayesian lasso, from one or several chains.

    Attributes
    ----------
    coef : ndarray of shape (n_draws, n_features)
        Draws of β, chain after chain (``n_draws`` is ``n_chains`` times the draws per chain; :meth:`chains`
        separates them).
    mixing_var : ndarray of shape (n_draws, n_features)
        The matching draws of the mixing variances :math:`\tau_j^2`.
    noise_var : ndarray of shape (n_draws,)
        Draws of σ² (all equal to ``noise_sd**2`` when the noise was fixed).
    intercept : ndarray of shape (n_draws,) or None
        Draws of the intercept (flat prior), or None without ``fit_intercept``.
    n_chains : int
        The number of chains.
    """

    coef: np.ndarray
    mixing_var: np.ndarray
    noise_var: np.ndarray
    intercept: np.ndarray | None = None
    n_chains: int = 1

    def chains(self, name: str = "coef") -> np.ndarray:
        """The draws of ``name`` (``"coef"``, ``"mixing_var"``, ``"noise_var"``, ``"intercept"``) by chain.

        Returns
        -------
        ndarray of shape (n_chains, n_samples, ...)
        """
        names = [kept for kept in ("coef", "mixing_var", "noise_var", "intercept") if getattr(self, kept) is not None]
        if name not in names:
            raise ValueError(f"name must be one of {', '.join(map(repr, names))}; got {name!r}")
        values = getattr(self, name)
        return values.reshape(self.n_chains, -1, *values.shape[1:])

    def rhat(self, name: str = "coef") -> np.ndarray | float:
        r"""Rank-normalized split-:math:`\hat R` of each quantity across the chains (Vehtari et al. 2021; see
        :func:`regprior.posterior.diagnostics.split_rhat`): near 1 when the chains agree, above 1.01 when they do
        not (more draws, or more burn-in, are then needed)."""
        return split_rhat(self.chains(name))

    def ess(self, name: str = "coef") -> np.ndarray | float:
        """Bulk effective sample size of each quantity (Vehtari et al. 2021; see
        :func:`regprior.posterior.diagnostics.ess_bulk`)."""
        return ess_bulk(self.chains(name))

    def mean(self) -> np.ndarray:
        """Posterior mean of each coefficient (Monte Carlo estimate)."""
        return self.coef.mean(axis=0)

    def median(self) -> np.ndarray:
        """Posterior median of each coefficient (Monte Carlo estimate)."""
        return np.median(self.coef, axis=0)

    def _quantile(self, prob: float) -> np.ndarray:
        """Empirical quantiles of the draws of each coefficient."""
        return np.quantile(self.coef, prob, axis=0)

    def _coefficient_columns(self) -> dict[str, np.ndarray]:
        lower, upper = self.credible_interval(0.95)
        columns = {"mean": self.mean(), "sd": self.coef.std(axis=0, ddof=1), "2.5%": lower, "97.5%": upper}
        if self.n_chains > 1 and self.coef.shape[0] // self.n_chains >= 4:
            columns.update(r_hat=self.rhat(), ess_bulk=self.ess())
        return columns

    def _intercept_row(self):
        if self.intercept is None:
            return None
        row = {"mean": self.intercept.mean(), "sd": self.intercept.std(ddof=1),
               "2.5%": np.quantile(self.intercept, 0.025), "97.5%": np.quantile(self.intercept, 0.975)}
        if self.n_chains > 1 and self.intercept.size // self.n_chains >= 4:
            row.update(r_hat=self.rhat("intercept"), ess_bulk=self.ess("intercept"))
        return row

    def to_arviz(self):
        """The draws as ArviZ ``InferenceData`` (needs ``pip install arviz``): ``coef`` (with the feature names as
        its coordinate), ``mixing_var``, ``noise_var`` and, with an intercept, ``intercept``, by chain and draw."""
        try:
            import arviz as az
        except ImportError as exc:
            raise ImportError('to_arviz() needs ArviZ; install it with `pip install arviz` (or '
                              '`pip install "regprior[arviz]"`)') from exc
        posterior = {"coef": self.chains("coef"), "mixing_var": self.chains("mixing_var"),
                     "noise_var": self.chains("noise_var")}
        if self.intercept is not None:
            posterior["intercept"] = self.chains("intercept")
        names = self._names(self.coef.shape[1])
        return az.from_dict(posterior=posterior, coords={"feature": names},
                            dims={"coef": ["feature"], "mixing_var": ["feature"]})

    def standard_error(self, statistic=np.mean, n_batches: int = 25) -> np.ndarray:
        r"""Monte Carlo standard error of a posterior summary, by batch means.

        The draws (chain after chain) are cut into ``n_batches`` consecutive batches; the summary is computed on
        each, and the spread of those values, divided by :math:`\sqrt{\text{n\_batches}}`, estimates the error of
        the summary computed on all the draws. Batches much longer than the chains' autocorrelation time make the
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


def _laplace_scale(b, p: int) -> np.ndarray:
    """The Laplace scale(s) from a number, an array or a LaplacePrior (centred at 0: the sampler has no mean)."""
    if isinstance(b, LaplacePrior):
        if np.any(np.asarray(b.mean) != 0):
            raise ValueError("b: the Gibbs sampler takes a Laplace prior centred at 0; got a nonzero mean")
        b = b.scale
    return np.broadcast_to(check_strength(b, "b", p, positive=True), (p,))


def bayesian_lasso_gibbs(X, y, b, noise_sd: float | None = None, *, noise_prior: InverseGammaPrior | None = None,
                         scale_with_noise: bool = False, fit_intercept: bool = False, n_samples: int = 2000,
                         burn_in: int = 500, thin: int = 1, n_chains: int = 4, random_state=None,
                         verbose=False) -> GibbsSamples:
    r"""Sample the posterior of β under independent Laplace(0, b) priors and Gaussian noise.

    Parameters
    ----------
    X : array_like of shape (n_samples_data, n_features)
        Design matrix; a DataFrame's column names become the feature names of the summary.
    y : array_like of shape (n_samples_data,)
    b : float, array_like of shape (n_features,) or LaplacePrior
        The Laplace scale(s) :math:`b > 0` (or the prior itself, centred at 0). The MAP under this prior is the
        lasso at :math:`\lambda = 2\sigma^2/b`.
    noise_sd : float, optional
        A known noise standard deviation σ > 0. Give this or ``noise_prior``, not both.
    noise_prior : InverseGammaPrior, optional
        An inverse-gamma prior on σ², which is then sampled too.
    scale_with_noise : bool, default False
        Sample Park & Casella's model, whose prior is conditional on the noise: :math:`\beta_j \mid \sigma^2
        \sim \mathrm{Laplace}(0, b\sigma)`, so that ``b`` is the scale in units of the noise sd and their λ is
        :math:`1/b`. With a known noise sd this is the default model at scale :math:`b\sigma`; with a prior on
        σ² it is a different posterior, unimodal in :math:`(\beta, \sigma^2)` (Park & Casella, 2008). ``b``
        must then be a number or an array, not a LaplacePrior, whose scale is absolute.
    fit_intercept : bool, default False
        Add an intercept with a flat prior. It is integrated out of the updates of β and σ² (which then see the
        centred data, :func:`regprior.datafits.quadratic.prepare`, and :math:`n - 1` degrees of freedom) and drawn from
        its conditional :math:`\mathcal N(\bar y - \bar x^\top\beta, \sigma^2/n)` in each sweep.
    n_samples : int, default 2000
        Number of draws kept per chain.
    burn_in : int, default 500
        Number of initial sweeps of each chain discarded.
    thin : int, default 1
        Keep every ``thin``-th sweep after the burn-in.
    n_chains : int, default 4
        Number of independent chains, each with its own random stream (``SeedSequence.spawn``) and its own
        starting point (mixing variances drawn from their prior), so that :meth:`GibbsSamples.rhat` can tell
        whether they agree.
    random_state : None, int or numpy.random.Generator
        Seed (results are reproducible for a fixed seed).
    verbose : bool or int, default False
        Report progress over the sweeps (a tqdm bar when tqdm is installed).

    Returns
    -------
    GibbsSamples
        ``mixing_var`` holds the prior variance of each :math:`\beta_j` given the latent variables, with
        ``scale_with_noise`` too (there it is :math:`\sigma^2\tau_j^2`, so that Park & Casella's
        :math:`\tau_j^2` is ``mixing_var / noise_var[:, None]``).

    Raises
    ------
    TypeError
        When both or neither of ``noise_sd`` and ``noise_prior`` are given, ``noise_prior`` is not an
        :class:`~regprior.InverseGammaPrior`, or ``b`` is a LaplacePrior with ``scale_with_noise``.
    ValueError
        For a ``b`` of the wrong length, not positive, or a LaplacePrior with a nonzero mean; for an improper
        posterior of σ²; where :math:`1/b^2` (or :math:`1/(b\sigma)^2` at a known σ) is not representable in
        float64; and when the chain leaves float64 (a mixing variance, the rate of σ²'s full conditional or a
        draw overflows), naming the sweep where it is known. Rescaling X and y brings such a problem back into
        range.

    Notes
    -----
    One sweep draws β from its Gaussian full conditional (a Cholesky factorization of a :math:`p\times p`
    matrix), then every :math:`1/\tau_j^2` from its inverse-Gaussian full conditional, then σ² if it is
    unknown (and the intercept). Every draw is nonzero with probability one: the posterior has a density, so
    its mean and median are not sparse, while its mode, the lasso, is.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((50, 3))
    >>> y = X @ np.array([1.0, 0.0, -0.5]) + 0.5 * rng.standard_normal(50)
    >>> draws = rp.bayesian_lasso_gibbs(X, y, b=0.2, noise_sd=0.5, n_samples=1000, random_state=1)
    >>> draws
    GibbsSamples(coef=<array 4000x3>, mixing_var=<array 4000x3>, noise_var=<array 4000>, intercept=None, n_chains=4)
    >>> np.round(draws.mean(), 2)
    array([ 1.07, -0.06, -0.45])
    >>> bool(np.all(draws.rhat() < 1.01))
    True
    """
    names = feature_names(X)
    X, y = check_data(X, y)
    n, p = X.shape
    scale_with_noise = check_flag(scale_with_noise, "scale_with_noise")
    if scale_with_noise and isinstance(b, LaplacePrior):
        raise TypeError("b: with scale_with_noise=True, b is the Laplace scale in units of the noise sd (Park & "
                        "Casella's 1/lambda), a number or an array; a LaplacePrior's scale is absolute")
    b = _laplace_scale(b, p)
    if (noise_sd is None) == (noise_prior is None):
        raise TypeError("noise_sd or noise_prior: give exactly one (a known noise sd, or a prior on sigma^2)")
    if noise_prior is not None and not isinstance(noise_prior, InverseGammaPrior):
        raise TypeError(f"noise_prior must be an InverseGammaPrior; got {type(noise_prior).__name__}")
    fit_intercept = check_flag(fit_intercept, "fit_intercept")
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    burn_in = check_int(burn_in, "burn_in", minimum=0)
    thin = check_int(thin, "thin", minimum=1)
    n_chains = check_int(n_chains, "n_chains", minimum=1)
    verbose = check_verbose(verbose)
    streams = _rng(random_state).spawn(n_chains)
    # sigma^2 = w / 2 with the prior weight w = 2 sigma^2, which refuses a noise sd whose square is not representable
    known_var = canonical_weight(noise_sd) / 2 if noise_sd is not None else None
    with np.errstate(over="ignore", divide="ignore"):
        shape_ig = 1.0 / b**2  # the shape of the inverse-Gaussian full conditional of 1/tau_j^2
    representable(shape_ig, "b (1/b^2, the shape of the full conditional of 1/tau^2)")
    prep = prepare(X, y, fit_intercept=fit_intercept, order=None)
    dof = n - int(fit_intercept)  # the flat intercept integrated out costs one observation
    if noise_prior is not None and noise_prior.shape + dof / 2 <= 0:
        raise ValueError("noise_prior: the posterior of sigma^2 is improper for these data (a0 + (n - 1)/2 <= 0)")
    if scale_with_noise and known_var is not None:
        # the prior conditional on a known sigma is the default model at the absolute scale b * sigma
        b, scale_with_noise = b * np.sqrt(known_var), False
        with np.errstate(over="ignore", divide="ignore"):  # an inf or a 0 is refused by name just below
            shape_ig = 1.0 / b**2
        representable(shape_ig, "b * noise_sd (the Laplace scale the prior has at this noise level)")

    total = burn_in + n_samples * thin
    chains = [_chain(prep, fit_intercept, b, scale_with_noise, known_var, noise_prior, dof, stream, total, burn_in,
                     thin, n_samples, progress_of=(verbose, f"bayesian_lasso_gibbs chain {c + 1}/{n_chains}"))
              for c, stream in enumerate(streams)]
    coef, tau2, var, intercept = (np.concatenate(parts) for parts in zip(*chains))
    return annotate(GibbsSamples(coef, tau2, var, intercept if fit_intercept else None, n_chains),
                    feature_names=names)


def _inverse_gaussian(rng: np.random.Generator, mean: np.ndarray, shape: float) -> np.ndarray:
    r"""One draw from each inverse Gaussian :math:`\operatorname{IG}(\mu_j, \lambda)` (Michael, Schucany & Haas 1976).

    With :math:`N` standard normal and :math:`r = \mu N^2/(2\lambda)`, the smaller root of the transformation is
    :math:`x = \mu\bigl(1 + r - \sqrt{r(r + 2)}\bigr) = \mu/d`, :math:`d = 1 + r + \sqrt{r(r + 2)}`; it is kept
    with probability :math:`\mu/(\mu + x) = d/(d + 1)`, and otherwise the larger root :math:`\mu^2/x = \mu d` is
    drawn. The first form, which NumPy's ``Generator.wald`` evaluates, subtracts nearly equal numbers when
    :math:`r` is large and returns 0 once :math:`\mu/\lambda` exceeds about :math:`10^{13}` (a Laplace scale
    :math:`10^{14}` times the coefficients, a nearly flat prior); :math:`\mu/d` has no cancellation.
    """
    r = mean * rng.standard_normal(mean.shape) ** 2 / (2.0 * shape)
    d = 1.0 + r + np.sqrt(r) * np.sqrt(r + 2.0)
    return np.where(rng.random(mean.shape) * (d + 1.0) <= d, mean / d, mean * d)


def _chain(prep, fit_intercept, b, scale_with_noise, known_var, noise_prior, dof, rng, total, burn_in, thin, n_samples,
           progress_of):
    r"""One chain: ``(coef, mixing_var, noise_var, intercept)`` draws, ``n_samples`` of each.

    The state is β, σ² and the inverse mixing variances ``inv_tau2``, the reciprocals of the prior variances
    of the :math:`\beta_j` given the latent variables (:math:`\sigma^2\tau_j^2` with ``scale_with_noise``,
    whose absolute Laplace scale is then :math:`b\sigma` for the current σ).
    """
    X, y = prep.X, prep.y
    n, p = X.shape
    gram, xty = X.T @ X, X.T @ y
    shape_post = None if noise_prior is None else noise_prior.shape + dof / 2 + (p / 2 if scale_with_noise else 0)
    var = known_var if known_var is not None else float(np.var(y)) or 1.0
    scale = b * np.sqrt(var) if scale_with_noise else b  # the absolute Laplace scale (checked representable)
    # a dispersed start: the mixing variances drawn from their prior; where 2 scale^2 overflows (b near 1e154) the
    # draw is inf and the start the flat limit, 1/tau^2 = 0
    with np.errstate(over="ignore"):
        inv_tau2 = 1.0 / rng.exponential(2 * scale**2)
    out_coef = np.empty((n_samples, p))
    out_tau2 = np.empty((n_samples, p))
    out_var = np.empty(n_samples)
    out_intercept = np.zeros(n_samples)
    normals = rng.standard_normal((total, p))
    diag = np.arange(p) * (p + 1)
    kept = 0
    verbose, desc = progress_of
    for sweep in progress(range(total), total=total, desc=desc, verbose=verbose):
        # beta | tau^2, sigma^2: N(A^-1 X^T y, sigma^2 A^-1), A = X^T X + sigma^2 diag(1/tau^2); LAPACK is called
        # directly because for small p the wrappers' checks cost more than the factorization
        A = gram.copy()
        A.flat[diag] += var * inv_tau2
        L, info = lapack.dpotrf(A, lower=1)
        if info != 0:  # A is positive definite for every finite positive tau^2 and sigma^2: a draw overflowed
            raise ValueError(f"b, X, y: in sweep {sweep} the chain left the range of float64 (a mixing variance "
                             f"overflowed or underflowed); {_RESCALE}")
        mean, _ = lapack.dpotrs(L, xty, lower=1)
        noise, _ = lapack.dtrtrs(L, normals[sweep], lower=1, trans=1)
        coef = mean + np.sqrt(var) * noise
        # 1/tau_j^2 | beta_j: inverse Gaussian with mean 1/(b |beta_j|) and shape 1/b^2, b the absolute scale
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):  # out of range: refused further on
            inv_tau2 = _inverse_gaussian(rng, 1.0 / (scale * np.maximum(np.abs(coef), np.finfo(float).tiny)),
                                         1.0 / scale**2)
        if shape_post is not None:
            r = y - X @ coef
            rate = noise_prior.scale + 0.5 * float(r @ r)
            if scale_with_noise:  # beta_j | sigma^2, tau_j^2 ~ N(0, sigma^2 tau_j^2) enters the likelihood of sigma^2
                rate += 0.5 * var * float(coef**2 @ inv_tau2)
            draw = rng.gamma(shape_post, 1.0 / rate)  # 1/sigma^2; 0 where the rate overflowed, NaN where it is NaN
            if not draw > 0.0:
                raise ValueError(f"b, X, y: in sweep {sweep} the chain left the range of float64 (the rate of the "
                                 f"noise variance's full conditional overflowed, or its draw underflowed); {_RESCALE}")
            new_var = 1.0 / draw
            if scale_with_noise:  # Park & Casella's tau^2 is held fixed: the variances sigma^2 tau_j^2 follow sigma^2
                with np.errstate(over="ignore"):  # an inf is refused by the next factorization or after the chain
                    inv_tau2 *= var / new_var
                scale = b * np.sqrt(new_var)
            var = new_var
        if sweep >= burn_in and (sweep - burn_in) % thin == 0:
            with np.errstate(divide="ignore", over="ignore"):  # a tau^2 out of range is refused after the chain
                out_coef[kept], out_tau2[kept], out_var[kept] = coef, 1.0 / inv_tau2, var
            if fit_intercept:  # drawn only when kept: no other update uses it
                # beta_0 | beta, sigma^2, y ~ N(ybar - xbar^T beta, sigma^2 / n) under its flat prior
                out_intercept[kept] = prep.intercept(coef) + np.sqrt(var / n) * rng.standard_normal()
            kept += 1
    if not (np.all(np.isfinite(out_coef)) and np.all(np.isfinite(out_tau2)) and np.all(np.isfinite(out_var))):
        raise ValueError(f"b, X, y: the chain left the range of float64 (a draw overflowed or was NaN); {_RESCALE}")
    return out_coef, out_tau2, out_var, out_intercept
