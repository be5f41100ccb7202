r"""The uniform prior on a box, whose MAP is least squares confined to the box.

:math:`\beta_j \sim \mathrm{U}(l_j, r_j)` has negative log-density :math:`\log(r_j - l_j)` on the box and
:math:`+\infty` outside, so the penalty is the indicator of the box whatever the prior weight: the MAP minimizes
the datafit subject to :math:`l \le \beta \le r` (derived on the constraint page). It is not the least-squares
fit clipped to the box when the columns of X are correlated.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_location
from ..penalties import Box
from .base import Prior

__all__ = ["UniformPrior"]


class UniformPrior(Prior):
    r"""Each coefficient uniform on :math:`[l_j, r_j]`, independently.

    Parameters
    ----------
    lower, upper : float or array_like of shape (n_features,)
        Finite bounds with ``lower < upper`` in every coordinate.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> np.round(rp.map_estimate(X, y, rp.UniformPrior(0.0, 1.5), noise_sd=1.0), 6)
    array([1.25, 1.5 ])
    """

    symbolic_model = "uniform_box_prior"
    symbolic_parameters = {"lower": "l", "upper": "u"}
    #: a uniform prior has no centre; the penalty acts on beta itself
    mean = 0.0

    def __init__(self, lower, upper):
        self.lower = check_location(lower, "lower")
        self.upper = check_location(upper, "upper")
        if np.ndim(self.lower) == 1 and np.ndim(self.upper) == 1 and self.lower.size != self.upper.size:
            raise ValueError(f"lower has {self.lower.size} entries but upper has {self.upper.size}")
        if np.any(np.asarray(self.lower) >= np.asarray(self.upper)):
            raise ValueError("lower must be < upper in every coordinate (a uniform prior needs an interval of "
                             "positive length)")

    def penalty(self, weight: float) -> Box:
        """The indicator of the box (the weight multiplies 0 or infinity and changes nothing)."""
        return Box(self.lower, self.upper)

    def neg_log_density(self, coef) -> float:
        r""":math:`\sum_j \log(r_j - l_j)` inside the box, :math:`+\infty` outside."""
        t = self._coef(coef)
        lower = np.broadcast_to(self.lower, t.shape)
        upper = np.broadcast_to(self.upper, t.shape)
        if np.any(t < lower) or np.any(t > upper):
            return float("inf")
        return float(np.sum(np.log(upper - lower)))
