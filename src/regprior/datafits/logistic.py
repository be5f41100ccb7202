r"""The Bernoulli likelihood with a logistic link, as a datafit.

With labels :math:`y_i \in \{0, 1\}`, :math:`P(y_i = 1) = 1/(1 + e^{-x_i^\top\beta})` and signs :math:`s_i = 2y_i - 1`,
the negative log-likelihood is

.. math::

    f(\beta) = \sum_i \log\bigl(1 + e^{-s_i x_i^\top\beta}\bigr)

(derived on the logistic page). There is no noise variance in a Bernoulli likelihood, so the negative log-prior
enters with weight 1 (:meth:`Logistic.prior_weight`): with a Gaussian prior the MAP minimizes
:math:`f(\beta) + \sum_j (\beta_j - \theta_{0j})^2/(2\sigma_{wj}^2)`, with a Laplace prior
:math:`f(\beta) + \sum_j |\beta_j - \theta_{0j}|/b_j`.

Its duality gap, for any convex penalty R with conjugate :math:`R^*`, uses the dual variables
:math:`w_i \in [0, 1]`:

.. math::

    D(w) = \sum_i H(w_i) - w^\top z_0 - R^*(A^\top w),\qquad A = \operatorname{diag}(s)X,

with H the binary entropy and :math:`z_0 = A\theta_0`; at the optimum :math:`w_i = 1/(1 + e^{z_i})`, the
probability of the label not seen. Away from it that point is rescaled into the domain of :math:`R^*`.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, log1p

from .._validation import check_coef, check_design, check_flag, check_target
from ..penalties import Penalty, Unpenalized
from ..priors.base import Prior

__all__ = ["Logistic", "logistic_duality_gap", "check_labels", "binary_entropy"]


def _log1pexp(t: np.ndarray) -> np.ndarray:
    """log(1 + e^t) without overflow."""
    return np.logaddexp(0.0, t)


def binary_entropy(w: np.ndarray) -> np.ndarray:
    r"""The binary entropy :math:`H(w) = -w\log w - (1 - w)\log(1 - w)` of each entry of ``w`` in [0, 1], with
    :math:`0\log 0 = 0` (so :math:`H(0) = H(1) = 0`): minus the conjugate of the logistic loss, the dual's terms."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return -(np.where(w > 0, w * np.log(w), 0.0) + np.where(w < 1, (1 - w) * log1p(-w), 0.0))


def check_labels(y, n: int) -> np.ndarray:
    r"""Labels in {0, 1} (or {-1, 1}, or booleans) as signs :math:`s_i \in \{-1, +1\}`."""
    y = check_target(y, n)
    values = set(np.unique(y).tolist())
    if values <= {0.0, 1.0}:
        return 2.0 * y - 1.0
    if values <= {-1.0, 1.0}:
        return y.copy()
    raise ValueError(f"y must contain class labels 0 and 1 (or -1 and 1); got the values {sorted(values)[:5]}")


class Logistic:
    r"""The logistic negative log-likelihood on data ``(X, y)``, in :math:`u = \beta - \theta_0` (and the intercept).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
        Class labels 0/1 (or -1/1, or booleans).
    center : float or array_like of shape (n_features,), optional
        :math:`\theta_0`, the prior mean the penalty is centred at.
    fit_intercept : bool, default False
        Add an intercept :math:`\beta_0` with a flat prior. The solver's variable is then :math:`(u, \beta_0)`, of
        length ``n_features + 1``: the design gains the column of signs s, and ``extend`` gives the
        coefficients' penalty a free last coordinate (:class:`regprior.penalties.Unpenalized`). In the dual, the
        free coordinate is the constraint :math:`\sum_i s_i w_i = 0`; ``duality_gap`` rescales the dual point
        onto it before evaluating the bound.

    Notes
    -----
    With an intercept both classes must occur: with one class the likelihood keeps growing as
    :math:`\beta_0 \to \pm\infty` and has no maximum.
    """

    #: the per-sample loss of the margins :math:`z = z_0 + Au` (``offset`` and ``A``), for the solvers that work
    #: coordinate by coordinate on it (proximal Newton, ``regprior.solvers.prox_newton``)
    margin_loss = "logistic"

    def __init__(self, X, y, center=None, *, fit_intercept: bool = False):
        X = check_design(X, order=None)
        n, p = X.shape
        signs = check_labels(y, n)
        self.fit_intercept = check_flag(fit_intercept, "fit_intercept")
        if self.fit_intercept and np.all(signs == signs[0]):
            raise ValueError("y contains one class only: with fit_intercept the intercept would grow without bound; "
                             "give samples of both classes")
        self.signs = signs
        self.n_coef = p
        self.A = np.column_stack([X * signs[:, None], signs]) if self.fit_intercept else X * signs[:, None]
        self.n_features = self.A.shape[1]
        coef_center = np.zeros(p) if center is None else np.broadcast_to(np.asarray(center, dtype=float), (p,))
        self.center = np.concatenate([coef_center, [0.0]]) if self.fit_intercept else coef_center
        self.offset = self.A @ self.center

    @staticmethod
    def prior_weight(noise=None) -> float:
        """1: the Bernoulli likelihood has no noise variance to scale the prior with."""
        return 1.0

    def extend(self, penalty: Penalty) -> Penalty:
        """The penalty on the solver's variable: ``penalty`` on the coefficients, nothing on the intercept."""
        return Unpenalized(penalty, self.n_coef) if self.fit_intercept else penalty

    def margins(self, u) -> np.ndarray:
        r""":math:`z_i = s_i (x_i^\top\beta + \beta_0)`."""
        return self.offset + self.A @ u

    def value(self, u) -> float:
        return float(np.sum(_log1pexp(-self.margins(u))))

    def gradient(self, u) -> np.ndarray:
        return -self.A.T @ expit(-self.margins(u))

    def hessian(self, u) -> np.ndarray:
        r""":math:`A^\top\operatorname{diag}(w(1-w))A` with :math:`w = \sigma(-z)`."""
        w = expit(-self.margins(u))
        return (self.A * (w * (1 - w))[:, None]).T @ self.A

    def column_norms(self) -> np.ndarray:
        """The norm of each column of the design: how a solver equilibrates its coordinates."""
        return np.sqrt(np.einsum("ij,ij->j", self.A, self.A))

    def lipschitz(self) -> float:
        r""":math:`\lVert A\rVert_2^2/4`: the logistic function's slope is at most 1/4."""
        return max(float(np.linalg.norm(self.A, 2)) ** 2 / 4.0, np.finfo(float).tiny)

    def scale(self) -> float:
        """The number of samples: tolerances of the logistic loss are per sample."""
        return float(self.A.shape[0])

    def _dual_point(self, u) -> np.ndarray:
        r""":math:`w = \sigma(-z)`, rescaled with an intercept so that :math:`\sum_i s_i w_i = 0`.

        Multiplying the :math:`w_i` of the larger class-sum by the ratio of the two sums keeps every
        :math:`w_i \in [0, 1]` and changes nothing at the optimum, where the intercept's gradient
        :math:`-\sum_i s_i w_i` vanishes."""
        w = expit(-self.margins(u))
        if self.fit_intercept:
            positive = self.signs > 0
            up, down = float(w[positive].sum()), float(w[~positive].sum())
            if up > down:
                w[positive] *= down / up
            elif down > up:
                w[~positive] *= up / down
        return w

    def _correlations(self, w) -> np.ndarray:
        v = self.A.T @ w
        if self.fit_intercept:
            v[-1] = 0.0  # sum_i s_i w_i = 0 by construction of w; set exactly, not up to rounding
        return v

    def duality_gap(self, u, penalty) -> float:
        """An upper bound on ``value(u) + penalty.value(u)`` minus the minimum, for a convex ``penalty``."""
        w = self._dual_point(u)
        v = self._correlations(w)
        scale = penalty.dual_scale(v)
        w, v = w * scale, v * scale
        dual = float(np.sum(binary_entropy(w)) - w @ self.offset - penalty.conjugate(v))
        return max(self.value(u) + penalty.value(u) - dual, 0.0)

    def coef_intercept(self, u) -> tuple[np.ndarray, float]:
        beta = np.asarray(u, dtype=float) + self.center
        if self.fit_intercept:
            return beta[: self.n_coef], float(beta[-1])
        return beta, 0.0


def logistic_duality_gap(X, y, coef, prior: Prior) -> float:
    r"""Duality gap of the logistic MAP problem at ``coef``: an upper bound on its suboptimality.

    With margins :math:`z_i = s_i x_i^\top\beta` and :math:`w_i = 1/(1 + e^{z_i})` (scaled down, for the
    Laplace prior, until :math:`|x_j^\top(s \circ w)| \le 1/b_j` for every j), the dual objective is
    :math:`\sum_i H(w_i) - R^*(\cdot)`, with H the binary entropy and :math:`R^*` the conjugate of the penalty
    (:math:`\sum_j \sigma_{wj}^2 v_j^2/2` for the Gaussian prior, 0 on the feasible set for the Laplace prior).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
        Labels 0/1 (or -1/1).
    coef : array_like of shape (n_features,)
    prior : Prior
        A prior with a convex penalty (Gaussian, Laplace), possibly with a mean.

    Returns
    -------
    float
    """
    if not isinstance(prior, Prior):
        raise TypeError(f"prior must be a regprior Prior (e.g. GaussianPrior, LaplacePrior); got "
                        f"{type(prior).__name__}")
    X = check_design(X, order=None)
    prior.check_features(X.shape[1])
    datafit = Logistic(X, y, center=prior.mean)
    penalty = prior.penalty(datafit.prior_weight())
    if not penalty.convex or getattr(penalty, "conjugate", None) is None:
        raise TypeError(f"prior: a duality gap needs a convex penalty with a known conjugate; "
                        f"{type(prior).__name__} gives {type(penalty).__name__}")
    return datafit.duality_gap(check_coef(coef, datafit.n_features, name="coef") - datafit.center, penalty)
