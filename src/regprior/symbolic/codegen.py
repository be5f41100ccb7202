"""Print the derived conventions as Python and JavaScript source, from one table of SymPy expressions.

:func:`formula_table` collects, for every library, four directions of formulas
(``to_canonical``, ``from_canonical``, ``to_prior``, ``from_prior``), each a map from an output
name to ``(argument names, expression)``; :func:`metadata` collects what a caller needs to
validate input. :func:`python_module` prints both with SymPy's Python code printer and
:func:`javascript_module` with its JavaScript printer. Nothing here is a formula of its own:
every expression comes from :func:`regprior.symbolic.conventions.derive`.
"""

from __future__ import annotations

import json
import pprint

import sympy as sp

from . import conventions as cv
from .symbols import n, sigma

__all__ = ["INPUT_NAMES", "named_formula", "formula_table", "shared_table", "term_table", "metadata", "python_module",
           "javascript_module"]

#: the identifier each canonical symbol takes in generated code (and in :mod:`regprior.conventions`)
INPUT_NAMES = {
    cv.lam1: "lam1",
    cv.lam2: "lam2",
    cv.laplace_rate: "laplace_rate",
    cv.gaussian_precision: "gaussian_precision",
    n: "n_samples",
    sigma: "noise_sd",
    cv.response_sd: "response_sd",
    cv.b: "laplace_scale",
    cv.sigma_w: "gaussian_sd",
}

DIRECTIONS = ("to_canonical", "from_canonical", "to_prior", "from_prior")

Formula = tuple[tuple[str, ...], sp.Expr]


def _formula(expr: sp.Expr, order: list[sp.Symbol], names: dict[sp.Symbol, str]) -> Formula:
    """``expr`` with its free symbols renamed to identifiers, and those identifiers in a fixed order."""
    expr = sp.sympify(expr)
    unknown = expr.free_symbols - set(order)
    if unknown:
        raise ValueError(f"unexpected symbols {unknown} in {expr}")
    renamed = expr.xreplace({s: sp.Symbol(names[s]) for s in expr.free_symbols})
    return tuple(names[s] for s in order if s in expr.free_symbols), renamed


def named_formula(expr: sp.Expr, order: list[sp.Symbol]) -> Formula:
    """``expr`` as a formula of the given symbols, each under its code identifier (:data:`INPUT_NAMES`, or its
    own name for a symbol not listed there)."""
    names = {s: INPUT_NAMES.get(s, str(s)) for s in order}
    return _formula(expr, order, names)


def formula_table() -> dict[str, dict[str, dict[str, Formula]]]:
    """library key → direction → output name → (argument names, expression)."""
    table = {}
    for m in cv.derive_all():
        lib = m.library
        names = {**INPUT_NAMES, **{p.symbol: p.name for p in lib.params}}
        order = [*lib.symbols, *INPUT_NAMES]
        noise = {"noise_sd": m.noise_sd} if m.noise_sd is not None else {}
        directions = {
            "to_canonical": {**{INPUT_NAMES[k]: v for k, v in m.strengths.items()}, **(noise if m.strengths else {})},
            "from_canonical": {p.name: m.from_canonical[p.symbol] for p in lib.params if m.from_canonical},
            "to_prior": {**{INPUT_NAMES[k]: v for k, v in m.rates.items()}, **noise},
            "from_prior": {p.name: m.from_prior[p.symbol] for p in lib.params},
        }
        table[lib.key] = {
            d: {out: _formula(e, order, names) for out, e in outputs.items()}
            for d, outputs in directions.items() if outputs
        }
    return table


def shared_table() -> dict[str, Formula]:
    """Prior scale ↔ rate/precision, the same for every library (a zero rate gives an infinite scale)."""
    order = list(INPUT_NAMES)
    out = {}
    for term in cv.TERMS:
        scale_name, rate_name = INPUT_NAMES[term.scale], INPUT_NAMES[term.rate]
        out[f"{scale_name}_of_rate"] = _formula(cv.scale_of_rate(term.name), order, INPUT_NAMES)
        out[f"{rate_name}_of_scale"] = _formula(cv.rate_of_scale(term.name), order, INPUT_NAMES)
    return out


def term_table() -> dict[str, dict[str, str]]:
    """Penalty name → the names a conversion needs: the prior class, its rate, its strength, the shared formulas."""
    out = {}
    for term in cv.TERMS:
        scale_name, rate_name = INPUT_NAMES[term.scale], INPUT_NAMES[term.rate]
        out[term.name] = {
            "prior": term.prior_class,
            "rate": rate_name,
            "strength": INPUT_NAMES[term.strength],
            "scale_of_rate": f"{scale_name}_of_rate",
            "rate_of_scale": f"{rate_name}_of_scale",
        }
    return out


def metadata() -> dict[str, dict]:
    """library key → what a caller must know to validate a call (plain data, no SymPy)."""
    table = formula_table()
    out = {}
    for lib in cv.LIBRARIES:
        formulas = table.get(lib.key, {})
        uses_n = any("n_samples" in args for d in formulas.values() for args, _ in d.values())
        uses_sd = any("response_sd" in args for d in formulas.values() for args, _ in d.values())
        if not lib.exact:
            noise = None
        elif lib.likelihood != "gaussian":
            noise = "none"
        else:
            noise = "own" if lib.noise_sd is not None else "given"
        out[lib.key] = {
            "title": lib.title,
            "exact": lib.exact,
            "likelihood": lib.likelihood if lib.exact else None,
            "noise": noise,
            "penalties": list(lib.penalties),
            "parameters": {p.name: p.domain for p in lib.params},
            "uses_n_samples": uses_n,
            "uses_response_sd": uses_sd,
            "refusal": lib.refusal or None,
            "constructor_arguments": [{"name": name, "value": value, "when": when}
                                      for name, value, when in lib.constructor_arguments],
            "not_constructor": lib.not_constructor or None,
        }
    return out


_HEADER = (
    "Generated by `python -m derivations` from regprior.symbolic.conventions "
    "(printed with SymPy's {printer}). Do not edit: edit the definitions and regenerate."
)


def _literal(tree: dict, quote, leaf, indent: str, step: str) -> list[str]:
    """Lines of a nested dict (Python) or object (JavaScript) literal whose leaves are formulas."""
    lines = []
    for name, value in tree.items():
        if isinstance(value, dict):
            lines += [f"{indent}{quote(name)}: {{", *_literal(value, quote, leaf, indent + step, step), f"{indent}}},"]
        else:
            lines.append(f"{indent}{quote(name)}: {leaf(value)},")
    return lines


def _python_leaf(formula: Formula) -> str:
    args, expr = formula
    return f"({args!r}, lambda{' ' if args else ''}{', '.join(args)}: {sp.pycode(expr)})"


def _javascript_leaf(formula: Formula) -> str:
    args, expr = formula
    body = " ".join(sp.jscode(expr).split())
    return f"{{args: {json.dumps(list(args))}, f: function ({', '.join(args)}) {{ return {body}; }}}}"


def python_module() -> str:
    """The source of ``regprior.conventions._formulas``."""
    lines = [
        f'"""{_HEADER.format(printer="Python code printer")}',
        "",
        "LIBRARIES: library key -> description (parameters and their domains, which inputs are needed).",
        "FORMULAS: library key -> direction -> output -> (argument names, function of those arguments).",
        "SHARED: prior scale <-> rate (1/b) or precision (1/sigma_w^2); a zero rate is a flat prior.",
        "TERMS: penalty name -> the prior class, rate, strength and shared formulas a conversion uses.",
        '"""',
        "",
        "import math",
        "",
        "LIBRARIES = " + pprint.pformat(metadata(), sort_dicts=False, width=100),
        "",
        "FORMULAS = {",
        *_literal(formula_table(), repr, _python_leaf, " " * 4, " " * 4),
        "}",
        "",
        "SHARED = {",
        *_literal(shared_table(), repr, _python_leaf, " " * 4, " " * 4),
        "}",
        "",
        "TERMS = " + pprint.pformat(term_table(), sort_dicts=False, width=100),
        "",
    ]
    return "\n".join(lines)


def javascript_module(display: dict | None = None, density: dict[str, Formula] | None = None) -> str:
    """The source of ``docs/_static/conventions.js`` (a browser global and a CommonJS module).

    ``display`` (plain data: labels and TeX for the site's converter) and ``density`` (formulas, e.g. the prior's
    log-density kernel the converter draws) are added as ``DISPLAY`` and ``DENSITY`` when given."""
    display, density = display or {}, density or {}
    lines = [
        f"// {_HEADER.format(printer='JavaScript code printer')}",
        "//",
        "// regpriorConventions.LIBRARIES: library key -> description;",
        "// regpriorConventions.FORMULAS: library key -> direction -> output -> {args, f};",
        "// regpriorConventions.SHARED: prior scale <-> rate (1/b) or precision (1/sigma_w^2);",
        ("// regpriorConventions.DISPLAY: library key -> parameter labels and the TeX of the formulas "
         "the converter uses;"),
        ("// regpriorConventions.DENSITY: the prior's log-density kernel in beta, the Laplace rate and "
         "the Gaussian precision."),
        "(function (root) {",
        '  "use strict";',
        "  var LIBRARIES = " + json.dumps(metadata(), indent=2).replace("\n", "\n  ") + ";",
        "  var FORMULAS = {",
        *_literal(formula_table(), json.dumps, _javascript_leaf, " " * 4, " " * 2),
        "  };",
        "  var SHARED = {",
        *_literal(shared_table(), json.dumps, _javascript_leaf, " " * 4, " " * 2),
        "  };",
        "  var DISPLAY = " + json.dumps(display, indent=2, ensure_ascii=False).replace("\n", "\n  ") + ";",
        "  var DENSITY = {",
        *_literal(density, json.dumps, _javascript_leaf, " " * 4, " " * 2),
        "  };",
        "  var api = {LIBRARIES: LIBRARIES, FORMULAS: FORMULAS, SHARED: SHARED, DISPLAY: DISPLAY, DENSITY: DENSITY};",
        '  if (typeof module === "object" && module.exports) {',
        "    module.exports = api;",
        "  } else {",
        "    root.regpriorConventions = api;",
        "  }",
        '})(typeof self !== "undefined" ? self : this);',
        "",
    ]
    return "\n".join(lines)
