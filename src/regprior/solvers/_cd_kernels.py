r"""Compiled kernels of the coordinate-descent engine for the canonical elastic net.

Everything here works on the halved objective

.. math::

    P(w) = \tfrac12\lVert y - Xw\rVert_2^2 + \sum_j \alpha_j |w_j| + \tfrac{\gamma}{2}\lVert w\rVert_2^2,
    \qquad \alpha_j = \lambda_{1j}/2,\ \gamma = \lambda_2,

whose minimizer is that of :math:`J = 2P`; gaps reported to users are doubled back.

The outer loop (full gap, screening, working sets; see
:class:`regprior.solvers.coordinate_descent._Engine`) runs in Python around NumPy's products; this module
holds the loops that would be slow in Python: the inner coordinate descent on a working set (on its Gram
matrix, or on its sparse columns), with Anderson extrapolation, the gap from correlations, and
screening/ranking. They are C (``_cdcore.c``), compiled when the package is installed, so that no call waits
for a compiler; the functions below check their arguments' types and hand them over.
"""

from __future__ import annotations

import numpy as np

from ._cdcore import gap_from_correlations as _c_gap
from ._cdcore import gram_cd as _c_gram_cd
from ._cdcore import gram_primal as _c_gram_primal
from ._cdcore import logistic_pn as _c_logistic_pn
from ._cdcore import screen_and_rank as _c_screen_and_rank
from ._cdcore import sparse_cd as _c_sparse_cd

#: Anderson extrapolation uses the last K + 1 iterates
ANDERSON_K = 5
#: the inner loop stops when its restricted gap is below this fraction of the outer gap
INNER_FRACTION = 0.3


def _f64(a) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float64)


def soft_threshold(a: float, kappa: float) -> float:
    r""":math:`S_\kappa(a) = \operatorname{sign}(a)\max(|a| - \kappa, 0)`."""
    return float(np.sign(a) * max(abs(a) - kappa, 0.0))


def gap_from_correlations(c, w, alpha, gamma, r_norm2, r_dot_y) -> tuple[float, float, float]:
    r"""Duality gap of the halved elastic net, from :math:`c = X^\top r` and two inner products.

    Two dual points are tried and the better (larger dual value) is kept:

    * the rescaled residual :math:`\theta = s r` with
      :math:`s = \min(1, \min_j \alpha_j/|c_j - \gamma w_j|)`, feasible for the dual of the lasso on the
      augmented design :math:`[X; \sqrt\gamma I]`:
      :math:`D = s\,r^\top y - \tfrac{s^2}{2}(\lVert r\rVert^2 + \gamma\lVert w\rVert^2)`;
    * when :math:`\gamma > 0`, the residual itself in the exact elastic-net dual
      :math:`D = r^\top y - \tfrac12\lVert r\rVert^2 - \sum_j (|c_j| - \alpha_j)_+^2/(2\gamma)`, which
      stays valid when some or all :math:`\alpha_j = 0` (e.g. pure ridge).

    Returns
    -------
    gap, primal, scale : float
        The gap and primal value of P (halved objective) and the rescaling s of the first dual point.
    """
    return _c_gap(_f64(c), _f64(w), _f64(alpha), float(gamma), float(r_norm2),
                                         float(r_dot_y))


def _gram_primal(w, G, b, alpha, gamma, y_norm2) -> float:
    """P(w) from the Gram matrix: 1/2 (||y||^2 - 2 b.w + w.Gw) + sum alpha|w| + gamma/2 ||w||^2."""
    return _c_gram_primal(_f64(w), _f64(G), _f64(b), _f64(alpha), float(gamma), float(y_norm2))


def gram_cd(G, b, w, alpha, gamma, y_norm2, tol, max_epochs) -> tuple[int, float]:
    r"""Coordinate descent on :math:`P(w) = \tfrac12 w^\top G w - b^\top w + \tfrac12\lVert y\rVert^2 + \dots`,
    in place on ``w``.

    Keeps :math:`z = b - Gw` (the correlations of the columns with the residual). The update of
    coordinate j is :math:`w_j \leftarrow S_{\alpha_j}(z_j + G_{jj}w_j)/(G_{jj} + \gamma)`; the gap
    restricted to these coordinates is evaluated after every epoch (it costs :math:`O(k)`), and every
    K + 1 epochs an Anderson extrapolation is kept if it lowers P.

    ``w`` must be a C-contiguous float64 array (it is updated in place); G is symmetric.

    Returns
    -------
    epochs, gap : int, float
    """
    return _c_gram_cd(_f64(G), _f64(b), w, _f64(alpha), float(gamma), float(y_norm2), float(tol),
                           int(max_epochs))


def sparse_cd(design, cols, w, alpha, norm2, b, gamma, r, y_norm2, tol, max_epochs) -> tuple[int, float]:
    r"""Coordinate descent on the sparse columns ``cols`` of a centred design, in place on ``w`` and ``r``.

    ``design`` is a ``SparseDesign`` (``regprior.datafits.sparse_design``): the columns of
    :math:`\tilde X = S^{1/2}(X - \mathbf 1\bar x^\top)` are never formed; an update of coordinate j costs the
    nonzeros of column j whatever the centring (see ``_cdcore.c``). ``r`` is the residual
    :math:`y - \tilde X w` (all coefficients outside ``cols`` being 0), kept up to date; ``norm2`` are
    :math:`\lVert\tilde x_j\rVert^2` and ``b`` :math:`\tilde X_W^\top y`. The update, the restricted gap and
    the extrapolation are those of :func:`gram_cd`.

    Returns
    -------
    epochs, gap : int, float
    """
    cols = np.ascontiguousarray(cols, dtype=np.int64)
    xbar = None if design.x_offset is None else _f64(design.x_offset[cols])
    return _c_sparse_cd(design.data, design.indices, design.indptr, cols, w, _f64(alpha), _f64(norm2), _f64(b),
                             xbar, design.root_weight, float(design.total_weight), r, float(gamma), float(y_norm2),
                             float(tol), int(max_epochs))


def screen_and_rank(c, w, alpha, gamma, col_norm2, scale, radius, screened) -> tuple[np.ndarray, int]:
    r"""Gap Safe screening and working-set priorities, in one pass over the features.

    Feature j is screened (proven to be 0 at the optimum, and dropped for good) when the sphere of
    radius ``radius`` around the rescaled dual point stays inside its constraint:
    :math:`s|c_j - \gamma w_j| + \sqrt{\lVert x_j\rVert^2 + \gamma}\,\text{radius} < \alpha_j`.
    The priority of an unscreened feature is its distance to the constraint,
    :math:`(\alpha_j - s|c_j - \gamma w_j|)/\sqrt{\lVert x_j\rVert^2 + \gamma}` (small = likely active);
    nonzero coefficients get :math:`-\infty` (always kept) and screened ones :math:`+\infty`.
    ``screened`` (a bool array) is updated in place.

    Returns
    -------
    priority : ndarray of shape (p,)
    available : int
        Number of features with a finite or :math:`-\infty` priority.
    """
    priority = np.empty(np.shape(w)[0])
    available = _c_screen_and_rank(_f64(c), _f64(w), _f64(alpha), float(gamma), _f64(col_norm2), float(scale),
                                        float(radius), screened, priority)
    return priority, available


def logistic_pn(AT, cols, u, lam, z, offset, tol, max_steps, max_cd) -> tuple[int, float]:
    r"""Proximal Newton steps for :math:`\sum_i\log(1 + e^{-z_i}) + \sum_j\lambda_j|u_j|` on the columns ``cols``.

    ``AT`` is :math:`A^\top` (C-contiguous, row j = column j of A), ``z`` the margins :math:`z_0 + Au` (``offset``
    is :math:`z_0`), both ``u`` (the working set's coefficients) and ``z`` updated in place. Each step minimizes
    the quadratic model by up to ``max_cd`` coordinate-descent passes and backtracks on the true objective; the
    run stops when the restricted duality gap is at most ``tol``.

    Returns
    -------
    steps, gap : int, float
    """
    AT = _f64(AT)
    return _c_logistic_pn(AT, AT.shape[1], np.ascontiguousarray(cols, dtype=np.int64), u, _f64(lam), z, _f64(offset),
                          float(tol), int(max_steps), int(max_cd))
