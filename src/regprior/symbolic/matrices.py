"""Matrix-form symbols and the bridge to the index (sum) form.

The normal equations are most readable with matrices (:class:`~sympy.MatrixSymbol`
of symbolic shape), while the posterior is most naturally a sum over observations.
:func:`to_indexed` rewrites an entry of a matrix expression as the equivalent
expression in :mod:`regprior.symbolic.symbols`, so the two forms can be proved equal.
"""

from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from .symbols import X, beta, n, p, y

Xm = sp.MatrixSymbol("X", n, p)
ym = sp.MatrixSymbol("y", n, 1)
betam = sp.MatrixSymbol("beta", p, 1)
Ip = sp.Identity(p)
In = sp.Identity(n)

__all__ = ["Xm", "ym", "betam", "Ip", "In", "to_indexed"]

_INDEXED = {
    Xm: lambda r, c: X[r + 1, c + 1],
    ym: lambda r, c: y[r + 1],
    betam: lambda r, c: beta[r + 1],
}


def to_indexed(expr: sp.Expr) -> sp.Expr:
    """Rewrite a scalar built from entries of ``Xm``, ``ym``, ``betam`` in 1-based index form.

    SymPy writes the entries of a matrix product as sums from 0 to ``m - 1``;
    each sum is shifted to run from 1 to ``m`` and each entry is replaced by the
    corresponding :class:`~sympy.Indexed` symbol.
    """
    e = sp.sympify(expr).replace(
        lambda x: isinstance(x, MatrixElement) and x.parent in _INDEXED,
        lambda x: _INDEXED[x.parent](x.i, x.j),
    )

    def shift(s: sp.Sum) -> sp.Sum:
        (var, lo, hi), = s.limits
        new = sp.Dummy(str(var))
        return sp.Sum(s.function.subs(var, new - 1), (new, lo + 1, hi + 1))

    return e.replace(lambda x: isinstance(x, sp.Sum), shift)
