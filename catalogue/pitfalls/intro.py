"""The opening of the pitfalls page (what most entries have in common, checked) and its index by severity."""

from __future__ import annotations

import re

import sympy as sp

from derivations import gaussian_l2, laplace_l1
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.symbols import b, n, sigma

from .display import eq, rows
from .entries import catalogue


def add(d: Derivation) -> None:
    """The opening steps: the normalizations of λ and two slips of that kind, checked; how an entry reads."""
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
    d.say(
        "## One fact behind most of them\n\n"
        "> **A regularization strength only means something together with the normalization of the loss it "
        "multiplies, and with the noise level.**"
    )
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
                   ("Laplace", r"\frac{2\sigma^2}{b}\Big|_{b = 1/\lambda} = \lambda \iff \sigma = "
                    + latex(absorbed[0]))),
        label="kernel",
        check=lambda: sp.simplify(variance - sigma**2 / 2) == 0 and absorbed == [1 / sp.sqrt(2)],
        checked=r"`sympy.integrate` of the normalized kernel's second moment gives $\sigma^2/2$; `sympy.solve` of "
        r"$2\sigma^2\lambda = \lambda$ (the strength of {doc}`/derivations/laplace-l1` at $b = 1/\lambda$) has the "
        r"single solution $\sigma = 1/\sqrt2$.",
    )
    d.say(
        "Widely read references are not immune: a popular answer on a statistics forum writes the Gaussian "
        r"kernel as $e^{-(y-\mu)^2/\sigma^2}$, a standard textbook writes "
        r"$\lVert Xw - y\rVert^2 + \lambda\lVert w\rVert_1$ for a Laplace prior of scale $1/\lambda$ (the two slips "
        "just checked), and a widely used library's documentation has stated two different mappings between its "
        r"ridge strength and the inverse strength `C` of its classifiers in different releases ($C^{-1}$ in one, "
        r"$1/(2C)$ in a later one). Each is easy to get right once the convention is written down."
    )


def opening() -> str:
    """The sentence under the opening table."""
    return (
        "Below, the entries are grouped by topic. Open one to read the slip in full (stated generically: the "
        "point is the slip, not who made it), the right form, where it is derived and, in a green note, what "
        "SymPy verified when this page was generated: the written form differs from the expression the "
        "derivation produced, and the right form equals it. Entries about code or numbers are also "
        "demonstrated {ref}`at the end of the page <pitfalls-numbers>`."
    )


def index(d: Derivation) -> str:
    """The opening table: one line per entry, in page order, with the slip, what is right (linked to the entry's
    details) and the equation that proves it (the first one the entry cites, or its page)."""
    shown = [int(m[1]) for step in d.steps for m in re.finditer(r"^\(pitfall-e(\d+)\)=$", step.text, flags=re.M)]
    lines = ["| The slip | What is right | Proof |", "|---|---|---|"]
    for k in shown:
        entry = catalogue().entries[k]
        proof = re.search(r"\{eq\}`[^`]+`", entry.derived) or re.search(r"\{doc\}`[^`]+`", entry.derived)
        if proof is None:
            raise ValueError(f"pitfalls.toml E{k}: `derived` cites no equation or page")
        cells = (entry.slip, f"{{ref}}`{entry.title} <{entry.target}>`", proof[0])
        if any("|" in cell for cell in cells):
            raise ValueError(rf"pitfalls.toml E{k}: a table cell may not contain '|' (write \lvert, \rvert)")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
