r"""The registry of what the test suite checks; the verification page of the site is generated from it.

Every test function carries a :func:`prop` decorator (outermost, above ``@given`` and
``@pytest.mark.parametrize``) that states, for a reader of the site,

* ``statement`` — the property, one or two sentences of MyST with ``$...$`` math;
* ``group`` — the section of the verification page it belongs to (a key of :data:`GROUPS`);
* ``evaluates`` — the symbolic objects the test compiles and evaluates, as ``"<slug>:<result>"`` (a result
  recorded by the derivation with that slug, see :meth:`regprior.symbolic.derivation.Derivation.record`) or
  ``"<slug>"`` (the derivation as a whole, e.g. its checks or its rendered fragment);
* ``checks`` — the library functions or classes under test, as names importable from :mod:`regprior`
  (``"ridge"``, ``"conventions.to_prior"``, ``"estimators.MAPRegressor"``);
* ``against`` — the independent route it compares with, if any (``"scipy.stats"``, ``"scikit-learn"``,
  ``"FISTA (tests/reference.py)"``, ...).

``tests/test_registry.py`` fails when a test has no entry or an entry names a derivation result or a
function that does not exist, so the pages cannot drift from the suite. ``python -m derivations`` renders an
overview for the verification page (:func:`render_summary`) and one page per section (:func:`render_group`,
shown by ``docs/verification/<section>.md``); the number of examples shown is what the ``ci`` Hypothesis
profile runs.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

TESTS_DIR = Path(__file__).resolve().parent

#: section key -> (title, one-paragraph introduction), in page order
GROUPS: dict[str, tuple[str, str]] = {
    "symbols": (
        "Symbols and numbers agree",
        "The expressions the derivations record (negative log-densities with their normalizers, the "
        "penalty strengths, closed forms) are compiled with `sympy.lambdify` and compared with direct "
        "numerical evaluations: `scipy.stats` densities, quadrature, the library's priors.",
    ),
    "optimality": (
        "Solvers meet the derived optimality conditions",
        "At the point a solver returns, the gradient or the subgradient (KKT) conditions derived "
        "symbolically hold, within the slack that the solver's own certificate (its duality gap, "
        "recomputed independently) allows.",
    ),
    "routes": (
        "Independent routes agree",
        "The same estimate computed by algorithms that share no code: coordinate descent, closed forms, "
        "proximal gradient (FISTA), a generic optimizer on the lambdified negative log-posterior, "
        "quadrature, sampling.",
    ),
    "metamorphic": (
        "Metamorphic properties",
        "Transformations of the problem with a known effect on the answer: duplicated data, rescaling, "
        "permutations, shifts, whitening, the ends of a path.",
    ),
    "libraries": (
        "Other libraries, through the documented conversions",
        "scikit-learn fitted with the parameters that `regprior.conventions` computes from a prior "
        "reproduces the MAP, and the conversions invert each other.",
    ),
    "inputs": (
        "Bad input is refused",
        "Invalid arguments raise `ValueError` or `TypeError` naming the argument; non-convergence warns "
        "with the gap reached; nothing returns NaN silently.",
    ),
    "machinery": (
        "The derivations and the site",
        "Every derivation builds with all its checks passing, the generated files are current, every "
        "example on the site runs, and the built site renders offline in a real browser.",
    ),
}


@dataclass(frozen=True)
class Property:
    """What one test function checks (see the module docstring for the fields)."""

    statement: str
    group: str
    evaluates: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    against: str | None = None


_ATTRIBUTE = "__regprior_property__"


def _as_tuple(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def prop(statement: str, *, group: str, evaluates: str | tuple[str, ...] = (), checks: str | tuple[str, ...] = (),
         against: str | None = None) -> Callable[[Callable], Callable]:
    """Register the decorated test as a property (use it as the outermost decorator)."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {sorted(GROUPS)}; got {group!r}")
    if not statement.strip():
        raise ValueError("statement must say what the test checks")
    entry = Property(statement.strip(), group, _as_tuple(evaluates), _as_tuple(checks), against)

    def decorate(test: Callable) -> Callable:
        setattr(test, _ATTRIBUTE, entry)
        return test

    return decorate


def property_of(test: Callable) -> Property | None:
    """The registered property of a test function (looking through Hypothesis' wrapper), or None."""
    for candidate in (test, getattr(getattr(test, "hypothesis", None), "inner_test", None)):
        entry = getattr(candidate, _ATTRIBUTE, None) if candidate is not None else None
        if entry is not None:
            return entry
    return None


# ------------------------------------------------------------------------------------------- collection
@dataclass(frozen=True)
class Registered:
    """A test function with its property and the work the ``ci`` profile does for it."""

    module: str
    name: str
    entry: Property | None
    cases: int
    examples: int | None  # Hypothesis examples per case under the ci profile; None if not a Hypothesis test

    @property
    def node(self) -> str:
        return f"tests/{self.module}.py::{self.name}"

    @property
    def runs(self) -> int:
        """Test executions per ci run: parametrized cases times examples (at most: Hypothesis may stop early)."""
        return self.cases * (self.examples or 1)


def _parametrized_cases(test: Callable) -> int:
    """How many parameter combinations ``@pytest.mark.parametrize`` marks give (1 without any)."""
    sizes = []
    for mark in getattr(test, "pytestmark", []):
        if mark.name == "parametrize":
            values = mark.kwargs.get("argvalues", mark.args[1] if len(mark.args) > 1 else ())
            sizes.append(len(list(values)))
    total = 1
    for size in sizes:
        total *= size
    return total


def _ci_examples(test: Callable) -> int | None:
    """``max_examples`` of a Hypothesis test under the ci profile (None for other tests).

    A test's own ``@settings`` is layered on the profile that was loaded when the test module was imported,
    so the ci profile must be loaded before :func:`collect` imports the modules (it does).
    """
    if not getattr(test, "is_hypothesis_test", False):
        return None
    from hypothesis import settings

    own = getattr(test, "_hypothesis_internal_use_settings", None)
    return (own or settings.get_profile("ci")).max_examples


def test_modules() -> list[str]:
    """Names of the test modules, ``test_*.py`` in this directory."""
    return sorted(path.stem for path in TESTS_DIR.glob("test_*.py"))


def collect() -> list[Registered]:
    """Every test function of every test module, in file order, with its registered property."""
    from hypothesis import settings

    importlib.import_module("tests.conftest")  # registers the profiles
    settings.load_profile("ci")
    found = []
    for name in test_modules():
        module = importlib.import_module(f"tests.{name}")
        functions = [(fname, obj) for fname, obj in vars(module).items()
                     if fname.startswith("test_") and callable(obj) and getattr(obj, "__module__", None) == module.__name__]
        functions.sort(key=lambda item: _first_line(item[1]))
        for fname, test in functions:
            found.append(Registered(name, fname, property_of(test), _parametrized_cases(test), _ci_examples(test)))
    return found


def _first_line(test: Callable) -> int:
    inner = getattr(getattr(test, "hypothesis", None), "inner_test", test)
    try:
        return inspect.getsourcelines(inner)[1]
    except (OSError, TypeError):
        return 0


# ---------------------------------------------------------------------------------------------- checks
def unresolved(entry: Property, derivation_results: dict[str, set[str]]) -> list[str]:
    """References in ``entry`` that do not exist: unknown derivation slugs or results, unknown names."""
    problems = []
    for ref in entry.evaluates:
        slug, _, result = ref.partition(":")
        if slug not in derivation_results:
            problems.append(f"evaluates {ref!r}: no derivation has slug {slug!r}")
        elif result and result not in derivation_results[slug]:
            problems.append(f"evaluates {ref!r}: derivation {slug!r} records no result {result!r}")
    for name in entry.checks:
        if resolve(name) is None:
            problems.append(f"checks {name!r}: not found in regprior")
    return problems


def resolve(name: str) -> object | None:
    """``regprior.<name>`` (attributes or submodules), or None."""
    obj: object = importlib.import_module("regprior")
    path = "regprior"
    for part in name.split("."):
        path = f"{path}.{part}"
        if hasattr(obj, part):
            obj = getattr(obj, part)
            continue
        try:
            obj = importlib.import_module(path)
        except ImportError:
            return None
    return obj


# --------------------------------------------------------------------------------------------- render
def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} " + (word if n == 1 else plural or word + "s")


def _api_role(name: str) -> str:
    obj = resolve(name)
    if inspect.isclass(obj):
        return f"{{class}}`~regprior.{name}`"
    if inspect.ismodule(obj):
        return f"{{mod}}`regprior.{name}`"
    if callable(obj):
        return f"{{func}}`~regprior.{name}`"
    return f"`regprior.{name}`"


def group_pages() -> dict[str, str]:
    """Section key -> docname of the page that shows it (``docs/verification/<key>.md``)."""
    return {key: f"verification/{key}" for key in GROUPS}


def _header() -> list[str]:
    return ["<!-- Generated by `python -m derivations` from the @prop registry of the test suite "
            "(tests/properties.py). Do not edit. -->", ""]


def render_summary(registered: list[Registered]) -> str:
    """The verification page's overview: totals and one row per section with its counts."""
    hypothesis = [r for r in registered if r.examples is not None]
    lines = _header() + [
        f"The suite has **{_count(len(registered), 'test function')}**, "
        f"{_count(len(hypothesis), 'Hypothesis property', 'Hypothesis properties')} among them. Under the `ci` "
        f"profile one run draws at most {sum(r.runs for r in hypothesis):,} examples (Hypothesis stops early "
        f"when a strategy has fewer distinct values) and runs "
        f"{_count(sum(r.cases for r in registered if r.examples is None), 'further parametrized case')}.",
        "",
        "| section | tests | Hypothesis examples per `ci` run |",
        "|---|---|---|",
    ]
    for key, (title, _) in GROUPS.items():
        members = [r for r in registered if r.entry and r.entry.group == key]
        examples = sum(r.runs for r in members if r.examples is not None)
        lines.append(f"| {{doc}}`{title} </{group_pages()[key]}>` | {len(members)} | {examples:,} |")
    return "\n".join(lines) + "\n"


def render_group(key: str, registered: list[Registered], pages: dict[str, str]) -> str:
    """One section's page: its title, introduction and every property in it, numbered.

    ``pages`` maps a derivation slug to the docname (path below ``docs/`` without suffix) of the page that
    includes its fragment, for links.
    """
    title, intro = GROUPS[key]
    lines = _header() + [f"# {title}", "", intro, ""]
    members = [r for r in registered if r.entry and r.entry.group == key]
    for number, r in enumerate(members, start=1):
        e = r.entry
        lines.append(f"{number}. {e.statement}")
        details = []
        if e.evaluates:
            refs = []
            for ref in e.evaluates:
                slug, _, result = ref.partition(":")
                shown = f"`{result}`" if result else "the derivation"
                page = pages.get(slug)
                refs.append(f"{shown} of {{doc}}`{slug} </{page}>`" if page else f"{shown} of `{slug}`")
            details.append("*evaluates* " + ", ".join(refs))
        if e.checks:
            details.append("*checks* " + ", ".join(_api_role(name) for name in e.checks))
        if e.against:
            details.append(f"*against* {e.against}")
        if r.examples is not None:
            work = _count(r.examples, "example")
            if r.cases > 1:
                work += f" × {r.cases} cases"
        else:
            work = _count(r.cases, "case")
        details.append(f"`{r.node}`, {work}")
        lines += ["", "   " + "; ".join(details) + ".", ""]
    return "\n".join(lines).rstrip() + "\n"
