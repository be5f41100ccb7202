"""Hypothesis strategies for regression problems, drawn widely on purpose.

Shapes include p > n, p = n and p = 1; designs include duplicated, collinear and
all-zero columns; every scale (X, y, noise, prior) spans several orders of magnitude.
"""

from __future__ import annotations

import os

from dataclasses import dataclass

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

STRUCTURES = ("plain", "duplicate_column", "collinear", "zero_column")

#: entries in [-1, 1]; magnitudes below 1e-6 become exact zeros, so that products of entries and scales
#: stay far from float64 underflow (where squares vanish and no regression is meaningful)
ENTRIES = st.floats(-1, 1, allow_subnormal=False).map(lambda v: 0.0 if abs(v) < 1e-6 else v)


def examples(ci: int) -> settings:
    """Settings for a property whose examples are slow (a library's fit, a sampler, a quadrature per example).

    Under the derandomized ``ci`` profile the property runs ``ci`` examples, to keep ``make test`` short; under
    any other profile it runs as many as that profile says (``deep``: at least 100), like every other property.

    Parameters
    ----------
    ci : int
        Examples under the ``ci`` profile.

    Returns
    -------
    hypothesis.settings
    """
    if settings.get_current_profile_name() == "ci":
        return settings(max_examples=ci)
    return settings()


@dataclass(frozen=True)
class Problem:
    X: np.ndarray
    y: np.ndarray
    structure: str

    @property
    def shape(self) -> tuple[int, int]:
        return self.X.shape


def powers_of_ten(lo: int, hi: int) -> st.SearchStrategy[float]:
    """10**k for integer k in [lo, hi], with a random mantissa in [1, 10)."""
    return st.builds(lambda k, m: m * 10.0**k, st.integers(lo, hi), st.floats(1.0, 9.99))


@st.composite
def problems(draw, *, max_n: int = 10, max_p: int = 10, min_n: int = 1, structures=STRUCTURES,
             x_scales=(-3, 3), y_scales=(-3, 3)) -> Problem:
    n = draw(st.integers(min_n, max_n))
    p = draw(st.integers(1, max_p))
    X = draw(arrays(np.float64, (n, p), elements=ENTRIES))
    structure = draw(st.sampled_from(structures)) if p >= 2 else "plain"
    if structure == "duplicate_column":
        src, dst = draw(st.permutations(range(p)))[:2]
        X[:, dst] = X[:, src]
    elif structure == "collinear":
        src, dst = draw(st.permutations(range(p)))[:2]
        X[:, dst] = draw(st.floats(-3, 3)) * X[:, src]
    elif structure == "zero_column":
        X[:, draw(st.integers(0, p - 1))] = 0.0
    X = X * draw(powers_of_ten(*x_scales))
    y = draw(arrays(np.float64, (n,), elements=ENTRIES))
    y = y * draw(powers_of_ten(*y_scales))
    return Problem(X, y, structure)


@st.composite
def well_posed_problems(draw, *, max_p: int = 5) -> Problem:
    """n > p, well-conditioned Gaussian design: the MAP is unique and a generic optimizer finds it."""
    p = draw(st.integers(1, max_p))
    n = draw(st.integers(p + 2, p + 12))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.standard_normal((n, p)) * draw(powers_of_ten(-1, 1))
    beta = rng.standard_normal(p) * draw(powers_of_ten(-1, 1))
    y = X @ beta + rng.standard_normal(n) * draw(powers_of_ten(-2, 0))
    return Problem(X, y, "gaussian")


def coefficient_vectors(p: int) -> st.SearchStrategy[np.ndarray]:
    """Coefficient vectors of length p, including exact zeros and widely varying magnitudes."""
    return arrays(np.float64, (p,), elements=st.one_of(st.just(0.0), st.floats(-1e3, 1e3, allow_subnormal=False)))


def mc_draws(n: int) -> int:
    """Draws per chain for a sampler test: ``n``, or a quarter of it under mutation testing.

    mutmut runs the covering tests once per mutant (``MUTANT_UNDER_TEST`` is then set); a quarter of the draws
    doubles the Monte Carlo standard errors, which every such test estimates from its own draws and compares
    with, so a wrong conditional (a wrong mean or variance in an update) is still far outside four of them.

    Parameters
    ----------
    n : int
        Draws per chain in an ordinary run.

    Returns
    -------
    int
    """
    return n // 4 if os.environ.get("MUTANT_UNDER_TEST") else n
