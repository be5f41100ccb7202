"""The spectrum of a design (regprior.solvers.spectral.Spectrum): its two constructions and its ridge coefficients."""

from __future__ import annotations

import numpy as np
import pytest

from regprior.solvers.spectral import Spectrum
from tests.properties import prop
from tests.reference import normal_equations

RNG = np.random.default_rng(11)
TALL = RNG.standard_normal((12, 4))
WIDE = RNG.standard_normal((4, 12))
Y_TALL, Y_WIDE = RNG.standard_normal(12), RNG.standard_normal(4)


@prop(r"`Spectrum.of_design` holds the thin SVD $X = U\operatorname{diag}(s)V^\top$ (reconstructed to $10^{-12}$, "
      r"orthonormal $U$ and $V$) and its ridge rows solve $(X^\top X + \lambda I)\beta = X^\top y$ for each "
      r"$\lambda > 0$; at $\lambda = 0$ on a design with a duplicated column it gives the minimum-norm least squares "
      r"solution `numpy.linalg.pinv` gives, and on an all-zero design the zero vector (rank 0).",
      group="routes", checks="ridge_path", against="numpy.linalg.solve and numpy.linalg.pinv")
@pytest.mark.parametrize("X, y", [(TALL, Y_TALL), (WIDE, Y_WIDE)], ids=["tall", "wide"])
def test_spectrum_of_design_is_the_svd_and_solves_ridge(X, y):
    spectrum = Spectrum.of_design(X)
    k = min(X.shape)
    assert not spectrum.from_gram and spectrum.rank == k
    np.testing.assert_allclose(spectrum.U @ np.diag(spectrum.s) @ spectrum.Vt, X, atol=1e-12)
    np.testing.assert_allclose(spectrum.U.T @ spectrum.U, np.eye(k), atol=1e-12)
    np.testing.assert_allclose(spectrum.Vt @ spectrum.Vt.T, np.eye(k), atol=1e-12)
    lams = [0.1, 1.0, 10.0]
    for row, lam in zip(spectrum.ridge(y, lams), lams):
        np.testing.assert_allclose(row, normal_equations(X, y, lam * np.eye(X.shape[1])), rtol=1e-10)
    duplicated = np.column_stack([X, X[:, 0]])
    np.testing.assert_allclose(Spectrum.of_design(duplicated).ridge(y, [0.0])[0], np.linalg.pinv(duplicated) @ y,
                               rtol=1e-8, atol=1e-10)
    zero = Spectrum.of_design(np.zeros(X.shape))
    assert zero.rank == 0 and np.array_equal(zero.ridge(y, [0.0, 1.0]), np.zeros((2, X.shape[1])))


@prop(r"`Spectrum.of_gram` decomposes the smaller Gram matrix: from $X^\top X$ (tall X) it has no left singular "
      r"vectors and `projection` refuses with a message naming `of_design`, from $XX^\top$ (wide X) no right ones; "
      r"both say `from_gram` and give the ridge rows of `of_design` (to $10^{-9}$); a singular value at $10^{-10}$ "
      r"of the largest, below the $\sqrt{\epsilon}$ resolution of a Gram matrix, is negligible for `of_gram` and "
      r"not for `of_design`.",
      group="routes", checks="ridge_path", against="Spectrum.of_design (the SVD of X)")
@pytest.mark.parametrize("X, y", [(TALL, Y_TALL), (WIDE, Y_WIDE)], ids=["tall", "wide"])
def test_spectrum_of_gram_agrees_with_the_svd(X, y):
    gram, svd = Spectrum.of_gram(X), Spectrum.of_design(X)
    assert gram.from_gram is True and gram.rank == min(X.shape)
    np.testing.assert_allclose(gram.s, svd.s, rtol=1e-10)
    np.testing.assert_allclose(gram.ridge(y, [0.1, 10.0]), svd.ridge(y, [0.1, 10.0]), rtol=1e-9)
    if X.shape[0] >= X.shape[1]:
        assert gram.U is None and gram.Vt is not None
        with pytest.raises(ValueError) as info:
            gram.projection(y)
        assert str(info.value) == ("this spectrum was built from X^T X and has no left singular vectors; "
                                   "use of_design")
    else:
        assert gram.Vt is None and gram.U is not None
        coords, outside = gram.projection(y)
        np.testing.assert_allclose(np.abs(coords), np.abs(svd.U.T @ y), rtol=1e-9)
        assert not np.any(outside)
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    s[-1] = 1e-10 * s[0]
    nearly = U @ np.diag(s) @ Vt
    assert Spectrum.of_gram(nearly).rank == min(X.shape) - 1
    assert Spectrum.of_design(nearly).rank == min(X.shape)
