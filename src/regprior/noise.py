r"""Unknown noise variance: three ways to handle :math:`\sigma^2`, derived on the unknown-noise page.

With :math:`y = X\beta + \varepsilon`, :math:`\varepsilon \sim \mathcal N(0, \sigma^2 I)` and σ² not known:

* :func:`joint_map` maximizes :math:`p(\beta, \sigma^2 \mid y)` under a Gaussian prior
  :math:`\mathcal N(\theta_0, s_j^2)` on each coefficient and a flat or inverse-gamma prior on σ². The
  two unknowns are coupled: β is ridge with :math:`\lambda_j = \sigma^2/s_j^2`, and σ² is
  :math:`(\lVert y - X\beta\rVert^2 + 2b_0)/(n + 2a_0 + 2)`; a fixed-point iteration alternates the two.
* :func:`nig_posterior` uses the conjugate normal-inverse-gamma prior
  :math:`\beta \mid \sigma^2 \sim \mathcal N(\theta_0, \sigma^2 V_0)`, :math:`\sigma^2 \sim \mathrm{IG}(a_0, b_0)`:
  the posterior is closed-form, its β-mode is ridge with :math:`\lambda = 1/v_0`, free of σ², and the
  marginal posterior of β is a multivariate t.
* :func:`evidence_ridge` chooses the weight precision α and noise precision τ by maximizing the
  evidence :math:`p(y \mid \alpha, \tau)` (empirical Bayes, type-II maximum likelihood; PRML §3.5,
  scikit-learn's ``BayesianRidge``), and returns ridge at :math:`\lambda = \alpha/\tau`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla
from scipy import stats

from ._summaries import QuantileIntervals
from ._validation import check_data, check_flag, check_int, check_positive_per_feature, check_scalar
from .exceptions import warn_convergence
from .priors import GaussianPrior
from .solvers import ridge

__all__ = ["InverseGammaPrior", "JointMAPResult", "joint_map", "NIGPosterior", "nig_posterior", "EvidenceResult",
           "evidence_ridge", "log_evidence"]


@dataclass(frozen=True)
class InverseGammaPrior:
    r"""An inverse-gamma prior :math:`\mathrm{IG}(a_0, b_0)` on the noise variance σ².

    The density is :math:`\frac{b_0^{a_0}}{\Gamma(a_0)}(\sigma^2)^{-a_0-1}e^{-b_0/\sigma^2}`; equivalently the
    noise precision :math:`1/\sigma^2` is Gamma with shape :math:`a_0` and rate :math:`b_0`.

    Parameters
    ----------
    shape : float
        :math:`a_0 \ge 0`.
    scale : float
        :math:`b_0 \ge 0`. ``shape = scale = 0`` is the improper Jeffreys prior
        :math:`p(\sigma^2) \propto 1/\sigma^2`; a proper prior needs both > 0.

    Examples
    --------
    >>> prior = rp.InverseGammaPrior(3.0, 2.0)
    >>> prior.mode        # b0 / (a0 + 1)
    0.5
    """

    shape: float
    scale: float

    def __post_init__(self):
        object.__setattr__(self, "shape", check_scalar(self.shape, "shape", strict=False))
        object.__setattr__(self, "scale", check_scalar(self.scale, "scale", strict=False))

    @property
    def mode(self) -> float:
        """:math:`b_0/(a_0 + 1)`, the most probable σ² a priori."""
        return self.scale / (self.shape + 1)


def _noise_prior_parameters(noise_prior) -> tuple[float, float]:
    """(a0, b0) of the noise prior; a flat prior on sigma^2 (None) is the limit a0 = -1, b0 = 0."""
    if noise_prior is None:
        return -1.0, 0.0
    if not isinstance(noise_prior, InverseGammaPrior):
        raise TypeError(f"noise_prior must be an InverseGammaPrior or None (flat); got {type(noise_prior).__name__}")
    return noise_prior.shape, noise_prior.scale


def _fixed_point(step, start: tuple, tol: float, max_iter: int, name: str, what: str):
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


@dataclass(frozen=True)
class JointMAPResult:
    r"""The joint mode of :math:`p(\beta, \sigma^2 \mid y)`.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        :math:`\hat\beta`, ridge at ``lam``.
    intercept : float
        The intercept (flat prior; 0.0 unless ``fit_intercept=True``).
    noise_var : float
        :math:`\hat\sigma^2`.
    lam : float or ndarray
        :math:`\sigma^2/s_j^2` at the solution: the ridge strength the joint mode implies.
    objective : float
        :math:`-\log p(\beta, \sigma^2 \mid y)` up to a constant free of β and σ² (see :func:`joint_map`).
    n_iter : int
        Fixed-point iterations run.
    converged : bool
        Whether the relative change of σ² fell below ``tol``.
    """

    coef: np.ndarray
    intercept: float
    noise_var: float
    lam: float | np.ndarray
    objective: float
    n_iter: int
    converged: bool


def joint_map(X, y, prior: GaussianPrior, noise_prior: InverseGammaPrior | None = None, *,
              fit_intercept: bool = False, noise_var_init: float | None = None, tol: float = 1e-10,
              max_iter: int = 1000) -> JointMAPResult:
    r"""Maximize :math:`p(\beta, \sigma^2 \mid y, X)` jointly, by the coupled fixed point.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    prior : GaussianPrior
        :math:`\beta_j \sim \mathcal N(\theta_{0j}, s_j^2)` with scales that do **not** depend on σ².
    noise_prior : InverseGammaPrior or None, default None
        Prior on σ²; ``None`` is the flat prior :math:`p(\sigma^2) \propto 1`.
    fit_intercept : bool, default False
        Add an unpenalized intercept (flat prior).
    noise_var_init : float, optional
        Starting σ² (default: the mean square of the centred response, or 1 if that is 0).
    tol : float, default 1e-10
        Stop when the relative change of σ² in one iteration is at most ``tol``.
    max_iter : int, default 1000

    Returns
    -------
    JointMAPResult

    Raises
    ------
    ValueError
        For bad input, and when the joint posterior has no maximum: with ``b0 = 0`` (flat or Jeffreys
        prior on σ²) and data that a linear fit reproduces exactly (e.g. p >= n), the density grows
        without bound as σ² → 0.

    Warns
    -----
    ConvergenceWarning
        When ``max_iter`` iterations end with a relative change of σ² above ``tol``.

    Notes
    -----
    Up to a constant, with :math:`(a_0, b_0) = (-1, 0)` for the flat prior,

    .. math::

        -\log p(\beta, \sigma^2 \mid y) = \Bigl(\frac n2 + a_0 + 1\Bigr)\log\sigma^2
            + \frac{\lVert y - X\beta\rVert^2 + 2b_0}{2\sigma^2} + \sum_j \frac{(\beta_j - \theta_{0j})^2}{2s_j^2}.

    Minimizing over β at fixed σ² is ridge with :math:`\lambda_j = \sigma^2/s_j^2`; minimizing over σ² at
    fixed β gives :math:`\sigma^2 = (\lVert y - X\beta\rVert^2 + 2b_0)/(n + 2a_0 + 2)`. Each half-step
    lowers the objective, so the iteration converges to a stationary point; the objective is not jointly
    convex, so with several stationary points the one reached depends on ``noise_var_init``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((50, 3))
    >>> y = X @ np.array([1.0, -2.0, 0.5]) + 0.3 * rng.standard_normal(50)
    >>> fit = rp.joint_map(X, y, rp.GaussianPrior(1.0))
    >>> round(fit.noise_var, 4), round(fit.lam, 4)         # lam = noise_var / 1.0**2
    (0.0783, 0.0783)
    """
    X, y = check_data(X, y)
    n, p = X.shape
    if not isinstance(prior, GaussianPrior):
        raise TypeError(f"prior must be a GaussianPrior (scale not tied to the noise); got {type(prior).__name__}")
    a0, b0 = _noise_prior_parameters(noise_prior)
    fit_intercept = check_flag(fit_intercept, "fit_intercept")
    tol = check_scalar(tol, "tol", strict=True)
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    if noise_var_init is not None:
        noise_var_init = check_scalar(noise_var_init, "noise_var_init", strict=True)
    y_c = y - y.mean() if fit_intercept else y
    X_c = X - X.mean(axis=0) if fit_intercept else X
    if b0 == 0.0:
        coef_ls, *_ = np.linalg.lstsq(X_c, y_c)
        if np.sum((y_c - X_c @ coef_ls) ** 2) <= (1e-10 * np.linalg.norm(y_c)) ** 2:
            raise ValueError(
                "X and y: the data are fitted exactly by a linear model, so with no inverse-gamma scale (b0 = 0) "
                "the joint posterior grows without bound as sigma^2 -> 0 and has no maximum; pass "
                "noise_prior=InverseGammaPrior(a0, b0) with b0 > 0"
            )
    noise_var = (float(np.mean(y_c**2)) or 1.0) if noise_var_init is None else noise_var_init
    prior_var = np.asarray(prior.scale, dtype=float) ** 2
    dof = n + 2 * a0 + 2

    def beta_step(var):
        return ridge(X, y, var / prior_var, prior_mean=prior.mean, fit_intercept=fit_intercept)

    def noise_step(state):
        fit = beta_step(state[0])
        r = y - fit.intercept - X @ fit.coef
        new = (float(r @ r) + 2 * b0) / dof
        if not new > 0:  # pragma: no cover - excluded by the exact-fit check above
            raise ValueError("noise variance reached 0: the joint posterior has no maximum for these data")
        return (new,)

    (noise_var,), n_iter, converged = _fixed_point(noise_step, (noise_var,), tol, max_iter,
                                                   "joint_map", "the noise variance")
    fit = beta_step(noise_var)
    r = y - fit.intercept - X @ fit.coef
    lam = noise_var / prior_var
    objective = ((n / 2 + a0 + 1) * np.log(noise_var) + (float(r @ r) + 2 * b0) / (2 * noise_var)
                 + float(np.sum((fit.coef - prior.mean) ** 2 / (2 * prior_var))))
    return JointMAPResult(fit.coef, fit.intercept, noise_var, float(lam) if np.ndim(lam) == 0 else lam,
                          float(objective), n_iter, converged)


@dataclass(frozen=True)
class NIGPosterior(QuantileIntervals):
    r"""The normal-inverse-gamma posterior :math:`\sigma^2 \sim \mathrm{IG}(a_n, b_n)`, :math:`\beta \mid \sigma^2 \sim \mathcal N(m, \sigma^2 V_n)`.

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
    """

    mean: np.ndarray
    cov_factor: np.ndarray
    shape: float
    scale: float
    lam: float | np.ndarray

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


def nig_posterior(X, y, prior_cov_factor, noise_prior: InverseGammaPrior, *, prior_mean=None) -> NIGPosterior:
    r"""The conjugate posterior under :math:`\beta \mid \sigma^2 \sim \mathcal N(\theta_0, \sigma^2 V_0)`, :math:`\sigma^2 \sim \mathrm{IG}(a_0, b_0)`.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    prior_cov_factor : float or array_like of shape (n_features,)
        :math:`v_0 > 0` (:math:`V_0 = v_0 I`) or one :math:`v_{0j} > 0` per coefficient
        (:math:`V_0 = \operatorname{diag}(v_{0j})`): the prior variance of β *in units of* σ².
    noise_prior : InverseGammaPrior
        :math:`\mathrm{IG}(a_0, b_0)`; ``InverseGammaPrior(0, 0)`` is the Jeffreys limit.
    prior_mean : float or array_like of shape (n_features,), optional
        :math:`\theta_0` (default 0).

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
    X, y = check_data(X, y)
    n, p = X.shape
    if not isinstance(noise_prior, InverseGammaPrior):
        raise TypeError(f"noise_prior must be an InverseGammaPrior; got {type(noise_prior).__name__}")
    v0 = check_positive_per_feature(prior_cov_factor, "prior_cov_factor", p)
    fit = ridge(X, y, 1.0 / v0, prior_mean=prior_mean)
    A = X.T @ X + np.diag(1.0 / v0)
    cov_factor = sla.cho_solve(sla.cho_factor(A, lower=True), np.eye(p))
    theta0 = np.zeros(p) if prior_mean is None else np.broadcast_to(np.asarray(prior_mean, float), (p,))
    r = y - X @ fit.coef
    scale = noise_prior.scale + 0.5 * (float(r @ r) + float(np.sum((fit.coef - theta0) ** 2 / v0)))
    if not scale > 0:
        raise ValueError("noise_prior: b_n = 0 (scale 0 and an exact fit), so the posterior of sigma^2 is improper")
    lam = 1.0 / v0
    return NIGPosterior(fit.coef, (cov_factor + cov_factor.T) / 2, noise_prior.shape + n / 2, scale,
                        float(lam[0]) if np.ndim(prior_cov_factor) == 0 else lam)


@dataclass(frozen=True)
class EvidenceResult:
    r"""Ridge with the precisions that maximize the evidence.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        The posterior mean of β at the chosen precisions: ridge with ``lam``.
    weight_precision : float
        α, the prior precision :math:`1/\sigma_w^2` of each coefficient (PRML's α; scikit-learn's ``lambda_``).
    noise_precision : float
        τ, the noise precision :math:`1/\sigma^2` (PRML's β; scikit-learn's ``alpha_``).
    log_evidence : float
        :math:`\log p(y \mid \alpha, \tau)` at the solution.
    effective_params : float
        γ, the effective number of well-determined parameters.
    n_iter : int
        Re-estimation steps run.
    converged : bool
        Whether the relative change of both precisions fell below ``tol``.
    """

    coef: np.ndarray
    weight_precision: float
    noise_precision: float
    log_evidence: float
    effective_params: float
    n_iter: int
    converged: bool

    @property
    def lam(self) -> float:
        r""":math:`\lambda = \alpha/\tau = \sigma^2/\sigma_w^2`, the canonical ridge strength."""
        return self.weight_precision / self.noise_precision


def _spectrum(X: np.ndarray, y: np.ndarray):
    """Eigenvalues of X^T X (all p of them) and what the posterior mean needs, from one thin SVD."""
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    d = np.zeros(X.shape[1])
    d[: s.size] = s**2
    return d, s, Vt, U.T @ y


def _posterior_mean(s, Vt, Uty, lam):
    return Vt.T @ (s / (s**2 + lam) * Uty)


def _log_evidence(n, d, rss, mm, alpha, tau):
    return float(0.5 * (d.size * np.log(alpha) + n * np.log(tau) - tau * rss - alpha * mm
                        - np.sum(np.log(alpha + tau * d)) - n * np.log(2 * np.pi)))


def log_evidence(X, y, weight_precision: float, noise_precision: float) -> float:
    r""":math:`\log p(y \mid X, \alpha, \tau)` for :math:`\beta \sim \mathcal N(0, \alpha^{-1}I)`, :math:`y \mid \beta \sim \mathcal N(X\beta, \tau^{-1}I)`.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    weight_precision : float
        α > 0.
    noise_precision : float
        τ > 0.

    Returns
    -------
    float
        :math:`\frac p2\log\alpha + \frac n2\log\tau - \frac\tau2\lVert y - Xm\rVert^2 - \frac\alpha2 m^\top m
        - \frac12\sum_j\log(\alpha + \tau d_j) - \frac n2\log 2\pi`, with m the posterior mean and
        :math:`d_j` the eigenvalues of :math:`X^\top X` (derived on the unknown-noise page).

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> round(rp.log_evidence(X, y, 1.0, 1.0), 6)
    -5.609036
    """
    X, y = check_data(X, y)
    n = X.shape[0]
    alpha = check_scalar(weight_precision, "weight_precision", strict=True)
    tau = check_scalar(noise_precision, "noise_precision", strict=True)
    d, s, Vt, Uty = _spectrum(X, y)
    m = _posterior_mean(s, Vt, Uty, alpha / tau)
    r = y - X @ m
    return _log_evidence(n, d, float(r @ r), float(m @ m), alpha, tau)


def evidence_ridge(X, y, *, weight_precision_init: float = 1.0, noise_precision_init: float | None = None,
                   tol: float = 1e-10, max_iter: int = 1000) -> EvidenceResult:
    r"""Empirical Bayes ridge: maximize the evidence over the weight precision α and noise precision τ.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
        No intercept is fitted; centre X and y first if the model has one.
    weight_precision_init : float, default 1.0
        Starting α.
    noise_precision_init : float, optional
        Starting τ (default :math:`1/\operatorname{var}(y)`, as scikit-learn).
    tol : float, default 1e-10
        Stop when both precisions change by at most ``tol`` relative to their values.
    max_iter : int, default 1000

    Returns
    -------
    EvidenceResult

    Warns
    -----
    ConvergenceWarning
        When ``max_iter`` steps end above ``tol``.

    Notes
    -----
    With :math:`d_j` the eigenvalues of :math:`X^\top X`, m the posterior mean (ridge at
    :math:`\lambda = \alpha/\tau`) and :math:`\gamma = \sum_j \tau d_j/(\alpha + \tau d_j)`, the stationarity
    conditions of the log evidence are the re-estimation equations

    .. math::

        \alpha = \frac{\gamma}{m^\top m},\qquad \tau = \frac{n - \gamma}{\lVert y - Xm\rVert^2},

    iterated from the starting values (MacKay's updates, as in scikit-learn's ``BayesianRidge`` with its
    Gamma hyperpriors switched off). One thin SVD of X makes each step cost O(np).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((50, 3))
    >>> y = X @ np.array([1.0, -2.0, 0.5]) + 0.3 * rng.standard_normal(50)
    >>> fit = rp.evidence_ridge(X, y)
    >>> round(1 / fit.noise_precision, 4), round(fit.lam, 5)      # sigma^2 and lambda = alpha / tau
    (0.0833, 0.04495)
    """
    X, y = check_data(X, y)
    n, p = X.shape
    alpha = check_scalar(weight_precision_init, "weight_precision_init", strict=True)
    if noise_precision_init is None:
        var = float(np.var(y))
        tau = 1.0 / var if var > 0 else 1.0
    else:
        tau = check_scalar(noise_precision_init, "noise_precision_init", strict=True)
    tol = check_scalar(tol, "tol", strict=True)
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    d, s, Vt, Uty = _spectrum(X, y)
    if not np.any(Uty != 0):
        raise ValueError("y is orthogonal to every column of X (or zero), so the evidence grows without bound as "
                         "the weight precision grows: there is no finite maximum")

    def state(alpha, tau):
        m = _posterior_mean(s, Vt, Uty, alpha / tau)
        r = y - X @ m
        return m, float(r @ r), float(m @ m), float(np.sum(tau * d / (alpha + tau * d)))

    def reestimate(precisions):
        m, rss, mm, gamma = state(*precisions)
        if not (mm > 0 and rss > 0):
            raise ValueError("X and y: the re-estimation reached m = 0 or an exact fit; the evidence has no "
                             "interior maximum for these data")
        return gamma / mm, (n - gamma) / rss

    (alpha, tau), n_iter, converged = _fixed_point(reestimate, (alpha, tau), tol, max_iter,
                                                   "evidence_ridge", "the precisions")
    m, rss, mm, gamma = state(alpha, tau)
    return EvidenceResult(m, alpha, tau, _log_evidence(n, d, rss, mm, alpha, tau), gamma, n_iter, converged)
