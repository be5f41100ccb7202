r"""The horseshoe prior's density, whose pole at zero makes the MAP degenerate.

The horseshoe (Carvalho, Polson & Scott, 2010) is the scale mixture
:math:`\beta \mid \lambda \sim \mathcal N(0, \lambda^2\tau^2)`, :math:`\lambda \sim \mathrm{C}^+(0, 1)`. Its marginal
density has no elementary closed form; with the exponential integral :math:`E_1` it is (checked on the
horseshoe page)

.. math::

    p(\beta) = \frac{1}{\tau\sqrt{2\pi^3}}\, e^{z} E_1(z),\qquad z = \frac{\beta^2}{2\tau^2},

which tends to infinity like :math:`\log(1/|\beta|)` as :math:`\beta \to 0`.
"""

from __future__ import annotations

import numpy as np
from scipy.special import hyperu

from .._validation import check_scalar

__all__ = ["horseshoe_logpdf"]

#: below this log z the two-term series -gamma - log z is used (the next term, z (1 - log z), is below 1e-15)
_SERIES_LOG_Z = -40.0
#: beyond this z the asymptotic series of e^z E_1(z) is used (its first omitted term is below 1e-15 relatively)
_ASYMPTOTIC_Z = 1e4


def _scaled_e1(z: np.ndarray) -> np.ndarray:
    """e^z E_1(z) for z > 0: Tricomi's U(1, 1, z), or its asymptotic series for large z."""
    out = np.empty_like(z)
    small = z <= _ASYMPTOTIC_Z
    out[small] = hyperu(1.0, 1.0, z[small])
    zl = z[~small]
    out[~small] = (1 - 1 / zl + 2 / zl**2 - 6 / zl**3) / zl
    return out


def horseshoe_logpdf(beta, tau: float = 1.0) -> np.ndarray:
    r"""Logarithm of the horseshoe density with global scale τ, :math:`\log p(\beta)`.

    Parameters
    ----------
    beta : array_like
        Points at which to evaluate (any shape, finite values).
    tau : float, default 1.0
        The global scale τ > 0.

    Returns
    -------
    ndarray
        :math:`\log\bigl(e^{z}E_1(z)\bigr) - \log(\tau\sqrt{2\pi^3})` with :math:`z = \beta^2/(2\tau^2)`; ``+inf``
        at :math:`\beta = 0`, the pole.

    Examples
    --------
    >>> np.round(rp.horseshoe_logpdf([1.0, 0.1, 1e-8]), 4)      # grows without bound toward 0
    array([-2.1439, -0.5056,  1.5461])
    >>> float(rp.horseshoe_logpdf(0.0))
    inf
    """
    tau = check_scalar(tau, "tau", strict=True)
    arr = np.asarray(beta, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError("beta contains NaN or inf; every entry must be finite")
    b = np.atleast_1d(np.abs(arr))
    log_z = 2 * np.log(b, where=b > 0, out=np.full(b.shape, -np.inf)) - np.log(2 * tau**2)
    out = np.full(b.shape, np.inf)  # the pole, at beta = 0 exactly
    tiny = (b > 0) & (log_z < _SERIES_LOG_Z)
    regular = log_z >= _SERIES_LOG_Z
    # e^z E_1(z) = -gamma - log z + O(z log z) for small z, computed from log z (z itself may underflow)
    out[tiny] = np.log(-np.euler_gamma - log_z[tiny])
    out[regular] = np.log(_scaled_e1(np.exp(log_z[regular])))
    out = out - np.log(tau * np.sqrt(2 * np.pi**3))
    return out.reshape(arr.shape) if arr.ndim else out[0]
