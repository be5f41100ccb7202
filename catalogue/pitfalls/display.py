"""How an entry of the pitfalls page is put on the page: its display of tagged lines, and the step that holds
its prose and, when it has one, its SymPy check."""

from __future__ import annotations

from typing import Callable

import sympy as sp

from regprior.symbolic.derivation import Derivation, latex

from .algebra import value_at
from .entries import FENCE, Pitfall


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
    d.say(FENCE)


def note(d: Derivation, entry: Pitfall) -> None:
    """Add an entry with no SymPy check; its remark says why and what checks it instead."""
    d.say(entry.text() + "\n\n" + entry.remark + "\n" + FENCE)


def against(written: sp.Expr, derived: sp.Expr, at: dict) -> str:
    """The values of the written and the derived form at the point ``at``, for the note under a check."""
    return f"written ${latex(value_at(written, at))}$, derived ${latex(value_at(derived, at))}$"
