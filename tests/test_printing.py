r"""The textbook printer of the derivation pages (:mod:`regprior.symbolic.printing`).

The printer writes an index sum as the norm or inner product it is. That is only honest when the structure
matched is exactly the one named, so each rule is checked twice: on an expression it must print in vector
form, which is proved equal (for general $n$ and $p$) to the matrix expression printed the same way, and on
near misses (another bound, a scalar inside, a third factor) that it must leave as sums. The pages
generated from the derivations are then checked for the notation the site promises.
"""

from __future__ import annotations

import re

import pytest
import sympy as sp

import derivations
from regprior.symbolic.derivation import _display, latex
from regprior.symbolic.matrices import Ip, Xm, betam, to_indexed, ym
from regprior.symbolic.sums import is_identity
from regprior.symbolic.symbols import X, beta, i, j, k, n, p, rss, sigma, theta0, y
from tests.properties import prop

theta_m = sp.MatrixSymbol("theta_0", p, 1)
z = sp.IndexedBase("z", real=True)
z_m = sp.MatrixSymbol("z", p, 1)
Q = sp.IndexedBase("Q", real=True)
Q_m = sp.MatrixSymbol("Q", p, p)
s = sp.Symbol("s", real=True)
fit = sp.Sum(X[i, j] * beta[j], (j, 1, p))

#: (index expression, matrix expression it equals, the vector form printed for both), in the order of
#: VECTOR_FORM_NAMES (plain test ids: a TeX backslash in an id is escaped again each time pytest collects it in
#: one process, so mutmut, which collects twice, could not find the test by the id it recorded)
VECTOR_FORMS = [
    (rss(), (ym - Xm * betam).T * (ym - Xm * betam), r"{\lVert y - X \beta\rVert_2^2}"),
    (sp.Sum(beta[j] ** 2, (j, 1, p)), betam.T * betam, r"{\lVert \beta\rVert_2^2}"),
    (sp.Sum((beta[j] - theta0[j]) ** 2, (j, 1, p)), (betam - theta_m).T * (betam - theta_m),
     r"{\lVert \beta - \theta_{0}\rVert_2^2}"),
    (sp.Sum(z[j] * beta[j], (j, 1, p)), betam.T * z_m, r"\beta^{\top} z"),
    (sp.Sum(sp.Sum((beta[j] - theta0[j]) * Q[j, k] * (beta[k] - theta0[k]), (j, 1, p)), (k, 1, p)),
     (betam - theta_m).T * Q_m * (betam - theta_m),
     r"\left(\beta - \theta_{0}\right)^{\top} Q \left(\beta - \theta_{0}\right)"),
    (sp.Sum(s * beta[j] * Q[j, k] * beta[k], (j, 1, p), (k, 1, p)), s * betam.T * Q_m * betam,
     r"s \beta^{\top} Q \beta"),
    (sp.Sum((y[i] - sp.Sum(X[i, j] * (beta[j] - theta0[j]), (j, 1, p))) ** 2, (i, 1, n)),
     (ym - Xm * (betam - theta_m)).T * (ym - Xm * (betam - theta_m)),
     r"{\lVert y - X \left(\beta - \theta_{0}\right)\rVert_2^2}"),
]

def _over_i(body):
    """The printed sum of ``body`` over the n observations."""
    return latex(sp.Sum(body, (i, 1, n)))


def _over_j(body):
    """The printed sum of ``body`` over the p coefficients."""
    return latex(sp.Sum(body, (j, 1, p)))


#: the norms of beta as printed, and a positive symbol for the coefficients
L1, L2 = r"{\lVert \beta\rVert_1}", r"{\lVert \beta\rVert_2^2}"
t = sp.Symbol("t", positive=True)


VECTOR_FORM_NAMES = ["residual sum of squares", "squared norm", "squared distance from the prior mean",
                     "inner product", "quadratic form", "scaled quadratic form", "residual from the prior mean"]

#: sums that are not the norm or product of whole vectors, and must stay sums
NEAR_MISSES = [
    sp.Sum(beta[j] ** 2, (j, 1, k)),                       # a partial sum is not the norm of beta
    sp.Sum(beta[j] ** 2, (j, 0, p)),                       # nor one with an extra term
    sp.Sum((y[i] - s) ** 2, (i, 1, n)),                    # a vector minus a scalar is not a vector expression
    sp.Sum(z[j] * beta[j] * theta0[j], (j, 1, p)),         # three factors: no inner product
    sp.Sum(sp.exp(beta[j]), (j, 1, p)),                    # a function of the entries
    sp.Sum((y[i] - fit) ** 3, (i, 1, n)),                  # a cube is no norm
    sp.Sum((y[i] - sp.Sum(X[i, j] * sp.exp(beta[j]), (j, 1, p))) ** 2, (i, 1, n)),      # X times no vector
    sp.Sum((y[i] - sp.Sum(2 * X[i, j] * sp.exp(beta[j]), (j, 1, p))) ** 2, (i, 1, n)),  # nor a multiple of one
    sp.Sum(beta[j] * Q[j, k] * beta[k], (j, 0, p), (k, 1, p)),  # a quadratic form over a wrong range
    sp.Sum(beta[j] * beta[k], (j, 1, p), (k, 1, p)),            # no matrix between the vectors
    sp.Sum(Q[j, k] * beta[k], (j, 1, p), (k, 1, p)),            # no vector on the left
    sp.Sum(beta[j] * Q[j, k], (j, 1, p), (k, 1, p)),            # nor on the right
    sp.Sum(sp.exp(beta[j]) * Q[j, k] * beta[k], (j, 1, p), (k, 1, p)),  # a function of the entries on the left
    sp.Sum(beta[j] * Q[j, k] * beta[k] * sp.exp(beta[j] * beta[k]), (j, 1, p), (k, 1, p)),  # a factor of both
    sp.Sum(s * sp.exp(beta[j]) * Q[j, k] * beta[k], (j, 1, p), (k, 1, p)),  # nor with a coefficient in front
    sp.Sum(s + beta[j] * Q[j, k] * beta[k], (j, 1, p), (k, 1, p)),  # a term added is no coefficient
    sp.Sum(sp.Abs(sp.sin(beta[j])), (j, 1, p)),                 # no L1 norm of a non-vector
    sp.Sum((y[i] - sp.Sum(X[i, j] ** 2 * beta[j], (j, 1, p))) ** 2, (i, 1, n)),  # squared entries are no row
    sp.Sum(X[i, i] * y[i], (i, 1, n)),                     # a diagonal entry is no column of X
    sp.Sum(X[i, i] ** 2, (i, 1, n)),                       # nor is its square a column's norm
]


@prop(r"The printer writes $\sum_{i=1}^{n}(y_i - \sum_{j=1}^{p} X_{ij}\beta_j)^2$ as $\lVert y - X\beta\rVert_2^2$, "
      r"$\sum_j \beta_j^2$ as $\lVert\beta\rVert_2^2$, $\sum_j z_j\beta_j$ as $\beta^\top z$ and "
      r"$\sum_{j,k}(\beta_j - \theta_{0,j})Q_{jk}(\beta_k - \theta_{0,k})$ as a quadratic form (a factor free of "
      r"$j$ and $k$ in front: $s\,\beta^\top Q\beta$), $X$ times a difference with its brackets, "
      r"$\lVert y - X(\beta - \theta_0)\rVert_2^2$, and in each case the "
      r"matrix expression it names is proved equal to the sum for general $n$ and $p$ and prints the same.",
      group="machinery")
@pytest.mark.parametrize("index_form, matrix_form, shown", VECTOR_FORMS, ids=VECTOR_FORM_NAMES)
def test_a_sum_is_printed_as_the_vector_expression_it_equals(index_form, matrix_form, shown):
    assert latex(index_form) == shown
    assert latex(matrix_form) == shown
    assert is_identity(to_indexed(matrix_form[0, 0], {theta_m: theta0, z_m: z, Q_m: Q}), index_form)


@prop(r"A sum that is not the norm or inner product of whole vectors (a partial range, an extra index, a scalar "
      r"inside, three factors, a function or a cube of the entries, the diagonal entries $X_{ii}$) is printed as a "
      r"sum.",
      group="machinery")
@pytest.mark.parametrize("expr", NEAR_MISSES, ids=lambda e: str(e)[:30])
def test_a_sum_that_is_no_norm_stays_a_sum(expr):
    tex = latex(expr)
    assert tex.startswith(r"\sum_{") and r"\lVert" not in tex


@prop(r"Forms no derivation page shows yet print as a textbook writes them: an indexed symbol with a superscript "
      r"as ${s^2}_i$, the transpose of a product as $(X\beta)^\top$, a sum subtracted in brackets, a norm with a "
      r"fractional coefficient as a fraction, a density kept over its normalizer as "
      r"$\frac{1}{\sqrt{2\pi\sigma^2}}\exp(\cdot)$; a display splits `a, b = (x, y)` into equations only when "
      r"the left side is a list of names.", group="machinery")
def test_forms_the_pages_do_not_show_yet_print_as_written():
    normalizer = sp.Pow(sp.UnevaluatedExpr(2 * sp.pi * sigma**2), -sp.Rational(1, 2), evaluate=False)
    assert latex(sp.IndexedBase("s^2")[i]) == r"{s^{2}}_{i}"
    assert latex(sp.Transpose(Xm * betam)) == r"\left(X \beta\right)^{\top}"
    subtracted = sp.Add(s, sp.Mul(-1, sp.Add(sigma, y[i], evaluate=False), evaluate=False), evaluate=False)
    assert latex(subtracted) == r"s - \left(\sigma + y_{i}\right)"
    assert latex(sp.Sum(beta[j] ** 2 / 2, (j, 1, p))) == r"\frac{{\lVert \beta\rVert_2^2}}{2}"
    assert latex(sp.Sum(s * beta[j] ** 2 / 2, (j, 1, p))) == r"\frac{s {\lVert \beta\rVert_2^2}}{2}"
    assert latex(sp.exp(-s**2 / 2) * normalizer) == (r"\frac{1}{\sqrt{2 \pi \sigma^{2}}} "
                                                     r"\exp\left(- \frac{s^{2}}{2}\right)")
    assert latex(s * sp.exp(-s**2 / 2) * normalizer) == (r"\frac{s \exp\left(- \frac{s^{2}}{2}\right)}"
                                                         r"{\sqrt{2 \pi \sigma^{2}}}")
    # brackets around the whole list only: "(a), (b)" is two bracketed names
    assert _display(r"(a), (b)", "=", sp.Tuple(1, 2)) == r"{(a) = 1},\qquad {(b) = 2}"
    assert _display(sp.Symbol("c"), "=", sp.Tuple(1, 2)) == r"c = \left( 1, \  2\right)"


@prop(r"An exponential is written $\exp(\cdot)$ when its exponent prints with a fraction or in more than 24 "
      r"characters, and as a power of $e$ otherwise; a power of either keeps its exponent ($(e^t)^s$); a norm, "
      r"inner product or quadratic form whose coefficient is itself a sum gets the coefficient in brackets, "
      r"$(a + b)\lVert\beta\rVert_2^2$.", group="machinery")
def test_long_exponents_and_summed_coefficients_print_as_written():
    assert latex(sp.exp(sp.Symbol("a" * 24))) == "e^{%s}" % ("a" * 24)  # a name prints as it is written
    assert latex(sp.exp(sp.Symbol("a" * 25))) == r"\exp\left(%s\right)" % ("a" * 25)
    a, b = sp.symbols("a b", real=True)
    assert latex(sp.exp(sp.Symbol("a" * 25)) ** s) == r"\exp\left(%s\right)^{s}" % ("a" * 25)
    assert latex(sp.exp(sp.Symbol("t")) ** s) == r"\left(e^{t}\right)^{s}"  # for a complex t, not e^{ts}
    assert latex((a + b) * sp.Sum(beta[j] ** 2, (j, 1, p))) == r"\left(a + b\right) {\lVert \beta\rVert_2^2}"
    assert latex(sp.Sum((a + b) * z[j] * beta[j], (j, 1, p))) == r"\left(a + b\right) \beta^{\top} z"
    assert latex(sp.Sum((a + b) * beta[j] * Q[j, k] * beta[k], (j, 1, p), (k, 1, p))) == \
        r"\left(a + b\right) \beta^{\top} Q \beta"
    assert latex(sp.Sum((a + b) * (y[i] - fit) ** 2, (i, 1, n))) == r"\left(a + b\right) {\lVert y - X \beta\rVert_2^2}"


@prop(r"A sum over one index whose terms are norms and inner products is printed as their sum, each coefficient "
      r"before its own: $\beta^\top z + \lVert\beta\rVert_2^2$, with a minus sign for a negative coefficient and a "
      r"positive term first, $2s\lVert\beta\rVert_2^2 - 3t\lVert\beta\rVert_1$ and "
      r"$\lVert\beta\rVert_1 - s\lVert\beta\rVert_2^2$ (not $+\,-3t$, nor a leading $-s$).", group="machinery")
def test_a_sum_of_norms_is_printed_term_by_term_with_its_signs():
    assert _over_j(beta[j] ** 2 + z[j] * beta[j]) == r"\beta^{\top} z + " + L2
    assert _over_j(2 * s * beta[j] ** 2 - 3 * t * sp.Abs(beta[j])) == f"2 s {L2} - 3 t {L1}"
    assert _over_j(-s * beta[j] ** 2 + sp.Abs(beta[j])) == f"{L1} - s {L2}"
    assert _over_j(-beta[j] ** 2 / (2 * t) - sp.Abs(beta[j]) / s) == rf"- \frac{{1}}{{2 t}} {L2} - \frac{{1}}{{s}} {L1}"


@prop(r"A norm or inner product with a coefficient in its summand is printed with the coefficient in front, a minus "
      r"sign for a negative one and a fraction for a denominator: $-\lVert\beta\rVert_2^2$, "
      r"$-s\lVert\beta\rVert_2^2$, $-s\,\beta^\top z$, $\frac{\lVert\beta\rVert_2^2}{2t}$, "
      r"$-\frac{3\lVert\beta\rVert_2^2}{2t}$, $-\frac{\lVert\beta\rVert_1}{t}$.", group="machinery")
def test_a_coefficient_inside_a_sum_is_printed_in_front():
    assert _over_j(-beta[j] ** 2) == f"- {L2}"
    assert _over_j(-s * beta[j] ** 2) == f"- s {L2}"
    assert _over_j(-s * z[j] * beta[j]) == r"- s \beta^{\top} z"
    assert _over_j(beta[j] ** 2 / (2 * t)) == rf"\frac{{{L2}}}{{2 t}}"
    assert _over_j(-3 * beta[j] ** 2 / (2 * t)) == rf"- \frac{{3 {L2}}}{{2 t}}"
    assert _over_j(-sp.Abs(beta[j]) / t) == rf"- \frac{{{L1}}}{{t}}"


@prop(r"An entry's indices run together when each is one character, $X_{ij}$, and are separated by commas when one "
      r"is longer, $X_{i,k + 1}$, $X_{i,2 k}$; an entry of a subscripted vector adds its index to the subscript, "
      r"$\theta_{0,j}$.", group="machinery")
def test_indices_are_joined_or_separated_by_their_length():
    assert latex(X[i, j]) == "X_{ij}"
    assert latex(X[i, k + 1]) == "X_{i,k + 1}"
    assert latex(X[i, 2 * k]) == "X_{i,2 k}"
    assert latex(theta0[j]) == r"\theta_{0,j}"


@prop(r"The transpose of a matrix whose name carries a superscript is bracketed, $(X^*)^\top$, "
      r"$(\Sigma^{-1})^\top$; a plain or subscripted name is not, $X^\top$, $W_1^\top$.", group="machinery")
def test_a_superscripted_matrix_is_bracketed_before_its_transpose():
    assert latex(sp.MatrixSymbol("X^*", n, p).T) == r"\left(X^{*}\right)^{\top}"
    assert latex(sp.MatrixSymbol(r"\Sigma^{-1}", p, p).T) == r"\left({\Sigma^{-1}}\right)^{\top}"
    assert latex(sp.MatrixSymbol("X", n, p).T) == r"X^{\top}"
    assert latex(sp.MatrixSymbol("W_1", n, n).T) == r"W_{1}^{\top}"


@prop(r"The sum of squares of one column of $X$, $\sum_i X_{ik}^2$, is printed as the diagonal entry "
      r"$[X^\top X]_{kk}$; the product of two different columns, $\sum_i X_{ij}X_{ik}$, is not taken for it and is "
      r"printed as the sum.", group="machinery")
def test_only_one_column_squared_is_a_diagonal_entry():
    assert latex(sp.Sum(X[i, k] ** 2, (i, 1, n))) == r"\left[X^{\top} X\right]_{kk}"
    assert latex(sp.Sum(X[i, j] * X[i, k], (i, 1, n))) == r"\sum_{i=1}^{n} X_{ij} X_{ik}"


@prop(r"An inner product of two vector expressions brackets each one that is a sum, $(a - X\beta)^\top(y - X\beta)$, "
      r"$(y - X\beta)^\top(a + z)$; an entry of $X^\top$ times a vector is printed whichever factor SymPy puts "
      r"first (the column of $X$ comes first before a row product): $[X^\top y]_k$, $[X^\top(X\beta)]_k$, "
      r"$[X^\top(X(\beta - \theta_0))]_k$.", group="machinery")
def test_products_of_vector_expressions_keep_their_brackets():
    a = sp.IndexedBase("a", real=True)
    assert _over_i((y[i] - fit) * (a[i] - fit)) == r"\left(a - X \beta\right)^{\top} \left(y - X \beta\right)"
    assert _over_i((a[i] + z[i]) * (y[i] - fit)) == r"\left(y - X \beta\right)^{\top} \left(a + z\right)"
    assert _over_i(X[i, k] * y[i]) == r"\left[X^{\top} y\right]_{k}"
    assert _over_i(X[i, k] * fit) == r"\left[X^{\top} \left(X \beta\right)\right]_{k}"
    shifted = sp.Sum(X[i, j] * (beta[j] - theta0[j]), (j, 1, p))
    assert _over_i(X[i, k] * shifted) == r"\left[X^{\top} \left(X \left(\beta - \theta_{0}\right)\right)\right]_{k}"


@prop(r"A norm of a combination of vectors writes each coefficient before its vector, in brackets when the vector is "
      r"itself a sum, positive terms first and a minus sign for a negative one: $\lVert s(y - X\beta) + w\rVert_2^2$, "
      r"$\lVert w - s(y - X\beta)\rVert_2^2$, $\lVert -w - s(y - X\beta)\rVert_2^2$, $\lVert sw + y\rVert_2^2$; "
      r"$X$ times a scaled vector keeps the scale with its vector, $\lVert y - Xs(\beta - \theta_0)\rVert_2^2$.",
      group="machinery")
def test_combinations_of_vectors_print_with_their_coefficients():
    w = sp.IndexedBase("w", real=True)

    def norm(entry):
        return latex(sp.Sum(entry**2, (i, 1, n)))

    assert norm(s * (y[i] - fit) + w[i]) == r"{\lVert s \left(y - X \beta\right) + w\rVert_2^2}"
    assert norm(w[i] - s * (y[i] - fit)) == r"{\lVert w - s \left(y - X \beta\right)\rVert_2^2}"
    assert norm(-w[i] - s * (y[i] - fit)) == r"{\lVert - w - s \left(y - X \beta\right)\rVert_2^2}"
    assert norm(s * w[i] + y[i]) == r"{\lVert s w + y\rVert_2^2}"
    assert norm(2 * w[i] - y[i]) == r"{\lVert 2 w - y\rVert_2^2}"
    # X times a scaled vector: the scale stays with its vector, in brackets when the vector is a sum
    scaled = sp.Sum(X[i, j] * s * (beta[j] - theta0[j]), (j, 1, p))
    assert norm(y[i] - scaled) == r"{\lVert y - X s \left(\beta - \theta_{0}\right)\rVert_2^2}"
    assert norm(y[i] - sp.Sum(X[i, j] * s * beta[j], (j, 1, p))) == r"{\lVert y - X s \beta\rVert_2^2}"


@prop(r"A logarithm takes no brackets around a symbol, a number or an entry ($\log t$) and brackets around anything "
      r"else ($\log(t + 1)$); a power of it brackets the whole logarithm, $(\log t)^2$, not $\log t^2$.",
      group="machinery")
def test_logarithms_and_their_powers_print_as_written():
    t = sp.Symbol("t", positive=True)
    assert latex(sp.log(t)) == r"\log t"
    assert latex(sp.log(y[i])) == r"\log y_{i}"
    assert latex(sp.log(t + 1)) == r"\log\left(t + 1\right)"
    assert latex(sp.log(t) ** 2) == r"\left(\log t\right)^{2}"
    assert latex(sp.log(t + 1) ** s) == r"\left(\log\left(t + 1\right)\right)^{s}"


@prop(r"The gradient sum $\sum_i (y_i - x_i^\top\beta) X_{ik}$ is printed as $[X^\top(y - X\beta)]_k$, the entry "
      r"$k$ of the matrix expression it is proved equal to, and the row product $\sum_j X_{ij}\beta_j$ on its own as "
      r"$x_i^\top\beta$.", group="machinery")
def test_the_gradient_and_the_row_product_are_printed_in_matrix_notation():
    gradient = sp.Sum((y[i] - fit) * X[i, k], (i, 1, n))
    assert latex(gradient) == r"\left[X^{\top} \left(y - X \beta\right)\right]_{k}"
    entry = (Xm.T * (ym - Xm * betam))[k - 1, 0]
    assert is_identity(to_indexed(entry), gradient)
    assert latex(fit) == r"x_{i}^{\top} \beta"


@prop(r"Matrix expressions print with one transpose symbol ($\top$) and one identity symbol ($I$), a sum of "
      r"transposes as the transpose of a sum, $v^\top v$ as $\lVert v\rVert_2^2$, a multiple of the identity last "
      r"and a sum with a positive term first: $(y - X\beta)^\top W(y - X\beta)$, $(X^\top X + \lambda I)^{-1}$, "
      r"$\tfrac{1}{2\sigma^2} - c$.", group="machinery")
def test_transposes_identities_and_signs_print_as_in_a_textbook():
    lam, c = sp.Symbol("lambda"), sp.Symbol("c")
    W = sp.MatrixSymbol("W", n, n)
    r = sp.expand(ym - Xm * betam)
    assert latex(sp.expand(r.T) * W * r) == r"\left(y - X \beta\right)^{\top} W \left(y - X \beta\right)"
    assert latex(sp.expand(r.T) * r) == r"{\lVert y - X \beta\rVert_2^2}"
    assert latex((lam * Ip + Xm.T * Xm).I) == r"\left(X^{\top} X + \lambda I\right)^{-1}"
    assert latex(-c + 1 / (2 * sigma**2)) == r"\frac{1}{2 \sigma^{2}} - c"
    assert latex(sp.Symbol(r"\sigma^2(\beta)")) == r"{\sigma^2(\beta)}"


@prop(r"In a matrix product a scalar that is a sum is bracketed, $(s + t)X\beta$, and $v^\top v$ between other "
      r"factors is the norm with each of them kept once and in place: $c\lVert\beta\rVert_2^2$ and "
      r"$\lVert\beta\rVert_2^2 r^\top$.", group="machinery")
def test_a_matrix_product_keeps_its_scalar_sum_and_its_other_factors():
    c, r = sp.MatrixSymbol("c", n, 1), sp.MatrixSymbol("r", p, 1)
    assert latex((s + sp.Symbol("t")) * Xm * betam) == r"\left(s + t\right) X \beta"
    assert latex(c * betam.T * betam) == r"c {\lVert \beta\rVert_2^2}"
    assert latex(betam.T * betam * r.T) == r"{\lVert \beta\rVert_2^2} r^{\top}"


@prop(r"In a sum built unevaluated, a sum added to it takes no brackets and a sum subtracted from it does: "
      r"$s + a + b$ and $s - (a + b)$.", group="machinery")
def test_a_sum_inside_a_sum_is_bracketed_only_when_subtracted():
    a, b = sp.symbols("a b", real=True)
    assert latex(sp.Add(s, a + b, evaluate=False)) == "s + a + b"
    assert latex(sp.Add(s, -(a + b), evaluate=False)) == r"s - \left(a + b\right)"


@prop(r"Products print as SymPy brackets them except for a power of a sum: kept unevaluated, a first factor with "
      r"a minus sign takes no brackets and a later one does, $-s\,(-t)$; a fraction times two logarithms writes both "
      r"after it, $\tfrac t2\log s\log t$; and a normalizer kept unevaluated is a denominator, to the power $-1$ "
      r"without an exponent: $\frac{1}{2t}e^{-s}$, and under any other numerator, $\frac{s}{2t}$, or none.",
      group="machinery")
def test_products_keep_sympys_brackets_and_normalizers_are_denominators():
    t = sp.Symbol("t", positive=True)
    negative = sp.Mul(sp.Mul(-1, s, evaluate=False), sp.Mul(-1, t, evaluate=False), evaluate=False)
    assert latex(negative) == r"- s \left(- t\right)"
    assert latex(t / 2 * sp.log(t) * sp.log(sp.Symbol("s", positive=True))) == r"\frac{t}{2} \log s \log t"
    assert latex(sp.exp(-s) * sp.UnevaluatedExpr(2 * t) ** -1) == r"\frac{1}{2 t} e^{- s}"
    assert latex(s * sp.UnevaluatedExpr(2 * t) ** -1) == r"\frac{s}{2 t}"
    only = sp.UnevaluatedExpr(2 * sp.pi * t**2) ** sp.Rational(-1, 2) * sp.UnevaluatedExpr(t) ** sp.Rational(-1, 2)
    assert latex(only) == r"\frac{1}{\sqrt{2 \pi t^{2}} \sqrt{t}}"
    assert latex(sp.exp(-s) * sp.UnevaluatedExpr(2 * t) ** sp.Rational(-1, 2)) == r"\frac{1}{\sqrt{2 t}} e^{- s}"


@prop(r"The textbook printer keeps SymPy's settings for what it does not rewrite: with `mat_symbol_style='bold'` "
      r"a matrix product prints as $\mathbf{X}\mathbf{\beta}$.", group="machinery")
def test_the_printer_keeps_the_bold_matrix_setting():
    from regprior.symbolic.printing import TextbookPrinter

    assert TextbookPrinter({"mat_symbol_style": "bold"}).doprint(Xm * betam) == r"\mathbf{X} \mathbf{\beta}"
    assert TextbookPrinter().doprint(Xm * betam) == r"X \beta"


@prop(r"A display of several results, `a, b = (x, y)`, is written as the equations $a = x$ and $b = y$, and a "
      r"relation other than $=$ is never split. The names are split at the commas outside brackets, with the TeX "
      r"spacing around them dropped; one pair of brackets around the whole list is removed.", group="machinery")
def test_a_tuple_of_results_is_shown_as_equations():
    assert _display(r"c,\ \lambda", "=", sp.Tuple(1, 2)) == r"{c = 1},\qquad {\lambda = 2}"
    assert _display(r"(a_2,\ a_1)", "=", sp.Tuple(3, 4)) == r"{a_2 = 3},\qquad {a_1 = 4}"
    assert "=" not in _display(r"x \sim \mathrm{IG}", r"\sim", sp.Tuple(3, 4)).split(r"\sim")[1]
    # the names are split at top-level commas only, with TeX spacing (\ , \quad) around them dropped
    assert _display(r"(a,b)", "=", sp.Tuple(1, 2)) == r"{a = 1},\qquad {b = 2}"
    assert _display(r"X_a,\quad X_b", "=", sp.Tuple(1, 2)) == r"{X_a = 1},\qquad {X_b = 2}"
    assert _display(r"(f(a), g[b])", "=", sp.Tuple(1, 2)) == r"{f(a) = 1},\qquad {g[b] = 2}"
    assert _display(r"([a], b)", "=", sp.Tuple(1, 2)) == r"{[a] = 1},\qquad {b = 2}"
    # a list of names that does not match the results, one per result, is not split
    assert _display(r"a, b, c", "=", sp.Tuple(1, 2)) == r"a, b, c = \left( 1, \  2\right)"
    assert _display(r"a,", "=", sp.Tuple(1, 2)) == r"a, = \left( 1, \  2\right)"


@prop(r"A display whose right side is a sum puts each term in its own TeX group, a subtracted one after a minus "
      r"sign (`{x} - {1}`), so that where the line is too wide MathJax breaks it between terms.", group="machinery")
def test_each_term_of_a_displayed_sum_is_one_group():
    x, t = sp.Symbol("x"), sp.Symbol("t")
    assert _display("f", "=", x - 1) == "{f} = {x} - {1}"
    assert _display("f", "=", x - 2 * t + 3) == "{f} = {x} - {2 t} + {3}"
    assert _display(None, "=", x - 1) == "x - 1"


def _displays(text: str) -> list[str]:
    return re.findall(r"^\$\$\n(.*?)\n\$\$", text, re.S | re.M)


def _bracketed_sums_leading_with_minus(tex: str) -> list[str]:
    """Bracketed sums whose first term is negative although a later one is positive, e.g. (-c + 1)."""
    found = []
    for m in re.finditer(r"\\left\(- ", tex):
        depth, start = 1, m.end()
        for pos in range(start, len(tex)):
            if tex.startswith(r"\left(", pos):
                depth += 1
            elif tex.startswith(r"\right)", pos):
                depth -= 1
                if depth == 0:
                    inner = tex[start:pos]
                    flat = re.sub(r"\{[^{}]*\}", "", inner)
                    if " + " in flat:
                        found.append(inner)
                    break
    return found


@prop(r"On every derivation page the residual sum of squares is written $\lVert y - X\beta\rVert_2^2$: the index "
      r"sum appears once, in the step that says why SymPy works with it; no display uses $\cdot^T$, "
      r"$\mathbb I$ or a tuple of results, and no bracketed sum starts with a minus sign when it has a positive "
      r"term.", group="machinery", evaluates=("gaussian-l2",))
def test_the_generated_pages_use_textbook_notation():
    fragments = {d.slug: d.to_myst() for d in derivations.all_derivations()}
    index_rss = {slug: text.count(r"\sum_{j=1}^{p} X_{ij}\beta_j") for slug, text in fragments.items()}
    assert {slug: count for slug, count in index_rss.items() if count} == {"gaussian-l2": 1}
    problems = []
    for slug, text in fragments.items():
        for tex in _displays(text):
            for bad in (r"^{T}", r"\mathbb{I}", r", \  "):
                if bad in tex:
                    problems.append(f"{slug}: {bad!r} in {tex[:80]}")
            problems += [f"{slug}: ({inner[:60]})" for inner in _bracketed_sums_leading_with_minus(tex)]
    assert not problems, "\n".join(problems)
