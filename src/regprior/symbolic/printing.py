r"""The LaTeX printer of the derivation pages: SymPy's, with textbook notation.

The derivations compute with index sums of symbolic length (so that an identity holds for every $n$ and
$p$) and with SymPy's matrix expressions. Printed as SymPy prints them, a residual sum of squares reads
$\sum_{i=1}^{n}(y_i - \sum_{j=1}^{p} X_{i,j}\beta_j)^2$, a transposed difference reads
$(-\beta^T X^T + y^T)$ and a coefficient reads $(-c + \tfrac{1}{2\sigma^2})$. This printer writes the
*same expression* as a textbook would:

* a sum over $i = 1..n$ or $j = 1..p$ whose summand is the square, the absolute value or a product of entries
  of vectors is printed as the norm or inner product it is: $\lVert y - X\beta\rVert_2^2$,
  $\lVert\beta\rVert_1$, $z^\top\beta$, $[X^\top(y - X\beta)]_k$; a double sum $\sum_{j,k} u_j Q_{jk} v_k$
  as $u^\top Q v$;
* the inner sum $\sum_{j=1}^{p} X_{ij}\beta_j$ on its own is $x_i^\top\beta$ (row $i$ of $X$);
* one transpose symbol ($\top$) and one identity symbol ($I$); a sum of transposes is printed as the
  transpose of a sum, $(y - X\beta)^\top$, and $v^\top v$ as $\lVert v\rVert_2^2$;
* a sum starts with a positive term when it has one ($y_i - s$, not $-s + y_i$), and a multiple of the
  identity comes last ($X^\top X + \lambda I$);
* $\log Z$ rather than $\log{\left(Z\right)}$, $\tfrac n2\log(2\pi\sigma^2)$ rather than
  $\frac{n\log(2\pi\sigma^2)}{2}$.

A norm is printed as one TeX group, ``{\lVert ... \rVert}``, so that MathJax, which breaks a display too wide
for a phone at its operators, never breaks inside one.

Nothing here rewrites an expression: each rule recognizes a structure and prints it under another name
(a norm *is* that sum). Where a structure does not match exactly (a sum to another bound, a summand with a
scalar in it, an elementwise product), the default printing is kept. ``tests/test_printing.py`` checks each
rule on what it must and must not match.
"""

from __future__ import annotations

import sympy as sp
from sympy.concrete.summations import Sum
from sympy.matrices.expressions.matexpr import MatrixExpr
from sympy.printing.latex import LatexPrinter

from .symbols import n as _n
from .symbols import p as _p

__all__ = ["TextbookPrinter"]

#: the bounds a vector's length can have: observations run to n, coefficients to p
_LENGTHS = (_n, _p)


def _negative(term) -> bool:
    """Whether a term prints with a leading minus sign (for a matrix product: its scalar factor does)."""
    if isinstance(term, sp.MatMul):
        return sp.Mul(*[a for a in term.args if not getattr(a, "is_Matrix", False)]).could_extract_minus_sign()
    return term.could_extract_minus_sign()


def _is_full_range(limit) -> bool:
    _, lo, hi = limit
    return lo == 1 and hi in _LENGTHS


class TextbookPrinter(LatexPrinter):
    """SymPy's LaTeX printer with the notation rules of this module."""

    # -- symbols ----------------------------------------------------------------------------
    def _print_Symbol(self, expr, style="plain"):
        # A symbol whose name is already LaTeX (e.g. r"\sigma^2(\beta)") is printed as written, as one group;
        # SymPy would split it at "^" and print sigma^{2(beta)}.
        if "\\" in expr.name and ("(" in expr.name or "{" in expr.name or "^" in expr.name):
            return "{%s}" % expr.name
        return super()._print_Symbol(expr, style)

    def _print_Indexed(self, expr):
        base = self._print(expr.base)
        indices = [self._print(i) for i in expr.indices]
        joined = "".join(indices) if all(len(i) == 1 for i in indices) else ",".join(indices)
        if "_{" in base and base.endswith("}"):  # theta_0 indexed by j: theta_{0,j}
            return base[:-1] + "," + joined + "}"
        if "_" in base or "^" in base:
            return "{%s}_{%s}" % (base, joined)
        return "%s_{%s}" % (base, joined)

    def _print_Identity(self, expr):
        return "I"

    def _print_Transpose(self, expr):
        arg = expr.arg
        if isinstance(arg, sp.MatrixSymbol):
            s = self._print(arg)
            return r"%s^{\top}" % s if "^" not in s else r"\left(%s\right)^{\top}" % s
        return r"\left(%s\right)^{\top}" % self._print(arg)

    def _print_log(self, expr, exp=None):
        arg = expr.args[0]
        inner = self._print(arg)
        bare = arg.is_Symbol or arg.is_Number or isinstance(arg, (sp.Indexed, sp.Determinant)) or arg in (sp.pi, sp.E)
        tex = r"\log %s" % inner if bare else r"\log\left(%s\right)" % inner
        return r"\left(%s\right)^{%s}" % (tex, exp) if exp is not None else tex

    def _print_exp(self, expr, exp=None):
        # a long exponent (one with a fraction in it) reads better as exp(...) than as a superscript
        tex = self._print(expr.args[0])
        if r"\frac" in tex or len(tex) > 24:
            base = r"\exp\left(%s\right)" % tex
            return r"%s^{%s}" % (base, exp) if exp is not None else base
        return super()._print_ExpBase(expr, exp)

    def _print_Abs(self, expr, exp=None):
        tex = r"\lvert %s\rvert" % self._print(expr.args[0])
        return "%s^{%s}" % (tex, exp) if exp is not None else tex

    # -- sums of terms ----------------------------------------------------------------------
    def _ordered_terms(self, expr, order=None):
        terms = list(self._as_ordered_terms(expr, order=order))
        # the data term first: a term with a sum over the n observations comes before the others
        terms.sort(key=lambda t: not any(s.limits[0][2] == _n for s in t.atoms(Sum)))
        if isinstance(expr, MatrixExpr):  # a multiple of the identity last: X^T X + lambda I
            terms = [t for t in terms if not t.has(sp.Identity)] + [t for t in terms if t.has(sp.Identity)]
        if terms and _negative(terms[0]):
            first_positive = next((t for t in terms if not _negative(t)), None)
            if first_positive is not None:
                terms.remove(first_positive)
                terms.insert(0, first_positive)
        return terms

    def _print_Add(self, expr, order=None):
        if isinstance(expr, MatrixExpr):
            transposed = self._as_transpose(expr)
            if transposed is not None:
                return transposed
        tex = ""
        for i, term in enumerate(self._ordered_terms(expr, order)):
            if i == 0:
                pass
            elif _negative(term):
                tex += " - "
                term = -term
            else:
                tex += " + "
            term_tex = self._print(term)
            # a sum added to a sum needs no brackets (one subtracted does)
            added = i == 0 or not tex.endswith(" - ")
            if self._needs_add_brackets(term) and not (added and isinstance(term, sp.Add)):
                term_tex = r"\left(%s\right)" % term_tex
            tex += term_tex
        return tex

    def _as_transpose(self, expr):
        """``(a - B c)^T`` for a sum of transposes such as ``a^T - c^T B^T``, or None."""
        untransposed = sp.Transpose(expr).doit()
        if untransposed.count(sp.Transpose) < expr.count(sp.Transpose):
            return r"\left(%s\right)^{\top}" % self._print(untransposed)
        return None

    # -- products ---------------------------------------------------------------------------
    def _print_MatMul(self, expr):
        args = list(expr.args)
        sign = ""
        if expr.could_extract_minus_sign():
            sign = "- "
            if args[0] == -1:
                args = args[1:]
            else:
                args[0] = -args[0]
        scalars = [a for a in args if not getattr(a, "is_Matrix", False)]
        matrices = [a for a in args if getattr(a, "is_Matrix", False)]
        parts = []
        if scalars:
            s = self._print(sp.Mul(*scalars))
            parts.append(r"\left(%s\right)" % s if isinstance(sp.Mul(*scalars), sp.Add) else s)
        i = 0
        while i < len(matrices):
            a = matrices[i]
            b = matrices[i + 1] if i + 1 < len(matrices) else None
            if b is not None and b.shape[1] == 1 and sp.Transpose(a).doit() == b:
                parts.append(r"{\lVert %s\rVert_2^2}" % self._print(b))
                i += 2
                continue
            parts.append(self._matrix_factor(a))
            i += 1
        return sign + " ".join(parts)

    def _matrix_factor(self, a):
        tex = self._print(a)
        if isinstance(a, sp.MatAdd) and not tex.endswith(r"\right)^{\top}"):
            return r"\left(%s\right)" % tex
        return tex

    def _print_Mul(self, expr):
        # a fraction times a logarithm or a norm: (n/2) log(2 pi sigma^2), (sigma^2/sigma_w^2) ||beta||^2,
        # rather than the whole product over the denominator
        factors = sp.Mul.make_args(expr)
        functions = [f for f in factors if isinstance(f, (sp.log, Sum))]
        plain = sp.Mul(*[f for f in factors if f not in functions])
        if functions and plain not in (1, -1):
            sign = "- " if plain.could_extract_minus_sign() else ""
            number, denominator = sp.fraction(-plain if sign else plain)
            if denominator != 1 and not denominator.has(Sum):
                head = r"\frac{%s}{%s}" % (self._print(number), self._print(denominator))
                return sign + head + " " + " ".join(self._print(f) for f in functions)
        return super()._print_Mul(expr)

    def _print_Determinant(self, expr):
        return r"\lvert %s\rvert" % self._print(expr.arg)

    def _needs_mul_brackets(self, expr, first=False, last=False):
        # a power of a bracketed sum is delimited already: s_i (y_i - x_i^T beta)^2, not s_i ((...)^2)
        if expr.is_Pow and expr.exp.is_Integer and expr.exp > 0 and isinstance(expr.base, sp.Add):
            return False
        return super()._needs_mul_brackets(expr, first=first, last=last)

    # -- index sums as vectors --------------------------------------------------------------
    def _vector(self, e, idx):
        """LaTeX of the vector whose entry ``idx`` is ``e``, and whether it needs brackets; None when ``e`` is
        not an entry of a vector expression (a scalar, an elementwise product, an unknown form)."""
        if isinstance(e, sp.Indexed) and e.indices == (idx,):
            return self._print(e.base), False
        if isinstance(e, Sum) and len(e.limits) == 1 and _is_full_range(e.limits[0]):
            (j, _, _), = e.limits
            factors = sp.Mul.make_args(e.function)
            rows = [f for f in factors if isinstance(f, sp.Indexed) and len(f.indices) == 2 and f.indices == (idx, j)]
            if len(rows) == 1:
                rest = sp.Mul(*[f for f in factors if f is not rows[0]])
                inner = self._vector(rest, j)
                if inner is not None:
                    v, brackets = inner
                    return "%s %s" % (self._print(rows[0].base), r"\left(%s\right)" % v if brackets else v), False
            return None
        if isinstance(e, sp.Add):
            pieces = []
            for term in e.args:
                coeff, dep = term.as_independent(idx, as_Add=False)
                inner = self._vector(dep, idx) if dep != 1 else None
                if inner is None:
                    return None
                pieces.append((coeff, inner))
            # positive terms first, as in _print_Add
            pieces.sort(key=lambda piece: piece[0].could_extract_minus_sign())
            tex = ""
            for k, (coeff, (v, brackets)) in enumerate(pieces):
                negative = coeff.could_extract_minus_sign()
                c = -coeff if negative else coeff
                body = r"\left(%s\right)" % v if brackets and c != 1 else v
                term = body if c == 1 else "%s %s" % (self._coefficient(c), body)
                tex += ("- " if k == 0 else " - ") + term if negative else ("" if k == 0 else " + ") + term
            return tex, True
        if isinstance(e, sp.Mul):
            coeff, dep = e.as_independent(idx, as_Add=False)
            if coeff == 1 or dep == 1:
                return None
            inner = self._vector(dep, idx)
            if inner is None:
                return None
            v, brackets = inner
            return "%s %s" % (self._coefficient(coeff), r"\left(%s\right)" % v if brackets else v), False
        return None

    def _coefficient(self, c):
        tex = self._print(c)
        return r"\left(%s\right)" % tex if isinstance(c, sp.Add) else tex

    def _column(self, e, idx):
        """``(X, k)`` when ``e`` is the entry ``X[idx, k]`` of column k (k not the summation index)."""
        if isinstance(e, sp.Indexed) and len(e.indices) == 2 and e.indices[0] == idx and not e.indices[1].has(idx):
            return self._print(e.base), self._print(e.indices[1])
        return None

    def _sum_as_vectors(self, expr):
        """A norm or inner product for a sum over a whole index range, or None."""
        if len(expr.limits) == 2:
            return self._quadratic_form(expr)
        if len(expr.limits) != 1 or not _is_full_range(expr.limits[0]):
            return None
        (idx, _, _), = expr.limits
        body = expr.function
        if isinstance(body, sp.Add):  # by linearity, one sum per term, when every term is a norm or product
            parts = [self._sum_as_vectors(Sum(term, expr.limits[0])) for term in body.args]
            if any(part is None for part in parts):
                return None
            pulled = []
            for term in body.args:
                c, dep = term.as_independent(idx, as_Add=False)
                # a product SymPy evaluates, so that a negative coefficient is a minus sign of the sum: the terms
                # are then signed and ordered as any sum's ("- 3 t", not "+ - 3 t"; a positive term first)
                pulled.append(c * Sum(dep, expr.limits[0]))
            return self._print_Add(sp.Add(*pulled, evaluate=False))
        coeff, dep = body.as_independent(idx, as_Add=False)
        factors = []
        for f in sp.Mul.make_args(dep):
            if f.is_Pow and f.exp == 2:
                factors += [f.base, f.base]
            else:
                factors.append(f)
        core = None
        if len(factors) == 1 and isinstance(factors[0], sp.Abs):
            inner = self._vector(factors[0].args[0], idx)
            if inner is not None:
                core = r"{\lVert %s\rVert_1}" % inner[0]
        elif len(factors) == 2:
            a, b = factors
            columns = [self._column(f, idx) for f in (a, b)]
            vectors = [self._vector(f, idx) for f in (a, b)]
            if all(columns) and columns[0] == columns[1]:
                name, col = columns[0]
                core = r"\left[%s^{\top} %s\right]_{%s%s}" % (name, name, col, col)
            elif columns[0] and vectors[1] or columns[1] and vectors[0]:
                (name, col), (v, _) = (columns[0], vectors[1]) if columns[0] else (columns[1], vectors[0])
                core = r"\left[%s^{\top} %s\right]_{%s}" % (name, r"\left(%s\right)" % v if " " in v else v, col)
            elif all(vectors):
                if a == b:
                    core = r"{\lVert %s\rVert_2^2}" % vectors[0][0]
                else:
                    (u, ub), (v, vb) = vectors
                    core = r"%s^{\top} %s" % (r"\left(%s\right)" % u if ub else u, r"\left(%s\right)" % v if vb else v)
        if core is None:
            return None
        if coeff == 1:
            return core
        if coeff == -1:
            return "- " + core
        negative = coeff.could_extract_minus_sign()
        c = -coeff if negative else coeff
        num, den = sp.fraction(c)
        head = "- " if negative else ""
        if den != 1:
            return head + r"\frac{%s}{%s}" % (core if num == 1 else self._coefficient(num) + " " + core,
                                              self._print(den))
        return head + self._coefficient(c) + " " + core

    def _quadratic_form(self, expr):
        """``u^T Q v`` for a double sum of ``u_j Q_{jk} v_k`` over the whole ranges (``c u^T Q v`` with a factor
        ``c`` free of both indices)."""
        (j, lo1, hi1), (k, lo2, hi2) = expr.limits
        if not (_is_full_range((j, lo1, hi1)) and _is_full_range((k, lo2, hi2))):
            return None
        outside, inside = expr.function.as_independent(j, k, as_Add=False)
        if outside != 1:  # a factor free of both indices comes out in front, as in a single sum
            form = self._quadratic_form(Sum(inside, *expr.limits))
            return None if form is None else "%s %s" % (self._coefficient(outside), form)
        factors = sp.Mul.make_args(expr.function)
        matrix = [f for f in factors if isinstance(f, sp.Indexed) and len(f.indices) == 2
                  and set(f.indices) == {j, k}]
        if len(matrix) != 1:
            return None
        (m,) = matrix
        first, second = m.indices
        rest = [f for f in factors if f is not m]
        left = sp.Mul(*[f for f in rest if f.has(first) and not f.has(second)])
        right = sp.Mul(*[f for f in rest if f.has(second) and not f.has(first)])
        if sp.Mul(left, right) != sp.Mul(*rest):
            return None
        u, v = self._vector(left, first), self._vector(right, second)
        if u is None or v is None:  # also when a side is empty (1 is no vector)
            return None
        wrap = lambda vec: r"\left(%s\right)" % vec[0] if vec[1] else vec[0]  # noqa: E731
        return r"%s^{\top} %s %s" % (wrap(u), self._print(m.base), wrap(v))

    def _print_Sum(self, expr):
        as_vectors = self._sum_as_vectors(expr)
        if as_vectors is not None:
            return as_vectors
        # the inner product of row i of X with beta, on its own
        if len(expr.limits) == 1 and _is_full_range(expr.limits[0]):
            (j, _, _), = expr.limits
            outside, inside = expr.function.as_independent(j, as_Add=False)
            if outside != 1:  # a factor free of j comes out of the sum: sqrt(s_i) x_i^T beta
                return "%s %s" % (self._coefficient(outside), self._print(Sum(inside, *expr.limits)))
            factors = sp.Mul.make_args(expr.function)
            rows = [f for f in factors if isinstance(f, sp.Indexed) and len(f.indices) == 2 and f.indices[1] == j
                    and not f.indices[0].has(j)]
            if len(rows) == 1 and len(factors) == 2:
                other = [f for f in factors if f is not rows[0]][0]
                inner = self._vector(other, j)
                if inner is not None and not inner[1]:
                    row = rows[0]
                    return r"%s_{%s}^{\top} %s" % (self._print(row.base).lower(), self._print(row.indices[0]), inner[0])
        return super()._print_Sum(expr)
