"""The benchmark problems: seeded data sets shared by every method."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def toeplitz_design(n: int, p: int, rho: float = 0.5, n_nonzero: int = 20, noise_sd: float = 1.0, seed: int = 0):
    """Gaussian design with corr(x_j, x_k) = rho^|j-k| (an AR(1) chain across columns), a sparse truth
    with ``n_nonzero`` coefficients drawn from +-(1..2) at random positions, and N(0, noise_sd^2) noise."""
    rng = np.random.default_rng(seed)
    X = np.empty((n, p), order="F")
    X[:, 0] = rng.standard_normal(n)
    scale = np.sqrt(1 - rho**2)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + scale * rng.standard_normal(n)
    beta = np.zeros(p)
    support = rng.choice(p, size=min(n_nonzero, p), replace=False)
    beta[support] = rng.choice([-1.0, 1.0], size=support.size) * rng.uniform(1, 2, size=support.size)
    y = X @ beta + noise_sd * rng.standard_normal(n)
    return X, y


@dataclass(frozen=True)
class Problem:
    name: str
    X: np.ndarray
    y: np.ndarray
    #: canonical penalty strengths lambda (J = ||y - X b||^2 + lambda ||b||_1); one for a single fit
    lams: np.ndarray


def lam_max(X, y) -> float:
    """Smallest canonical lambda with an all-zero lasso solution, 2 ||X^T y||_inf."""
    return 2 * float(np.abs(X.T @ y).max())
