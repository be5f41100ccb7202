r"""The spectrum of a design: one decomposition behind every ridge computation that serves many λ at once.

With the thin singular value decomposition :math:`X = U\operatorname{diag}(s)V^\top`,

.. math::

    \hat\beta(\lambda) = (X^\top X + \lambda I)^{-1}X^\top y
    = V\operatorname{diag}\Bigl(\frac{s_k}{s_k^2 + \lambda}\Bigr)U^\top y,
    \qquad H_\lambda = U\operatorname{diag}\Bigl(\frac{s_k^2}{s_k^2 + \lambda}\Bigr)U^\top,

so one decomposition gives the ridge solution (:func:`regprior.ridge_path`, and :func:`regprior.ridge` when its
direct solve is singular to working precision), the hat matrix (:func:`regprior.ridge_loo_gcv`) and the
eigenvalues :math:`s_k^2` of :math:`X^\top X` (:func:`regprior.evidence_ridge`) for any number of λ.

:class:`Spectrum` is built from an SVD of X (:meth:`Spectrum.of_design`) or, faster when one dimension is much
smaller, from an eigendecomposition of the smaller Gram matrix :math:`X^\top X` or :math:`XX^\top`
(:meth:`Spectrum.of_gram`). Singular values at the rounding level of the largest are exactly 0 but for rounding;
their components are left out (as a pseudo-inverse does), because dividing by them would amplify rounding noise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.linalg as sla

__all__ = ["Spectrum"]


@dataclass(frozen=True)
class Spectrum:
    r"""The thin SVD :math:`X = U\operatorname{diag}(s)V^\top` of an :math:`n \times p` design.

    Attributes
    ----------
    X : ndarray of shape (n, p)
        The design it decomposes.
    s : ndarray of shape (k,)
        Singular values, :math:`k = \min(n, p)`.
    U : ndarray of shape (n, k) or None
        Left singular vectors (``None`` when built from :math:`X^\top X`; then :math:`U = XV/s` is not formed).
    Vt : ndarray of shape (k, p) or None
        Right singular vectors, transposed (``None`` when built from :math:`XX^\top`).
    from_gram : bool
        Whether the singular values come from a Gram matrix's eigenvalues, which resolves them only to
        :math:`\sqrt{\epsilon}\,s_1` (an SVD of X resolves them to :math:`\epsilon s_1`).
    negligible : ndarray of bool, shape (k,)
        Singular values at the rounding level of the largest: 0 but for rounding.
    """

    X: np.ndarray
    s: np.ndarray
    U: np.ndarray | None
    Vt: np.ndarray | None
    from_gram: bool = False
    negligible: np.ndarray = field(init=False)

    def __post_init__(self):
        n, p = self.X.shape
        level = max(n, p) * np.finfo(float).eps
        top = float(self.s.max(initial=0.0))
        if self.from_gram:
            small = self.s**2 <= top**2 * level
        else:
            small = self.s <= top * level
        object.__setattr__(self, "negligible", small)

    @classmethod
    def of_design(cls, X: np.ndarray) -> "Spectrum":
        """From the thin SVD of X itself (accurate for any scaling of the columns)."""
        U, s, Vt = np.linalg.svd(X, full_matrices=False)
        return cls(X, s, U, Vt)

    @classmethod
    def of_gram(cls, X: np.ndarray) -> "Spectrum":
        r"""From the eigendecomposition of the smaller Gram matrix (one :math:`\min(n,p)^3` step after forming it).

        The eigenvalues :math:`s_k^2` carry an absolute error of order :math:`\epsilon s_1^2`, so directions with
        :math:`s_k^2` near that level are judged negligible; use :meth:`of_design` when the columns of X differ in
        scale by orders of magnitude (the error is relative to the largest column).
        """
        n, p = X.shape
        gram = X.T @ X if n >= p else X @ X.T
        d, W = sla.eigh(gram, check_finite=False)
        s = np.sqrt(np.maximum(d, 0.0))[::-1]
        W = W[:, ::-1]
        return cls(X, s, None, W.T, True) if n >= p else cls(X, s, W, None, True)

    @property
    def rank(self) -> int:
        """The number of singular values above the rounding level."""
        return int(np.count_nonzero(~self.negligible))

    def eigenvalues(self) -> np.ndarray:
        r"""All p eigenvalues of :math:`X^\top X`: :math:`s_k^2`, then zeros when :math:`p > n`."""
        d = np.zeros(self.X.shape[1])
        d[: self.s.size] = self.s**2
        return d

    def ridge(self, y: np.ndarray, lams) -> np.ndarray:
        r"""Ridge coefficients for each λ: a ``(len(lams), p)`` array, row k minimizing at ``lams[k]``.

        :math:`\hat\beta(\lambda) = V\operatorname{diag}(s/(s^2+\lambda))U^\top y`, without the negligible directions
        (for λ = 0 that is the minimum-norm least-squares solution).
        """
        lams = np.atleast_1d(np.asarray(lams, dtype=float))
        s = np.where(self.negligible, 1.0, self.s)  # a placeholder: those components' factors are set to 0 below
        if self.U is not None:
            c = self.U.T @ y  # = U^T y
        else:  # U = X V / s
            c = (self.Vt @ (self.X.T @ y)) / s
        with np.errstate(divide="ignore", invalid="ignore"):
            factors = np.where(self.negligible[:, None], 0.0, s[:, None] / (s[:, None] ** 2 + lams[None, :]))
        weighted = factors * c[:, None]  # (k, n_lams)
        if self.Vt is not None:
            return (self.Vt.T @ weighted).T
        # V = X^T U / s
        return (self.X.T @ (self.U @ (weighted / s[:, None]))).T

    def projection(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r"""``(U^T y, y - U U^T y)``: the coordinates of y along the left singular vectors and what is outside them.

        When U is square (:math:`p \ge n`: its columns span all of :math:`\mathbb R^n`) the part outside is exactly
        0; computed as a difference it would be rounding noise, which dominates quantities of order
        :math:`\lambda/s^2` near interpolation.
        """
        if self.U is None:
            raise ValueError("this spectrum was built from X^T X and has no left singular vectors; use of_design")
        coords = self.U.T @ y
        if self.spans_samples:
            return coords, np.zeros_like(y)
        return coords, y - self.U @ coords

    @property
    def spans_samples(self) -> bool:
        r"""Whether the left singular vectors span all of :math:`\mathbb R^n` (U is square)."""
        return self.U is not None and self.U.shape[1] == self.X.shape[0]

    def outside_leverage(self) -> np.ndarray:
        r""":math:`1 - \sum_k U_{ik}^2` for each sample: exactly 0 when U is square (see :meth:`projection`)."""
        if self.spans_samples:
            return np.zeros(self.X.shape[0])
        return 1.0 - np.einsum("ik,ik->i", self.U, self.U)
