r"""The Laplace likelihood as a datafit: absolute residuals, and the minimizers of an absolute loss.

With independent Laplace noise :math:`p(y_i \mid \mu_i) = (2s)^{-1}\exp(-|y_i - \mu_i|/s)` the negative
log-likelihood is :math:`\tfrac1s\sum_i |y_i - x_i^\top\beta|` plus a constant (derived on the robustness page);
the objective :math:`\sum_i |y_i - x_i^\top\beta|` carries the negative log-prior with weight s
(:meth:`Absolute.prior_weight`). Its minimizer, least absolute deviations, is a regression version of the median;
:func:`median_interval` gives the whole set of minimizers for a location alone.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_data, check_flag, check_scalar, check_target

__all__ = ["Absolute", "median_interval"]


class Absolute:
    r"""The absolute loss :math:`\sum_i |y_i - \beta_0 - x_i^\top\beta|` on data ``(X, y)``.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    fit_intercept : bool, default False
        Fit an unpenalized intercept.
    """

    #: the linear-programming solver accepts this datafit
    absolute_loss = True

    def __init__(self, X, y, *, fit_intercept: bool = False, center=None):
        self.X, self.y = check_data(X, y)
        self.fit_intercept = check_flag(fit_intercept, "fit_intercept")
        self.n_features = self.X.shape[1]
        self.center = np.zeros(self.n_features) if center is None else np.broadcast_to(
            np.asarray(center, dtype=float), (self.n_features,))

    @staticmethod
    def prior_weight(noise_scale: float) -> float:
        """s, the Laplace noise scale: the negative log-likelihood is the absolute loss divided by s."""
        return check_scalar(noise_scale, "noise_scale", strict=True)

    def value(self, u) -> float:
        return float(np.abs(self.y - self.X @ (np.asarray(u, dtype=float) + self.center)).sum())


def median_interval(x) -> tuple[float, float]:
    r"""The set of minimizers of :math:`s \mapsto \sum_i |x_i - s|`, as its end points ``(lo, hi)``.

    For an odd number of values the minimizer is unique, the middle value (``lo == hi``). For an even
    number it is every point between the two middle values: the sum is constant there (derived on the
    loss-minimizers page). ``numpy.median`` returns the midpoint of this interval, one minimizer among
    infinitely many.

    Parameters
    ----------
    x : array_like of shape (n,)
        The sample, n >= 1, finite values.

    Returns
    -------
    lo, hi : float
        The interval :math:`[x_{(\lceil n/2\rceil)}, x_{(\lfloor n/2\rfloor + 1)}]` of order statistics.

    Examples
    --------
    >>> rp.median_interval([1.0, 2.0, 7.0, 10.0])
    (2.0, 7.0)
    >>> rp.median_interval([3.0, 1.0, 2.0])
    (2.0, 2.0)
    """
    x = check_target(x, np.size(x), name="x")
    if x.size == 0:
        raise ValueError("x must contain at least one value; got an empty array")
    s = np.sort(x)
    n = s.size
    return float(s[(n - 1) // 2]), float(s[n // 2])
