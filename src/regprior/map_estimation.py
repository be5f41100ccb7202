r"""From a prior and a likelihood to the maximum a posteriori estimate.

Every function here does the same three things: it builds the datafit (the negative log-likelihood, times its
prior weight w), asks the prior for its penalty at that weight (:meth:`regprior.Prior.penalty`), and hands both to
the first solver that can minimize them (:func:`regprior.solvers.select_solver`):

=====================  ================================  ======================================
likelihood             datafit (weight w)                 e.g. with a Gaussian / Laplace prior
=====================  ================================  ======================================
Gaussian, sd σ         least squares (:math:`2\sigma^2`)  ridge (direct) / lasso (coordinate descent)
Bernoulli (logistic)   log-loss (1)                       Newton / proximal gradient
=====================  ================================  ======================================

A prior that is not Gaussian or Laplace needs no code here: a Student-t prior's smooth log penalty is minimized by
L-BFGS, a uniform prior's box by proximal gradient.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._results import Readable, annotate, feature_names
from ._validation import check_coef, check_data, check_design, check_flag, check_max_iter, check_scalar
from .datafits.logistic import Logistic
from .datafits.quadratic import Quadratic, prepare
from .priors.base import Prior
from .priors.noise_variance import InverseGammaPrior, noise_prior_parameters
from .selection.noise import estimate_noise_sd
from .solvers.base import SolverResult
from .solvers.registry import select_solver
from .solvers.fixed_point import fixed_point

__all__ = ["map_estimate", "map_result", "logistic_map", "LogisticResult", "joint_map", "JointMAPResult"]

#: the result of :func:`logistic_map` (a :class:`~regprior.solvers.base.SolverResult`)
LogisticResult = SolverResult


def _check_prior(prior) -> Prior:
    if not isinstance(prior, Prior):
        raise TypeError(f"prior must be a regprior Prior (e.g. GaussianPrior, LaplacePrior); "
                        f"got {type(prior).__name__}")
    return prior


def _center(prior: Prior):
    """The prior mean as the datafit's shift (None when it is 0: nothing to shift)."""
    return None if np.ndim(prior.mean) == 0 and prior.mean == 0 else prior.mean


def _noise(X, y, noise_sd, fit_intercept, sample_weight):
    """``(noise_sd, estimate)``: the given σ, or with ``"auto"`` the estimate of :func:`~regprior.estimate_noise_sd`."""
    if isinstance(noise_sd, str):
        if noise_sd != "auto":
            raise ValueError(f"noise_sd must be a positive number or 'auto'; got {noise_sd!r}")
        estimate = estimate_noise_sd(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight)
        return estimate.noise_sd, estimate
    if noise_sd is None:
        raise TypeError("noise_sd must be a positive number, or 'auto' to estimate it from the data; got None")
    return noise_sd, None


def map_estimate(X, y, prior: Prior, noise_sd: float | str, **options) -> np.ndarray:
    r"""The maximum a posteriori coefficients under ``prior`` and Gaussian noise of sd ``noise_sd``.

    The prior is turned into its penalty at the prior weight :math:`2\sigma^2` (for a Gaussian prior the ridge
    penalty :math:`\sigma^2/\sigma_w^2\lVert\beta - \theta_0\rVert^2`, for a Laplace prior the lasso penalty
    :math:`2\sigma^2/b\,\lVert\beta - \theta_0\rVert_1`, for a full covariance
    :math:`(\beta-\theta_0)^\top\sigma^2\Sigma^{-1}(\beta-\theta_0)`), and the first solver that can minimize
    :math:`\lVert y - X\beta\rVert_2^2` plus that penalty does so: a direct solve for a quadratic penalty, coordinate
    descent for L1, proximal gradient for a box, L-BFGS for a smooth non-convex penalty (Student-t).

    Parameters
    ----------
    X : array_like or scipy.sparse matrix of shape (n_samples, n_features)
        A sparse X (CSR, CSC) is kept sparse; the priors with a solver for it are the Gaussian (ridge by
        conjugate gradients) and the Laplace and elastic-net ones (coordinate descent).
    y : array_like of shape (n_samples,)
    prior : Prior
        E.g. :class:`~regprior.GaussianPrior`, :class:`~regprior.LaplacePrior`,
        :class:`~regprior.MultivariateGaussianPrior`, :class:`~regprior.StudentTPrior`,
        :class:`~regprior.UniformPrior`.
    noise_sd : float or "auto"
        Noise standard deviation σ > 0. ``"auto"`` estimates it from the data with
        :func:`~regprior.estimate_noise_sd` (least squares' residual variance when n > p + 1, else the
        cross-validated lasso of Reid, Tibshirani & Friedman 2016); :func:`map_result` reports the estimate as
        ``result.noise_estimate``.
    **options
        ``fit_intercept`` and ``sample_weight`` (the likelihood), and the chosen solver's own options (e.g.
        ``tol``, ``max_iter``, ``coef_init`` for the iterative ones).

    Returns
    -------
    ndarray of shape (n_features,)

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> rp.map_estimate(X, y, rp.GaussianPrior(1.0), noise_sd=1.0)  # ridge with lam = 1
    array([0.875, 1.375])
    """
    return map_result(X, y, prior, noise_sd, **options).coef


def map_result(X, y, prior: Prior, noise_sd: float | str, *, fit_intercept: bool = False, sample_weight=None,
               **solver_options):
    """Like :func:`map_estimate`, but return the solver's whole result (intercept, certificate, ...).

    The result is that of the solver chosen: :class:`~regprior.RidgeResult` (direct),
    :class:`~regprior.LassoResult` (coordinate descent) or :class:`~regprior.solvers.base.SolverResult` (the generic
    solvers). With ``noise_sd="auto"`` its ``noise_estimate`` is the :class:`~regprior.NoiseEstimate` used; with a
    DataFrame ``X`` its ``feature_names`` are the column names (both appear in ``result.summary()``).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 3))
    >>> y = X @ np.array([1.0, 0.0, -1.0]) + 0.5 * rng.standard_normal(100)
    >>> fit = rp.map_result(X, y, rp.LaplacePrior(0.1), noise_sd="auto")
    >>> fit.noise_estimate
    NoiseEstimate(noise_sd=0.457..., method='least_squares', rss=20.2..., dof=97, lam=None)
    """
    prior = _check_prior(prior)
    X_in = X
    X = check_design(X, order=None, accept_sparse=True)
    prior.check_features(X.shape[1])
    fit_intercept = check_flag(fit_intercept, "fit_intercept")
    noise_sd, estimate = _noise(X, y, noise_sd, fit_intercept, sample_weight)
    datafit = Quadratic(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, center=_center(prior))
    penalty = prior.penalty(datafit.prior_weight(noise_sd))
    result = select_solver(datafit, penalty).solve(datafit, penalty, **solver_options)
    return annotate(result, X_in, noise_estimate=estimate)


def logistic_map(X, y, prior: Prior, *, fit_intercept: bool = False, tol: float = 1e-10, max_iter: int | None = None,
                 coef_init=None) -> SolverResult:
    r"""The MAP coefficients of logistic regression under a prior on the coefficients.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Design matrix.
    y : array_like of shape (n_samples,)
        Class labels 0/1 (or -1/1, or booleans).
    prior : Prior
        The prior on the coefficients, e.g. :class:`~regprior.GaussianPrior` (scale :math:`\sigma_w`) or
        :class:`~regprior.LaplacePrior` (scale b), one scale per coefficient if given as an array, and an optional
        mean :math:`\theta_0`.
    fit_intercept : bool, default False
        Add an intercept with a flat prior (unpenalized), as scikit-learn's ``LogisticRegression`` does with its
        default solver. Both classes must occur in ``y``.
    tol : float, default 1e-10
        Stop when the duality gap is at most ``tol * n_samples`` (a per-sample accuracy of the log-loss).
    max_iter : int, optional
        The solver's iteration budget (default: 100 Newton steps, 10000 proximal Newton steps).
    coef_init : array_like of shape (n_features,), optional
        Starting point (default: the prior mean; the intercept starts at 0).

    Returns
    -------
    SolverResult
        ``method`` says which solver ran; ``intercept`` is 0.0 without ``fit_intercept``.

    Warns
    -----
    ConvergenceWarning
        When the iterations end with the gap above ``tol * n_samples``; the message states the gap.

    Notes
    -----
    The Bernoulli likelihood has no noise variance, so the negative log-prior enters with weight 1: a Gaussian
    prior adds :math:`\sum_j (\beta_j - \theta_{0j})^2/(2\sigma_{wj}^2)` (smooth: Newton's method, i.e. iteratively
    reweighted least squares), a Laplace prior :math:`\sum_j |\beta_j - \theta_{0j}|/b_j` (proximal Newton: coordinate
    descent on quadratic models over working sets, ``regprior.solvers.prox_newton``). Both stop on the duality
    gap of :func:`logistic_duality_gap`. For many scales at once, :func:`logistic_path`.

    The matching scikit-learn model is ``LogisticRegression(C=sigma_w**2, l1_ratio=0)`` for the Gaussian prior
    and ``LogisticRegression(C=b, l1_ratio=1, solver="saga")`` for the Laplace prior (zero prior mean, one scale for
    all coefficients; ``rp.conventions.from_prior("sklearn.LogisticRegression", prior)`` gives these arguments), with
    ``fit_intercept`` as here. The intercept is unpenalized in both, as here; scikit-learn's ``liblinear`` solver
    would penalize it.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((200, 3))
    >>> y = (rng.random(200) < 1 / (1 + np.exp(-X @ np.array([2.0, -1.0, 0.0])))).astype(float)
    >>> fit = rp.logistic_map(X, y, rp.GaussianPrior(1.0))
    >>> np.round(fit.coef, 3), bool(fit.converged)
    (array([ 1.68 , -1.098, -0.184]), True)
    >>> np.round(rp.logistic_map(X, y, rp.LaplacePrior(0.05)).coef, 3)   # b = 0.05: one coefficient is 0
    array([ 0.768, -0.316,  0.   ])
    """
    prior = _check_prior(prior)
    X_in = X
    X = check_design(X, order=None)
    prior.check_features(X.shape[1])
    datafit = Logistic(X, y, center=_center(prior), fit_intercept=check_flag(fit_intercept, "fit_intercept"))
    penalty = datafit.extend(prior.penalty(datafit.prior_weight()))
    if coef_init is not None and datafit.fit_intercept:
        coef_init = np.append(check_coef(coef_init, X.shape[1]), 0.0)
    options = {"tol": tol, "coef_init": coef_init}
    if max_iter is not None:
        options["max_iter"] = max_iter
    return annotate(select_solver(datafit, penalty).solve(datafit, penalty, **options), X_in)


@dataclass(frozen=True, repr=False)
class JointMAPResult(Readable):
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


def joint_map(X, y, prior: Prior, noise_prior: InverseGammaPrior | None = None, *,
              fit_intercept: bool = False, noise_var_init: float | None = None, tol: float = 1e-10,
              max_iter: int = 1000) -> JointMAPResult:
    r"""Maximize :math:`p(\beta, \sigma^2 \mid y, X)` jointly, by the coupled fixed point.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    prior : Prior
        A prior with a quadratic penalty whose scales do **not** depend on σ²: :math:`\beta_j \sim
        \mathcal N(\theta_{0j}, s_j^2)` (:class:`~regprior.GaussianPrior`).
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
    TypeError
        For a prior whose penalty is not quadratic.

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

    Minimizing over β at fixed σ² is ridge with :math:`\lambda_j = \sigma^2/s_j^2` (the prior's penalty at weight
    :math:`2\sigma^2`); minimizing over σ² at fixed β gives
    :math:`\sigma^2 = (\lVert y - X\beta\rVert^2 + 2b_0)/(n + 2a_0 + 2)`. Each half-step lowers the objective, so the
    iteration converges to a stationary point; the objective is not jointly convex, so with several stationary points
    the one reached depends on ``noise_var_init``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((50, 3))
    >>> y = X @ np.array([1.0, -2.0, 0.5]) + 0.3 * rng.standard_normal(50)
    >>> fit = rp.joint_map(X, y, rp.GaussianPrior(1.0))
    >>> round(fit.noise_var, 4), round(fit.lam, 4)         # lam = noise_var / 1.0**2
    (0.0783, 0.0783)
    """
    prior = _check_prior(prior)
    names = feature_names(X)
    X, y = check_data(X, y)
    n, p = X.shape
    prior.check_features(p)
    if getattr(prior.penalty(1.0), "ridge_strength", None) is None:
        raise TypeError(f"prior must have a quadratic penalty with scales not tied to the noise (a GaussianPrior); "
                        f"got {type(prior).__name__}")
    a0, b0 = noise_prior_parameters(noise_prior)
    fit_intercept = check_flag(fit_intercept, "fit_intercept")
    tol = check_scalar(tol, "tol", strict=True)
    max_iter = check_max_iter(max_iter)
    if noise_var_init is not None:
        noise_var_init = check_scalar(noise_var_init, "noise_var_init", strict=True)
    centred = prepare(X, y, fit_intercept=fit_intercept, order=None)
    if b0 == 0.0:
        coef_ls, *_ = np.linalg.lstsq(centred.X, centred.y)
        if np.sum((centred.y - centred.X @ coef_ls) ** 2) <= (1e-10 * np.linalg.norm(centred.y)) ** 2:
            raise ValueError(
                "X and y: the data are fitted exactly by a linear model, so with no inverse-gamma scale (b0 = 0) "
                "the joint posterior grows without bound as sigma^2 -> 0 and has no maximum; pass "
                "noise_prior=InverseGammaPrior(a0, b0) with b0 > 0"
            )
    noise_var = (float(np.mean(centred.y**2)) or 1.0) if noise_var_init is None else noise_var_init
    dof = n + 2 * a0 + 2
    datafit = Quadratic(X, y, fit_intercept=fit_intercept, center=_center(prior))
    solver = select_solver(datafit, prior.penalty(2.0))

    def beta_step(var):
        return solver.solve(datafit, prior.penalty(2.0 * var))  # the prior weight 2 sigma^2

    def noise_step(state):
        fit = beta_step(state[0])
        r = y - fit.intercept - X @ fit.coef
        new = (float(r @ r) + 2 * b0) / dof
        if not new > 0:  # b0 > 0 so small (subnormal) that 2 b0 / dof underflows, with residuals that do too
            raise ValueError("noise_prior: the noise variance underflows to 0 (the scale b0 and the residuals are "
                             "below the floating-point range), so the joint mode cannot be represented; rescale y "
                             "and b0")
        return (new,)

    (noise_var,), n_iter, converged = fixed_point(noise_step, (noise_var,), tol, max_iter,
                                                  "joint_map", "the noise variance")
    fit = beta_step(noise_var)
    r = y - fit.intercept - X @ fit.coef
    lam = prior.penalty(2.0 * noise_var).ridge_strength()
    objective = ((n / 2 + a0 + 1) * np.log(noise_var) + (float(r @ r) + 2 * b0) / (2 * noise_var)
                 + prior.penalty(1.0).value(fit.coef - prior.mean))
    return annotate(JointMAPResult(fit.coef, fit.intercept, noise_var, lam, float(objective), n_iter, converged),
                    feature_names=names)  # lam: a float, or one per coefficient (ridge_strength's own types)
