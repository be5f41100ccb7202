"""The verification pages: what each test of the suite checks, read from the ``@prop`` entries of the test sources.

Every test function carries a ``@prop(statement, group=..., evaluates=..., checks=..., against=...)`` decorator
(``tests/properties.py`` defines it and says what the fields mean). This module reads those entries from the
files ``tests/test_*.py`` with :mod:`ast`; it never imports the tests, so the pages depend on the test sources
only, not on what an import would set up (such as the Hypothesis profile in force). Hence the arguments of
``@prop`` must be literals, and the numbers the pages state are read from the sources too: the examples a
Hypothesis test draws under the ``ci`` profile are its own ``@settings(max_examples=...)`` or
``@examples(ci=...)`` (``tests/strategies.py``: fewer under ``ci`` only), else those of the ``ci`` profile as
``tests/conftest.py`` registers it. ``tests/test_registry.py`` checks that what is read here is what the
decorators register.

The sections of the pages (:data:`GROUPS`) are data, in ``catalogue/verification.toml``.
"""

from __future__ import annotations

import ast
import fnmatch
import importlib
import inspect
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import ROOT
from .register import fold

TESTS_DIR = ROOT / "tests"
CONFTEST = TESTS_DIR / "conftest.py"
SECTIONS_FILE = Path(__file__).resolve().parent / "verification.toml"
FRAGMENT = "properties.md"


def _sections() -> dict[str, tuple[str, str]]:
    data = tomllib.loads(SECTIONS_FILE.read_text(encoding="utf-8"))
    return {key: (fold(s["title"]), fold(s["intro"])) for key, s in data["sections"].items()}


#: section key -> (title, one-paragraph introduction), in page order
GROUPS: dict[str, tuple[str, str]] = _sections()


@dataclass(frozen=True)
class Property:
    """What one test function checks (``tests/properties.py`` describes the fields)."""

    statement: str
    group: str
    evaluates: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    against: str | None = None


@dataclass(frozen=True)
class Registered:
    """A test function as its source shows it: its property, and the work the ``ci`` profile does for it."""

    module: str
    name: str
    entry: Property | None
    examples: int | None  # Hypothesis examples per run (per case when parametrized); None if not a Hypothesis test
    parametrized: bool

    @property
    def node(self) -> str:
        return f"tests/{self.module}.py::{self.name}"


class SourceError(ValueError):
    """A test source cannot be read statically; the message names the file or test and what is wrong."""


# ------------------------------------------------------------------------------------------------ reading
def _called(node: ast.expr) -> str:
    """The last name of what a decorator calls or names (``prop``, ``given``, ``parametrize``, ``settings``)."""
    target = node.func if isinstance(node, ast.Call) else node
    while isinstance(target, ast.Call):
        target = target.func
    return target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")


def _keyword(call: ast.expr, name: str) -> ast.expr | None:
    return next((k.value for k in getattr(call, "keywords", []) if k.arg == name), None)


def ci_examples(conftest: Path = CONFTEST) -> int:
    """``max_examples`` of the ``ci`` Hypothesis profile, read from its ``register_profile("ci", ...)`` call."""
    for node in ast.walk(ast.parse(conftest.read_text(encoding="utf-8"), str(conftest))):
        if (isinstance(node, ast.Call) and _called(node) == "register_profile" and node.args
                and isinstance(node.args[0], ast.Constant) and node.args[0].value == "ci"):
            value = _keyword(node, "max_examples")
            if isinstance(value, ast.Constant) and type(value.value) is int:
                return value.value
    raise SourceError(f"{conftest}: no register_profile('ci', ..., max_examples=<number>) found; the verification "
                      "pages state the examples of the ci profile from there")


def _literal(node: ast.expr, where: str) -> object:
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise SourceError(f"{where}: the arguments of @prop(...) must be literals, because the verification pages "
                          f"read them from the source; `{ast.unparse(node)}` is not one") from None


def _as_tuple(value: object) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _property(call: ast.Call, where: str) -> Property:
    if len(call.args) != 1:
        raise SourceError(f"{where}: @prop(...) takes the statement as its only positional argument")
    fields = {k.arg: _literal(k.value, where) for k in call.keywords}
    unknown = sorted(set(fields) - {"group", "evaluates", "checks", "against"})
    if unknown:
        raise SourceError(f"{where}: @prop(...) has no argument(s) {unknown}")
    return Property(str(_literal(call.args[0], where)).strip(), fields.get("group", ""),
                    _as_tuple(fields.get("evaluates", ())), _as_tuple(fields.get("checks", ())),
                    fields.get("against"))


def read_module(path: Path, default_examples: int) -> list[Registered]:
    """The test functions defined at the top of one test module, in source order."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
             for target in node.targets if isinstance(target, ast.Name)}
    found = []
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or not node.name.startswith("test_"):
            continue
        where = f"tests/{path.stem}.py::{node.name}"
        entry, hypothesis, own, parametrized = None, False, None, False
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Name) and decorator.id in names:  # e.g. FITS = settings(max_examples=15)
                decorator = names[decorator.id]
            called = _called(decorator)
            keyword = "ci" if called == "examples" else "max_examples"
            if called == "prop" and isinstance(decorator, ast.Call):
                entry = _property(decorator, where)
            elif called == "given":
                hypothesis = True
            elif (called, keyword) in (("settings", "max_examples"), ("examples", "ci")) \
                    and _keyword(decorator, keyword) is not None:  # examples(ci=n): tests/strategies.py
                value = _keyword(decorator, keyword)
                if not (isinstance(value, ast.Constant) and type(value.value) is int):
                    raise SourceError(f"{where}: {keyword} must be a number written in the source")
                own = value.value
            elif called in ("parametrize", "parametrize_with_checks"):
                parametrized = True
        examples = (own or default_examples) if hypothesis else None
        found.append(Registered(path.stem, node.name, entry, examples, parametrized))
    return found


def read_suite(tests_dir: Path = TESTS_DIR) -> list[Registered]:
    """Every test function of every test module (``test_*.py``, by name), in source order."""
    default = ci_examples(tests_dir / "conftest.py")
    return [r for path in sorted(tests_dir.glob("test_*.py")) for r in read_module(path, default)]


# ---------------------------------------------------------------------------------------------- checks
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


def unresolved(entry: Property, derivation_results: dict[str, set[str]]) -> list[str]:
    """References in ``entry`` that do not exist: unknown derivation slugs or results (a result may be a
    pattern such as ``e*_right``, which must match at least one), unknown names."""
    problems = []
    for ref in entry.evaluates:
        slug, _, result = ref.partition(":")
        if slug not in derivation_results:
            problems.append(f"evaluates {ref!r}: no derivation has slug {slug!r}")
        elif result and not fnmatch.filter(derivation_results[slug], result):
            problems.append(f"evaluates {ref!r}: derivation {slug!r} records no result {result!r}")
    for name in entry.checks:
        if resolve(name) is None:
            problems.append(f"checks {name!r}: not found in regprior")
    return problems


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
    return ["<!-- Generated by `python -m catalogue` from the @prop entries of the test sources "
            "(read by catalogue/verification.py). Do not edit. -->", ""]


def render_summary(registered: list[Registered], ci: int) -> str:
    """The verification page's overview: totals and one row per section with its counts."""
    hypothesis = [r for r in registered if r.examples is not None]
    lines = _header() + [
        f"The suite has **{_count(len(registered), 'test function')}**, "
        f"{_count(len(hypothesis), 'Hypothesis property', 'Hypothesis properties')} among them. Under the `ci` "
        f"profile each property draws at most {ci} examples per run, or the smaller number a test sets (Hypothesis "
        f"stops early when a strategy has fewer distinct values); "
        f"{_count(sum(r.parametrized for r in registered), 'test is', 'tests are')} parametrized and run once per "
        "case.",
        "",
        "| section | tests | Hypothesis properties |",
        "|---|---|---|",
    ]
    for key, (title, _) in GROUPS.items():
        members = [r for r in registered if r.entry and r.entry.group == key]
        properties = sum(r.examples is not None for r in members)
        lines.append(f"| {{doc}}`{title} </{group_pages()[key]}>` | {len(members)} | {properties} |")
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
            work = _count(r.examples, "example") + (" per case" if r.parametrized else "")
        else:
            work = "parametrized" if r.parametrized else ""
        details.append(f"`{r.node}`" + (f", {work}" if work else ""))
        lines += ["", "   " + "; ".join(details) + ".", ""]
    return "\n".join(lines).rstrip() + "\n"


def fragments() -> dict[str, str]:
    """The overview (``properties.md``) and one fragment per section (``properties-<section>.md``)."""
    from .site import DOCS, derivation_pages

    registered = read_suite()
    pages = derivation_pages()
    out = {FRAGMENT: render_summary(registered, ci_examples())}
    for key, docname in group_pages().items():
        page = DOCS / f"{docname}.md"
        if not page.is_file():
            raise FileNotFoundError(f"{page} is missing: every section of catalogue/verification.toml needs a page "
                                    f"that includes ../_generated/properties-{key}.md")
        out[f"properties-{key}.md"] = render_group(key, registered, pages)
    return out
