"""The benchmark problems: seeded data sets shared by every method, and their objectives.

Nothing here comes from regprior: the objectives are written out with NumPy, in the canonical units
(the lasso's J(w) = ||y - Xw||^2 + lam ||w||_1, scikit-learn's alpha = lam / (2n); the L1-logistic
F(w) = sum_i log(1 + exp(-s_i x_i^T w)) + lam ||w||_1, scikit-learn's C = 1 / lam), so that accuracy is judged
the same way for every method.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


def text_like_design(n: int = 2000, p: int = 50_000, density: float = 1e-3, n_nonzero: int = 50, seed: int = 0):
    """A CSR matrix like word counts: ``density`` of the entries nonzero, at positions drawn with Zipf-like column
    popularity, values 1 + Poisson(0.5); a sparse truth on popular columns and unit noise."""
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    nnz = int(density * n * p)
    popularity = 1.0 / np.arange(1, p + 1) ** 0.7
    cols = rng.choice(p, size=nnz, p=popularity / popularity.sum())
    rows = rng.integers(0, n, size=nnz)
    X = sp.csr_matrix((1.0 + rng.poisson(0.5, size=nnz), (rows, cols)), shape=(n, p))
    X.sum_duplicates()
    beta = np.zeros(p)
    beta[rng.choice(2000, size=n_nonzero, replace=False)] = (rng.choice([-1.0, 1.0], size=n_nonzero)
                                                             * rng.uniform(1, 3, n_nonzero))
    y = X @ beta + rng.standard_normal(n)
    return X, y


def logistic_design(n: int = 500, p: int = 5000, rho: float = 0.5, n_nonzero: int = 20, seed: int = 0):
    """The Toeplitz design with labels y in {0, 1} drawn from the logistic model of a sparse truth."""
    X, _ = toeplitz_design(n, p, rho=rho, n_nonzero=0, seed=seed)
    rng = np.random.default_rng(seed + 1)
    beta = np.zeros(p)
    support = rng.choice(p, size=n_nonzero, replace=False)
    beta[support] = rng.choice([-1.0, 1.0], size=n_nonzero) * rng.uniform(0.5, 1.0, size=n_nonzero)
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-(X @ beta)))).astype(float)
    return X, y


def diabetes():
    """scikit-learn's diabetes data (442 x 10), standardized, response centred."""
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    return np.asfortranarray((X - X.mean(axis=0)) / X.std(axis=0)), y - y.mean()


def lasso_lam_max(X, y) -> float:
    """Smallest canonical lambda with an all-zero lasso solution, 2 ||X^T y||_inf."""
    return 2 * float(np.abs(X.T @ y).max())


def logistic_lam_max(X, y) -> float:
    """Smallest lambda with an all-zero L1-logistic solution, ||X^T s||_inf / 2 (s the signs of the labels)."""
    return float(np.abs(X.T @ (2 * y - 1)).max()) / 2


def lasso_objectives(X, y, coefs: np.ndarray, lams: np.ndarray, lams2: np.ndarray | None = None) -> np.ndarray:
    """J(w_t) = ||y - X w_t||^2 + lam_t ||w_t||_1 + lam2_t ||w_t||^2 for each row w_t of ``coefs``."""
    out = np.empty(len(lams))
    for t, (w, lam) in enumerate(zip(coefs, lams)):
        r = y - X @ w
        out[t] = r @ r + lam * np.abs(w).sum() + (0.0 if lams2 is None else lams2[t] * (w @ w))
    return out


def logistic_objectives(X, y, coefs: np.ndarray, lams: np.ndarray) -> np.ndarray:
    """F(w_t) = sum_i log(1 + exp(-s_i x_i^T w_t)) + lam_t ||w_t||_1, s = 2y - 1."""
    s = 2 * y - 1
    return np.array([np.logaddexp(0.0, -s * (X @ w)).sum() + lam * np.abs(w).sum() for w, lam in zip(coefs, lams)])


@dataclass
class Problem:
    """One workload: data, strengths, how to evaluate the objective, and the scale accuracy is relative to."""

    name: str
    kind: str  # "lasso", "enet", "logistic", "cv"
    X: object
    y: np.ndarray
    lams: np.ndarray
    lams2: np.ndarray | None = None
    extra: dict = field(default_factory=dict)

    def objectives(self, coefs) -> np.ndarray:
        if self.kind == "logistic":
            return logistic_objectives(self.X, self.y, coefs, self.lams)
        return lasso_objectives(self.X, self.y, coefs, self.lams, self.lams2)

    def scale(self) -> float:
        """The objective at w = 0: ||y||^2 for least squares, n log 2 for the logistic loss."""
        if self.kind == "logistic":
            return len(self.y) * float(np.log(2.0))
        return float(self.y @ self.y)
