"""Common pitfalls: slips that recur in write-ups of "regularization is a prior", each checked against a derivation.

Every entry E1 … E37 says, in the project's words, what is commonly written, what is right, and where the
right form is derived. Where the slip is a formula, a SymPy check compares both forms with the *derived*
one — an expression taken from the derivation objects of the other pages (the ones their tests evaluate):
the written form must differ from it and the right form must equal it. Entries that are about code or
numbers are demonstrated by ``tests/test_pitfalls.py`` instead, and notation-only entries get a check only
where one means something.

Results recorded for the tests: ``e<k>_derived`` with ``e<k>_right`` and/or ``e<k>_wrong``, for the entries
and forms listed in :data:`EVALUATED`; the tests evaluate them numerically (right = derived everywhere,
wrong ≠ derived somewhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import sympy as sp
import sympy.stats as sps

from regprior.symbolic import conventions as cv
from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, Step, latex
from regprior.symbolic.matrices import Ip, Xm, is_zero_matrix, left_multiply, substitute_product, ym
from regprior.symbolic.sums import coordinate_derivative, evaluated, is_identity, linearize
from regprior.symbolic.symbols import X, Z, b, beta, fitted, i, j, k, lam, n, p, rss, sigma, sigma_w, tau, theta0, y

from . import (constraint_penalty, exponential_power_prior, gaussian_l2, gaussian_posterior, joint_map_noise,
               laplace_l1, lasso_coordinate, loss_minimizers, nonlinear_map, orthonormal_design, prior_covariance,
               prior_mean, reparameterization, ridge_sampling, ridge_solution, robust_likelihood, weights_intercept)
from ._one_dimensional import soft_threshold_minimizes

SLUG = "pitfalls"

#: severity codes, as the errata list uses them, and what they mean for a reader
SEVERITY = {
    "EST": "EST: the estimate or the reported number changes",
    "CONST": "CONST: a constant is wrong, the estimate is not",
    "CONC": "CONC: a conceptual error or overstatement",
    "NOT": "NOT: notation",
}

_BOTH = ("wrong", "right")
#: entry number -> the forms recorded as ``e<k>_<form>`` beside ``e<k>_derived``, for numerical evaluation
EVALUATED: dict[int, tuple[str, ...]] = {
    1: _BOTH, 2: _BOTH, 4: _BOTH, 5: ("right",), 6: _BOTH, 7: ("wrong",), 8: _BOTH, 9: _BOTH, 12: ("right",),
    13: _BOTH, 14: _BOTH, 17: _BOTH, 18: _BOTH, 19: _BOTH, 21: _BOTH, 23: ("wrong",), 24: _BOTH, 26: _BOTH,
    27: _BOTH, 29: _BOTH, 30: _BOTH, 32: ("right",), 34: _BOTH, 35: _BOTH,
}


@dataclass(frozen=True)
class Pitfall:
    """The prose of one entry.

    Attributes
    ----------
    number : int
        k of Ek; the entry's MyST target is ``pitfall-ek``.
    title : str
        Heading, stating the right thing.
    severity : str
        A key of :data:`SEVERITY`.
    written : str
        What a common derivation writes (MyST, stated generically).
    right : str
        What is right, and why (MyST).
    derived : str
        Where the right form is derived on the site ({doc} and {eq} references).
    numbers : bool
        Whether the page demonstrates the entry with numbers too (section ``pitfalls-numbers``).
    """

    number: int
    title: str
    severity: str
    written: str
    right: str
    derived: str
    #: the entry is also demonstrated with numbers (at the end of the page and in ``tests/test_pitfalls.py``)
    numbers: bool = False

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY:
            raise ValueError(f"severity must be one of {sorted(SEVERITY)}; got {self.severity!r}")

    @property
    def target(self) -> str:
        return f"pitfall-e{self.number}"

    def text(self) -> str:
        """The entry's MyST: target, heading, severity, the written and the right form, where it is derived."""
        right = self.right if self.right.endswith(".") else self.right + "."
        return (
            f"({self.target})=\n### E{self.number} · {self.title}\n\n"
            f"*{SEVERITY[self.severity]}.*\n\n"
            f"**Commonly written:** {self.written}\n\n"
            f"**Right:** {right}\n\n"
            f"**Derived in** {self.derived}."
            + (" **In numbers:** {ref}`below <pitfalls-numbers>`." if self.numbers else "")
        )


def rows(*pairs: tuple[str, str], math_tags: bool = False) -> str:
    """A display of tagged lines, e.g. ``("written", tex)``, ``("right", tex)``, aligned after the tags
    (words, or LaTeX when ``math_tags``); an empty tag continues the line above."""
    def tagged(tag: str) -> str:
        if not tag:  # a continuation line
            return "&"
        return f"&{tag}:" if math_tags else fr"&\text{{{tag}:}}"

    lines = [f"{tagged(tag)} && {tex}" for tag, tex in pairs]
    return r"\begin{aligned}" + "\n" + (r" \\" + "\n").join(lines) + "\n" + r"\end{aligned}"


def eq(lhs: str | sp.Basic, rhs: str | sp.Basic, relation: str = "=") -> str:
    """LaTeX of ``lhs relation rhs``."""
    return f"{latex(lhs)} {relation} {latex(rhs)}"


def section(d: Derivation, title: str, text: str) -> None:
    """Start a group of entries: a heading and one sentence on what the group has in common."""
    d.say(f"## {title}\n\n{text}")


def compare(d: Derivation, entry: Pitfall, display: str, *, check: Callable[[], bool], checked: str) -> None:
    """Add the entry as a checked step whose display shows the written and the right form."""
    d.claim(entry.text(), None, display, check=check, checked=checked, label=f"e{entry.number}")


def note(d: Derivation, entry: Pitfall, remark: str) -> None:
    """Add an entry with no SymPy check; ``remark`` says why and what checks it instead."""
    d.say(entry.text() + "\n\n" + remark)


def value_at(expr: sp.Expr, at: dict) -> sp.Expr:
    """``expr`` at the point ``at`` (sums with bounds fixed by the point are evaluated), simplified."""
    value = sp.sympify(expr)
    for _ in range(3):  # a sum evaluated at a numeric bound exposes entries that the point assigns
        value = value.subs(at).doit()
    return sp.simplify(value)


def differs(a: sp.Expr, b_: sp.Expr, at: dict) -> bool:
    """True when ``a - b_`` at the point ``at`` is a nonzero number (a proof that a ≠ b_)."""
    value = value_at(a - b_, at)
    return value.is_number and value != 0


def against(written: sp.Expr, derived: sp.Expr, at: dict) -> str:
    """The values of the written and the derived form at the point ``at``, for the note under a check."""
    return f"written ${latex(value_at(written, at))}$, derived ${latex(value_at(derived, at))}$"


def agree_as_soft_thresholds(e1: sp.Expr, e2: sp.Expr, a: sp.Symbol, lam_: sp.Symbol) -> bool:
    """``e1 == e2`` in each region of a soft threshold at ``lam_/2``: above it, below minus it, and between.

    The two outer regions are ``a = ±(lam_/2 + u)`` with ``u > 0``; the inner one is written ``a = ±w_1``,
    ``lam_ = 2(w_1 + w_2)`` with ``w_1, w_2 ≥ 0``, so that ``|a| ≤ lam_/2`` holds by construction.
    """
    u = sp.Symbol("u", positive=True)
    w1, w2 = sp.symbols("w_1 w_2", nonnegative=True)
    regions = ({a: lam_ / 2 + u}, {a: -lam_ / 2 - u}, {a: w1, lam_: 2 * (w1 + w2)}, {a: -w1, lam_: 2 * (w1 + w2)})
    return all(sp.simplify((e1 - e2).subs(r, simultaneous=True)) == 0 for r in regions)


def prior_constant(prior: models.Prior, lower: int) -> sp.Expr:
    r"""The part free of β of :math:`\log\prod_{j=\text{lower}}^{p} p(\beta_j)`, from the model's density."""
    log_prior = linearize(sp.expand(sp.expand_log(sp.log(sp.Product(prior.density_value(beta[j]), (j, lower, p))),
                                                  force=True)), expand=True)
    return sp.Add(*(t for t in sp.Add.make_args(sp.expand(log_prior)) if not t.has(beta)))


def symbol_named(expr: sp.Basic, name: str) -> sp.Symbol:
    """The free symbol of ``expr`` called ``name`` (derivations use their own assumptions for λ)."""
    (found,) = [s for s in expr.free_symbols if getattr(s, "name", None) == name]
    return found


def compact_soft_threshold(a: sp.Expr, kappa: sp.Expr) -> sp.Expr:
    r""":math:`\operatorname{sign}(a)\max(|a| - \kappa, 0)`, the one-line form write-ups use."""
    return lasso_coordinate.soft_threshold_compact(a, kappa)


# =============================================================================================== entries
def _intro(d: Derivation) -> None:
    lam_l2 = gaussian_l2.derivation().results["lam"]
    lam_l1 = laplace_l1.derivation().results["lam"]
    S, P, c, lam_f = sp.symbols("S P c lambda_f", positive=True)
    scalings = (sp.S.One, sp.Rational(1, 2), 1 / n, 1 / (2 * n))

    def strength(scaling: sp.Expr, canonical: sp.Expr) -> sp.Expr:
        """The λ of scaling·‖y − Xβ‖² + λR that has the minimizer of ‖y − Xβ‖² + canonical·R (solved for c, λ)."""
        (sol,) = sp.solve(sp.Poly(c * (scaling * S + lam_f * P) - (S + canonical * P), S, P).coeffs(), [c, lam_f],
                          dict=True)
        return sp.simplify(sol[lam_f])

    table = [(scaling, strength(scaling, lam_l2), strength(scaling, lam_l1)) for scaling in scalings]
    fit = sp.Symbol(r"\lVert y - X\beta\rVert^2")
    d.claim(
        "Most entries are one slip in different clothes: a strength quoted without the normalization of the "
        r"loss it multiplies, or without the noise variance. The same Gaussian prior $\mathcal N(0, \sigma_w^2)$ "
        "and the same Laplace prior of scale $b$ mean these strengths when the squared error carries a factor "
        r"in front (the factor and $\lambda$ solved so that the objective is a positive multiple of the canonical "
        "one):",
        None, rows(*(((latex(scaling) if scaling != 1 else "") + latex(fit) + r" + \lambda R",
                      eq(r"\lambda_{\mathcal N}", l2) + r",\quad " + eq(r"\lambda_{\mathrm{Laplace}}", l1))
                     for scaling, l2, l1 in table), math_tags=True),
        label="normalizations",
        check=lambda: all(sp.simplify(l2 / scaling - lam_l2) == 0 and sp.simplify(l1 / scaling - lam_l1) == 0
                          for scaling, l2, l1 in table),
        checked=r"for each factor $c_0$ in front of the squared error, `sympy.solve` matches $c(c_0 S + \lambda R)$ to "
        r"$S + \lambda_0 R$ with the strengths $\lambda_0$ solved on the Gaussian and the Laplace pages; every solved "
        "strength divided by $c_0$ is the canonical one.",
    )
    x_, mu_ = sp.Symbol("x", real=True), sp.Symbol("mu", real=True)
    kernel = sp.exp(-(x_ - mu_) ** 2 / sigma**2)
    variance = sp.simplify(sp.integrate((x_ - mu_) ** 2 * kernel, (x_, -sp.oo, sp.oo))
                           / sp.integrate(kernel, (x_, -sp.oo, sp.oo)))
    lam_inv = sp.Symbol("lambda", positive=True)
    absorbed = sp.solve(sp.Eq(lam_l1.subs(b, 1 / lam_inv), lam_inv), sigma)
    d.claim(
        r"Two slips of this kind, checked: a Gaussian kernel written $e^{-(y-\mu)^2/\sigma^2}$ has variance "
        r"$\sigma^2/2$, not $\sigma^2$; and the objective $\lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert_1$ "
        r"presented as the MAP under a Laplace prior of scale $1/\lambda$ holds for one noise level only:",
        None, rows(("kernel", eq(r"\operatorname{Var}", variance)),
                   ("Laplace", r"\frac{2\sigma^2}{b}\Big|_{b = 1/\lambda} = \lambda \iff \sigma = " + latex(absorbed[0]))),
        label="kernel",
        check=lambda: sp.simplify(variance - sigma**2 / 2) == 0 and absorbed == [1 / sp.sqrt(2)],
        checked=r"`sympy.integrate` of the normalized kernel's second moment gives $\sigma^2/2$; `sympy.solve` of "
        r"$2\sigma^2\lambda = \lambda$ (the Laplace page's strength at $b = 1/\lambda$) has the single solution "
        r"$\sigma = 1/\sqrt2$.",
    )
    d.say(
        "Each entry below has the same parts: what a common derivation writes, what is right, and the page "
        "where the right form is derived. Under the display, the green note says what SymPy verified when this "
        "page was generated: the written form differs from the expression the derivation produced, and the "
        "right form equals it. The derived expressions are not retyped here; they are the objects the "
        "derivation pages are rendered from and the tests evaluate."
    )


def _index(d: Derivation) -> str:
    """A list of the entries by severity, each linked to its target (read off the entries' headers)."""
    header = re.compile(r"^\((pitfall-e(\d+))\)=\n### E\d+ · .*\n\n\*(\w+):", flags=re.MULTILINE)
    found = [(int(m[2]), m[1], m[3]) for step in d.steps for m in header.finditer(step.text)]
    lines = ["**The entries by severity.**", ""]
    for code, meaning in SEVERITY.items():
        links = ", ".join(f"{{ref}}`E{k} <{target}>`" for k, target, sev in sorted(found) if sev == code)
        lines.append(f"- *{meaning}:* {links}.")
    return "\n".join(lines)


def _constants(d: Derivation, rec: dict) -> None:
    section(d, "Constants and the strength λ", "Slips that leave the estimator alone but change what λ means, or "
          "that change both.")

    # -- E1 ---------------------------------------------------------------------------------------------
    e1 = Pitfall(
        1, "The log-posterior has a ½ in both terms", "CONST",
        r"for one coefficient, $y_i = \beta x_i + \varepsilon_i$ with $\varepsilon_i \sim \mathcal N(0, \sigma^2)$ "
        r"and the prior $\beta \sim \mathcal N(0, 1/\lambda)$ ($\lambda$ a precision), the log-posterior is "
        r"given as $-\frac{1}{\sigma^2}\sum_i (y_i - \beta x_i)^2 - \lambda\beta^2$ + const.",
        r"both the likelihood and the prior carry a $\tfrac12$: $-\frac{1}{2\sigma^2}\sum_i(y_i - \beta x_i)^2 - "
        r"\frac{\lambda}{2}\beta^2$ + const. The written expression is exactly twice the log-posterior (plus a "
        "constant), so it has the same maximizer but is not a log-density. In the canonical objective the "
        r"strength is $\sigma^2\lambda$, and the MAP is $\sum_i x_iy_i / (\sum_i x_i^2 + \sigma^2\lambda)$",
        "{doc}`/derivations/gaussian-l2` ({eq}`gaussian-l2-result`), here with $p = 1$ and "
        r"$\sigma_w^2 = 1/\lambda$",
    )
    x = sp.IndexedBase("x", real=True)
    bs = sp.Symbol("beta", real=True)
    prec = sp.Symbol("lambda", positive=True)
    one = gaussian_l2.derivation().results["neg_log_posterior"].subs(p, 1).doit()
    one = one.xreplace({beta[1]: bs}).replace(lambda e: isinstance(e, sp.Indexed) and e.base == X,
                                              lambda e: x[e.indices[0]])
    log_post = -one.subs(sigma_w, 1 / sp.sqrt(prec))
    fit = sp.Sum((y[i] - bs * x[i]) ** 2, (i, 1, n))
    wrong = -fit / sigma**2 - prec * bs**2
    right = -fit / (2 * sigma**2) - prec / 2 * bs**2
    score = lambda e: linearize(sp.diff(e, bs).doit(), expand=True)  # noqa: E731
    (beta_map,) = sp.solve(score(log_post), bs)
    sxx, sxy = sp.Sum(x[i] ** 2, (i, 1, n)), sp.Sum(x[i] * y[i], (i, 1, n))
    map_display = sxy / (sxx + sigma**2 * prec)
    as_symbols = {sxx: sp.Symbol("S_xx", positive=True), sxy: sp.Symbol("S_xy", real=True)}
    compare(
        d, e1,
        rows(("written", eq(r"\log p(\beta \mid y)", wrong) + r" + \text{const}"),
             ("right", eq(r"\log p(\beta \mid y)", right) + r" + \text{const}"),
             ("so", eq(r"\hat\beta_{\mathrm{MAP}}", map_display))),
        check=lambda: is_identity(score(right), score(log_post))
        and is_identity(score(wrong), 2 * score(log_post)) and score(log_post).has(bs)
        and sp.simplify((beta_map - map_display).xreplace(as_symbols)) == 0,
        checked=r"the Gaussian-prior page's negative log-posterior at $p = 1$, $\sigma_w^2 = 1/\lambda$, negated: "
        r"its derivative in $\beta$ equals that of the right form and is half that of the written one, for general "
        "$n$ (so the two differ by a factor 2, not by a constant); `sympy.solve` of its zero gives the MAP shown.",
    )
    rec.update(e1_wrong=score(wrong), e1_right=score(right), e1_derived=score(log_post))

    # -- E19 --------------------------------------------------------------------------------------------
    e19 = Pitfall(
        19, "Coefficients β₀ … β_p are p + 1 of them", "CONST",
        r"the model $y_i = \sum_{j=0}^{p} \beta_j x_{ij} + \varepsilon_i$ together with the statement that there are $n$ "
        "observations and $p$ parameters.",
        r"indices $0, \dots, p$ count $p + 1$ coefficients. The off-by-one then reappears in every constant that "
        r"counts coefficients (E21, E24). The project's pages index coefficients $1, \dots, p$ instead",
        r"{doc}`/derivations/gaussian-l2` ({eq}`gaussian-l2-nlprior`, where the sum over $j = 1, \dots, p$ "
        "counts $p$ terms)",
    )
    count = sp.Sum(1, (j, 0, p)).doit()
    compare(
        d, e19, rows(("written", r"\#\{\beta_0, \dots, \beta_p\} = p"), ("right", r"\#\{\beta_0, \dots, \beta_p\} = p + 1")),
        check=lambda: count == p + 1 and differs(p, count, {p: 3}),
        checked=r"SymPy evaluates $\sum_{j=0}^{p} 1 = p + 1$ for symbolic $p$.",
    )
    rec.update(e19_wrong=p, e19_right=p + 1, e19_derived=count)

    # -- E21 --------------------------------------------------------------------------------------------
    e21 = Pitfall(
        21, "The Laplace prior's constant counts p + 1 coefficients, and λ = 2σ²/b", "CONST",
        r"for $\sum_{j=0}^{p}\log\mathrm{Laplace}(\beta_j; 0, b)$ the constant $p\log\frac{1}{2b}$, and the "
        r"resulting objective $\lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert_1$ with $\lambda$ left "
        "unrelated to $b$.",
        r"the constant is $(p + 1)\log\frac{1}{2b}$. It does not move the estimate, but the strength should be "
        r"stated: $\lambda = 2\sigma^2/b$ for $\lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert_1$ "
        r"($\sigma^2/b$ for the objective with $\tfrac12$ in front of the squared error, and scikit-learn's "
        r"`Lasso(alpha)` needs $\alpha = \sigma^2/(nb)$)",
        "{doc}`/derivations/laplace-l1` ({eq}`laplace-l1-solve`) and {doc}`/derivations/conventions` "
        "({eq}`conventions-sklearn-lasso-solve`)",
    )
    const_l1 = prior_constant(models.laplace_prior, 0)
    wrong21, right21 = p * sp.log(1 / (2 * b)), (p + 1) * sp.log(1 / (2 * b))
    lasso_map = cv.derive("sklearn.Lasso")
    (alpha_l1,) = cv.library("sklearn.Lasso").symbols
    alpha_of_b = lasso_map.from_prior[alpha_l1].subs(cv.laplace_rate, 1 / b)
    compare(
        d, e21,
        rows(("written", eq(r"\sum_{j=0}^{p}\log p(\beta_j)", wrong21) + r" - \tfrac1b\lVert\beta\rVert_1"),
             ("right", eq(r"\sum_{j=0}^{p}\log p(\beta_j)", right21) + r" - \tfrac1b\lVert\beta\rVert_1"),
             ("strength", eq(r"\lambda", 2 * sigma**2 / b) + r",\quad " + eq(r"\texttt{alpha}", sigma**2 / (n * b)))),
        check=lambda: is_identity(right21, const_l1) and differs(wrong21, const_l1, {p: 3, b: 1})
        and sp.simplify(laplace_l1.derivation().results["lam"] - 2 * sigma**2 / b) == 0
        and sp.simplify(alpha_of_b - sigma**2 / (n * b)) == 0,
        checked=r"the part free of $\beta$ of $\log\prod_{j=0}^{p}$ of the model's Laplace density, for symbolic "
        r"$p$, equals the right constant (the written one differs from it by $\log\frac{1}{2b}$); $\lambda$ is the "
        "strength solved on the Laplace page, and `alpha` the inverse mapping solved for scikit-learn's Lasso.",
    )
    rec.update(e21_wrong=wrong21, e21_right=right21, e21_derived=const_l1)

    # -- E24 --------------------------------------------------------------------------------------------
    e24 = Pitfall(
        24, "The Gaussian prior's constant counts coefficients, not data points", "CONST",
        r"for $\sum_{j=0}^{p}\log\mathcal N(\beta_j; 0, \sigma_w^2)$ the constant $-\frac{n}{2}"
        r"\log(2\pi\sigma_w^2)$.",
        r"the prior is a product over the $p + 1$ coefficients, so the constant is $-\frac{p+1}{2}"
        r"\log(2\pi\sigma_w^2)$; $n$ belongs to the likelihood's constant. The strength $\lambda = "
        r"\sigma^2/\sigma_w^2$ is unaffected",
        "{doc}`/derivations/gaussian-l2` ({eq}`gaussian-l2-nlprior`, {eq}`gaussian-l2-solve`)",
    )
    const_l2 = prior_constant(models.gaussian_prior, 0)
    wrong24 = -n / 2 * sp.log(2 * sp.pi * sigma_w**2)
    right24 = sp.Mul(sp.Rational(-1, 2), p + 1, sp.log(2 * sp.pi * sigma_w**2), evaluate=False)
    pt24 = {n: 5, p: 2, sigma_w: 1}
    compare(
        d, e24,
        rows(("written", eq(r"\sum_{j=0}^{p}\log p(\beta_j)", wrong24) + r" - \frac{\lVert\beta\rVert_2^2}{2\sigma_w^2}"),
             ("right", eq(r"\sum_{j=0}^{p}\log p(\beta_j)", right24) + r" - \frac{\lVert\beta\rVert_2^2}{2\sigma_w^2}")),
        check=lambda: is_identity(right24, const_l2) and differs(wrong24, const_l2, pt24)
        and sp.simplify(gaussian_l2.derivation().results["lam"] - sigma**2 / sigma_w**2) == 0,
        checked=r"the part free of $\beta$ of $\log\prod_{j=0}^{p}$ of the model's Gaussian density equals the right "
        fr"constant for symbolic $p$, and differs from the written one (at $n = 5$, $p = 2$, $\sigma_w = 1$: "
        f"{against(wrong24, const_l2, pt24)}); the strength is the one solved on the Gaussian-prior page.",
    )
    rec.update(e24_wrong=wrong24, e24_right=right24, e24_derived=const_l2)

    # -- E26, E29, E30: the prior written as exp(-kappa ||theta - theta_0||^2) --------------------------------
    res_pm = prior_mean.derivation().results
    kappa = res_pm["symbols"][0]
    e26 = Pitfall(
        26, "The second argument of 𝒩(·, ·) is a variance: here 1/(2κ)", "EST",
        r"the prior with density proportional to $\exp(-\kappa\lVert\theta - \theta_0\rVert^2)$ named "
        r"$\mathcal N(\theta_0, 1/\sqrt{2\kappa})$, and later called a prior of variance $1/\sqrt{2\kappa}$, "
        r"while two lines further $\mathcal N(f, \sigma^2)$ has a variance as its second argument.",
        r"$\exp(-\kappa(\theta - \theta_0)^2) = \exp\bigl(-(\theta - \theta_0)^2/(2\cdot\tfrac{1}{2\kappa})\bigr)$: "
        r"the variance is $1/(2\kappa)$ and $1/\sqrt{2\kappa}$ is the standard deviation. One notation must be "
        r"used throughout; here $\mathcal N(\mu, v)$ always has a variance $v$",
        "{doc}`/derivations/prior-mean` ({eq}`prior-mean-kappa`)",
    )
    compare(
        d, e26,
        rows(("written", eq(r"\operatorname{Var}(\theta_j)", res_pm["wrong_kappa_variance"])),
             ("right", eq(r"\operatorname{Var}(\theta_j)", 1 / (2 * kappa)))),
        check=lambda: sp.simplify(1 / (2 * kappa) - res_pm["kappa_variance"]) == 0
        and differs(res_pm["wrong_kappa_variance"], res_pm["kappa_variance"], {kappa: 2}),
        checked=r"the variance the prior-mean page integrates from the kernel equals $1/(2\kappa)$; the written value "
        fr"differs from it (at $\kappa = 2$: {against(res_pm['wrong_kappa_variance'], res_pm['kappa_variance'], {kappa: 2})}).",
    )
    rec.update(e26_wrong=res_pm["wrong_kappa_variance"], e26_right=1 / (2 * kappa), e26_derived=res_pm["kappa_variance"])

    e29 = Pitfall(
        29, "The normalizer of exp(−κ(θ − θ₀)²) is √(κ/π)", "CONST",
        r"the normalizing constant $1/\sqrt{2\pi\cdot 2\kappa} = 1/\sqrt{4\pi\kappa}$, i.e. the precision "
        "put where the variance belongs.",
        r"$1/\sqrt{2\pi\cdot\frac{1}{2\kappa}} = \sqrt{\kappa/\pi}$, per coordinate, so $(\kappa/\pi)^{d/2}$ "
        r"for a $d$-dimensional $\theta$. Only the constant changes, not the MAP",
        "{doc}`/derivations/prior-mean` ({eq}`prior-mean-kappa`)",
    )
    per_dim = linearize(sp.expand_log(sp.log(sp.Product(res_pm["kappa_normalizer"], (j, 1, p))), force=True))
    compare(
        d, e29,
        rows(("written", eq(r"\text{normalizer}", res_pm["wrong_kappa_normalizer"])),
             ("right", eq(r"\text{normalizer}", sp.sqrt(kappa / sp.pi)) + r",\quad \prod_{j=1}^{p} = "
              + latex((kappa / sp.pi) ** (p / 2)))),
        check=lambda: sp.simplify(sp.sqrt(kappa / sp.pi) - res_pm["kappa_normalizer"]) == 0
        and differs(res_pm["wrong_kappa_normalizer"], res_pm["kappa_normalizer"], {kappa: 1})
        and is_identity(per_dim, sp.log((kappa / sp.pi) ** (p / 2))),
        checked=r"the prior-mean page integrates the kernel to get its normalizer, which equals $\sqrt{\kappa/\pi}$ "
        r"and differs from the written one; the log of the product over $p$ coordinates is $\frac p2\log(\kappa/\pi)$.",
    )
    rec.update(e29_wrong=res_pm["wrong_kappa_normalizer"], e29_right=sp.sqrt(kappa / sp.pi),
               e29_derived=res_pm["kappa_normalizer"])

    e30 = Pitfall(
        30, "Dropping σ² from the likelihood changes the strength to 2σ²κ", "EST",
        r"the likelihood's log written as $-\lVert y - f(X, \theta)\rVert^2$, which turns the MAP problem into "
        r"$\min_\theta \lVert y - f(X,\theta)\rVert^2 + \kappa\lVert\theta - \theta_0\rVert^2$.",
        r"the log-likelihood is $-\lVert y - f\rVert^2/(2\sigma^2)$ + const, and multiplying by $2\sigma^2$ gives "
        r"$\lVert y - f\rVert^2 + 2\sigma^2\kappa\lVert\theta - \theta_0\rVert^2$. With the prior variance "
        r"$\tau^2 = 1/(2\kappa)$ that is the familiar $\sigma^2/\tau^2$. The written objective is right only "
        r"for $\sigma^2 = \tfrac12$ (the same slip as writing a Laplace prior of scale $1/\lambda$ with the "
        r"objective $\lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert_1$)",
        "{doc}`/derivations/prior-mean` ({eq}`prior-mean-lambda-kappa`)",
    )
    coincide = sp.solve(sp.Eq(res_pm["wrong_lam_from_kappa"], res_pm["lam_from_kappa"]), sigma)
    compare(
        d, e30,
        rows(("written", eq(r"\lambda", res_pm["wrong_lam_from_kappa"])), ("right", eq(r"\lambda", 2 * sigma**2 * kappa))),
        check=lambda: sp.simplify(2 * sigma**2 * kappa - res_pm["lam_from_kappa"]) == 0
        and coincide == [1 / sp.sqrt(2)],
        checked=r"the strength the prior-mean page derives by substituting $\sigma_w^2 = 1/(2\kappa)$ into "
        r"$\sigma^2/\sigma_w^2$ equals $2\sigma^2\kappa$; `sympy.solve` finds that it equals the written "
        r"$\kappa$ only at $\sigma = 1/\sqrt 2$.",
    )
    rec.update(e30_wrong=res_pm["wrong_lam_from_kappa"], e30_right=2 * sigma**2 * kappa,
               e30_derived=res_pm["lam_from_kappa"])

    # -- E35 --------------------------------------------------------------------------------------------
    res_pc = prior_covariance.derivation().results
    tau_k = sp.Symbol("tau_k", positive=True)
    e35 = Pitfall(
        35, "A diagonal prior covariance gives one strength per coefficient", "EST",
        r"for a prior $\mathcal N(0, \Sigma)$ with a diagonal $\Sigma$, that the strength $\lambda$ is the "
        "reciprocal of each diagonal entry.",
        r"one common $\lambda$ exists only for $\Sigma = \tau^2 I$. A diagonal $\Sigma = \operatorname{diag}"
        r"(\tau_1^2, \dots, \tau_p^2)$ gives the weighted penalty $\sum_j \lambda_j\beta_j^2$ (automatic "
        r"relevance determination), and against the squared error each strength is $\lambda_k = \sigma^2/\tau_k^2$; "
        r"$1/\tau_k^2$ is its value relative to the negative log-likelihood, which equals it only for $\sigma = 1$",
        "{doc}`/derivations/prior-covariance` ({eq}`prior-covariance-lambda-k`, {eq}`prior-covariance-not-reciprocal`)",
    )
    lam_k = res_pc["lam_k"].xreplace({tau[k]: tau_k})
    wrong35 = res_pc["wrong_lam_k"].xreplace({tau[k]: tau_k})
    compare(
        d, e35,
        rows(("written", eq(r"\lambda_k", wrong35)), ("right", eq(r"\lambda_k", sigma**2 / tau_k**2))),
        check=lambda: sp.simplify(sigma**2 / tau_k**2 - lam_k) == 0 and differs(wrong35, lam_k, {sigma: 2, tau_k: 1}),
        checked="the per-coefficient strength `sympy.solve` returns on the prior-covariance page equals "
        r"$\sigma^2/\tau_k^2$ and differs from $1/\tau_k^2$ (at $\sigma = 2$, $\tau_k = 1$).",
    )
    rec.update(e35_wrong=wrong35, e35_right=sigma**2 / tau_k**2, e35_derived=lam_k)

    # -- E5 ---------------------------------------------------------------------------------------------
    res_ep = exponential_power_prior.derivation().results
    q_, s_ = models.power, models.power_scale
    e5 = Pitfall(
        5, "A power penalty belongs to the exponential-power prior, with λ = 2σ²/s^q", "CONC",
        "the remark that each power penalty evidently matches some exponential-family prior, with neither the "
        "density nor the strength written down.",
        r"the penalty $\lambda\sum_j|\beta_j|^q$ is the exponential-power (generalized normal) prior "
        r"$\frac{q}{2s\Gamma(1/q)}e^{-(|\beta_j|/s)^q}$ with $\lambda = 2\sigma^2/s^q$: $q = 1$, $s = b$ is the "
        r"Laplace prior and $q = 2$, $s = \sqrt2\sigma_w$ the Gaussian one. It is an exponential family only "
        r"for a fixed $q$. For $q < 1$ the penalty is not convex (several local minima), and the limit $q \to 0$ "
        "(counting nonzero coefficients) has no proper prior",
        "{doc}`/derivations/exponential-power-prior` ({eq}`exponential-power-prior-lambda`, "
        "{eq}`exponential-power-prior-special-cases`)",
    )
    t = sp.Symbol("t", positive=True)
    curvature = sp.diff(t**q_, t, 2)
    lam_ep = res_ep["lam"]
    compare(
        d, e5,
        rows(("right", eq(r"\lambda", sp.Mul(2 * sigma**2, sp.Pow(s_**q_, -1, evaluate=False), evaluate=False))),
             ("", eq(r"\lambda\big|_{q=1,\ s=b}", 2 * sigma**2 / b)
              + r",\quad " + eq(r"\lambda\big|_{q=2,\ s=\sqrt2\sigma_w}", sigma**2 / sigma_w**2)),
             ("and", eq(r"\frac{d^2}{dt^2}t^{q}\Big|_{q=1/2}", curvature.subs(q_, sp.Rational(1, 2))) + r" < 0")),
        check=lambda: sp.simplify(2 * sigma**2 / s_**q_ - lam_ep) == 0
        and sp.simplify(lam_ep.subs({q_: 1, s_: b}) - laplace_l1.derivation().results["lam"]) == 0
        and sp.simplify(lam_ep.subs({q_: 2, s_: sp.sqrt(2) * sigma_w}) - gaussian_l2.derivation().results["lam"]) == 0
        and curvature.subs(q_, sp.Rational(1, 2)).is_negative is True,
        checked=r"the strength solved on the exponential-power page equals $2\sigma^2/s^q$, and at the two special "
        "cases it equals the strengths solved independently on the Laplace and the Gaussian pages; for $q = 1/2$ "
        "the second derivative of $t^q$ is negative for every $t > 0$ (not convex).",
    )
    rec.update(e5_right=2 * sigma**2 / s_**q_, e5_derived=lam_ep)


def _bayes(d: Derivation, rec: dict) -> None:
    section(d, "Bayes' rule and what the MAP estimate is", "Slips in the step from likelihood and prior to an "
          "objective, and in what the minimizer of that objective means.")

    # -- E4 ---------------------------------------------------------------------------------------------
    e4 = Pitfall(
        4, "Bayes' rule in logarithms is exact, and it is the prior that enters", "CONC",
        r"$\log(\text{posterior}) \approx \log(\text{likelihood}) + \log(\text{penalty})$, presented as an "
        "approximation that needs regularity conditions.",
        r"$\log p(\beta\mid y) = \log p(y\mid\beta) + \log p(\beta) - \log p(y)$ holds exactly, with no "
        "conditions: it is the logarithm of Bayes' rule. The prior enters, not the penalty; the penalty is "
        r"$\lambda R(\beta) = -2\sigma^2\log p(\beta)$ + const, i.e. $p(\beta) \propto e^{-\lambda R(\beta)/(2\sigma^2)}$",
        "{doc}`/derivations/gaussian-l2` ({eq}`gaussian-l2-bayes`) and {doc}`/derivations/nonlinear-and-invariance` "
        "({eq}`nonlinear-map-log-penalty`)",
    )
    res_g = gaussian_l2.derivation().results
    prior, lik = models.gaussian_prior, models.gaussian_likelihood
    nlp = res_g["neg_log_posterior"]
    bayes_log = sp.log(lik.joint() * prior.joint() / Z)
    penalty = prior.penalty()
    res_nl = nonlinear_map.derivation().results
    f = res_nl["model_function"]
    linear = lambda e: e.replace(lambda a: isinstance(a, sp.core.function.AppliedUndef) and a.func == f,  # noqa: E731
                                 lambda a: fitted(i))
    wrong_linear = linear(res_nl["wrong_log_posterior_with_log_penalty"])
    grad = lambda e: linearize(coordinate_derivative(e, beta, k, p), expand=True)  # noqa: E731
    pt4 = {p: 1, k: 1, n: 1, X[1, 1]: 0, beta[1]: 1, sigma_w: 1}
    compare(
        d, e4,
        rows(("written", r"\log p(\beta\mid y) \approx \log p(y\mid\beta) + \log R(\beta)"),
             ("right", r"\log p(\beta\mid y) = \log p(y\mid\beta) + \log p(\beta) - \log p(y)"),
             ("", r"\lambda R(\beta) = -2\sigma^2\log p(\beta) + \text{const}")),
        check=lambda: is_identity(bayes_log, -nlp)
        and is_identity(grad(res_g["lam"] * penalty), grad(2 * sigma**2 * models.neg_log_prior(prior)))
        and differs(grad(wrong_linear), grad(-nlp), pt4),
        checked="the logarithm of likelihood × prior / evidence, built from the model's densities, equals minus the "
        "Gaussian-prior page's negative log-posterior for general $n$ and $p$ (no approximation); with the derived "
        r"$\lambda$, $\lambda R$ and $-2\sigma^2\log p(\beta)$ have the same derivative in every $\beta_k$; the "
        "nonlinear-model page's 'log of the penalty' posterior (with a linear model put in) has a different slope "
        fr"(at $p = n = 1$, $X = 0$, $\beta_1 = 1$, $\sigma_w = 1$: {against(grad(wrong_linear), grad(-nlp), pt4)}).",
    )
    rec.update(e4_wrong=grad(wrong_linear), e4_right=grad(linearize(sp.expand_log(evaluated(bayes_log), force=True))),
               e4_derived=grad(-nlp))

    # -- E20 --------------------------------------------------------------------------------------------
    e20 = Pitfall(
        20, "Taking the logarithm keeps the maximizer exactly", "CONC",
        r"$\arg\max_\theta P(y\mid\theta)P(\theta) \approx \arg\max_\theta \log\bigl(P(y\mid\theta)P(\theta)\bigr)$.",
        r"equality. The logarithm is strictly increasing on $(0, \infty)$, so it preserves the order of the values "
        r"and hence the maximizer; and where the density is positive, $\frac{d}{d\theta}\log g = g'/g$ vanishes "
        "exactly where $g'$ does",
        "{doc}`/derivations/gaussian-l2` ({eq}`gaussian-l2-result`: the MAP minimizes $J$ because the factor is "
        "positive)",
    )
    tpos, theta = sp.Symbol("t", positive=True), sp.Symbol("theta", real=True)
    g = sp.Function("g")
    log_slope = sp.diff(sp.log(g(theta)), theta)
    compare(
        d, e20,
        rows(("written", r"\arg\max_\theta g(\theta) \approx \arg\max_\theta \log g(\theta)"),
             ("right", r"\arg\max_\theta g(\theta) = \arg\max_\theta \log g(\theta)"),
             ("", eq(r"\frac{d}{dt}\log t", sp.diff(sp.log(tpos), tpos)) + r" > 0,\quad "
              + eq(r"\frac{d}{d\theta}\log g(\theta)", log_slope))),
        check=lambda: sp.diff(sp.log(tpos), tpos).is_positive is True
        and sp.simplify(log_slope * g(theta) - sp.diff(g(theta), theta)) == 0
        and res_g["factor"].is_positive is True,
        checked=r"SymPy proves $1/t > 0$ for $t > 0$ and differentiates $\log g$ to $g'/g$ for an unspecified $g$; the "
        r"factor between $-\log p(\beta\mid y, X)$ and $J$ derived on the Gaussian-prior page is positive.",
    )

    # -- E6 ---------------------------------------------------------------------------------------------
    e6 = Pitfall(
        6, "Rescale by a positive factor only, and keep σ's constant when σ is estimated", "CONC",
        r"that after taking $-\log$ the constant may be dropped and the objective multiplied by any number, "
        "leaving the minimizer unchanged.",
        "multiplying by a *positive* constant keeps the minimizer; a negative one turns the minimum into a maximum "
        r"(and $J$ has none). The dropped constant $\frac n2\log(2\pi\sigma^2) + \frac p2\log(2\pi\sigma_w^2)$ "
        r"depends on $\sigma$ and $\sigma_w$, so it cannot be dropped once they are estimated: without the "
        r"likelihood's $\frac n2\log\sigma^2$ the joint mode of $\sigma^2$ comes out wrong",
        "{doc}`/derivations/gaussian-l2` ({eq}`gaussian-l2-result`), {doc}`/derivations/nonlinear-and-invariance` "
        "({eq}`nonlinear-map-positive-factor`) and {doc}`/derivations/unknown-noise` ({eq}`joint-map-noise-noise-step`, "
        "{eq}`joint-map-noise-wrong-normalizer`)",
    )
    res_j = joint_map_noise.derivation().results
    step = res_j["noise_step"]
    a0, b0 = symbol_named(step, "a_0"), symbol_named(step, "b_0")
    right6 = (rss() + 2 * b0) / (n + 2 * a0 + 2)
    const_slope = sp.diff(res_g["constant"], sigma)
    pt6 = {a0: 1, b0: 1, n: 1, p: 1, X[1, 1]: 1, y[1]: 3, beta[1]: 1}
    compare(
        d, e6,
        rows(("written", eq(r"\hat\sigma^2", res_j["wrong_noise_step"]) + r"\quad(\tfrac n2\log\sigma^2 \text{ dropped})"),
             ("right", eq(r"\hat\sigma^2", right6)), ("", eq(r"\frac{\partial C}{\partial\sigma}", const_slope))),
        check=lambda: is_identity(right6, step) and differs(res_j["wrong_noise_step"], step, pt6)
        and sp.simplify(const_slope - n / sigma) == 0 and res_g["factor"].is_positive is True
        and res_nl["wrong_negative_factor"].is_negative is True,
        checked="the noise step solved on the joint-MAP page equals the right form for general $n$ and differs from "
        f"the step solved without the normalizer (at $a_0 = b_0 = 1$ and one observation with residual 2: {against(res_j['wrong_noise_step'], step, pt6)}); the Gaussian-prior page's constant "
        r"has $\partial C/\partial\sigma = n/\sigma \ne 0$; its factor is positive, the negated one negative.",
    )
    rec.update(e6_wrong=res_j["wrong_noise_step"], e6_right=right6, e6_derived=step)

    # -- E27 --------------------------------------------------------------------------------------------
    e27 = Pitfall(
        27, "The likelihood is centred at the model's prediction, not at the prior mean", "EST",
        r"with a prior mean $\theta_0$, the likelihood written $\mathcal N(y \mid f(X, \theta_0), \sigma^2)$, and the "
        "posterior as the product of that with the prior.",
        r"the likelihood is $\mathcal N(y \mid f(X, \theta), \sigma^2)$, a function of the free parameter $\theta$. "
        r"Centred at $\theta_0$ it contains no $\theta$ at all, so the data would not inform the estimate",
        "{doc}`/derivations/prior-mean` ({eq}`prior-mean-wrong-likelihood`) and {doc}`/derivations/gaussian-l2` "
        "({eq}`gaussian-l2-nll`)",
    )
    nll = models.neg_log_likelihood(lik)
    wrong_nll = linearize(sp.expand_log(evaluated(prior_mean.derivation().results["wrong_likelihood"]), force=True))
    right27 = sp.Sum(X[i, k] * (fitted(i) - y[i]), (i, 1, n)) / sigma**2
    compare(
        d, e27,
        rows(("written", eq(r"\frac{\partial}{\partial\beta_k}\bigl(-\log p(y\mid X\theta_0)\bigr)", grad(wrong_nll))),
             ("right", eq(r"\frac{\partial}{\partial\beta_k}\bigl(-\log p(y\mid X\beta)\bigr)", right27))),
        check=lambda: is_identity(right27, grad(nll)) and grad(wrong_nll) == 0
        and differs(grad(nll), 0, {p: 1, k: 1, n: 1, X[1, 1]: 1, y[1]: 0, beta[1]: 1, sigma: 1}),
        checked=r"the derivative of the model's negative log-likelihood in a general $\beta_k$ equals the right form "
        r"for general $n$, $p$; the prior-mean page's mis-centred likelihood has derivative 0 in every $\beta_k$.",
    )
    rec.update(e27_wrong=grad(wrong_nll), e27_right=right27, e27_derived=grad(nll))

    # -- E28 --------------------------------------------------------------------------------------------
    e28 = Pitfall(
        28, "Prior term and likelihood term in their places", "EST",
        r"an intermediate step that maximizes $\log\mathcal N(f(X, \theta_0), \sigma^2) - \lVert y_i - "
        r"\theta_0\rVert^2$: the likelihood evaluated at the prior mean and a squared distance from the data to "
        "the prior mean.",
        r"the function to maximize is $\log\mathcal N(\theta; \theta_0, \tfrac{1}{2\kappa}) - \lVert y - "
        r"f(X, \theta)\rVert^2/(2\sigma^2)$ + const: the prior measures the distance from $\theta$ to $\theta_0$, "
        r"the likelihood the distance from $y$ to the prediction. The written step does not contain $\theta$",
        "{doc}`/derivations/prior-mean` ({eq}`prior-mean-objective`, {eq}`prior-mean-kappa`)",
    )
    res_pm = prior_mean.derivation().results
    kappa = res_pm["symbols"][0]
    nlp_pm = res_pm["neg_log_posterior"].subs(sigma_w, 1 / sp.sqrt(2 * kappa))
    right28 = (-sp.Sum(kappa * (beta[j] - theta0[j]) ** 2, (j, 1, p)) - linearize(rss()) / (2 * sigma**2))
    wrong28 = -linearize(sp.expand_log(evaluated(res_pm["wrong_likelihood"]), force=True)) \
        - sp.Sum((y[i] - fitted(i).subs(beta, theta0)) ** 2, (i, 1, n))
    compare(
        d, e28,
        rows(("written", r"\log\mathcal N\bigl(f(X,\theta_0), \sigma^2\bigr) - \lVert y - \theta_0\rVert^2"),
             ("right", r"\log\mathcal N\bigl(\theta; \theta_0, \tfrac{1}{2\kappa}\bigr) - \frac{\lVert y - "
              r"f(X,\theta)\rVert^2}{2\sigma^2} + \text{const}")),
        check=lambda: is_identity(grad(right28), grad(-nlp_pm)) and not wrong28.has(beta) and nlp_pm.has(beta),
        checked=r"for a linear $f$, the right function has the same derivative in every $\beta_k$ as minus the "
        r"prior-mean page's negative log-posterior at $\sigma_w^2 = 1/(2\kappa)$ (general $n$, $p$); the written "
        "step contains no coefficient.",
    )

    # -- E34 --------------------------------------------------------------------------------------------
    res_pc = prior_covariance.derivation().results
    e34 = Pitfall(
        34, "The objective is the negative log-likelihood plus the prior term", "EST",
        r"for a prior $\mathcal N(0, \Sigma)$, $\theta_{\mathrm{MAP}} = \arg\min_\theta\, -P(\theta\mid D) + "
        r"\tfrac12\theta^\top\Sigma^{-1}\theta$.",
        r"$\arg\min_\theta\, -\log P(D\mid\theta) + \tfrac12\theta^\top\Sigma^{-1}\theta$. Two things are "
        r"missing: the logarithm (without it $\theta$ sits inside an exponential and the problem is not penalized "
        "least squares at all), and the likelihood in place of the posterior (the posterior already contains the "
        "prior, which would then be counted twice and the strength doubled)",
        "{doc}`/derivations/prior-covariance` ({eq}`prior-covariance-penalty-matrix`, {eq}`prior-covariance-twice`, "
        "{eq}`prior-covariance-no-log`)",
    )
    compare(
        d, e34,
        rows(("written", r"-\log P(\theta\mid D) + \tfrac12\theta^\top\Sigma^{-1}\theta \ \Rightarrow\ "
              + eq("P", latex(res_pc["wrong_lam_prior_twice"]) + r"\,\Sigma^{-1}")),
             ("right", r"-\log P(D\mid\theta) + \tfrac12\theta^\top\Sigma^{-1}\theta \ \Rightarrow\ "
              + eq("P", latex(sigma**2) + r"\,\Sigma^{-1}"))),
        check=lambda: sp.simplify(sigma**2 - res_pc["lam_matrix_scale"]) == 0
        and differs(res_pc["wrong_lam_prior_twice"], res_pc["lam_matrix_scale"], {sigma: 1}),
        checked=r"the penalty matrix the prior-covariance page solves is $\sigma^2\Sigma^{-1}$; with the posterior in "
        r"place of the likelihood the same solve gives $2\sigma^2\Sigma^{-1}$, and without the logarithm it finds "
        "no penalized form (both checked on that page).",
    )
    rec.update(e34_wrong=res_pc["wrong_lam_prior_twice"], e34_right=sigma**2, e34_derived=res_pc["lam_matrix_scale"])

    # -- E31 --------------------------------------------------------------------------------------------
    e31 = Pitfall(
        31, "The maximizer equals the minimizer; the optimal values do not", "NOT",
        r"$\max_\theta \log p(\theta\mid y, X) = \min_\theta \lVert y_i - f(x_i, \theta)\rVert^2 + "
        r"\lambda\lVert\theta - \theta_0\rVert^2$, with one observation's residual and no sum.",
        r"$\arg\max = \arg\min$: the two problems share their solution, while their optimal values differ in sign, "
        r"by the factor $1/(2\sigma^2)$ and by a constant. The data term is a sum over observations, "
        r"$\sum_i (y_i - f(x_i, \theta))^2 = \lVert y - f(X, \theta)\rVert^2$",
        "{doc}`/derivations/gaussian-l2` ({eq}`gaussian-l2-result`)",
    )
    J = linearize(rss()) + res_g["lam"] * penalty
    compare(
        d, e31,
        rows(("written", r"\max_\theta \log p(\theta\mid y) = \min_\theta J(\theta)"),
             ("right", eq(r"\log p(\beta\mid y, X)", -res_g["factor"] * sp.Symbol("J") - sp.Symbol("C"))),
             ("", r"\arg\max_\beta \log p(\beta\mid y, X) = \arg\min_\beta J(\beta)")),
        check=lambda: is_identity(-nlp, -res_g["factor"] * J - res_g["constant"]) and res_g["factor"].is_positive is True
        and differs(-nlp, J, {p: 1, n: 1, X[1, 1]: 1, y[1]: 0, beta[1]: 1, sigma: 1, sigma_w: 1, Z: 1}),
        checked=r"minus the Gaussian-prior page's negative log-posterior equals $-J/(2\sigma^2) - C$ with its derived "
        "factor and constant, for general $n$, $p$; the factor is positive; the log-posterior and $J$ are different "
        "numbers (e.g. at $n = p = 1$).",
    )

    # -- E32 --------------------------------------------------------------------------------------------
    e32 = Pitfall(
        32, "L2 regularization gives the posterior mode, not the posterior", "CONC",
        "that with a normal prior, L2 regularization is equivalent to the posterior distribution itself.",
        "the ridge estimate is one point, the posterior *mode* (MAP). The posterior is a distribution: for a "
        r"linear model it is Gaussian, with that mode as its mean and covariance $\sigma^2(X^\top X + \lambda I)^{-1}$; "
        "for a nonlinear model it is not Gaussian and its mean and mode differ (E8)",
        "{doc}`/derivations/gaussian-posterior` ({eq}`gaussian-posterior-mean-iid`, "
        "{eq}`gaussian-posterior-covariance-iid`) and {doc}`/derivations/ridge-solution` ({eq}`ridge-solution-solution`)",
    )
    res_gp = gaussian_posterior.derivation().results
    Sigma = res_gp["matrices"][0]
    theta0m = prior_mean.theta0m
    mean = res_gp["mean_iid"].subs({Sigma: sigma_w**2 * Ip, theta0m: sp.ZeroMatrix(p, 1)}).doit()
    solution = ridge_solution.derivation().results["solution"]
    lam_r = symbol_named(solution, "lambda")
    ridge_at = solution.subs(lam_r, sigma**2 / sigma_w**2)
    (precision,) = [a.arg for a in mean.args if isinstance(a, sp.Inverse)]
    As = sp.MatrixSymbol("A", p, p)

    def mean_is_ridge() -> bool:
        """The posterior precision times the ridge solution is the posterior's right-hand side, X^T y / sigma^2."""
        prec_A = substitute_product(precision, (Xm.T, Xm), As - sigma**2 / sigma_w**2 * Ip)
        return is_zero_matrix(left_multiply(prec_A, solution.subs(lam_r * Ip + Xm.T * Xm, As)) - sigma**-2 * Xm.T * ym)

    cov = res_gp["covariance_ridge"]
    compare(
        d, e32,
        rows(("written", r"\text{ridge} = p(\beta\mid y, X)"),
             ("right", eq(r"\hat\beta_{\text{ridge}}", r"\mathbb E[\beta\mid y, X] = \arg\max_\beta p(\beta\mid y, X)")),
             ("", eq(r"\operatorname{Cov}(\beta\mid y, X)", cov))),
        check=lambda: mean_is_ridge() and cov.has(sigma) and sp.diff(cov, sigma) != sp.ZeroMatrix(p, p),
        checked=r"with $A = X^\top X + \lambda I$, $\lambda = \sigma^2/\sigma_w^2$, the posterior precision of the "
        r"Gaussian-posterior page (prior $\mathcal N(0, \sigma_w^2 I)$) times the ridge solution of the "
        r"ridge-solution page simplifies to $X^\top y/\sigma^2$, so the posterior mean is the ridge estimate; the "
        r"posterior covariance is a nonzero matrix that grows with $\sigma$.",
    )
    rec.update(e32_right=ridge_at, e32_derived=mean)

    # -- E8 ---------------------------------------------------------------------------------------------
    res_r = reparameterization.derivation().results
    phi = res_r["phi"]
    e8 = Pitfall(
        8, "For a nonlinear model the equivalence holds for the optimum only", "CONC",
        "that the penalty–prior equivalence carries over to any parameterized model $f_w$, with no caveat.",
        "the MAP of any model with Gaussian noise minimizes the penalized squared error with the same "
        r"$\lambda = \sigma^2/\sigma_w^2$. But for nonlinear $f$ the posterior is not Gaussian, so its mean and "
        r"mode differ, and the mode depends on the parameterization: $\theta \sim \mathrm{Exp}(1)$ has its mode "
        r"at $\theta = 0$, while $\varphi = \log\theta$ has density $e^{\varphi}e^{-e^{\varphi}}$ (the Jacobian "
        r"$e^{\varphi}$ included) with its mode at $\varphi = 0$, i.e. $\theta = 1$",
        "{doc}`/derivations/nonlinear-and-invariance` ({eq}`nonlinear-map-split`, {eq}`reparameterization-phi-density`, "
        "{eq}`reparameterization-phi-mode`)",
    )
    right8 = sp.exp(phi) * sp.exp(-sp.exp(phi))
    compare(
        d, e8,
        rows(("written", eq(r"p(\varphi)", res_r["wrong_density_without_jacobian"]) + r",\quad \hat\varphi = \log\hat\theta"),
             ("right", eq(r"p(\varphi)", right8) + r",\quad " + eq(r"e^{\hat\varphi}", sp.exp(res_r["phi_mode"]))
              + r" \ne " + latex(res_r["theta_mode"]) + r" = \hat\theta")),
        check=lambda: sp.simplify(right8 - res_r["phi_density"]) == 0
        and differs(res_r["wrong_density_without_jacobian"], res_r["phi_density"], {phi: 1})
        and sp.exp(res_r["phi_mode"]) != res_r["theta_mode"]
        and sp.simplify(res_nl["lam"] - res_g["lam"]) == 0,
        checked=r"the density of $\log\theta$ derived on the reparameterization page equals the right form and not the "
        r"one without the Jacobian; its mode maps back to $\theta = 1$, not to the mode $0$ of $\theta$; the "
        r"nonlinear-model page's $\lambda$ equals the linear one.",
    )
    rec.update(e8_wrong=res_r["wrong_density_without_jacobian"], e8_right=right8, e8_derived=res_r["phi_density"])

    # -- E7 ---------------------------------------------------------------------------------------------
    e7 = Pitfall(
        7, "A penalized estimate keeps its frequentist inference", "CONC",
        "that choosing a penalty gives up frequentist inference altogether.",
        r"overstated. The ridge estimate is linear in $y$, with bias $-\lambda A^{-1}\beta$ and the exact sampling "
        r"covariance $\sigma^2A^{-1}X^\top XA^{-1}$, $A = X^\top X + \lambda I$ (not the posterior covariance "
        r"$\sigma^2A^{-1}$). For the lasso there are the bootstrap, selective (post-selection) inference, the "
        "covariance test and the debiased lasso {cite:p}`hastie2015sls`, and approximate standard errors go "
        "back to {cite:t}`tibshirani1996lasso`",
        "{doc}`/derivations/bayesian-lasso` ({eq}`ridge-sampling-sandwich`, {eq}`ridge-sampling-not-posterior`)",
    )
    res_s = ridge_sampling.derivation().results
    A = Xm.T * Xm + lam * Ip
    right7 = (sigma**2 * As.I * (As - lam * Ip) * As.I)
    compare(
        d, e7,
        rows(("written", r"\text{no sampling distribution of } \hat\beta"),
             ("right", eq(r"\operatorname{Cov}(\hat\beta)", right7) + r"\ne \sigma^2 A^{-1}")),
        check=lambda: is_zero_matrix(right7.subs(As, A).doit() - res_s["sandwich"])
        and not is_zero_matrix(res_s["sandwich"] - res_s["wrong_sampling_cov"]),
        checked=r"with $A = X^\top X + \lambda I$ substituted, the right form multiplies out to the sandwich "
        r"covariance derived on the ridge-sampling page; that sandwich minus $\sigma^2A^{-1}$ does not reduce to "
        "the zero matrix.",
    )
    # recorded: the sandwich and, as the form it must not be confused with, the posterior covariance
    rec.update(e7_wrong=res_s["wrong_sampling_cov"], e7_derived=res_s["sandwich"])

    # -- E3 ---------------------------------------------------------------------------------------------
    e3 = Pitfall(
        3, "Robustness to outliers comes from the likelihood, not the prior", "CONC",
        "that a fat-tailed Laplace *prior* makes the model less prone to outliers.",
        r"outliers are values of $y$, and a prior is a distribution of $\beta$. A Laplace *likelihood* (absolute "
        "residuals, least absolute deviations) bounds the pull of one residual by $1/s$; a Laplace prior only adds "
        r"$\lambda\lVert\beta\rVert_1$, whose part of the optimality condition does not contain $y$, so a response "
        "moves the lasso condition exactly as it moves least squares. What the heavier prior tail buys is less "
        "shrinkage of large coefficients. Also, for an even number of values the minimizers of "
        r"$\sum_i |x_i - s|$ form the whole interval between the two middle values, not only the midpoint",
        "{doc}`/derivations/loss-minimizers` ({eq}`robust-likelihood-psi`, {eq}`robust-likelihood-lasso-sensitivity`, "
        "{eq}`loss-minimizers-example`)",
    )
    res_rl = robust_likelihood.derivation().results
    res_lm = loss_minimizers.derivation().results
    r_ = symbol_named(res_rl["psi_laplace"], "r")
    s_noise = symbol_named(res_rl["psi_laplace"], "s")
    (m_idx,) = [s for s in res_rl["lasso_sensitivity"].free_symbols if s.name == "m"]
    gauss_sensitivity = coordinate_derivative(res_g["gradient"], y, m_idx, n)
    r_pos = sp.Symbol("r", positive=True)
    compare(
        d, e3,
        rows(("written", r"\text{Laplace prior} \Rightarrow \text{bounded influence of an outlying } y_m"),
             ("right", eq(r"|\psi_{\mathrm{Laplace\ lik.}}(r)|", 1 / s_noise)),
             ("", eq(r"\frac{\partial g_k}{\partial y_m}\Big|_{\text{Laplace prior}}", res_rl["lasso_sensitivity"])
              + r" = \frac{\partial g_k}{\partial y_m}\Big|_{\text{Gaussian prior}}"),
             ("median", eq(r"\arg\min_s \sum_{x\in\{1,2,7,10\}}|x - s|", res_lm["median_set_example"])
              + r" \ne " + latex(res_lm["wrong_median_argmin_example"]))),
        check=lambda: all(sp.simplify(sp.Abs(res_rl["psi_laplace"].subs(r_, v)) - 1 / s_noise) == 0 for v in (r_pos, -r_pos))
        and is_identity(gauss_sensitivity, res_rl["lasso_sensitivity"])
        and res_lm["median_set_example"] == sp.Interval(2, 7)
        and res_lm["median_set_example"] != res_lm["wrong_median_argmin_example"],
        checked=r"the pull $\psi$ of the Laplace likelihood derived on the robust-likelihood page has absolute value "
        r"$1/s$ for every $r \ne 0$; the derivative of the Laplace-prior gradient in $y_m$ derived there equals the one "
        "of the Gaussian-prior page's gradient (the prior does not enter); the minimizer set derived on the "
        r"loss-minimizers page is $[2, 7]$, not the midpoint $\{9/2\}$.",
    )

    # -- E36 --------------------------------------------------------------------------------------------
    note(d, Pitfall(
        36, "Textbooks do connect MAP with a Gaussian prior to weight decay", "CONC",
        "that a standard deep-learning textbook does not feature the prior interpretation of L2 regularization.",
        "it does: {cite:t}`goodfellow2016deep`, §5.6.1, shows that MAP inference with a Gaussian prior on the "
        "weights corresponds to weight decay",
        "{doc}`/derivations/nonlinear-and-invariance` ({eq}`nonlinear-map-split`: any parameterized model, the "
        r"same $\lambda$)",
    ), "A bibliographic fact: nothing here is checked by SymPy. The mathematical content, that the MAP of a "
       r"nonlinear model with a Gaussian prior minimizes the squared error plus $\lambda\lVert\beta\rVert^2$, is "
       "derived on the page linked above.")


def _penalties(d: Derivation, rec: dict) -> None:
    section(d, "Penalties, constraints and the lasso update", "Slips in the penalty itself, in the constrained form, "
          "and in the coordinate-descent algorithm.")

    # -- E22 --------------------------------------------------------------------------------------------
    e22 = Pitfall(
        22, "Ridge penalizes the squared L2 norm", "NOT",
        r"that the L2 penalty adds the squared coefficients, described interchangeably as the $\ell_2$ norm.",
        r"the squared norm $\lVert\beta\rVert_2^2 = \sum_j\beta_j^2$. The norm itself, $\lVert\beta\rVert_2$, is a "
        "different penalty (E13), and no Gaussian prior produces it",
        "{doc}`/derivations/gaussian-l2` ({eq}`gaussian-l2-solve`)",
    )
    nlp = gaussian_l2.derivation().results["neg_log_posterior"]
    squared = sp.Sum(beta[j] ** 2, (j, 1, p))

    def not_the_norm() -> bool:
        try:
            models.penalized_form(nlp, rss(), sp.sqrt(squared))
        except models.NotAPenalizedForm:
            return True
        return False

    compare(
        d, e22,
        rows(("written", eq(r"R(\beta)", r"\lVert\beta\rVert_2") + r"\ \text{ or }\ \lVert\beta\rVert_2^2"),
             ("right", eq(r"R(\beta)", squared))),
        check=lambda: models.residual_after_split(nlp, models.penalized_form(nlp, rss(), squared)) == 0 and not_the_norm(),
        checked=r"`penalized_form` matches the Gaussian-prior page's negative log-posterior with $R = \sum_j\beta_j^2$ "
        r"(remainder free of $\beta$) and raises `NotAPenalizedForm` for $R = \lVert\beta\rVert_2$.",
    )

    # -- E13 --------------------------------------------------------------------------------------------
    e13 = Pitfall(
        13, "An unsquared L2 norm is not ridge", "EST",
        r"the ridge constraint written $\sum_i\lVert w_i\rVert_2 < \eta$, with the Lagrangian term "
        r"$\lambda\nabla\sum_i\lVert w_i\rVert_2$ presented as the ridge penalty.",
        r"for scalars $w_i$, $\sum_i\lVert w_i\rVert_2 = \sum_i|w_i|$ is the L1 norm. Read as $\lVert w\rVert_2$, "
        r"the penalty $\lambda\lVert w\rVert_2$ has gradient $\lambda w/\lVert w\rVert_2$ (a unit vector) and a kink "
        r"at 0, and its minimizer is exactly $w = 0$ whenever $\lambda \ge 2\lVert X^\top y\rVert_2$ (for the objective "
        r"with $\tfrac12$ in front of the squared error: whenever $\lVert X^\top y\rVert_2 \le \lambda$), like the "
        r"group lasso. Ridge is $\lVert w\rVert_2^2 \le \eta$, with the gradient term $2\lambda w$",
        "{doc}`/derivations/constraint-penalty` ({eq}`constraint-penalty-unsquared`, "
        "{eq}`constraint-penalty-unsquared-zero`) and {doc}`/derivations/ridge-solution` ({eq}`ridge-solution-gradient`)",
        numbers=True,
    )
    res_cp = constraint_penalty.derivation().results
    ridge_grad = ridge_solution.derivation().results["gradient"]
    lam_r = symbol_named(ridge_grad, "lambda")
    derived13 = linearize(ridge_grad - coordinate_derivative(rss(), beta, k, p), expand=True)
    wrong13 = lam_r * res_cp["wrong_unsquared_l2_gradient"]
    right13 = 2 * lam_r * beta[k]
    pt13 = {p: 1, k: 1, beta[1]: 3, lam_r: 1}
    compare(
        d, e13,
        rows(("written", eq(r"\lambda\frac{\partial\lVert\beta\rVert_2}{\partial\beta_k}", wrong13)),
             ("right", eq(r"\lambda\frac{\partial\lVert\beta\rVert_2^2}{\partial\beta_k}", right13)),
             ("and", eq(r"\sum_j \sqrt{\beta_j^2}", models.laplace_prior.penalty()))),
        check=lambda: is_identity(right13, derived13)
        and differs(wrong13, derived13, pt13)
        and sp.Sum(sp.sqrt(beta[j] ** 2), (j, 1, p)) == models.laplace_prior.penalty(),
        checked=r"the ridge-solution page's gradient minus the gradient of the squared error is $2\lambda\beta_k$, for "
        r"general $n$, $p$, and differs from $\lambda$ times the unsquared-norm gradient of the constraint page (at "
        fr"$p = 1$, $\beta_1 = 3$, $\lambda = 1$: {against(wrong13, derived13, pt13)}); for real $\beta_j$ SymPy "
        r"reduces $\sum_j\sqrt{\beta_j^2}$ to the Laplace page's penalty $\sum_j|\beta_j|$.",
    )
    rec.update(e13_wrong=wrong13, e13_right=right13, e13_derived=derived13)

    # -- E12 --------------------------------------------------------------------------------------------
    e12 = Pitfall(
        12, "A constraint is ≤ η, with a nonnegative multiplier and a subdifferential", "CONC",
        r"the lasso as $\min L(w)$ subject to $\sum_i|w_i| < \eta$, solved with the stationarity condition "
        r"$\nabla f + \lambda\nabla g = 0$.",
        r"the constraint set must be closed, $\lVert w\rVert_1 \le \eta$: when the budget binds the solution lies on "
        "the boundary, which a strict inequality excludes. The Karush–Kuhn–Tucker conditions then need a multiplier "
        r"$\mu \ge 0$, complementary slackness $\mu(\lVert w\rVert_1 - \eta) = 0$, and the subdifferential of "
        r"$|w_i|$ at $w_i = 0$ in place of a gradient (E16). The map $\eta \leftrightarrow \lambda$ is monotone but "
        "depends on the data",
        "{doc}`/derivations/constraint-penalty` ({eq}`constraint-penalty-closed`, {eq}`constraint-penalty-kkt`, "
        "{eq}`constraint-penalty-multiplier`)",
    )
    tt = sp.Symbol("t", real=True)
    open_set = sp.solveset((tt - 2) ** 2 <= 1, tt, sp.Interval.open(-sp.oo, 1))
    closed_set = sp.solveset((tt - 2) ** 2 <= 1, tt, sp.Interval(-sp.oo, 1))
    # one observation y = 2 on one column x = 1: the L1-constrained least-squares solution for a budget
    # eta in (0, 2) is t = eta (on the boundary); the multiplier of the constraint page, then the lasso
    # update of the coordinate-descent page at lambda = mu, must return the same point
    v_ = sp.Symbol("v", positive=True)
    eta_v = 2 / (1 + v_)
    eta_sym, deg = res_cp["eta_symbol"], res_cp["degree_symbol"]
    one_d = {n: 1, p: 1}
    mu = res_cp["multiplier"].subs(one_d).doit().subs({X[1, 1]: 1, y[1]: 2, beta[1]: eta_sym, deg: 1}).subs(eta_sym, eta_v)
    res_l = lasso_coordinate.derivation().results
    a_, lam_c, q_ = res_l["soft_threshold_symbols"]
    penalized = res_l["update"].subs({a_: 2, q_: 1, lam_c: sp.simplify(mu)})
    compare(
        d, e12,
        rows(("written", r"\min_t (t - 2)^2 \text{ s.t. } t < 1:\ \text{the infimum 1 is not attained}"),
             ("right", r"\min_t (t - 2)^2 \text{ s.t. } t \le 1:\ t = 1"),
             ("", eq(r"\mu(\eta)", sp.simplify(mu)) + r" \ge 0,\quad " + eq(r"S_{\mu/2}(2)", sp.simplify(penalized))
              + r" = \eta")),
        check=lambda: open_set == sp.S.EmptySet and closed_set == sp.FiniteSet(1)
        and sp.simplify(mu).is_positive is True and sp.simplify(penalized - eta_v) == 0,
        checked=r"`solveset` finds no $t < 1$ with $(t - 2)^2 \le 1$ but the point $t = 1$ when $t \le 1$ is allowed; for "
        r"$y = 2$, $x = 1$ and a budget $\eta = 2/(1 + v) \in (0, 2)$ the multiplier formula of the constraint page at "
        r"the boundary point $t = \eta$ is positive, and the coordinate-descent update at $\lambda = \mu$ returns "
        r"$\eta$: the penalized and the constrained problems have the same solution.",
    )
    rec.update(e12_right=eta_v, e12_derived=penalized)

    # -- E16 --------------------------------------------------------------------------------------------
    e16 = Pitfall(
        16, "At a zero coefficient the condition is set membership: 0 ∈ [g − λ, g + λ]", "NOT",
        r"the optimality condition at $\beta_i = 0$ written as an equation between a number and an interval, "
        r"$0 = [g - \lambda, g + \lambda]$.",
        r"the subdifferential is a set, and the condition is that it contains 0: $0 \in [g - \lambda, g + \lambda]$, "
        r"i.e. $|g| \le \lambda$. Read literally, the equation asks an interval of length $2\lambda$ to be the "
        "single point 0, which never happens",
        "{doc}`/derivations/lasso-coordinate` ({eq}`lasso-coordinate-kkt`)",
    )
    res_l = lasso_coordinate.derivation().results
    gk = res_l["tolerance_symbols"][3]
    lam_p = sp.Symbol("lambda", positive=True)
    lam_c = res_l["soft_threshold_symbols"][1]
    derived16 = sp.solveset(res_l["kkt_zero"].subs(lam_c, lam_p) <= 0, gk, sp.S.Reals)
    g_ = sp.Symbol("g", real=True)
    membership = sp.solve(list(sp.And.make_args(sp.Interval(g_ - lam_p, g_ + lam_p).as_relational(0))), g_)
    equation = sp.solve([g_ - lam_p, g_ + lam_p], g_)
    canon = lambda rel: {c.canonical for c in sp.And.make_args(rel)}  # noqa: E731
    compare(
        d, e16,
        rows(("written", r"\{g : [g - \lambda, g + \lambda] = \{0\}\} = \varnothing"),
             ("right", r"\{g : 0 \in [g - \lambda, g + \lambda]\} = " + latex(derived16))),
        check=lambda: equation == [] and derived16 == sp.Interval(-lam_p, lam_p)
        and canon(membership) == canon(derived16.as_relational(g_.subs(g_, gk)).subs(gk, g_)),
        checked="`sympy.solve` finds no $g$ for which both ends of the interval are 0, while membership of 0 reduces to "
        r"$-\lambda \le g \le \lambda$, the set on which the zero-coefficient condition $|g_k| - \lambda \le 0$ of the "
        "coordinate-descent page holds (`solveset`).",
    )

    # -- E15 --------------------------------------------------------------------------------------------
    e15 = Pitfall(
        15, "Shapes in the coordinate gradient: ℝⁿ, ℝᵖ and a scalar", "NOT",
        r"the shape $(p,)$ under the residual $X\beta - y$, and the product of shapes $(p\times n)(n\times p)"
        r"\times(p,) = (n,)$ for the gradient.",
        r"$X\beta - y \in \mathbb R^n$ (one entry per observation), the gradient $X^\top(X\beta - y) \in "
        r"\mathbb R^p$, and the coordinate gradient $x_i^\top(X\beta - y)$ of one column is a scalar",
        "{doc}`/derivations/ridge-solution` ({eq}`ridge-solution-objective`)",
    )
    beta_m = sp.MatrixSymbol("beta", p, 1)
    residual = Xm * beta_m - ym
    compare(
        d, e15,
        rows(("written", r"X\beta - y \in \mathbb R^{p}"),
             ("right", r"X\beta - y \in \mathbb R^{n},\quad X^\top(X\beta - y) \in \mathbb R^{p},\quad "
              r"x_i^\top(X\beta - y) \in \mathbb R")),
        check=lambda: residual.shape == (n, 1) and residual.shape != (p, 1)
        and (Xm.T * residual).shape == (p, 1) and (Xm[:, 0].T * residual).shape == (1, 1),
        checked=r"the shapes SymPy assigns to the products of matrix symbols of symbolic size $n \times p$.",
    )

    # -- E14 --------------------------------------------------------------------------------------------
    res_o = orthonormal_design.derivation().results
    zs, lam_o, a_o, q_o = res_o["symbols"]
    e14 = Pitfall(
        14, "The lasso has closed forms where it separates; the kink is not the obstacle", "CONC",
        "that the lasso has no closed form because its penalty is not differentiable, except when $X$ is "
        "orthonormal *and* there is one parameter.",
        "soft-thresholding *is* a closed form of a non-differentiable problem. What has no formula in general is "
        r"the active set and its signs; on each piece the solution is affine in $y$ and $\lambda$. A closed form "
        r"exists when $X^\top X = I$ (any $p$): $\hat\beta_j = S_{\lambda/2}(x_j^\top y)$; *or* when $p = 1$: "
        r"$\hat\beta = S_{\lambda/2}(x^\top y)/x^\top x$. The threshold is $\lambda/2$ for $J$ as written here; "
        r"$S_\lambda$ belongs to the objective with $\tfrac12$ in front of the squared error",
        "{doc}`/derivations/orthonormal-design` ({eq}`orthonormal-design-lasso`, {eq}`orthonormal-design-threshold`, "
        "{eq}`orthonormal-design-one-column-lasso`, {eq}`orthonormal-design-active-set`)",
    )
    right14 = compact_soft_threshold(zs, lam_o / 2)
    right14_p1 = compact_soft_threshold(a_o, lam_o / 2) / q_o
    pt14 = {zs: 3, lam_o: 4}
    compare(
        d, e14,
        rows(("written", eq(r"\hat\beta_j", r"S_\lambda(x_j^\top y)") + r"\ \text{ for } \lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert_1"),
             ("right", eq(r"\hat\beta_j", right14) + r"\quad (X^\top X = I)"),
             ("", eq(r"\hat\beta", right14_p1) + r"\quad (p = 1)")),
        check=lambda: agree_as_soft_thresholds(right14, res_o["lasso"], zs, lam_o)
        and agree_as_soft_thresholds(right14_p1, res_o["one_column_lasso"], a_o, lam_o)
        and soft_threshold_minimizes(res_o["one_column_lasso"], a_o, q_o, lam_o)
        and differs(res_o["wrong_threshold"], res_o["lasso"], pt14),
        checked="the one-line forms equal the closed forms derived on the orthonormal-design page above, below and "
        r"inside the threshold; the one-column form minimizes $qt^2 - 2at + \lambda|t|$ for every $q > 0$ (the "
        fr"optimality conditions, checked independently); $S_\lambda$ differs from the derived form (at $z = 3$, "
        fr"$\lambda = 4$: {against(res_o['wrong_threshold'], res_o['lasso'], pt14)}).",
    )
    rec.update(e14_wrong=res_o["wrong_threshold"], e14_right=right14, e14_derived=res_o["lasso"])

    # -- E17 --------------------------------------------------------------------------------------------
    e17 = Pitfall(
        17, "The soft-threshold update needs the division", "EST",
        r"the coordinate-descent update derived case by case with a division by $x_i^\top x_i$, and then summarized "
        r"as the one-line soft-threshold $\operatorname{sign}(a_i)\max(|a_i| - \lambda, 0)$ without it.",
        r"the update is the soft-threshold *divided by* $\lVert x_i\rVert^2$; in the convention here "
        r"$\beta_i \leftarrow S_{\lambda/2}(a_i)/\lVert x_i\rVert^2$ ($S_\lambda(a_i)/\lVert x_i\rVert^2$ with "
        r"the $\tfrac12$). The two agree only for columns of unit norm. Implemented without the division on "
        "unscaled columns, coordinate descent overshoots every coordinate and diverges (demonstrated below and "
        "in the tests)",
        "{doc}`/derivations/lasso-coordinate` ({eq}`lasso-coordinate-update`)",
        numbers=True,
    )
    a, lam_s, q = res_l["soft_threshold_symbols"]
    right17 = compact_soft_threshold(a, lam_s / 2) / q
    wrong17 = compact_soft_threshold(a, lam_s / 2)
    update = res_l["update"]
    u = sp.Symbol("u", positive=True)
    gap = sp.simplify((wrong17 - update).subs(a, lam_s / 2 + u))
    compare(
        d, e17,
        rows(("written", eq(r"\beta_i", wrong17)), ("right", eq(r"\beta_i", right17))),
        check=lambda: agree_as_soft_thresholds(right17, update, a, lam_s)
        and sp.solve(gap, q) == [1] and differs(wrong17, update, {a: 3, lam_s: 2, q: 4}),
        checked="the right one-line form equals the update derived on the coordinate-descent page in all three "
        "regions of the threshold; above it the written form minus the derived one is $u(1 - 1/q)$ at "
        r"$a = \lambda/2 + u$, zero only for $q = \lVert x_i\rVert^2 = 1$.",
    )
    rec.update(e17_wrong=wrong17, e17_right=right17, e17_derived=update)

    # -- E10 --------------------------------------------------------------------------------------------
    e10 = Pitfall(
        10, "The penalty charges for coefficients that grow", "NOT",
        "that the regularization term charges for coefficients that do *not* increase.",
        r"for the coefficient values increasing: both penalties grow with $|\beta_j|$",
        "{doc}`/derivations/gaussian-l2` and {doc}`/derivations/laplace-l1` (the penalties $R$ matched there)",
    )
    tpos = sp.Symbol("t", positive=True)
    lam_pos = sp.Symbol("lambda", positive=True)
    slopes = [sp.diff(lam_pos * prior.penalty_term(tpos), tpos) for prior in (models.gaussian_prior, models.laplace_prior)]
    compare(
        d, e10,
        rows(("right", eq(r"\frac{d}{dt}\lambda t^2", slopes[0]) + r" > 0,\quad " + eq(r"\frac{d}{dt}\lambda |t|", slopes[1])
              + r" > 0\quad (t > 0)")),
        check=lambda: all(s.is_positive is True for s in slopes),
        checked=r"SymPy proves both derivatives positive for $t > 0$, $\lambda > 0$, from the per-coefficient penalty "
        "terms of the Gaussian and the Laplace prior.",
    )


def _code(d: Derivation, rec: dict) -> None:
    section(d, "Library conventions and code", "Slips in worked examples: a library's parameter read in the wrong "
          "convention, a snippet that does not do what it says, numbers that cannot be reproduced.")

    # -- E9 ---------------------------------------------------------------------------------------------
    e9 = Pitfall(
        9, "scikit-learn's Ridge has no 1/n, and it leaves the intercept unpenalized", "EST",
        r"the objective $\frac1n\sum_i\bigl(y_i - \sum_{p=0}^{15}\beta_p x_i^p\bigr)^2 + \lambda\sum_{p=0}^{15}"
        r"\lVert\beta_p\rVert^2$ for a polynomial fit, which is then computed with scikit-learn's `Ridge`.",
        r"`Ridge(alpha)` minimizes $\lVert y - Xw\rVert^2 + \alpha\lVert w\rVert^2$, with no $\tfrac1n$, and fits "
        r"an unpenalized intercept separately: the written $\lambda$ is `alpha`$/n$, and $\beta_0$ is not penalized. "
        "The constant column is centred to zero, which is why the fit reports 0 for its coefficient. And "
        r"$\lVert\beta_p\rVert^2$ of a scalar is $\beta_p^2$",
        "{doc}`/derivations/weights-intercept` ({eq}`weights-intercept-per-sample`, "
        "{eq}`weights-intercept-constant-column`) and {doc}`/derivations/conventions` "
        "({eq}`conventions-sklearn-ridge-solve`)",
    )
    res_w = weights_intercept.derivation().results
    lam_n = res_w["wrong_lam_per_sample"]
    (alpha_r,) = cv.library("sklearn.Ridge").symbols
    (alpha_of_lam_n,) = sp.solve(sp.Eq(cv.derive("sklearn.Ridge").strengths[cv.lam2], res_w["lam_per_sample"]), alpha_r)
    compare(
        d, e9,
        rows(("written", eq(r"\texttt{alpha}", lam_n)), ("right", eq(r"\texttt{alpha}", latex(n) + latex(lam_n)))),
        check=lambda: sp.simplify(n * lam_n - alpha_of_lam_n) == 0 and differs(lam_n, alpha_of_lam_n, {n: 30, lam_n: 1}),
        checked=r"the canonical strength of the mean-squared-error objective, $n\lambda_n$ (weights-and-intercept page), "
        "set equal to the strength scikit-learn's Ridge implies (conventions page) and solved for `alpha`.",
    )
    rec.update(e9_wrong=lam_n, e9_right=n * lam_n, e9_derived=alpha_of_lam_n)

    # -- E18 --------------------------------------------------------------------------------------------
    e18 = Pitfall(
        18, "scikit-learn's Lasso alpha is λ/n for ½‖y − Xβ‖² + λ‖β‖₁, without intercept", "EST",
        r"a from-scratch coordinate-descent solution of $\tfrac12\lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert_1$ "
        "compared with scikit-learn's `Lasso(alpha=λ)`, and the visible difference accepted as close enough.",
        "with a full-rank design the objective is strictly convex, so two correct solvers must agree to their "
        "tolerance; a visible gap means two different problems. `Lasso(alpha)` minimizes "
        r"$\frac{1}{2n}\lVert y - X\beta\rVert^2 + \alpha\lVert\beta\rVert_1$ and fits an intercept by default, so the "
        "same problem is `Lasso(alpha=λ/n, fit_intercept=False)`",
        "{doc}`/derivations/conventions` ({eq}`conventions-sklearn-lasso-solve`)",
        numbers=True,
    )
    lam_h = sp.Symbol("lambda", positive=True)
    S, A = sp.symbols("S A")
    c_h, lam1 = sp.symbols("c lambda_1", positive=True)
    (half,) = sp.solve(sp.Poly(c_h * (S / 2 + lam_h * A) - (S + lam1 * A), S, A).coeffs(), [c_h, lam1], dict=True)
    (alpha_l1,) = cv.library("sklearn.Lasso").symbols
    (alpha_of_half,) = sp.solve(sp.Eq(cv.derive("sklearn.Lasso").strengths[cv.lam1], half[lam1]), alpha_l1)
    compare(
        d, e18,
        rows(("written", eq(r"\texttt{alpha}", lam_h)), ("right", eq(r"\texttt{alpha}", lam_h / n)
                                                             + r",\quad \texttt{fit\_intercept=False}")),
        check=lambda: sp.simplify(lam_h / n - alpha_of_half) == 0 and differs(lam_h, alpha_of_half, {n: 100, lam_h: 1}),
        checked=r"matching $c(\tfrac12 S + \lambda A)$ to $S + \lambda_1 A$ gives $\lambda_1 = 2\lambda$; setting it equal "
        r"to the strength scikit-learn's Lasso implies (conventions page) and solving for `alpha` gives $\lambda/n$.",
    )
    rec.update(e18_wrong=lam_h, e18_right=lam_h / n, e18_derived=alpha_of_half)

    # -- E23 --------------------------------------------------------------------------------------------
    e23 = Pitfall(
        23, "A ridge snippet: one scalar of noise, an unused λ, a hidden intercept", "EST",
        r"a short NumPy example that simulates $y = X\beta$ plus `np.random.normal(k)`, computes "
        "`inv(X.T @ X + np.eye(p)) @ X.T @ y` next to a variable `lam` it never uses, and compares the result with "
        "scikit-learn's `Ridge(alpha=1.0)`, accepting the difference as close enough.",
        "(a) `np.random.normal(k)` is `normal(loc=k)`: *one* number with mean $k$, added to every row — an "
        "intercept, not noise; per-observation noise is `rng.normal(0, sigma, size=n)`. (b) The closed form needs "
        r"$\lambda I$: without it the code computes ridge at $\lambda = 1$ whatever `lam` says. (c) `Ridge` fits an "
        "intercept by default, the closed form does not; with `fit_intercept=False` the two agree to rounding. "
        "(d) Solve the normal equations (`np.linalg.solve`) rather than forming the inverse",
        "{doc}`/derivations/ridge-solution` ({eq}`ridge-solution-solution`)",
        numbers=True,
    )
    solution = ridge_solution.derivation().results["solution"]
    lam_r = symbol_named(solution, "lambda")
    snippet = (Xm.T * Xm + Ip).I * Xm.T * ym
    normal_eq = lambda beta_: left_multiply(Xm.T * Xm + lam_r * Ip, beta_) - Xm.T * ym  # noqa: E731
    compare(
        d, e23,
        rows(("written", eq(r"\hat\beta", snippet) + r"\ \text{ for every } \lambda"),
             ("right", r"(X^\top X + \lambda I)\hat\beta = X^\top y")),
        check=lambda: is_zero_matrix(normal_eq(solution))
        and is_zero_matrix(solution.subs(lam_r, 1) - snippet)
        and not is_zero_matrix(normal_eq(snippet)),
        checked=r"the ridge-solution page's solution satisfies the normal equations with $\lambda$ and reduces to the "
        r"snippet's formula at $\lambda = 1$; the snippet's formula leaves the residual $(\lambda - 1)"
        r"(X^\top X + I)^{-1}X^\top y$ in them, which is not the zero vector.",
    )
    rec.update(e23_wrong=snippet, e23_derived=solution)

    # -- E11 --------------------------------------------------------------------------------------------
    note(d, Pitfall(
        11, "Coefficients of a degree-15 monomial fit measure ill-conditioning", "EST",
        "printed coefficient vectors of degree-15 polynomial fits (unregularized entries near $10^{10}$, ridge "
        "entries all small), with neither the random seed of the data nor the regularization strength given.",
        "such numbers cannot be reproduced, and they mostly describe the basis: the monomial design "
        r"$x, x^2, \dots, x^{15}$ on $[0, 1]$ is nearly collinear (condition number about $8\cdot 10^{11}$ for the 30 "
        "points of scikit-learn's under- and overfitting example), so tiny changes in $y$ move the least-squares "
        r"coefficients enormously while the fitted curve barely moves. Report the seed and $\alpha$, and compare "
        "fitted curves, or fit in an orthogonal basis (Legendre polynomials span the same functions)",
        "{doc}`/introduction` ({numref}`fig-polynomial`)",
        numbers=True,
    ), "Numbers, not symbols, so SymPy checks nothing here: `tests/test_pitfalls.py` checks that the monomial "
       "design is this ill-conditioned for any 30 points in $[0, 1]$, and that the Legendre basis gives the same "
       "least-squares curve with a condition number smaller by orders of magnitude.")


def _notation(d: Derivation, rec: dict) -> None:
    section(d, "Notation", "Slips that do not change any result but make a derivation hard to follow or easy to "
          "misread.")

    # -- E2 ---------------------------------------------------------------------------------------------
    e2 = Pitfall(
        2, "The Gaussian log-prior is quadratic: λβ², not λβ", "NOT",
        r"a log-prior term $-\lambda\beta$ (a missing square, since corrected in the text it appeared in).",
        r"$-\frac{\lambda}{2}\beta^2$ for a prior of precision $\lambda$; a linear term $e^{-\lambda\beta}$ is not "
        "even a density on the real line (its integral diverges)",
        "{doc}`/derivations/gaussian-l2` ({eq}`gaussian-l2-nlprior`)",
    )
    bs = sp.Symbol("beta", real=True)
    prec = sp.Symbol("lambda", positive=True)
    log_prior = sp.log(models.gaussian_prior.density_value(bs)).subs(sigma_w, 1 / sp.sqrt(prec))
    slope = sp.diff(log_prior, bs)
    linear_total = sp.integrate(sp.exp(-prec * bs), (bs, -sp.oo, sp.oo))
    compare(
        d, e2,
        rows(("written", eq(r"\frac{d}{d\beta}\log p(\beta)", sp.diff(-prec * bs, bs)) + r",\quad "
              + eq(r"\int e^{-\lambda\beta}d\beta", linear_total)),
             ("right", eq(r"\frac{d}{d\beta}\log p(\beta)", -prec * bs))),
        check=lambda: sp.simplify(slope + prec * bs) == 0 and linear_total == sp.oo
        and differs(sp.diff(-prec * bs, bs), slope, {bs: 2, prec: 1}),
        checked=r"the derivative of the log of the model's Gaussian density with $\sigma_w^2 = 1/\lambda$ is "
        r"$-\lambda\beta$, not the constant $-\lambda$; `sympy.integrate` of $e^{-\lambda\beta}$ over the real line "
        r"is $\infty$.",
    )
    rec.update(e2_wrong=sp.diff(-prec * bs, bs), e2_right=-prec * bs, e2_derived=slope)

    # -- E25 --------------------------------------------------------------------------------------------
    e25 = Pitfall(
        25, "exp, absolute values, and what the likelihood is a density of", "NOT",
        r"$\exp^{\dots}$, the norm $\lVert w_i\rVert_1$ of a single coefficient, and the likelihood written "
        r"$P(\varepsilon\mid\beta)$.",
        r"$\exp(\dots)$ or $e^{\dots}$; $|w_i|$; and $p(y\mid X, \beta)$: the likelihood is the density of the data "
        r"as a function of $\beta$. It has the same value as the noise density at $\varepsilon = y - X\beta$ "
        "(the shift has Jacobian 1), which is why the slip does no numerical harm",
        "{doc}`/derivations/gaussian-l2` ({eq}`gaussian-l2-likelihood`)",
    )
    mu, yi = sp.Symbol("mu", real=True), sp.Symbol("y_i", real=True)
    w_ = sp.Symbol("w", real=True)
    noise = sps.density(sps.Normal("epsilon", 0, sigma))(yi - mu)
    compare(
        d, e25,
        rows(("right", eq(r"p(y_i\mid\mu_i)", r"p_\varepsilon(y_i - \mu_i)") + r",\quad "
              + eq(r"\lVert w_i\rVert_1", sp.sqrt(w_**2)))),
        check=lambda: sp.simplify(evaluated(models.gaussian_likelihood.density(yi, mu)) - noise) == 0
        and sp.sqrt(w_**2) == sp.Abs(w_),
        checked="the model's likelihood density of one observation equals the `sympy.stats` density of "
        r"$\mathcal N(0, \sigma^2)$ noise at $y_i - \mu_i$; for real $w$, SymPy reduces $\sqrt{w^2}$ to $|w|$.",
    )

    # -- E33 --------------------------------------------------------------------------------------------
    note(d, Pitfall(
        33, "Bayes' rule with the parameter as the unknown", "NOT",
        r"Bayes' rule as $P(y\mid X) = P(y)P(X\mid y)/P(X)$, with $y$ standing for the unknown and $X$ for the data, "
        "while elsewhere in the same text $y$ are the labels and $X$ the features.",
        r"keep one meaning per letter: $p(\theta\mid y, X) \propto p(y\mid X, \theta)\,p(\theta)$, with $\theta$ the "
        "parameter, $y$ the responses and $X$ the design",
        "{doc}`/derivations/gaussian-l2` ({eq}`gaussian-l2-bayes`)",
    ), "Notation only; nothing is checked.")

    # -- E37 --------------------------------------------------------------------------------------------
    e37 = Pitfall(
        37, "n counts observations; the dimension of θ needs its own letter", "NOT",
        r"the prior normalizer $(2\pi)^{n/2}|\Sigma|^{1/2}$ with $n$ the dimension of $\theta$, in a text where $n$ is "
        "also the sample size.",
        "use $p$ (or $d$) for the number of coefficients. The negative log-posterior contains both counts, "
        r"$\frac n2\log 2\pi$ from the likelihood and $\frac p2\log 2\pi$ from the prior; one letter for both "
        "would merge them",
        "{doc}`/derivations/prior-covariance` ({eq}`prior-covariance-nlprior`)",
    )
    nlp_pc = prior_covariance.derivation().results["neg_log_posterior"]
    # the normalizers: the terms with neither a coefficient nor a sum over the data
    const_pc = sp.Add(*(t for t in sp.Add.make_args(sp.expand(sp.expand_log(nlp_pc, force=True)))
                        if not t.has(beta) and not t.has(sp.Sum)))
    per_observation, per_coefficient = sp.log(2 * sp.pi * sigma**2) / 2, sp.log(2 * sp.pi) / 2
    compare(
        d, e37,
        rows(("written", r"(2\pi)^{n/2}|\Sigma|^{1/2},\ n = \dim\theta"),
             ("right", eq(r"\frac{\partial C}{\partial n}", per_observation)),
             ("", eq(r"\frac{\partial C}{\partial p}", per_coefficient))),
        check=lambda: is_identity(sp.diff(const_pc, n), per_observation)
        and is_identity(sp.diff(const_pc, p), per_coefficient),
        checked="the normalizing constants $C$ of the prior-covariance page's negative log-posterior depend on both "
        r"counts: the derivative in $n$ is $\frac12\log(2\pi\sigma^2)$ and in $p$ it is $\frac12\log 2\pi$.",
    )


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the pitfalls page: one checked entry per erratum E1 … E37."""
    d = Derivation(SLUG, "Common pitfalls")
    rec: dict[str, sp.Basic] = {}
    _intro(d)
    after_intro = len(d.steps)
    for part in (_constants, _bayes, _penalties, _code, _notation):
        part(d, rec)
    d.steps.insert(after_intro, Step(_index(d)))
    expected = {f"e{k}_{form}" for k, forms in EVALUATED.items() for form in (*forms, "derived")}
    if set(rec) != expected:
        raise ValueError(f"recorded results {sorted(set(rec) ^ expected)} do not match EVALUATED")
    d.record(**rec)
    return d


def targets(d: Derivation) -> list[str]:
    """The entry targets (``pitfall-e<k>``) in the order the page shows them."""
    return [m for step in d.steps for m in re.findall(r"^\((pitfall-e\d+)\)=$", step.text, flags=re.MULTILINE)]


__all__ = ["EVALUATED", "Pitfall", "SEVERITY", "agree_as_soft_thresholds", "derivation", "differs", "prior_constant",
           "targets"]
