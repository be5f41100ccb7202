r"""The symbols every derivation shares.

Indices run from 1: observations :math:`i = 1, \dots, n`, coefficients
:math:`j, k = 1, \dots, p`. ``n`` and ``p`` are symbolic positive integers, so
an identity proved with them holds for every problem size.
"""

from __future__ import annotations

import sympy as sp

n, p = sp.symbols("n p", integer=True, positive=True)
i, j, k = sp.symbols("i j k", integer=True, positive=True)

X = sp.IndexedBase("X", real=True)
y = sp.IndexedBase("y", real=True)
beta = sp.IndexedBase("beta", real=True)

#: noise standard deviation of y = X beta + eps, eps ~ N(0, sigma^2 I)
sigma = sp.Symbol("sigma", positive=True)
#: standard deviation of the Gaussian prior on each coefficient
sigma_w = sp.Symbol("sigma_w", positive=True)
#: scale of the Laplace prior on each coefficient
b = sp.Symbol("b", positive=True)
#: penalty strength in the canonical objective ||y - X beta||^2 + lambda R(beta)
lam = sp.Symbol("lambda", nonnegative=True)
#: the evidence p(y | X), a positive number free of beta
Z = sp.Symbol("Z", positive=True)


def fitted(row: sp.Expr = i) -> sp.Expr:
    r""":math:`\mu_i = \sum_{j=1}^{p} X_{ij}\beta_j`, the mean of observation ``row``."""
    return sp.Sum(X[row, j] * beta[j], (j, 1, p))


def rss() -> sp.Expr:
    r"""Residual sum of squares :math:`\lVert y - X\beta\rVert_2^2` as a sum over observations."""
    return sp.Sum((y[i] - fitted(i)) ** 2, (i, 1, n))

# -- symbols of the generalizations (prior mean and covariance, other priors, weights) ---------------

#: prior mean (location) of each coefficient, theta_0 = (theta_{0,1}, ..., theta_{0,p})
theta0 = sp.IndexedBase("theta_0", real=True)
#: entries of the prior precision matrix Q = Sigma^{-1} (Sigma the prior covariance)
Q = sp.IndexedBase("Q", real=True)
#: standard deviation of coefficient j under a diagonal prior covariance, Sigma = diag(tau_j^2)
tau = sp.IndexedBase("tau", positive=True)
#: sample weights: observation i has noise variance sigma^2 / s_i
sample_weight = sp.IndexedBase("s", positive=True)
#: shape (exponent) and scale of the exponential-power (generalized normal) prior
power = sp.Symbol("q", positive=True)
power_scale = sp.Symbol("s_q", positive=True)
#: scale of Laplace noise on the responses (the robust likelihood)
laplace_noise_scale = sp.Symbol("s", positive=True)
#: the bounds of a uniform prior on each coefficient (a box)
box_lower = sp.Symbol("l", real=True)
box_upper = sp.Symbol("u", real=True)
#: degrees of freedom and scale of the Student-t prior
nu = sp.Symbol("nu", positive=True)
t_scale = sp.Symbol("s_t", positive=True)
