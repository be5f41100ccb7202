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

from .._validation import check_real, check_scalar

__all__ = ["horseshoe_logpdf"]

#: below this log z the two-term series -gamma - log z is used (the next term, z (1 - log z), is below 1e-15)
_SERIES_LOG_Z = -40.0
#: beyond this z the asymptotic series of e^z E_1(z) is used (its first omitted term is below 1e-15 relatively)
_ASYMPTOTIC_Z = 1e4


def _log_scaled_e1(log_z: np.ndarray) -> np.ndarray:
    r""":math:`\log\bigl(e^z E_1(z)\bigr)` from :math:`\log z`, so that neither z nor the result over- or underflows.

    Three ranges: the two-term series :math:`-\gamma - \log z` for tiny z, Tricomi's :math:`U(1, 1, z)` in between, and
    for large z the asymptotic series :math:`e^zE_1(z) = z^{-1}(1 - z^{-1} + 2z^{-2} - 6z^{-3} + \dots)`, whose
    logarithm is :math:`-\log z + \log(1 - z^{-1} + \dots)` with :math:`z^{-1} = e^{-\log z}` (z itself may be too
    large for float64)."""
    out = np.empty_like(log_z)
    tiny = log_z < _SERIES_LOG_Z
    large = log_z > np.log(_ASYMPTOTIC_Z)
    middle = ~tiny & ~large
    # e^z E_1(z) = -gamma - log z + O(z log z) for small z, computed from log z (z itself may underflow)
    out[tiny] = np.log(-np.euler_gamma - log_z[tiny])
    out[middle] = np.log(hyperu(1.0, 1.0, np.exp(log_z[middle])))
    inv = np.exp(-log_z[large])
    out[large] = -log_z[large] + np.log1p(-inv + 2 * inv**2 - 6 * inv**3)
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
        :math:`\log\bigl(e^{z}E_1(z)\bigr) - \log\tau - \tfrac12\log(2\pi^3)` with :math:`z = \beta^2/(2\tau^2)`;
        ``+inf`` at :math:`\beta = 0`, the pole.

    Notes
    -----
    Everything is computed in logarithms, :math:`\log z = 2\log|\beta| - \log 2 - 2\log\tau`, so the value is
    finite wherever it is representable even when :math:`\tau^2`, z or the density itself is not (τ = 1e154,
    β = τ = 1e-200).

    Examples
    --------
    >>> np.round(rp.horseshoe_logpdf([1.0, 0.1, 1e-8]), 4)      # grows without bound toward 0
    array([-2.1439, -0.5056,  1.5461])
    >>> float(rp.horseshoe_logpdf(0.0))
    inf
    """
    tau = check_scalar(tau, "tau", strict=True)
    arr = np.asarray(check_real(beta, "beta"), dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError("beta contains NaN or inf; every entry must be finite")
    b = np.atleast_1d(np.abs(arr))
    pole = b == 0
    log_z = 2 * np.log(np.where(pole, 1.0, b)) - np.log(2.0) - 2 * np.log(tau)
    out = np.full(b.shape, np.inf)  # the pole, at beta = 0 exactly
    out[~pole] = _log_scaled_e1(log_z[~pole])
    out = out - np.log(tau) - 0.5 * np.log(2 * np.pi**3)
    return out.reshape(arr.shape) if arr.ndim else out[0]
