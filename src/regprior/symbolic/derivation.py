"""A derivation as data: a list of steps, each checked by SymPy as it is added.

A :class:`Derivation` is built step by step. Each step carries a sentence, an
equation whose right-hand side is a SymPy expression, and, unless it is a
definition, a check that SymPy performs *at the moment the step is added*
(a failed check raises :class:`DerivationError`, so a derivation that exists
is a derivation that was verified). The same object is then

* rendered to MyST markdown (:meth:`Derivation.to_myst`) for the site, and
* imported by the tests, which evaluate its recorded results numerically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import sympy as sp
from .printing import TextbookPrinter
from .sums import is_identity

__all__ = ["Derivation", "DerivationError", "Step", "latex"]


class _DerivationPrinter(TextbookPrinter):
    """The site's textbook printer (:mod:`regprior.symbolic.printing`), and a normalizer kept unevaluated (an
    ``UnevaluatedExpr`` to a negative power) is written as a denominator: e^{...}/sqrt(2 pi sigma^2)."""

    def _print_Mul(self, expr: sp.Mul) -> str:
        numerator, denominator = [], []
        for factor in expr.args:
            if isinstance(factor, sp.Pow) and isinstance(factor.base, sp.UnevaluatedExpr) and factor.exp.is_negative:
                denominator.append(factor.base ** -factor.exp)  # to the power 1: the base itself
            else:
                numerator.append(factor)
        if not denominator:
            return super()._print_Mul(expr)
        bottom = self._print(sp.Mul(*denominator, evaluate=False))
        if len(numerator) == 1 and isinstance(numerator[0], sp.exp):  # 1/sqrt(2 pi sigma^2) exp(...)
            return r"\frac{1}{%s} %s" % (bottom, self._print(numerator[0]))
        top = self._print(sp.Mul(*numerator)) if numerator else "1"
        return r"\frac{%s}{%s}" % (top, bottom)


_PRINTER = _DerivationPrinter()


def latex(expr: sp.Basic | str) -> str:
    """LaTeX for a SymPy object (strings are taken to be LaTeX already)."""
    if isinstance(expr, str):
        return expr
    return _PRINTER.doprint(expr)


def _top_level_split(tex: str, separator: str = ",") -> list[str]:
    """``tex`` split at each ``separator`` outside braces and brackets (TeX groups and parentheses)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(tex):
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(tex[start:i])
            start = i + 1
    parts.append(tex[start:])
    space = r"^(?:\\[ ,;]|\\q?quad|\s)+|(?:\\[ ,;]|\\q?quad|\s)+$"  # TeX spacing around a part
    return [re.sub(space, "", part) for part in parts]


def _balanced(tex: str) -> bool:
    """No bracket in ``tex`` closes one opened before it."""
    depth = 0
    for char in tex:
        depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _names_of_tuple(lhs: str | sp.Basic | None, count: int) -> list[str] | None:
    """The names on the left of ``a, b = (x, y)``, when there are ``count`` of them."""
    if not isinstance(lhs, str):
        return None
    text = lhs.strip()
    opened = re.match(r"(\\[Bb]igl|\\left)?\(", text)
    closed = re.search(r"(\\[Bb]igr|\\right)?\)$", text)
    if opened and closed and _balanced(text[opened.end():closed.start()]):  # one pair around the whole list
        text = text[opened.end():closed.start()]
    names = _top_level_split(text)
    return names if len(names) == count and all(names) else None


def _pairs(pairs: list[tuple[str, str]], relation: str) -> str:
    """Several results ``name relation value``, each one TeX group: side by side, and where the line is too
    wide, MathJax breaks it between them."""
    return r",\qquad ".join(f"{{{name} {relation} {value}}}" for name, value in pairs)


def _display(lhs: str | sp.Basic | None, relation: str, rhs: sp.Basic | str) -> str:
    """The body of a display equation. A tuple of results ``a, b = (x, y)`` is written as the equations ``a = x``
    and ``b = y``; the terms of a long sum are grouped so that a line break falls between them."""
    if isinstance(rhs, sp.Tuple) and relation == "=":
        names = _names_of_tuple(lhs, len(rhs))
        if names is not None:
            return _pairs([(name, latex(value)) for name, value in zip(names, rhs)], relation)
    if lhs is None:
        return latex(rhs)
    if isinstance(rhs, sp.Add):
        # Each term one TeX group, so that where the display is too wide (on a phone) MathJax breaks it
        # between terms rather than inside one.
        terms = [_PRINTER.doprint(t) for t in _PRINTER._ordered_terms(rhs)]
        body = "{%s}" % terms[0] + "".join(f" - {{{t[1:].strip()}}}" if t.startswith("-") else f" + {{{t}}}"
                                           for t in terms[1:])
        return "{%s} %s %s" % (latex(lhs), relation, body)
    return f"{latex(lhs)} {relation} {latex(rhs)}"


class DerivationError(AssertionError):
    """A derivation step failed its SymPy check."""


@dataclass(frozen=True)
class Step:
    """One step of a derivation.

    Attributes
    ----------
    text : str
        A sentence (MyST markdown) explaining the step.
    lhs : str or sympy.Basic or None
        Left-hand side of the displayed equation (``None`` for prose only).
    rhs : sympy.Basic or str or None
        Right-hand side; a SymPy object whose LaTeX is generated.
    relation : str
        LaTeX relation between the sides (``=`` by default).
    label : str or None
        Equation label, unique across the site (prefixed with the derivation slug).
    checked : str or None
        What SymPy verified for this step; ``None`` marks a definition.
    """

    text: str
    lhs: str | sp.Basic | None = None
    rhs: sp.Basic | str | None = None
    relation: str = "="
    label: str | None = None
    checked: str | None = None


@dataclass
class Derivation:
    """An ordered list of checked steps plus the named results they establish.

    Parameters
    ----------
    slug : str
        File and label prefix, e.g. ``"gaussian-l2"``.
    title : str
        Title of the derivation.
    """

    slug: str
    title: str
    steps: list[Step] = field(default_factory=list)
    results: dict[str, sp.Basic] = field(default_factory=dict)

    # -- building ---------------------------------------------------------------
    def _label(self, label: str | None) -> str | None:
        return f"{self.slug}-{label}" if label else None

    def say(self, text: str) -> None:
        """Add a paragraph of prose with no equation."""
        self.steps.append(Step(text=text))

    def define(self, text: str, lhs: str | sp.Basic, rhs: sp.Basic, *, label: str | None = None,
               relation: str = "=") -> sp.Basic:
        """Add a definition or modelling assumption (nothing to check); return ``rhs``."""
        self.steps.append(Step(text, lhs, rhs, relation, self._label(label), None))
        return rhs

    def claim(self, text: str, lhs: str | sp.Basic | None, rhs: sp.Basic | str, *,
              check: bool | Callable[[], bool], checked: str, label: str | None = None,
              relation: str = "=") -> sp.Basic | str:
        """Add a step whose ``check`` must hold; ``checked`` says in words what was verified.

        Raises
        ------
        DerivationError
            If ``check`` (or ``check()``, when callable) is not ``True``.
        """
        ok = check() if callable(check) else check
        if ok is not True:
            raise DerivationError(f"[{self.slug}] step failed its check ({checked}): {text}")
        self.steps.append(Step(text, lhs, rhs, relation, self._label(label), checked))
        return rhs

    def equal(self, text: str, lhs: str | sp.Basic, rhs: sp.Basic, *, to: sp.Basic,
              label: str | None = None, checked: str | None = None) -> sp.Basic:
        """Add ``lhs = rhs`` after checking ``rhs`` equals ``to`` for general n and p."""
        return self.claim(
            text, lhs, rhs, label=label,
            check=lambda: is_identity(rhs, to),
            checked=checked or "the difference of this expression and the previous one reduces to 0.",
        )

    def record(self, **results: sp.Basic) -> None:
        """Name results for the tests and the docs (e.g. ``lam=sigma**2/sigma_w**2``)."""
        self.results.update(results)

    # -- rendering ---------------------------------------------------------------
    def to_myst(self) -> str:
        """Render as MyST markdown: prose, labelled display equations and check notes."""
        lines = [
            f"<!-- Generated by `python -m derivations` from derivations/{self.slug.replace('-', '_')}.py."
            " Do not edit: edit the script and regenerate. -->",
            "",
        ]
        for step in self.steps:
            lines += [step.text, ""]
            if step.rhs is not None:
                body = _display(step.lhs, step.relation, step.rhs)
                lines += ["$$", body, "$$" + (f" ({step.label})" if step.label else ""), ""]
            if step.checked:
                lines += ["```{container} rp-check", f"Checked by SymPy: {step.checked}", "```", ""]
        return "\n".join(lines).rstrip() + "\n"
