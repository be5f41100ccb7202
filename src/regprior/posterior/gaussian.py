r"""The full posterior under a Gaussian prior: mean, covariance, credible and predictive intervals.

With Gaussian noise and a Gaussian prior :math:`\mathcal N(\theta_0, \Sigma)` the posterior of β is Gaussian,

.. math::

    \beta \mid y \sim \mathcal N(m, C),\qquad
    C = \Bigl(\frac{X^\top X}{\sigma^2} + \Sigma^{-1}\Bigr)^{-1},\qquad
    m = C\Bigl(\frac{X^\top y}{\sigma^2} + \Sigma^{-1}\theta_0\Bigr),

and its mean is its mode, the ridge (MAP) estimate. With ``fit_intercept=True`` the intercept gets a
flat prior; integrating it out leaves exactly the centred problem for β, and the intercept itself is
:math:`\beta_0 = \bar y - \bar x^\top\beta + e` with :math:`e \sim \mathcal N(0, \sigma^2/\sum_i s_i)`
independent of β.

The mean is computed by the same direct solve as :func:`regprior.map_estimate` (so the two routes to the MAP are one),
and the covariance only when it is asked for: :attr:`GaussianPosterior.cov` forms the :math:`p \times p` matrix on
first use, while :meth:`GaussianPosterior.predict` and :attr:`GaussianPosterior.sd` need no :math:`p \times p` matrix
when :math:`p > n` (by Woodbury's identity on the prior-whitened design's :math:`n \times n` Gram matrix:
:math:`x^\top Cx = \sigma^2\bigl(\lVert z\rVert^2 - (Zz)^\top(I + ZZ^\top)^{-1}Zz\bigr)` with :math:`Z = XW`,
:math:`z = Wx`, :math:`W = \operatorname{diag}(\lambda_j^{-1/2})`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import scipy.linalg as sla
from scipy import stats

from .._results import Readable, annotate, feature_names
from .._validation import check_design, check_size
from ..datafits.quadratic import Quadratic
from ..priors.base import Prior, canonical_weight
from ..solvers.direct import Direct, equilibrated_solver
from ._summaries import QuantileIntervals

__all__ = ["GaussianPosterior", "gaussian_posterior"]

#: rows of new inputs handled at once when no p x p matrix is formed (bounds the memory to this many times p)
_CHUNK = 256


class _Design:
    r"""What the covariance :math:`C = \sigma^2(X^\top X + P)^{-1}` is made of, kept to compute it only when needed.

    ``X`` is the prepared (centred, weighted) design and P the canonical penalty: one strength per coefficient
    (:math:`P = \operatorname{diag}(\lambda_j)`, ``strength``) or a matrix (``matrix``).

    * :meth:`covariance` forms C by an equilibrated Cholesky factorization of :math:`X^\top X + P`, whose accuracy
      does not depend on the units of the columns.
    * For :math:`p > n` and a diagonal P, :meth:`quadratic_forms` and :meth:`variances` use the whitened design
      :math:`Z = XW`, :math:`W = \operatorname{diag}(\lambda_j^{-1/2})`, and Woodbury's identity instead:
      :math:`x^\top Cx = \sigma^2\bigl(\lVert z\rVert^2 - (Zz)^\top(I + ZZ^\top)^{-1}Zz\bigr)` with :math:`z = Wx`,
      from the eigendecomposition of the :math:`n \times n` matrix :math:`ZZ^\top`; no :math:`p \times p` matrix is
      formed. The subtraction loses digits only relative to the prior variance :math:`\sigma^2\lVert z\rVert^2`
      (about :math:`\epsilon\lVert Z\rVert^2` of it), where the data have determined a direction far better than
      the prior did.
    """

    def __init__(self, X: np.ndarray, noise_var: float, *, strength=None, matrix=None):
        self.X, self.noise_var, self.strength, self.matrix = X, noise_var, strength, matrix

    @property
    def lazy(self) -> bool:
        """Whether variances can be had without the p x p covariance (p > n and a diagonal penalty)."""
        n, p = self.X.shape
        return self.matrix is None and p > n

    def covariance(self) -> np.ndarray:
        p = self.X.shape[1]
        A = self.X.T @ self.X
        if self.matrix is not None:
            A += self.matrix
        else:
            A.flat[:: p + 1] += self.strength
        solve = equilibrated_solver(A)
        if solve is None:
            raise ValueError("prior: X^T X + sigma^2 Sigma^-1 is singular to working precision, so the posterior "
                             "covariance is not computable in float64 (a prior variance far beyond what the data "
                             "resolve, on collinear columns); use a smaller prior scale")
        with np.errstate(over="ignore"):
            cov = solve(np.eye(p)) * self.noise_var
        cov = (cov + cov.T) / 2
        if not np.all(np.isfinite(cov)):
            raise ValueError("prior, noise_sd: the posterior covariance overflows float64; rescale the problem")
        return cov

    @cached_property
    def _whitened(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        r"""``(w, U, d)``: the whitening :math:`w_j = \lambda_j^{-1/2}` and the eigendecomposition
        :math:`ZZ^\top = U\operatorname{diag}(d)U^\top` of the whitened design (an :math:`n \times n` matrix)."""
        w = 1.0 / np.sqrt(np.broadcast_to(self.strength, (self.X.shape[1],)))
        Z = self.X * w
        d, U = sla.eigh(Z @ Z.T, check_finite=False)
        return w, U, np.maximum(d, 0.0)

    def quadratic_forms(self, Xc: np.ndarray) -> np.ndarray:
        r""":math:`x_i^\top C x_i` for each row of ``Xc``, without C."""
        w, U, d = self._whitened
        ZU = (self.X * w).T @ U  # Z^T U, p x n: the columns of Z^T in the eigenbasis
        out = np.empty(Xc.shape[0])
        for start in range(0, Xc.shape[0], _CHUNK):
            z = Xc[start:start + _CHUNK] * w
            coords = z @ ZU  # U^T Z z for each row
            out[start:start + _CHUNK] = np.einsum("ij,ij->i", z, z) - (coords**2) @ (1.0 / (1.0 + d))
        return np.maximum(out, 0.0) * self.noise_var

    def variances(self) -> np.ndarray:
        r""":math:`C_{jj} = \sigma^2 w_j^2\bigl(1 - z_j^\top(I + ZZ^\top)^{-1}z_j\bigr)`, :math:`z_j` column j of Z,
        without C."""
        w, U, d = self._whitened
        M = U.T @ (self.X * w)  # n x p
        explained = (1.0 / (1.0 + d)) @ M**2
        return self.noise_var * w**2 * np.maximum(1.0 - explained, 0.0)


@dataclass(frozen=True, repr=False)
class GaussianPosterior(QuantileIntervals, Readable):
    r"""A Gaussian posterior :math:`\mathcal N(m, C)` for the coefficients of a linear model.

    Attributes
    ----------
    mean : ndarray of shape (n_features,)
        Posterior mean m (equal to the MAP / ridge estimate: the same direct solve as :func:`regprior.map_estimate`).
    noise_sd : float
        The noise standard deviation σ the posterior was computed with.
    intercept : float
        Posterior mean of the intercept (0.0 without ``fit_intercept``).
    x_offset : ndarray of shape (n_features,)
        Weighted column means of X used for centring (zeros without ``fit_intercept``).
    intercept_var : float
        :math:`\sigma^2/\sum_i s_i`, the part of the intercept's variance not explained by β (0.0 without
        ``fit_intercept``).
    cov : ndarray of shape (n_features, n_features)
        Posterior covariance C, formed on first access (a :math:`p \times p` matrix; :attr:`sd` and :meth:`predict`
        do without it when :math:`p > n`).
    """

    mean: np.ndarray
    noise_sd: float
    intercept: float
    x_offset: np.ndarray
    intercept_var: float
    _design: object = field(repr=False, compare=False)  # a _Design: what the covariance is made of

    @cached_property
    def cov(self) -> np.ndarray:
        r"""Posterior covariance :math:`C = \sigma^2(X^\top X + \sigma^2\Sigma^{-1})^{-1}` (formed on first access)."""
        return self._design.covariance()

    @property
    def sd(self) -> np.ndarray:
        r"""Posterior standard deviations of the coefficients, :math:`\sqrt{C_{jj}}`."""
        if "cov" not in self.__dict__ and self._design.lazy:
            return np.sqrt(self._design.variances())
        return np.sqrt(np.diag(self.cov))

    @property
    def coef(self) -> np.ndarray:
        """m, the posterior mean (the MAP)."""
        return self.mean

    def _coefficient_columns(self) -> dict[str, np.ndarray]:
        lower, upper = self.credible_interval(0.95)
        return {"mean": self.mean, "sd": self.sd, "2.5%": lower, "97.5%": upper}

    def _intercept_row(self):
        if self.intercept_var == 0.0 and self.intercept == 0.0:
            return None
        sd = float(np.sqrt(self.intercept_var + self.x_offset @ self.cov @ self.x_offset))
        half = stats.norm.ppf(0.975) * sd
        return {"mean": self.intercept, "sd": sd, "2.5%": self.intercept - half, "97.5%": self.intercept + half}

    def _quantile(self, prob: float) -> np.ndarray:
        r"""Quantiles of each coefficient's Gaussian marginal, :math:`m_j + \Phi^{-1}(\text{prob})\sqrt{C_{jj}}`."""
        return self.mean + stats.norm.ppf(prob) * self.sd

    def predict(self, X, *, return_std: bool = False, include_noise: bool = True):
        r"""Posterior predictive mean (and standard deviation) at new inputs.

        Parameters
        ----------
        X : array_like of shape (n_new, n_features)
        return_std : bool, default False
            Also return the predictive standard deviation.
        include_noise : bool, default True
            Predict a new observation :math:`y_*` (variance includes :math:`\sigma^2`) rather than the
            mean function :math:`x_*^\top\beta` (+ intercept).

        Returns
        -------
        mean : ndarray of shape (n_new,)
        std : ndarray of shape (n_new,), only with ``return_std=True``
            :math:`\sqrt{(x_*-\bar x)^\top C (x_*-\bar x) + \operatorname{Var}(e) + \sigma^2}`, the last term
            only with ``include_noise``. For :math:`p > n` and independent priors on the coefficients it is computed
            without forming C (see the module notes).
        """
        X = check_design(X, order=None)
        if X.shape[1] != self.mean.size:
            raise ValueError(f"X has {X.shape[1]} features but the posterior has {self.mean.size}")
        mean = X @ self.mean + self.intercept
        if not return_std:
            return mean
        Xc = X - self.x_offset
        if "cov" not in self.__dict__ and self._design.lazy:
            var = self._design.quadratic_forms(Xc)
        else:
            var = np.einsum("ij,jk,ik->i", Xc, self.cov, Xc)
        var = var + self.intercept_var
        if include_noise:
            var = var + self.noise_sd**2
        return mean, np.sqrt(np.maximum(var, 0.0))

    def sample(self, size: int, random_state=None) -> np.ndarray:
        """Draw ``size`` coefficient vectors from the posterior; returns shape (size, n_features).

        Parameters
        ----------
        size : int
            Number of draws, >= 0.
        random_state : None, int or numpy.random.Generator
        """
        size = check_size(size)
        rng = np.random.default_rng(random_state)
        return rng.multivariate_normal(self.mean, self.cov, size=size, method="cholesky")


def gaussian_posterior(X, y, prior: Prior, noise_sd: float, *, fit_intercept: bool = False,
                       sample_weight=None) -> GaussianPosterior:
    r"""The posterior of β under Gaussian noise with standard deviation ``noise_sd`` and a Gaussian ``prior``.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    prior : GaussianPrior or MultivariateGaussianPrior
        Only Gaussian priors have a Gaussian posterior.
    noise_sd : float
        Noise standard deviation σ > 0.
    fit_intercept : bool, default False
        Give the intercept a flat prior (see the module notes).
    sample_weight : array_like of shape (n_samples,), optional
        Sample i has noise variance :math:`\sigma^2/s_i`.

    Returns
    -------
    GaussianPosterior
        Its mean is computed here; its covariance when first used.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> post = rp.gaussian_posterior(X, y, rp.GaussianPrior(1.0), noise_sd=1.0)
    >>> post.mean                       # the MAP: ridge with lam = 1
    array([0.875, 1.375])
    >>> np.round(post.cov, 4)
    array([[ 0.375, -0.125],
           [-0.125,  0.375]])
    """
    if not isinstance(prior, Prior) or getattr(prior, "precision", None) is None:
        raise TypeError(
            f"prior must be a Gaussian prior (GaussianPrior or MultivariateGaussianPrior: one with a precision "
            f"matrix, so that the posterior is Gaussian too); got {type(prior).__name__}"
        )
    weight = canonical_weight(noise_sd)  # 2 sigma^2, refused when not representable
    names = feature_names(X)
    X = check_design(X, order=None)
    prior.check_features(X.shape[1])
    datafit = Quadratic(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight,
                        center=None if np.ndim(prior.mean) == 0 and prior.mean == 0 else prior.mean)
    penalty = prior.penalty(weight)
    fit = Direct().solve(datafit, penalty)  # the MAP's own route: the posterior mean is the MAP
    prep = datafit.prep
    strength = getattr(penalty, "ridge_strength", lambda: None)()
    design = _Design(prep.X, weight / 2, strength=strength,
                     matrix=None if strength is not None else np.asarray(penalty.penalty_matrix(), dtype=float))
    sigma = float(noise_sd)
    return annotate(GaussianPosterior(
        mean=fit.coef,
        noise_sd=sigma,
        intercept=fit.intercept,
        x_offset=prep.x_offset,
        intercept_var=weight / 2 / prep.total_weight if fit_intercept else 0.0,
        _design=design,
    ), feature_names=names)
