r"""Algebra of finite sums with symbolic bounds.

SymPy represents :math:`\sum_{i=1}^{n} f_i` with a symbolic ``n`` as an
unevaluated :class:`~sympy.concrete.summations.Sum`. Two facts about finite sums
are all the derivations need, and this module applies them explicitly so that
every step is an identity SymPy can check for *general* ``n`` and ``p``:

* linearity: :math:`\sum (a_i + b_i) = \sum a_i + \sum b_i` and
  :math:`\sum c\,f_i = c \sum f_i` when ``c`` does not depend on ``i``;
* a sum of a constant counts its terms: :math:`\sum_{i=l}^{u} c = (u-l+1)\,c`.
"""

from __future__ import annotations

import itertools

import sympy as sp
from sympy.concrete.summations import Sum

__all__ = ["linearize", "rename_bound", "evaluated", "canonical", "is_identity", "holds_for_index", "strip_index_range",
           "coordinate_derivative", "canonical_interchanged", "is_identity_interchanged"]


def _linearize_one(s: Sum, expand: bool) -> sp.Expr:
    if len(s.limits) != 1:
        # Nested limits in one Sum object: linearize the innermost first.
        inner = Sum(s.function, s.limits[0])
        return _linearize_one(Sum(_linearize_one(inner, expand), *s.limits[1:]), expand)
    (idx, lo, hi), = s.limits
    body = sp.expand(s.function) if expand else s.function
    total = sp.S.Zero
    for term in sp.Add.make_args(body):
        coeff, dep = term.as_independent(idx, as_Add=False)
        if dep == 1:
            total += coeff * (hi - lo + 1)
        else:
            total += coeff * Sum(dep, (idx, lo, hi))
    return total


def linearize(expr: sp.Expr, *, expand: bool = False) -> sp.Expr:
    r"""Split every sum in ``expr`` by linearity and count constant summands.

    Parameters
    ----------
    expr : sympy.Expr
        Expression that may contain :class:`~sympy.Sum` objects (possibly nested).
    expand : bool, default ``False``
        Also multiply out each summand before splitting. Without it a summand such
        as :math:`(y_i - \mu_i)^2` stays whole, so that a residual sum of squares
        remains one recognizable term.

    Returns
    -------
    sympy.Expr
        An expression equal to ``expr`` in which no sum has a summand that is a
        sum of terms or carries a factor free of its index.
    """
    return sp.sympify(expr).replace(lambda e: isinstance(e, Sum), lambda e: _linearize_one(e, expand))


def rename_bound(expr: sp.Expr) -> sp.Expr:
    r"""Give every summation index a canonical name (α-renaming).

    Two sums that differ only in the name of their bound variable, such as
    :math:`\sum_{j} X_{ij}\beta_j` and :math:`\sum_{m} X_{im}\beta_m`, are the
    same number; SymPy compares them structurally, so this gives each bound
    variable a name determined by its nesting depth (``_s0``, ``_s1``, ...).
    """

    def walk(e: sp.Basic, depth: int) -> sp.Basic:
        if isinstance(e, Sum):
            body = e.function
            limits = []
            for d, (var, lo, hi) in enumerate(e.limits):
                new = sp.Symbol(f"_s{depth + d}", integer=True)
                body = body.subs(var, new)
                limits.append((new, lo, hi))
            return Sum(walk(body, depth + len(e.limits)), *limits)
        if not e.args:
            return e
        return e.func(*[walk(a, depth) for a in e.args])

    return walk(sp.sympify(expr), 0)


def evaluated(expr: sp.Expr) -> sp.Expr:
    """Remove :class:`~sympy.UnevaluatedExpr` wrappers (kept only so that normalizers print nicely)."""
    return sp.sympify(expr).replace(lambda e: isinstance(e, sp.UnevaluatedExpr), lambda e: e.args[0])


def canonical(expr: sp.Expr) -> sp.Expr:
    """A normal form used to decide identities between expressions with sums.

    Logarithms of products are expanded (``force=True``: every argument the
    derivations take a logarithm of is a positive density or scale), summands are
    multiplied out and split by linearity, bound variables are renamed canonically,
    and the result is simplified.
    """
    e = sp.expand_log(evaluated(expr), force=True)
    e = linearize(sp.expand(e), expand=True)
    e = rename_bound(sp.expand(e))
    e = linearize(sp.expand(e), expand=True)
    return sp.simplify(e)


def is_identity(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """Return True when ``lhs - rhs`` reduces to zero under :func:`canonical`."""
    return canonical(sp.sympify(lhs) - sp.sympify(rhs)) == 0


def holds_for_index(cond: sp.Basic, index: sp.Symbol, upper: sp.Symbol) -> bool:
    """True when ``cond`` holds for every integer ``1 <= index <= upper``.

    Decided by writing ``index = 1 + m1`` and ``upper = index + m2`` with
    ``m1, m2 >= 0`` integers and asking SymPy whether ``cond`` becomes ``True``.
    ``m1`` and ``m2`` are Dummies, so a symbol of the same name in ``cond`` stays
    a symbol of its own.
    """
    m1, m2 = sp.Dummy("m1", integer=True, nonnegative=True), sp.Dummy("m2", integer=True, nonnegative=True)
    return sp.simplify(sp.sympify(cond).subs({upper: 1 + m1 + m2}).subs({index: 1 + m1})) is sp.true


def strip_index_range(expr: sp.Expr, index: sp.Symbol, upper: sp.Symbol) -> sp.Expr:
    r"""Resolve the range guards SymPy adds when differentiating with respect to an ``Indexed``.

    Differentiating :math:`\sum_{j=1}^{p} f(\beta_j)` with respect to
    :math:`\beta_k` gives ``Piecewise((f'(beta_k), k <= p), (0, True))``. For a
    coefficient index ``k`` in ``1..p`` the guard always holds
    (:func:`holds_for_index` proves it); this returns the guarded branch.
    """

    def pick(pw: sp.Piecewise) -> sp.Expr:
        (first, cond), *_ = pw.args
        if not holds_for_index(cond, index, upper):
            raise ValueError(f"guard {cond} does not hold for all {index} in 1..{upper}")
        return first

    out = sp.sympify(expr).replace(lambda e: isinstance(e, sp.Piecewise), pick)
    return out.replace(lambda e: isinstance(e, Sum) and e.function == 0, lambda e: sp.S.Zero)


def coordinate_derivative(expr: sp.Expr, base: sp.IndexedBase, index: sp.Symbol, upper: sp.Symbol) -> sp.Expr:
    r""":math:`\partial\,\text{expr} / \partial\,\text{base}_{\text{index}}` for a general index in ``1..upper``.

    SymPy differentiates through the sums (producing Kronecker deltas), evaluates
    them, and :func:`strip_index_range` removes the guard that the index is in range.
    """
    return strip_index_range(sp.diff(expr, base[index]).doit(), index, upper)


def _flat_terms(e: sp.Expr) -> list[tuple[sp.Expr, tuple]]:
    """``e`` as a list of (monomial, limits): e = sum of Sum(monomial, *limits), with no Sum inside a monomial."""
    if isinstance(e, sp.Add):
        return [term for arg in e.args for term in _flat_terms(arg)]
    if isinstance(e, sp.Mul):
        out = [(sp.S.One, ())]
        for factor in e.args:
            out = [(b1 * b2, l1 + l2) for b1, l1 in out for b2, l2 in _flat_terms(factor)]
        return out
    if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp > 0 and e.base.has(Sum):
        return _flat_terms(sp.Mul(*([e.base] * int(e.exp)), evaluate=False))
    if isinstance(e, Sum):
        body, limits = e.function, []
        for var, lo, hi in e.limits:  # fresh names, so that multiplying two sums cannot capture a variable
            fresh = sp.Dummy(str(var), integer=True)
            body = body.subs(var, fresh)
            # an inner sum's bounds may use this (outer) variable: rename it there too
            limits = [(v, lo_in.subs(var, fresh), hi_in.subs(var, fresh)) for v, lo_in, hi_in in limits]
            limits.append((fresh, lo, hi))
        return [(b, tuple(limits) + inner) for b, inner in _flat_terms(sp.expand(body))]
    if e.has(Sum):  # a sum inside a function (log, Abs, ...): opaque, with canonical bound names
        return [(rename_bound(e), ())]
    return [(e, ())]


def _canonical_term(body: sp.Expr, limits: tuple) -> tuple[sp.Expr, sp.Expr]:
    """(coefficient, canonical Sum) for Sum(body, *limits); finite sums with constant bounds commute, so the
    bound variables are named by trying every order of the limits that share the same range."""
    variables = [var for var, _, _ in limits]
    if any((lo.free_symbols | hi.free_symbols) & set(variables) for _, lo, hi in limits):
        raise ValueError("interchanging sums needs bounds that do not depend on other summation indices")
    coeff, dep = body.as_independent(*variables, as_Add=False) if variables else (body, sp.S.One)
    # drop limits whose variable no longer appears: each contributes a factor (hi - lo + 1)
    used = [(var, lo, hi) for var, lo, hi in limits if dep.has(var)]
    for var, lo, hi in limits:
        if not dep.has(var):
            coeff *= hi - lo + 1
    if not used:
        return coeff, dep
    ranges = sorted({(lo, hi) for _, lo, hi in used}, key=str)
    groups = [[lim for lim in used if (lim[1], lim[2]) == rng] for rng in ranges]
    best = None
    for orders in itertools.product(*(itertools.permutations(g) for g in groups)):
        ordered = [lim for group in orders for lim in group]
        names = {var: sp.Symbol(f"_s{n}", integer=True) for n, (var, _, _) in enumerate(ordered)}
        candidate = Sum(dep.xreplace(names), *[(names[var], lo, hi) for var, lo, hi in ordered])
        key = sp.srepr(candidate)
        if best is None or key < best[0]:
            best = (key, candidate)
    return coeff, best[1]


def canonical_interchanged(expr: sp.Expr) -> sp.Expr:
    r"""Like :func:`canonical`, but every product of sums is merged into one multiple sum and the order of
    summation is normalized, so identities that need interchanging finite sums (e.g.
    :math:`\sum_k \beta_k\sum_i X_{ik} r_i = \sum_i r_i \sum_k X_{ik}\beta_k`) are recognized."""
    e = sp.expand(sp.expand_log(evaluated(expr), force=True))
    grouped: dict = {}
    for body, limits in _flat_terms(e):
        coeff, key = _canonical_term(body, limits)
        grouped[key] = grouped.get(key, sp.S.Zero) + coeff
    return sp.Add(*(sp.simplify(c) * key for key, c in grouped.items()))


def is_identity_interchanged(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """Return True when ``lhs - rhs`` reduces to zero under :func:`canonical_interchanged`."""
    return sp.simplify(canonical_interchanged(sp.sympify(lhs) - sp.sympify(rhs))) == 0
