"""Display helpers for equations too wide for one line: terms grouped for MathJax's line breaking, or several
equations on aligned lines.

The helpers only format; the sums they display are the ones the derivation checks (the callers pass the same
SymPy terms to the check as ``sp.Add(*terms)``).
"""

from __future__ import annotations

import sympy as sp

from regprior.symbolic.derivation import latex

__all__ = ["stacked_sum", "stacked_equations"]


def stacked_sum(lhs: str, terms, relation: str = "=") -> str:
    """``lhs relation t_1 + t_2 + ...`` with each term one TeX group, so that a display too wide for the screen
    is broken between terms (MathJax breaks at the operators between groups)."""
    first, *rest = (latex(t) for t in terms)
    body = "{%s}" % first + "".join(f" - {{{t[1:].strip()}}}" if t.startswith("-") else f" + {{{t}}}" for t in rest)
    return "{%s} %s %s" % (lhs, relation, body)


def stacked_equations(*pairs: tuple[str, sp.Basic | str], relation: str = "=") -> str:
    """Several equations ``lhs relation rhs``, one per line, aligned at the relation."""
    lines = [f"{lhs} &{relation} {latex(rhs)}" for lhs, rhs in pairs]
    return r"\begin{aligned}" + "\n" + (r" \\" + "\n").join(lines) + "\n" + r"\end{aligned}"
