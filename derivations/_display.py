"""Display helpers for equations too wide for one line: each term (or each equation) on its own aligned line.

The helpers only format; the sums they display are the ones the derivation checks (the callers pass the same
SymPy terms to the check as ``sp.Add(*terms)``).
"""

from __future__ import annotations

import sympy as sp

from regprior.symbolic.derivation import latex

__all__ = ["stacked_sum", "stacked_equations"]


def stacked_sum(lhs: str, terms, relation: str = "=") -> str:
    """``lhs relation t_1 + t_2 + ...`` with one term per line, aligned at the relation."""
    first, *rest = (latex(t) for t in terms)
    lines = [f"{lhs} &{relation} {first}"]
    lines += [fr"&\quad {t}" if t.startswith("-") else fr"&\quad + {t}" for t in rest]
    return r"\begin{aligned}" + "\n" + (r" \\" + "\n").join(lines) + "\n" + r"\end{aligned}"


def stacked_equations(*pairs: tuple[str, sp.Basic | str], relation: str = "=") -> str:
    """Several equations ``lhs relation rhs``, one per line, aligned at the relation."""
    lines = [f"{lhs} &{relation} {latex(rhs)}" for lhs, rhs in pairs]
    return r"\begin{aligned}" + "\n" + (r" \\" + "\n").join(lines) + "\n" + r"\end{aligned}"
