r"""The Student-t prior: heavy tails, a log penalty, and a MAP that is not convex.

:math:`\beta_j \sim t_\nu(\theta_{0j}, s_j)` has density

.. math::

    p(\beta_j) = \frac{\Gamma\bigl(\frac{\nu+1}{2}\bigr)}{\Gamma\bigl(\frac\nu2\bigr)\sqrt{\nu\pi}\,s_j}
        \Bigl(1 + \frac{u_j^2}{\nu s_j^2}\Bigr)^{-(\nu+1)/2},\qquad u_j = \beta_j - \theta_{0j},

so its negative logarithm is the log penalty :math:`\frac{\nu+1}{2}\log\bigl(1 + u_j^2/(\nu s_j^2)\bigr)` plus a
constant (derived on the Student-t page). With the prior weight w the penalty is
:math:`\sum_j c\log(1 + u_j^2/a_j)` with :math:`c = w(\nu+1)/2` and :math:`a_j = \nu s_j^2`: quadratic near 0 (a
ridge of strength :math:`c/a_j`), only logarithmic far out, so large coefficients are barely shrunk. It is
not convex beyond :math:`|u_j| = \sqrt{a_j}`; the MAP can have several local modes, and a solver certifies a
stationary point, not the global minimum.

There is no single strength λ: the prior has a shape (ν) and a scale, and its penalty is not a multiple of a
fixed function, so this class has no ``penalty_strength``.
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln

from .._validation import check_location, check_scalar, check_strength
from ..penalties import LogPenalty
from .base import Prior, check_same_length, representable

__all__ = ["StudentTPrior"]


class StudentTPrior(Prior):
    r"""Each coefficient :math:`\beta_j \sim t_\nu(\theta_{0j}, s_j)`, independently (a heavy-tailed prior).

    Parameters
    ----------
    df : float
        Degrees of freedom ν > 0 (ν = 1 is the Cauchy prior; ν → ∞ tends to :math:`\mathcal N(\theta_0, s^2)`).
    scale : float or array_like of shape (n_features,)
        The scale :math:`s_j > 0`.
    mean : float or array_like of shape (n_features,), default 0.0
        The location :math:`\theta_0`.

    Notes
    -----
    The MAP minimizes :math:`\lVert y - X\beta\rVert^2 + (\nu + 1)\sigma^2\sum_j\log\bigl(1 + u_j^2/(\nu s_j^2)\bigr)`,
    a non-convex objective: :func:`~regprior.map_estimate` returns a point where its gradient vanishes (with the
    gradient's size as certificate), reached from the ridge estimate of the same curvature at 0.

    Examples
    --------
    >>> prior = rp.StudentTPrior(df=3, scale=0.5)
    >>> prior.penalty(2.0)                     # w = 2 sigma^2 with sigma = 1
    LogPenalty(weight=4, curvature=0.75)
    """

    symbolic_model = "student_t_prior"
    symbolic_parameters = {"df": "nu", "scale": "s_t"}

    def __init__(self, df, scale, mean=0.0):
        self.df = check_scalar(df, "df", strict=True)
        self.scale = check_strength(scale, "scale", positive=True, read_only=True)
        self.mean = check_location(mean)
        check_same_length(mean=self.mean, scale=self.scale)

    def penalty(self, weight: float) -> LogPenalty:
        r""":math:`\sum_j c\log(1 + u_j^2/a_j)`, :math:`c = w(\nu+1)/2`, :math:`a_j = \nu s_j^2`."""
        with np.errstate(over="ignore", under="ignore"):
            c = weight * (self.df + 1.0) / 2.0
            a = self.df * np.square(self.scale)
        return LogPenalty(representable(c, "df"), representable(a, "scale"))

    def neg_log_density(self, coef) -> float:
        r""":math:`\sum_j -\log\Gamma(\tfrac{\nu+1}2) + \log\Gamma(\tfrac\nu2) + \tfrac12\log(\nu\pi) + \log s_j
        + \tfrac{\nu+1}2\log(1 + u_j^2/(\nu s_j^2))`."""
        t = self._coef(coef) - self.mean
        s = np.broadcast_to(self.scale, t.shape)
        nu = self.df
        const = -gammaln((nu + 1) / 2) + gammaln(nu / 2) + 0.5 * np.log(nu * np.pi)
        with np.errstate(over="ignore"):
            value = np.sum(const + np.log(s) + (nu + 1) / 2 * np.log1p(np.square(t / s) / nu))
        return self._finite(value)
