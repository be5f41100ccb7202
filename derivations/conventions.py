"""Library conventions: each library's objective, the factor and λ that make it the canonical J, the prior.

Besides the derivation fragment, this module renders two tables for the conventions page and
the generated code (a Python module of the library and the site's JavaScript file), all from
:func:`regprior.symbolic.conventions.derive`.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic import codegen, models
from regprior.symbolic import conventions as cv
from regprior.symbolic.derivation import Derivation
from regprior.symbolic.sums import coordinate_derivative, is_identity
from regprior.symbolic.symbols import beta, k, p, sigma

SLUG = "conventions"
#: generated code, relative to the repository root
PYTHON_MODULE = "src/regprior/conventions/_formulas.py"
JAVASCRIPT_FILE = "docs/_static/conventions.js"
#: each rate written through its scale (the inverse of the terms' definitions), for display
RATES_AS_SCALES = {term.rate: sp.solve(sp.Eq(term.scale, term.scale_in_rate), term.rate)[0] for term in cv.TERMS}


def tex(expr: sp.Basic, lib: cv.Library | None = None) -> str:
    """LaTeX with the library's parameter names and a visible thin space between factors."""
    names = {**cv.TEX_NAMES, **(lib.tex_names if lib else {})}
    return sp.latex(expr, symbol_names=names, mul_symbol=r" \, ")


def objective_terms(lib: cv.Library, expr: sp.Expr | None = None) -> list[str]:
    """LaTeX of the data, L1 and L2 terms of ``expr`` (default: the objective), each coefficient factored."""
    expanded = sp.expand(lib.objective if expr is None else expr)
    terms = []
    for placeholder in (lib.data_term, cv.L1, cv.L2SQ):
        coefficient = sp.factor_terms(expanded.coeff(placeholder))
        if coefficient == 0:
            continue
        shown = "" if coefficient == 1 else tex(coefficient, lib)
        if isinstance(coefficient, sp.Add):
            shown = rf"\left({shown}\right)"
        terms.append(fr"{shown} \, {tex(placeholder)}" if shown else tex(placeholder))
    return terms


def objective_tex(lib: cv.Library, expr: sp.Expr | None = None) -> str:
    """``expr`` (default: the objective) as data term + L1 term + L2 term."""
    return " + ".join(objective_terms(lib, expr))


def _lines(parts: list[str]) -> str:
    """Several formulas stacked, left-aligned (a single one stays on its line)."""
    if len(parts) == 1:
        return parts[0]
    return r"\begin{aligned}" + r" \\ ".join(f"&{part}" for part in parts) + r"\end{aligned}"


def in_scales(expr: sp.Expr, lib: cv.Library) -> str:
    """A formula in the rate/precision, shown in the prior scales (the shorter of the raw and simplified forms)."""
    shown = expr.subs(RATES_AS_SCALES)
    return min((tex(shown, lib), tex(sp.simplify(shown), lib)), key=len)


def _cases(lines: list[str]) -> str:
    return r"\begin{cases} " + r" \\ ".join(lines) + r" \end{cases}"


def _assignments(values: dict[str, str]) -> str:
    return r",\quad ".join(f"{k} = {v}" for k, v in values.items())


def library_slug(lib: cv.Library) -> str:
    """The part of a library's equation labels after ``conventions-``, e.g. ``sklearn-lasso``."""
    return "".join(ch if ch.isalnum() else "-" for ch in lib.key.lower()).strip("-")


def prior_tex(m: cv.Mapping) -> str:
    """The prior scales (and σ, where the library fixes it) that a library's parameters mean."""
    lib = m.library
    shown = {tex(cv.term(name).scale): tex(scale, lib) for name, scale in m.scales.items()}
    shown.update({tex(term.scale): r"\infty \text{ (flat)}" for term in cv.TERMS if term.name not in m.scales})
    if m.noise_sd is not None:
        shown = {r"\sigma": tex(m.noise_sd, lib), **shown}
    return _assignments(shown)


def inverse_tex(m: cv.Mapping) -> str:
    """The parameters that mean a given prior."""
    return _assignments({tex(s, m.library): in_scales(m.from_prior[s], m.library) for s in m.library.symbols})


def _preamble(d: Derivation) -> None:
    strengths = cv.canonical_strengths()
    d.say(
        "Every library below documents an objective built from the same few pieces. We write them as "
        r"placeholders: $S = \lVert y - X\beta\rVert_2^2$, $A = \lVert\beta\rVert_1$, "
        r"$Q = \lVert\beta\rVert_2^2$, the number of samples $n$, and the library's parameters in "
        "`typewriter` type. The canonical objective is "
        r"$J(\beta) = S + \lambda_1 A + \lambda_2 Q$. Two objectives that differ by a positive factor have "
        "the same minimizer, so for each library we *solve* for the factor $c > 0$ and the strengths "
        r"$\lambda_1, \lambda_2$ that make $c$ times its objective equal to $J$ for every value of "
        "$S$, $A$ and $Q$: the coefficients of $S$, $A$, $Q$ and the constant term must match."
    )
    gl2 = __import__("derivations.gaussian_l2", fromlist=["derivation"]).derivation().results["lam"]
    ll1 = __import__("derivations.laplace_l1", fromlist=["derivation"]).derivation().results["lam"]
    d.claim(
        "Each strength means a prior. From the Gaussian→L2 and Laplace→L1 pages, with noise standard deviation "
        r"$\sigma$:",
        None, _assignments({r"\lambda_2": tex(strengths["l2"]), r"\lambda_1": tex(strengths["l1"])}),
        label="strengths",
        check=lambda: sp.simplify(strengths["l2"] - gl2) == 0 and sp.simplify(strengths["l1"] - ll1) == 0,
        checked="these are the strengths the two prior pages derive from the negative log-posterior.",
    )
    rates = cv.rates_of_strengths()
    d.claim(
        "A library may have no L1 or no L2 part; its strength is then 0 and the prior on that part is flat "
        "(an infinite scale). To keep every formula finite we also write each prior through its *rate* "
        r"$b^{-1}$ and *precision* $\sigma_w^{-2}$, which are 0 for a flat prior. Solving the two relations above:",
        None, _assignments({tex(r): tex(e) for r, e in rates.items()}), label="rates",
        check=lambda: all(
            sp.simplify(strengths[term.name].subs(cv.scale_in_rate(term.name)).subs(term.rate, rates[term.rate])
                        - term.strength) == 0
            for term in cv.TERMS
        ),
        checked=r"substituting each rate back into its strength gives $\lambda_1$ and $\lambda_2$.",
    )
    coefficients = cv.prior_penalty_coefficients()
    target = cv.derive("sklearn.LogisticRegression").target
    d.claim(
        r"Logistic regression has no noise variance and therefore no canonical $\lambda$. Its objective is matched "
        r"against the negative log-posterior itself: the negative log-likelihood $L(\beta) = \sum_i "
        r"\log(1 + e^{-y_i x_i^\top\beta})$ (labels $\pm 1$) plus $-\log p(\beta)$, whose penalty terms are "
        r"$\frac{A}{b}$ and $\frac{Q}{2\sigma_w^2}$, up to a constant free of $\beta$:",
        r"-\log p(\beta \mid y, X)",
        objective_tex(cv.library("sklearn.LogisticRegression"), target) + r" + \text{const}",
        label="logistic-target",
        check=lambda: all(
            is_identity(
                coordinate_derivative(models.neg_log_prior(term.prior), beta, k, p),
                coefficients[term.name] * coordinate_derivative(term.prior.penalty(), beta, k, p),
            )
            for term in cv.TERMS
        ),
        checked=r"the derivative of $-\log p(\beta)$ with respect to a general $\beta_k$ is the coefficient "
        r"($1/b$, resp. $1/(2\sigma_w^2)$) times the derivative of the penalty, so the rest is free of $\beta$.",
    )


def _library_steps(d: Derivation, m: cv.Mapping) -> None:
    lib = m.library
    slug = library_slug(lib)
    d.say(f"## {lib.title}\n\n{lib.source}")
    if lib.internal is not None:
        (strength,) = [prm.symbol for prm in lib.params if prm.name == "lambda_"]
        s_y = cv.response_sd
        # back in glmnet's own units b = beta / s_y, with y / s_y and lambda / s_y, the derived objective must be
        # s_y^2 times the documented one
        back = lib.objective.subs({cv.RSS: cv.RSS * s_y**2, cv.L1: cv.L1 * s_y, cv.L2SQ: cv.L2SQ * s_y**2,
                                   strength: strength * s_y}, simultaneous=True)
        d.claim(
            "glmnet minimizes that objective in its own units: the response divided by $s_y$, the strength "
            r"divided by $s_y$, coefficients $b = \beta/s_y$, so $\lVert y/s_y - Xb\rVert^2 = S/s_y^2$, "
            r"$\lVert b\rVert_1 = A/s_y$ and $\lVert b\rVert_2^2 = Q/s_y^2$. Written in $\beta$ and multiplied by "
            "$s_y^2$ (which does not move the minimizer), only the L2 part changes: it is divided by $s_y$.",
            r"f(\beta)", objective_tex(lib), label=f"{''.join(ch if ch.isalnum() else '-' for ch in lib.key.lower())}"
            "-standardized",
            check=lambda: sp.expand(back - s_y**2 * lib.internal.subs(strength, strength)) == 0
            and sp.expand(sp.expand(lib.objective).coeff(cv.L1) - sp.expand(lib.internal).coeff(cv.L1)) == 0,
            checked=r"substituting $S \to s_y^2 S$, $A \to s_y A$, $Q \to s_y^2 Q$, $\lambda \to s_y\lambda$ back "
            "gives $s_y^2$ times the documented objective, and the L1 term is the documented one.",
        )
    terms = objective_terms(lib)
    d.define("The objective, in the placeholders:", r"f(\beta)",
             _lines([terms[0]] + [f"+ {t}" for t in terms[1:]]) if len(terms) > 2 else " + ".join(terms),
             label=f"{slug}-objective")
    solution = {tex(u): tex(m.factor if u == cv.factor else (m.strengths or m.rates)[u], lib) for u in m.unknowns}
    unknowns_text = "c, λ₁ and λ₂" if m.strengths else "c, 1/b and 1/σ_w²"
    objective, target = sp.expand(lib.objective), sp.expand(m.target)
    system = _cases([f"{tex(cv.factor * sp.factor_terms(objective.coeff(P)), lib)} = {tex(target.coeff(P))}"
                     for P in (lib.data_term, cv.L1, cv.L2SQ)])
    d.claim(
        f"Matching c·f(β) with the target term by term gives one equation per term, solved for {unknowns_text}:",
        None, _lines([system, r"\Longleftrightarrow\quad " + _assignments(solution)]), label=f"{slug}-solve",
        check=lambda: sp.expand(m.factor * lib.objective - m.target.subs({**m.strengths, **m.rates})) == 0
        and m.factor.is_positive is True,
        checked="with this solution, c·f(β) minus the target is identically 0 in the placeholders, and c > 0.",
    )
    noise = m.noise_sd if m.noise_sd is not None else sigma
    scales = m.scales
    noise_text = (
        " The noise level is itself a parameter here (σ is one over the square root of the noise precision), "
        "so the prior is read off without any outside σ."
        if m.noise_sd is not None else
        " For the logistic loss the scale does not involve σ or n." if not m.strengths else ""
    )

    def scales_reproduce_strengths() -> bool:
        if not m.strengths:  # Bernoulli: the scales must reproduce the penalty coefficients of the target
            return all(
                sp.simplify(cv.prior_penalty_coefficients()[name].subs(cv.term(name).scale, s)
                            - m.factor * sp.expand(lib.objective).coeff(cv.term(name).placeholder)) == 0
                for name, s in scales.items()
            )
        return all(
            sp.simplify(cv.canonical_strengths()[name].subs({cv.term(name).scale: s, sigma: noise})
                        - m.strengths[cv.term(name).strength]) == 0
            for name, s in scales.items()
        )

    d.claim(
        "The parameters therefore mean independent priors on the coefficients with these scales." + noise_text,
        None, prior_tex(m), label=f"{slug}-prior",
        check=scales_reproduce_strengths,
        checked="putting these scales into the prior relations (with the library's own σ where it has one) "
        "gives back the strengths solved above.",
    )
    forward_ok = lambda: all(  # noqa: E731
        sp.simplify(m.rates[r].subs(m.from_prior) - r) == 0 for r in m.rates if m.rates[r] != 0
    ) and (m.noise_sd is None or sp.simplify(m.noise_sd.subs(m.from_prior) - sigma) == 0) and all(
        sp.simplify(m.strengths[s].subs(m.from_canonical) - s) == 0 for s in m.strengths if m.strengths[s] != 0
    )
    text = (
        "Solving the same relations for the parameters (`sympy.solve`) gives the parameters that mean a given "
        "prior" + (" (first line) and those that give canonical strengths λ₁, λ₂ (second line):"
                   if m.from_canonical else ":")
    )
    rows = [inverse_tex(m)]
    if m.from_canonical:
        rows.append(_assignments({tex(s, lib): tex(m.from_canonical[s], lib) for s in lib.symbols}))
    rhs = _lines(rows)
    d.claim(text, None, rhs, label=f"{slug}-inverse", check=forward_ok,
            checked="substituting these parameters into the forward formulas returns the prior (rates and "
            "noise) and the strengths we started from.")


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the conventions derivation: one section per library."""
    d = Derivation(SLUG, "Library conventions")
    _preamble(d)
    for lib in cv.LIBRARIES:
        if lib.exact:
            _library_steps(d, cv.derive(lib.key))
        else:
            d.say(f"## {lib.title}\n\n{lib.refusal}")
    d.record(**{f"strength_{name}": e for name, e in cv.canonical_strengths().items()},
             **{str(r): e for r, e in cv.rates_of_strengths().items()})
    return d


# -- tables for the conventions page ----------------------------------------------------------------

def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _math(s: str) -> str:
    return f"${s}$"


_TABLE_HEADER = "<!-- Generated by `python -m derivations` from derivations/conventions.py. Do not edit. -->"


def _table(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join([_TABLE_HEADER, "", _row(header), _row(["---"] * len(header)), *map(_row, rows)]) + "\n"


def objective_table() -> str:
    """What each library minimizes, in the placeholders."""
    rows = [[f"{lib.title} (`{lib.key}`)", _math(objective_tex(lib)) if lib.exact else "no fixed objective"]
            for lib in cv.LIBRARIES]
    return _table(["library (key)", r"objective $f(\beta)$"], rows)


def prior_table() -> str:
    """"Which prior does my parameter mean": the Laplace scale b, the Gaussian sd σ_w, and σ where it is fixed."""
    rows = []
    for lib in cv.LIBRARIES:
        if not lib.exact:
            rows.append([f"`{lib.key}`", "no exact prior equivalent", "—", "—"])
            continue
        m = cv.derive(lib.key)
        scales = [_math(tex(m.scales[p], lib)) if p in m.scales else "∞ (flat)" for p in ("l1", "l2")]
        if m.noise_sd is not None:
            noise = _math(tex(m.noise_sd, lib))
        else:
            noise = "yours (pass `noise_sd`)" if m.strengths else "none (logistic loss)"
        rows.append([f"`{lib.key}`", *scales, noise])
    return _table(["library", "Laplace scale $b$", r"Gaussian sd $\sigma_w$", r"noise sd $\sigma$"], rows)


def strength_table() -> str:
    """The canonical strengths λ₁, λ₂ each library's parameters mean (free of σ)."""
    rows = []
    for lib in cv.LIBRARIES:
        if not lib.exact:
            rows.append([f"`{lib.key}`", "—", "—"])
            continue
        m = cv.derive(lib.key)
        rows.append([f"`{lib.key}`", *(_math(tex(m.strengths[s], lib)) if m.strengths else "— (no σ)"
                                       for s in (cv.lam1, cv.lam2))])
    return _table(["library", r"$\lambda_1$", r"$\lambda_2$"], rows)


def inverse_table() -> str:
    """"Which parameters do I pass": each parameter for a prior, and for canonical strengths."""
    rows = []
    for m in cv.derive_all():
        lib = m.library
        for param in lib.params:
            from_canonical = _math(tex(m.from_canonical[param.symbol], lib)) if m.from_canonical else "—"
            rows.append([f"`{lib.key}`", _math(param.tex), _math(in_scales(m.from_prior[param.symbol], lib)),
                         from_canonical])
    return _table(["library", "parameter", r"for priors $b$, $\sigma_w$ (noise sd $\sigma$)",
                   r"for strengths $\lambda_1$, $\lambda_2$"], rows)


def alpha_table() -> str:
    """The name-collision table: every parameter called alpha, lambda or beta, and what it is."""
    rows = []
    for m in cv.derive_all():
        lib = m.library
        for param in lib.params:
            if param.name.startswith(("alpha", "lambda", "beta")):
                canonical = _math(tex(m.from_canonical[param.symbol], lib)) if m.from_canonical else "—"
                rows.append([f"`{lib.key}`", _math(param.tex), param.meaning, canonical,
                             _math(in_scales(m.from_prior[param.symbol], lib))])
    return _table(["library", "parameter", "what it is", "in canonical terms", "in prior terms"], rows)


def fragments() -> dict[str, str]:
    """Fragments besides the derivation itself (file name in docs/_generated → text)."""
    return {
        "conventions-objective-table.md": objective_table(),
        "conventions-prior-table.md": prior_table(),
        "conventions-strength-table.md": strength_table(),
        "conventions-inverse-table.md": inverse_table(),
        "conventions-alpha-table.md": alpha_table(),
    }


def _plain(tex_name: str) -> str:
    r"""A parameter's name as the tables print it, without TeX: ``\texttt{l1\_ratio}`` → ``l1_ratio``."""
    return tex_name.removeprefix(r"\texttt{").removesuffix("}").replace(r"\_", "_")


def converter_display() -> dict:
    """What the site's converter shows beside its numbers, per library: each parameter's name as the tables
    print it and what it is, the formulas it evaluates as the TeX of this derivation's displays, and the
    labels of those displays (to link them)."""
    out = {}
    for m in cv.derive_all():
        lib = m.library
        slug = library_slug(lib)
        out[lib.key] = {
            "labels": {p.name: _plain(p.tex) for p in lib.params},
            "meanings": {p.name: p.meaning for p in lib.params},
            "to_prior_tex": prior_tex(m),
            "from_prior_tex": inverse_tex(m),
            "to_prior_label": f"{SLUG}-{slug}-prior",
            "from_prior_label": f"{SLUG}-{slug}-inverse",
        }
    return out


def prior_log_kernel() -> codegen.Formula:
    """The logarithm of the prior density of one coefficient under the Laplace and the Gaussian part, written
    through the rate and the precision, without the terms free of the coefficient: what the converter draws
    (normalized numerically over the plotted range). A rate or precision of 0 is a flat part."""
    t = sp.Symbol("beta", real=True)
    log_density = sum(
        sp.log(term.prior.density_value(t).subs(cv.scale_in_rate(term.name))) for term in cv.TERMS
    )
    expanded = sp.expand(sp.expand_log(log_density, force=True))
    kernel = sp.Add(*[a for a in sp.Add.make_args(expanded) if a.has(t)])
    return codegen.named_formula(kernel, [t, *[term.rate for term in cv.TERMS]])


def outputs() -> dict[str, str]:
    """Generated code (path relative to the repository root → text)."""
    return {PYTHON_MODULE: codegen.python_module(),
            JAVASCRIPT_FILE: codegen.javascript_module(display=converter_display(),
                                                       density={"log_kernel": prior_log_kernel()})}
