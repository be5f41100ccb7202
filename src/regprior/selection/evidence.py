r"""Choosing the ridge strength by the evidence: empirical Bayes (type-II maximum likelihood).

With :math:`\beta \sim \mathcal N(0, \alpha^{-1}I)` and :math:`y \mid \beta \sim \mathcal N(X\beta, \tau^{-1}I)`, the
evidence :math:`p(y \mid \alpha, \tau)` is Gaussian in y; :func:`evidence_ridge` maximizes it over the weight
precision α and the noise precision τ (PRML §3.5, scikit-learn's ``BayesianRidge``) and returns ridge at
:math:`\lambda = \alpha/\tau`, derived on the unknown-noise page. One thin SVD of X serves every step
(:class:`regprior.solvers.spectral.Spectrum`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._results import Readable, annotate, feature_names
from .._validation import check_data, check_flag, check_max_iter, check_scalar
from ..datafits.quadratic import prepare
from ..solvers.fixed_point import fixed_point
from ..solvers.spectral import Spectrum

__all__ = ["EvidenceResult", "evidence_ridge", "log_evidence"]


@dataclass(frozen=True, repr=False)
class EvidenceResult(Readable):
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
    intercept : float
        The intercept's posterior mean :math:`\bar y - \bar x^\top m` (0.0 without ``fit_intercept``).
    """

    coef: np.ndarray
    weight_precision: float
    noise_precision: float
    log_evidence: float
    effective_params: float
    n_iter: int
    converged: bool
    intercept: float = 0.0

    @property
    def lam(self) -> float:
        r""":math:`\lambda = \alpha/\tau = \sigma^2/\sigma_w^2`, the canonical ridge strength."""
        return self.weight_precision / self.noise_precision


def _log_evidence(n, d, rss, mm, alpha, tau):
    return float(0.5 * (d.size * np.log(alpha) + n * np.log(tau) - tau * rss - alpha * mm
                        - np.sum(np.log(alpha + tau * d)) - n * np.log(2 * np.pi)))


def log_evidence(X, y, weight_precision: float, noise_precision: float) -> float:
    r""":math:`\log p(y \mid X, \alpha, \tau)` for :math:`\beta \sim \mathcal N(0, \alpha^{-1}I)`,
    :math:`y \mid \beta \sim \mathcal N(X\beta, \tau^{-1}I)`.

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
    spectrum = Spectrum.of_design(X)
    m = spectrum.ridge(y, alpha / tau)[0]
    r = y - X @ m
    return _log_evidence(n, spectrum.eigenvalues(), float(r @ r), float(m @ m), alpha, tau)


def evidence_ridge(X, y, *, fit_intercept: bool = False, weight_precision_init: float = 1.0,
                   noise_precision_init: float | None = None, tol: float = 1e-10,
                   max_iter: int = 1000) -> EvidenceResult:
    r"""Empirical Bayes ridge: maximize the evidence over the weight precision α and noise precision τ.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    fit_intercept : bool, default False
        Add an intercept with a flat prior and integrate it out: the evidence is that of the centred data
        (:func:`regprior.datafits.quadratic.prepare`) with :math:`n - 1` observations, times :math:`n^{-1/2}` (the
        integral over the intercept), and the re-estimation of τ uses :math:`n - 1 - \gamma`. scikit-learn's
        ``BayesianRidge`` centres too but keeps n, i.e. treats the centring as known, not estimated.
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
    names = feature_names(X)
    prep = prepare(X, y, fit_intercept=check_flag(fit_intercept, "fit_intercept"), order=None)
    X, y = prep.X, prep.y
    n = X.shape[0] - int(fit_intercept)  # the observations left once the flat intercept is integrated out
    if n < 1:
        raise ValueError("X: one sample and an intercept leave no observation for the evidence")
    alpha = check_scalar(weight_precision_init, "weight_precision_init", strict=True)
    if noise_precision_init is None:
        var = float(np.var(y))
        tau = 1.0 / var if var > 0 else 1.0
    else:
        tau = check_scalar(noise_precision_init, "noise_precision_init", strict=True)
    tol = check_scalar(tol, "tol", strict=True)
    max_iter = check_max_iter(max_iter)
    spectrum = Spectrum.of_design(X)
    d = spectrum.eigenvalues()
    if not np.any(spectrum.projection(y)[0][~spectrum.negligible] != 0):
        raise ValueError("y is orthogonal to every column of X (or zero), so the evidence grows without bound as "
                         "the weight precision grows: there is no finite maximum")

    def state(alpha, tau):
        m = spectrum.ridge(y, alpha / tau)[0]
        r = y - X @ m
        return m, float(r @ r), float(m @ m), float(np.sum(tau * d / (alpha + tau * d)))

    def reestimate(precisions):
        m, rss, mm, gamma = state(*precisions)
        if not (mm > 0 and rss > 0):
            raise ValueError("X and y: the re-estimation reached m = 0 or an exact fit; the evidence has no "
                             "interior maximum for these data")
        return gamma / mm, (n - gamma) / rss

    (alpha, tau), n_iter, converged = fixed_point(reestimate, (alpha, tau), tol, max_iter,
                                                   "evidence_ridge", "the precisions")
    m, rss, mm, gamma = state(alpha, tau)
    log_ev = _log_evidence(n, d, rss, mm, alpha, tau) - (0.5 * np.log(n + 1) if fit_intercept else 0.0)
    return annotate(EvidenceResult(m, alpha, tau, log_ev, gamma, n_iter, converged, prep.intercept(m)),
                    feature_names=names)
