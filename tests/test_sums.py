r"""The algebra of finite sums behind every derivation step (:mod:`regprior.symbolic.sums`), on the cases the
derivations themselves do not meet: a range guard that does not hold, a sum inside a function, a summation index
the summand does not use, and bounds that depend on another index."""

from __future__ import annotations

import pytest
import sympy as sp

from regprior.symbolic.sums import (canonical_interchanged, holds_for_index, is_identity, is_identity_interchanged,
                                    linearize, rename_bound, strip_index_range)
from regprior.symbolic.symbols import X, beta, i, j, k, n, p
from tests.properties import prop

s = sp.Symbol("s", real=True)


@prop(r"`strip_index_range` returns the guarded branch of a derivative only when its guard holds for every index "
      r"$k$ in $1..p$: $k \le p$ holds, $k \le p - 1$ fails at $k = p$ and is refused by naming the guard.",
      group="machinery", checks="symbolic.sums.strip_index_range")
def test_a_range_guard_is_dropped_only_where_it_holds():
    assert strip_index_range(sp.Piecewise((beta[k], k <= p), (0, True)), k, p) == beta[k]
    with pytest.raises(ValueError, match=r"^guard k <= p - 1 does not hold for all k in 1\.\.p$"):
        strip_index_range(sp.Piecewise((beta[k], k <= p - 1), (0, True)), k, p)


@prop(r"`holds_for_index` decides a condition for every integer $q$ in $1..p$: $q \ge 1$, $q \le p$ and "
      r"$\lfloor q\rfloor = q$ (an index is an integer) hold, $q \ge 2$ does not (at $q = 1$), nor does "
      r"$q \ge m_1 + 1$ for an integer $m_1 \ge 0$ of the condition's own, whatever its name; the last index $P$ "
      r"of the range is an integer too, $\lfloor P\rfloor = P$; `strip_index_range` "
      r"then removes a sum of zeros and keeps any other sum, $\sum_{j=1}^{p} 1$.",
      group="machinery", checks=("symbolic.sums.holds_for_index", "symbolic.sums.strip_index_range"))
def test_a_condition_holds_for_every_integer_index_or_not():
    q = sp.Symbol("q")  # no assumptions: k (an integer >= 1) would settle these conditions before the call
    for cond in (q >= 1, q <= p, sp.Eq(sp.floor(q), q)):
        assert holds_for_index(cond, q, p)
    assert not holds_for_index(q >= 2, q, p)
    m1 = sp.Symbol("m1", integer=True, nonnegative=True)  # a name the decision's own auxiliary integers print with
    assert not holds_for_index(q >= m1 + 1, q, p)
    upper = sp.Symbol("P")  # no assumptions either: that the last index is an integer follows from the range
    assert holds_for_index(sp.Eq(sp.floor(upper), upper), q, upper)
    assert strip_index_range(sp.Sum(sp.S.Zero, (j, 1, p)) + beta[k], k, p) == beta[k]
    ones = sp.Sum(sp.S.One, (j, 1, p))
    assert strip_index_range(ones, k, p) == ones


@prop(r"Interchanging finite sums recognizes the identities that need it and no others: a sum inside a logarithm "
      r"is the same whatever its bound variable is called; an index the summand does not use counts its terms "
      r"($\sum_{k=1}^{n}\sum_{j} s\beta_j = n s\sum_j\beta_j$, $\sum_j(\beta_j + s) = \sum_j\beta_j + ps$); bounds "
      r"that depend on another summation index are refused, since such sums do not commute.",
      group="machinery", checks=("symbolic.sums.is_identity_interchanged", "symbolic.sums.canonical_interchanged"))
def test_interchanged_sums_keep_functions_counts_and_dependent_bounds_apart():
    assert is_identity_interchanged(sp.log(sp.Sum(beta[j], (j, 1, p))), sp.log(sp.Sum(beta[k], (k, 1, p))))
    assert not is_identity_interchanged(sp.log(sp.Sum(beta[j], (j, 1, p))), sp.log(sp.Sum(beta[k], (k, 1, n))))
    assert is_identity_interchanged(sp.Sum(s * beta[j], (j, 1, p), (k, 1, n)), n * s * sp.Sum(beta[j], (j, 1, p)))
    assert not is_identity_interchanged(sp.Sum(s * beta[j], (j, 1, p), (k, 1, n)), s * sp.Sum(beta[j], (j, 1, p)))
    assert is_identity_interchanged(sp.Sum(beta[j] + s, (j, 1, p)), sp.Sum(beta[j], (j, 1, p)) + p * s)
    assert not is_identity_interchanged(sp.Sum(beta[j] + s, (j, 1, p)), sp.Sum(beta[j], (j, 1, p)) + s)
    assert canonical_interchanged(sp.Sum(beta[j] + s, (j, 1, p))) - canonical_interchanged(sp.Sum(beta[j], (j, 1, p))) \
        == p * s
    triangle = sp.Sum(X[i, j], (j, 1, i), (i, 1, n))
    with pytest.raises(ValueError, match="^interchanging sums needs bounds that do not depend on other summation "):
        is_identity_interchanged(triangle, sp.S.Zero)
    # renaming i must reach the inner bound j <= i: once it did not, and this false identity (i free on the right)
    # was accepted
    m = sp.Symbol("m", integer=True)
    with pytest.raises(ValueError, match="^interchanging sums needs bounds"):
        is_identity_interchanged(triangle, sp.Sum(X[m, j], (j, 1, i), (m, 1, n)))


@prop(r"A summation index is an integer, whatever the symbol that names it assumes: with a bound variable $t$ that "
      r"carries no assumptions, $\sum_{t=1}^{n} (as)^t$ and $\sum_{t=1}^{n} a^t s^t$ reduce to the same canonical sum, "
      r"and $\sum_{t=1}^{n} (-1)^{2t} s$ to $ns$.",
      group="machinery", checks="symbolic.sums.canonical_interchanged")
def test_a_summation_index_is_an_integer_whatever_its_symbol_assumes():
    t, a = sp.Symbol("t"), sp.Symbol("a")
    assert canonical_interchanged(sp.Sum((a * s) ** t, (t, 1, n)) - sp.Sum(a**t * s**t, (t, 1, n))) == 0
    assert canonical_interchanged(sp.Sum((-1) ** (2 * t) * s, (t, 1, n))) == n * s


@prop(r"`canonical_interchanged` returns an expression equal to its argument, with integer bound variables named "
      r"in order (SymPy symbols `_s0`, `_s1`, ...): $\sum_{j=1}^{p}\beta_j$ comes back as the same sum over `_s0` "
      r"(not $p$ times it), and $\sum_{k=1}^{n}\sum_{j=1}^{p} s\beta_j$ as $ns$ times it. Logarithms of products are "
      r"split as for positive arguments, as in `canonical`: $\log(ab) = \log a + \log b$ for symbols with no "
      r"assumptions.",
      group="machinery", checks="symbolic.sums.canonical_interchanged")
def test_the_interchanged_normal_form_keeps_the_value_and_names_integer_indices():
    s0 = sp.Symbol("_s0", integer=True)
    assert canonical_interchanged(sp.Sum(beta[j], (j, 1, p))) == sp.Sum(beta[s0], (s0, 1, p))
    assert canonical_interchanged(sp.Sum(s * beta[j], (j, 1, p), (k, 1, n))) == n * s * sp.Sum(beta[s0], (s0, 1, p))
    a, b = sp.symbols("a b")
    assert is_identity_interchanged(sp.log(a * b), sp.log(a) + sp.log(b))


@prop(r"`is_identity` splits the logarithm of a product as for positive arguments, $\log(ab) = \log a + \log b$ and "
      r"$\log(a^2) = 2\log a$ for symbols with no assumptions (the derivations take logarithms only of densities and "
      r"scales), multiplies out a square inside a sum, and tells a sum from one with another bound.",
      group="machinery", checks="symbolic.sums.is_identity")
def test_identities_with_logarithms_and_sums():
    a, b = sp.symbols("a b")
    assert is_identity(sp.log(a * b), sp.log(a) + sp.log(b))
    assert is_identity(sp.log(a**2 / b), 2 * sp.log(a) - sp.log(b))
    square = sp.Sum((beta[j] - s) ** 2, (j, 1, p))
    assert is_identity(square, sp.Sum(beta[j] ** 2, (j, 1, p)) - 2 * s * sp.Sum(beta[j], (j, 1, p)) + p * s**2)
    assert not is_identity(square, sp.Sum((beta[j] - s) ** 2, (j, 1, n)))


@prop(r"`rename_bound` names bound variables by their depth, as integers: $\sum_j \beta_j$ becomes the sum over "
      r"`_s0`, a sum with two limits takes two consecutive names, first limit first, and a sum inside it the next "
      r"name (`_s2`). So `is_identity` knows an index is an integer: $\sum_{q=1}^{p} (-1)^{2q}\beta_q = "
      r"\sum_{j=1}^{p}\beta_j$ for a $q$ with no assumptions.",
      group="machinery", checks=("symbolic.sums.rename_bound", "symbolic.sums.is_identity"))
def test_bound_variables_are_renamed_by_depth_as_integers():
    s0, s1, s2 = sp.symbols("_s0 _s1 _s2", integer=True)
    assert rename_bound(sp.Sum(beta[j], (j, 1, p))) == sp.Sum(beta[s0], (s0, 1, p))
    nested = sp.Sum(X[i, j] * sp.Sum(X[i, k], (k, 1, p)), (j, 1, p), (i, 1, n))
    assert rename_bound(nested) == sp.Sum(X[s1, s0] * sp.Sum(X[s1, s2], (s2, 1, p)), (s0, 1, p), (s1, 1, n))
    q = sp.Symbol("q")  # no assumptions: the symbols' own j and k are integers already
    assert is_identity(sp.Sum((-1) ** (2 * q) * beta[q], (q, 1, p)), sp.Sum(beta[j], (j, 1, p)))


@prop(r"`linearize` treats a `Sum` with several limits as the nested sums it stands for, multiplying out at every "
      r"level when asked: $\sum_{k=1}^{n}\sum_{j=k}^{p} s = nps + ns - s\sum_{k=1}^{n} k$ and "
      r"$\sum_{k=1}^{n}\sum_{j=1}^{p} (\beta_j - s)^2 = n\sum_j \beta_j^2 - 2ns\sum_j \beta_j + nps^2$.",
      group="machinery", checks="symbolic.sums.linearize")
def test_a_sum_with_several_limits_is_linearized_level_by_level():
    for double, expected in [
            (sp.Sum(s, (j, k, p), (k, 1, n)), n * p * s + n * s - s * sp.Sum(k, (k, 1, n))),
            (sp.Sum((beta[j] - s) ** 2, (j, 1, p), (k, 1, n)),
             n * sp.Sum(beta[j] ** 2, (j, 1, p)) - 2 * n * s * sp.Sum(beta[j], (j, 1, p)) + n * p * s**2)]:
        nested = sp.Sum(sp.Sum(double.function, double.limits[0]), double.limits[1])
        assert linearize(double, expand=True) == linearize(nested, expand=True) == expected
