r"""A sparse design, centred and weighted without being formed.

With sample weights :math:`s_i` and an intercept, the least-squares datafit works on
:math:`\tilde X = S^{1/2}(X - \mathbf 1\bar x^\top)` (``regprior.datafits.quadratic``). For a sparse X the
centred matrix is dense, so it is never formed (as scikit-learn does for its sparse lasso): with
:math:`v = S^{1/2}\mathbf 1` and :math:`X_s = S^{1/2}X` (sparse, the same pattern as X),

.. math::

    \tilde X w = X_s w - (\bar x^\top w)\,v,\qquad
    \tilde X^\top r = X_s^\top r - \bar x\,(v^\top r),\qquad
    \lVert\tilde x_j\rVert^2 = \lVert x_{s,j}\rVert^2 - W\bar x_j^2,

with :math:`W = v^\top v = \sum_i s_i` and :math:`\bar x = X_s^\top v / W` the weighted means. Every product
costs the nonzeros of X plus O(n + p).
"""

from __future__ import annotations

import numpy as np

__all__ = ["SparseDesign"]


class SparseDesign:
    r"""The operator :math:`\tilde X = S^{1/2}(X - \mathbf 1\bar x^\top)` of a sparse X.

    Parameters
    ----------
    matrix : scipy.sparse matrix of shape (n_samples, n_features)
        :math:`X_s = S^{1/2}X`, in CSC format, float64.
    x_offset : ndarray of shape (n_features,) or None
        The column means :math:`\bar x` subtracted (None: no centring).
    root_weight : ndarray of shape (n_samples,) or None
        :math:`v = S^{1/2}\mathbf 1` (None: all ones).
    total_weight : float
        :math:`W = \sum_i s_i`.

    Attributes
    ----------
    data, indices, indptr : ndarray
        The CSC arrays of ``matrix`` (indices as int64), what the compiled kernels read.
    shape : tuple of int
    """

    def __init__(self, matrix, x_offset, root_weight, total_weight: float):
        self.matrix = matrix
        self.shape = matrix.shape
        self.x_offset = None if x_offset is None else np.ascontiguousarray(x_offset, dtype=np.float64)
        self.root_weight = None if root_weight is None else np.ascontiguousarray(root_weight, dtype=np.float64)
        self.total_weight = float(total_weight)
        self.data = np.ascontiguousarray(matrix.data, dtype=np.float64)
        self.indices = np.ascontiguousarray(matrix.indices, dtype=np.int64)
        self.indptr = np.ascontiguousarray(matrix.indptr, dtype=np.int64)

    def _v(self) -> np.ndarray:
        return np.ones(self.shape[0]) if self.root_weight is None else self.root_weight

    def __matmul__(self, w):
        w = np.asarray(w, dtype=float)
        out = np.asarray(self.matrix @ w)
        if self.x_offset is not None:
            shift = self.x_offset @ w
            out = out - (np.outer(self._v(), shift) if w.ndim == 2 else shift * self._v())
        return out

    @property
    def T(self) -> "_Transpose":
        return _Transpose(self)

    def rmatvec(self, r) -> np.ndarray:
        r""":math:`\tilde X^\top r`."""
        r = np.asarray(r, dtype=float)
        out = np.asarray(self.matrix.T @ r)
        if self.x_offset is not None:
            vr = self._v() @ r
            out = out - (np.outer(self.x_offset, vr) if r.ndim == 2 else self.x_offset * vr)
        return out

    def col_norm2(self) -> np.ndarray:
        r""":math:`\lVert\tilde x_j\rVert^2` for every column (clipped at 0 against cancellation)."""
        squares = np.asarray(self.matrix.multiply(self.matrix).sum(axis=0)).ravel()
        if self.x_offset is not None:
            squares = squares - self.total_weight * self.x_offset**2
        return np.maximum(squares, 0.0)

    def gram(self, rows, cols=None) -> np.ndarray:
        r""":math:`\tilde X_A^\top\tilde X_B` as a dense array, for column index arrays A (``rows``) and B."""
        cols = rows if cols is None else cols
        A, B = self.matrix[:, rows], self.matrix[:, cols]
        G = np.asarray((A.T @ B).toarray())
        if self.x_offset is not None:
            G -= self.total_weight * np.outer(self.x_offset[rows], self.x_offset[cols])
        return G

    def columns(self, cols):
        """The submatrix of the columns ``cols`` as another :class:`SparseDesign`."""
        return SparseDesign(self.matrix[:, cols], None if self.x_offset is None else self.x_offset[cols],
                            self.root_weight, self.total_weight)

    def toarray(self) -> np.ndarray:
        r"""The dense :math:`\tilde X` (for small problems and tests)."""
        return self @ np.eye(self.shape[1])


class _Transpose:
    def __init__(self, design: SparseDesign):
        self._design = design
        self.shape = design.shape[::-1]

    def __matmul__(self, r):
        return self._design.rmatvec(r)
