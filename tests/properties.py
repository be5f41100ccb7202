r"""The registry of what the test suite checks; the verification pages of the site are generated from it.

Every test function carries a :func:`prop` decorator (outermost, above ``@given`` and
``@pytest.mark.parametrize``) that states, for a reader of the site,

* ``statement`` — the property, one or two sentences of MyST with ``$...$`` math;
* ``group`` — the section of the verification pages it belongs to (a key of ``catalogue/verification.toml``);
* ``evaluates`` — the symbolic objects the test compiles and evaluates, as ``"<slug>:<result>"`` (a result
  recorded by the derivation with that slug, see :meth:`regprior.symbolic.derivation.Derivation.record`; a
  pattern such as ``"pitfalls:e*_right"`` names all the results it matches) or ``"<slug>"`` (the derivation
  as a whole, e.g. its checks or its rendered fragment);
* ``checks`` — the library functions or classes under test, as names importable from :mod:`regprior`
  (``"ridge"``, ``"conventions.to_prior"``, ``"estimators.MAPRegressor"``);
* ``against`` — the independent route it compares with, if any (``"scipy.stats"``, ``"scikit-learn"``,
  ``"FISTA (tests/reference.py)"``, ...).

``python -m catalogue`` reads these entries from the test sources without importing them
(:mod:`catalogue.verification`), so the arguments must be literals: strings, or tuples of strings.
``tests/test_registry.py`` fails when a test has no entry, when an entry names a derivation result or a
function that does not exist, or when what the pages read differs from what the decorators register here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from catalogue.verification import GROUPS, Property

TESTS_DIR = Path(__file__).resolve().parent
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


@dataclass(frozen=True)
class Registered:
    """A test function as the imported module has it: its registered property and its Hypothesis settings."""

    module: str
    name: str
    entry: Property | None
    #: ``max_examples`` of the settings Hypothesis runs it with (None if not a Hypothesis test); these depend on
    #: the profile that was loaded when the module was imported
    max_examples: int | None

    @property
    def node(self) -> str:
        return f"tests/{self.module}.py::{self.name}"


def test_modules() -> list[str]:
    """Names of the test modules, ``test_*.py`` in this directory."""
    return sorted(path.stem for path in TESTS_DIR.glob("test_*.py"))


def _max_examples(test: Callable) -> int | None:
    if not getattr(test, "is_hypothesis_test", False):
        return None
    return test._hypothesis_internal_use_settings.max_examples


def collect() -> list[Registered]:
    """Every test function of every test module, in line order, with its registered property."""
    found = []
    for name in test_modules():
        module = importlib.import_module(f"tests.{name}")
        functions = [(fname, obj) for fname, obj in vars(module).items()
                     if fname.startswith("test_") and callable(obj)
                     and getattr(obj, "__module__", None) == module.__name__]
        functions.sort(key=lambda item: _first_line(item[1]))
        found += [Registered(name, fname, property_of(test), _max_examples(test)) for fname, test in functions]
    return found


def _first_line(test: Callable) -> int:
    inner = getattr(getattr(test, "hypothesis", None), "inner_test", test)
    return getattr(getattr(inner, "__code__", None), "co_firstlineno", 0)
