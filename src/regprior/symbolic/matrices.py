"""Matrix-form symbols and the bridge to the index (sum) form.

The normal equations are most readable with matrices (:class:`~sympy.MatrixSymbol`
of symbolic shape), while the posterior is most naturally a sum over observations.
:func:`to_indexed` rewrites an entry of a matrix expression as the equivalent
expression in ``regprior.symbolic.symbols``, so the two forms can be proved equal.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from .symbols import X, beta, n, p, y

Xm = sp.MatrixSymbol("X", n, p)
ym = sp.MatrixSymbol("y", n, 1)
betam = sp.MatrixSymbol("beta", p, 1)
Ip = sp.Identity(p)
In = sp.Identity(n)

__all__ = ["Xm", "ym", "betam", "Ip", "In", "to_indexed", "is_zero_matrix", "left_multiply", "substitute_product",
           "Quadratic", "gradient", "quadratic"]

_INDEXED = {
    Xm: lambda r, c: X[r + 1, c + 1],
    ym: lambda r, c: y[r + 1],
    betam: lambda r, c: beta[r + 1],
}


def to_indexed(expr: sp.Expr, extra: dict | None = None) -> sp.Expr:
    """Rewrite a scalar built from entries of ``Xm``, ``ym``, ``betam`` in 1-based index form.

    SymPy writes the entries of a matrix product as sums from 0 to ``m - 1``;
    each sum is shifted to run from 1 to ``m`` and each entry is replaced by the
    corresponding :class:`~sympy.Indexed` symbol.

    ``extra`` maps further matrix expressions to the ``IndexedBase`` of their entries, e.g.
    ``{MatrixSymbol("theta_0", p, 1): theta0}`` (a column vector is indexed by its row only).
    """
    table = dict(_INDEXED)
    for parent, base in (extra or {}).items():
        table[parent] = (lambda b: lambda r, c: b[r + 1])(base) if parent.shape[1] == 1 \
            else (lambda b: lambda r, c: b[r + 1, c + 1])(base)
    e = sp.sympify(expr).replace(
        lambda x: isinstance(x, MatrixElement) and x.parent in table,
        lambda x: table[x.parent](x.i, x.j),
    )

    def shift(s: sp.Sum) -> sp.Sum:
        body, limits = s.function, []
        for var, lo, hi in s.limits:
            new = sp.Dummy(str(var))
            body = body.subs(var, new - 1)
            limits.append((new, lo + 1, hi + 1))
        return sp.Sum(body, *limits)

    return e.replace(lambda x: isinstance(x, sp.Sum), shift)


def is_zero_matrix(expr: sp.Basic) -> bool:
    """True when a matrix expression multiplies out (and simplifies products such as A A^-1) to zero."""
    e = sp.expand(sp.expand(expr).doit()).doit()
    return e == sp.ZeroMatrix(*e.shape) or (e.is_Matrix and e.shape == (1, 1) and sp.simplify(e[0, 0]) == 0)


def left_multiply(A: sp.Basic, v: sp.Basic) -> sp.Basic:
    """``A v`` with A multiplied into each term of ``v`` *before* anything is multiplied out.

    Multiplying out first would split ``A A^-1`` into terms that never meet again; term by term,
    each product ``A A^-1`` cancels to the identity.
    """
    terms = sp.Add.make_args(sp.expand(v)) if not isinstance(sp.expand(v), sp.MatAdd) else sp.expand(v).args
    return sp.MatAdd(*(sp.MatMul(A, term).doit() for term in terms)).doit()


def substitute_product(expr: sp.Basic, factors: tuple[sp.Basic, ...], replacement: sp.Basic) -> sp.Basic:
    r"""Replace every run of consecutive matrix factors ``factors`` in a product by ``replacement``.

    ``xreplace`` cannot see ``X.T * X`` inside ``beta.T * X.T * X * beta``; this can, e.g.
    ``substitute_product(e, (X.T, X), Identity(p))`` imposes :math:`X^\top X = I`.
    """
    k = len(factors)

    def rewrite(m: sp.MatMul) -> sp.Basic:
        args, out, i = list(m.args), [], 0
        while i < len(args):
            if tuple(args[i:i + k]) == tuple(factors):
                out.append(replacement)
                i += k
            else:
                out.append(args[i])
                i += 1
        return sp.MatMul(*out).doit() if out != args else m

    return sp.sympify(expr).replace(lambda e: isinstance(e, sp.MatMul), rewrite)


@dataclass(frozen=True)
class Quadratic:
    r"""A scalar function :math:`f(v) = \tfrac12 v^\top H v + g_0^\top v + c` of a vector symbol, by matrix calculus.

    Attributes
    ----------
    gradient : sympy.MatrixExpr
        :math:`\nabla f(v)`, with transposes of the declared symmetric matrices removed.
    hessian : sympy.MatrixExpr
        :math:`H = \nabla^2 f`, free of v when f is quadratic.
    gradient_at_zero : sympy.MatrixExpr
        :math:`g_0 = \nabla f(0)`.
    stationary_point : sympy.MatrixExpr
        :math:`-H^{-1} g_0`, the zero of the gradient when H is invertible.
    """

    gradient: sp.Basic
    hessian: sp.Basic
    gradient_at_zero: sp.Basic
    stationary_point: sp.Basic

    def is_affine(self, var: sp.MatrixSymbol) -> bool:
        """The gradient is :math:`Hv + g_0` exactly, with H free of v (so f is quadratic)."""
        return is_zero_matrix(self.gradient - self.hessian * var - self.gradient_at_zero) and not self.hessian.has(var)

    def zeroes_gradient(self) -> bool:
        """:math:`H(-H^{-1}g_0) + g_0` simplifies to the zero vector."""
        return is_zero_matrix(sp.MatMul(self.hessian, self.stationary_point).doit() + self.gradient_at_zero)


def gradient(f: sp.Basic, var: sp.MatrixSymbol, symmetric: tuple[sp.MatrixSymbol, ...] = ()) -> sp.Basic:
    """The gradient of ``f`` (a 1 x 1 matrix expression) with respect to the vector ``var``.

    ``symmetric`` lists matrices that are symmetric (a covariance, a precision, a diagonal weight
    matrix); matrix calculus produces their transposes, which are replaced by the matrices themselves.
    """
    same = {S.T: S for S in symmetric}
    return sp.expand(sp.expand(sp.diff(f, var)).xreplace(same))


def quadratic(f: sp.Basic, var: sp.MatrixSymbol, symmetric: tuple[sp.MatrixSymbol, ...] = ()) -> Quadratic:
    """Differentiate ``f`` (a 1 x 1 matrix expression, quadratic in ``var``) twice; see :func:`gradient`."""
    G = gradient(f, var, symmetric)
    H = gradient(G, var, symmetric)
    G0 = sp.expand(G.subs(var, sp.ZeroMatrix(*var.shape)).doit())
    return Quadratic(G, H, G0, -H.I * G0)
