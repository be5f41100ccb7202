r"""Completing the square with matrices of symbolic size, shared by the conjugate-prior and evidence derivations.

SymPy multiplies out matrix expressions but does not know that a matrix is symmetric or that a 1×1
product equals its own transpose (:math:`\beta^\top c = c^\top\beta`). :func:`scalar_identity` adds those
two facts, which is all that completing the square needs:

.. math::

    \beta^\top A\beta - 2c^\top\beta + K = (\beta - A^{-1}c)^\top A(\beta - A^{-1}c) + K - c^\top A^{-1}c

for a symmetric invertible A. The matrix A is kept as a symbol (so that :math:`A A^{-1}` cancels) and
its definition is substituted in a separate, inverse-free check.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from regprior.symbolic.matrices import betam

__all__ = ["scalar_identity", "CompletedSquare", "complete_square", "gaussian_integral_1d"]


def _symmetrize(expr: sp.Basic, symmetric) -> sp.Basic:
    for S in symmetric:
        expr = expr.subs(sp.Transpose(S), S)
    return expr


def _normal(expr: sp.Basic, symmetric) -> sp.Basic:
    for _ in range(2):
        expr = _symmetrize(sp.expand(sp.sympify(expr).doit()), symmetric).doit()
    return expr


def scalar_identity(lhs: sp.Basic, rhs: sp.Basic, symmetric=()) -> bool:
    """True when two 1×1 matrix expressions are equal, given that the matrices in ``symmetric`` are symmetric.

    Every term of the multiplied-out difference is replaced by the smaller (in SymPy's sort order) of itself and
    its transpose, which is the same 1×1 number; the difference must then cancel to the zero matrix.
    """
    diff = _normal(sp.MatAdd(lhs, -rhs), symmetric)
    terms = diff.args if isinstance(diff, sp.MatAdd) else (diff,)
    canon = []
    for term in terms:
        flipped = _normal(sp.Transpose(term), symmetric)
        canon.append(min(term, flipped, key=sp.default_sort_key))
    total = sp.MatAdd(*canon).doit() if canon else sp.ZeroMatrix(1, 1)
    return total == sp.ZeroMatrix(1, 1) or total == 0


@dataclass(frozen=True)
class CompletedSquare:
    """``quadratic = (β - m)ᵀ A (β - m) + remainder`` with ``m = A⁻¹ c``; A is a symbol standing for ``A_def``."""

    A: sp.MatrixSymbol
    c: sp.MatrixSymbol
    A_def: sp.MatrixExpr
    c_def: sp.MatrixExpr
    constant: sp.MatrixExpr
    symmetric: tuple

    @property
    def mode(self) -> sp.MatrixExpr:
        return self.A.I * self.c

    @property
    def expanded(self) -> sp.MatrixExpr:
        """βᵀAβ - 2cᵀβ + K, the quadratic written with the symbols A and c."""
        return betam.T * self.A * betam - 2 * self.c.T * betam + self.constant

    @property
    def square(self) -> sp.MatrixExpr:
        return (betam - self.mode).T * self.A * (betam - self.mode)

    @property
    def remainder(self) -> sp.MatrixExpr:
        return self.constant - self.c.T * self.A.I * self.c

    def matches(self, quadratic: sp.MatrixExpr) -> bool:
        """``quadratic`` equals the expanded form once A and c are replaced by their definitions."""
        defined = self.expanded.subs({self.A: self.A_def, self.c: self.c_def})
        return scalar_identity(quadratic, defined, self.symmetric)

    def completes(self) -> bool:
        """The expanded form equals square + remainder for a symmetric A (no definition needed)."""
        return scalar_identity(self.expanded, sp.MatAdd(self.square, self.remainder), self.symmetric + (self.A,))


def complete_square(A_def, c_def, constant, *, symmetric=(), name_A="A", name_c="c") -> CompletedSquare:
    """Set up the completion of ``βᵀ A_def β - 2 c_defᵀ β + constant``; the caller checks it with the two methods."""
    p = betam.shape[0]
    return CompletedSquare(sp.MatrixSymbol(name_A, p, p), sp.MatrixSymbol(name_c, p, 1), A_def, c_def, constant,
                           tuple(symmetric))


def gaussian_integral_1d(precision: sp.Expr, scale: sp.Expr = sp.S.One) -> sp.Expr:
    """∫ exp(-precision·u²/(2·scale)) du over the real line, computed by SymPy (the p = 1 case of
    (2π)^{p/2}|A|^{-1/2})."""
    u = sp.Symbol("u", real=True)
    return sp.integrate(sp.exp(-precision * u**2 / (2 * scale)), (u, -sp.oo, sp.oo))
