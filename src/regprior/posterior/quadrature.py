r"""The exact posterior of one coefficient by quadrature, for any prior (its mean and median, not only its mode).

With a Gaussian likelihood for one coefficient (one column, or an orthonormal design) the posterior is
:math:`p(\beta \mid y) \propto \exp\bigl(-(\beta - c)^2/(2s^2)\bigr)\,\pi(\beta)` for any prior π. Its mean and
median, the Bayes answers to squared and absolute loss, are one-dimensional integrals; this module computes
them to about 1e-10 s, with a substitution that copes with a pole of the prior at 0 (the horseshoe's).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import cumulative_simpson, simpson

from .._results import Readable
from .._validation import check_int, check_scalar
from ..priors.base import Prior

__all__ = ["OneDimensionalPosterior", "one_dimensional_posterior"]


@dataclass(frozen=True, repr=False)
class OneDimensionalPosterior(Readable):
    r"""Posteriors :math:`p(\beta) \propto \exp\bigl(-(\beta - c)^2/(2s^2)\bigr)\,\pi(\beta)`, one per centre c.

    Attributes
    ----------
    nodes : ndarray of shape (n_nodes,)
        The quadrature nodes in β (increasing, symmetric about 0, denser near 0).
    density : ndarray of shape (n_centres, n_nodes)
        The normalized posterior density at the nodes (``inf`` at β = 0 when the prior has a pole there;
        the quadrature weight of that node is 0).
    mean : ndarray of shape (n_centres,)
        Posterior means.
    median : ndarray of shape (n_centres,)
        Posterior medians.
    """

    nodes: np.ndarray
    density: np.ndarray
    mean: np.ndarray
    median: np.ndarray


def one_dimensional_posterior(log_prior, centre, width: float, *,
                              n_nodes: int | None = None) -> OneDimensionalPosterior:
    r"""Mean and median of the posterior of one coefficient whose likelihood is Gaussian in β, by quadrature.

    With one column x, :math:`\sigma` the noise sd, the likelihood of β is proportional to a Gaussian
    density with centre :math:`c = x^\top y/x^\top x` (the least-squares value) and width
    :math:`s = \sigma/\lVert x\rVert`; the same holds for each coefficient of an orthonormal design.

    Parameters
    ----------
    log_prior : Prior or callable
        A one-coefficient :class:`~regprior.Prior`, or ``log_prior(beta)`` returning the log prior density (up to
        a constant) at an array of points; ``+inf`` at 0 is allowed (an integrable pole, such as the horseshoe's).
    centre : float or array_like of shape (n_centres,)
        The least-squares value(s) c.
    width : float
        s > 0.
    n_nodes : int, optional
        Number of nodes, odd so that β = 0 is one of them. The default makes the spacing of the nodes at most
        s/50 everywhere (and uses at least 4001 nodes).

    Returns
    -------
    OneDimensionalPosterior

    Notes
    -----
    The nodes are :math:`\beta = E u^3` for u evenly spaced on [-1, 1], with
    :math:`E = \max|c| + 12s` (beyond it the likelihood factor is below :math:`e^{-72}`). In u the integrand
    :math:`3Eu^2\,k(Eu^3)`, with k the unnormalized posterior, is continuous and vanishes at u = 0 even at a
    logarithmic pole, so Simpson's rule (``scipy.integrate.simpson``) applies. The median is where the
    cumulative Simpson integral (``scipy.integrate.cumulative_simpson``) reaches 1/2, between nodes by cubic
    Hermite interpolation in u, solved by bisection to rounding (so a posterior symmetric about 0 has its median
    at 0 to within 1e-14 s). Mean and median agree with adaptive quadrature to about 1e-10 s
    (``tests/test_figures_posterior.py``).

    Examples
    --------
    >>> post = rp.posterior.one_dimensional_posterior(rp.LaplacePrior(0.5), [0.2, 3.0], 1.0)
    >>> np.round(post.mean, 4), np.round(post.median, 4)      # both shrink toward 0, neither to exactly 0
    (array([0.0508, 1.2102]), array([0.0325, 1.1408]))
    """
    if isinstance(log_prior, Prior):
        prior = log_prior
        log_prior = lambda beta: np.array([-prior.neg_log_density([value]) for value in np.ravel(beta)])  # noqa: E731
    elif not callable(log_prior):
        raise TypeError(f"log_prior must be a Prior or a callable; got {type(log_prior).__name__}")
    centre = np.atleast_1d(np.asarray(centre, dtype=float))
    if centre.ndim != 1 or centre.size == 0 or not np.all(np.isfinite(centre)):
        raise ValueError("centre must be a finite number or a non-empty 1-D array of finite numbers")
    width = check_scalar(width, "width", strict=True)
    extent = float(np.max(np.abs(centre))) + 12 * width
    if n_nodes is None:  # the widest spacing, at the ends, is 3 E du = 6E / (n_nodes - 1)
        n_nodes = max(4001, 2 * int(np.ceil(150 * extent / width)) + 1)
    n_nodes = check_int(n_nodes, "n_nodes", minimum=3)
    if n_nodes % 2 == 0:
        raise ValueError(f"n_nodes must be an odd integer >= 3; got {n_nodes}")
    u = np.linspace(-1.0, 1.0, n_nodes)
    nodes = extent * u**3
    jacobian = 3 * extent * u**2
    log_kernel = -((nodes - centre[:, None]) ** 2) / (2 * width**2) + np.asarray(log_prior(nodes), dtype=float)
    finite = np.isfinite(log_kernel)
    shift = np.max(np.where(finite, log_kernel, -np.inf), axis=1, keepdims=True)
    integrand = np.where(finite, np.exp(np.where(finite, log_kernel - shift, 0.0)) * jacobian, 0.0)  # in u
    total = simpson(integrand, x=u, axis=1)
    mean = simpson(integrand * nodes, x=u, axis=1) / total
    cdf = np.maximum.accumulate(cumulative_simpson(integrand, x=u, axis=1, initial=0.0) / total[:, None], axis=1)
    median = extent * _half_way(cdf, integrand / total[:, None], u) ** 3
    density = np.exp(log_kernel - shift) / total[:, None]
    return OneDimensionalPosterior(nodes, density, mean, median)


def _half_way(cdf, slope, u):
    """Where each row of ``cdf`` (values at the evenly spaced ``u``, derivative ``slope``) reaches 1/2.

    Between the two nodes that bracket 1/2 the cdf is the cubic Hermite interpolant of its values and slopes,
    below 1/2 at the left node and not below it at the right one; bisection on it halves the bracket 60 times,
    past rounding. (Newton's method would stall where the slope vanishes: at u = 0 the integrand has the factor
    u^2, so a posterior symmetric about 0 has a triple root there.)
    """
    rows = np.arange(cdf.shape[0])
    j = np.clip(np.array([np.searchsorted(row, 0.5) for row in cdf]) - 1, 0, u.size - 2)
    h = u[1] - u[0]
    f0, f1, d0, d1 = cdf[rows, j], cdf[rows, j + 1], h * slope[rows, j], h * slope[rows, j + 1]
    low, high = np.zeros(rows.size), np.ones(rows.size)
    for _ in range(60):
        s = (low + high) / 2
        below = (f0 * (2 * s**3 - 3 * s**2 + 1) + d0 * (s**3 - 2 * s**2 + s)
                 + f1 * (-2 * s**3 + 3 * s**2) + d1 * (s**3 - s**2)) < 0.5
        low, high = np.where(below, s, low), np.where(below, high, s)
    return u[j] + h * (low + high) / 2
