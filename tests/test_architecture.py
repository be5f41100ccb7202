"""The package's floors: imports run one way, and no cycle closes.

``src/regprior`` is read as floors (:data:`FLOORS`); a module may import from its own subpackage and from lower
floors only. The symbolic side (SymPy) and the numeric side never import each other, so ``import regprior`` stays
free of SymPy. Outside the package: the derivations import the library, never the tests; the figures use the
public API only; and the package imports none of them. Imports inside functions count too (a deferred import is
still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.properties import prop

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "regprior"

#: the floor of each top-level part of the package; imports go to the same part or a lower floor
FLOORS = {
    "exceptions": 0,
    "_validation": 0,
    "_progress": 0,
    "_results": 0,
    "penalties": 1,
    "priors": 2,
    "datafits": 3,
    "conventions": 3,
    "solvers": 4,
    "posterior": 5,
    "selection": 5,
    "map_estimation": 6,
    "estimators": 7,
    "__init__": 8,
}
#: the symbolic side: SymPy only, no numeric module
SYMBOLIC = "symbolic"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Absolute names of the regprior modules ``path`` imports (anywhere in the file)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "regprior"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "regprior":
                continue
            # "from . import x" names a module x; "from .m import y" the module m
            names = [f"{target}.{alias.name}" for alias in node.names]
            found |= {name for name in names if _is_module(name)} or {target}
    return found


def _is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def package_graph() -> dict[str, set[str]]:
    return {_module_name(path): _imports(path) for path in PACKAGE.rglob("*.py")}


@prop("Inside `src/regprior` every import goes to the same part of the package or to a lower floor "
      "(validation, warnings, progress and result display, penalties, priors, datafits and conventions, solvers, "
      "posteriors/selection, MAP, estimators), the symbolic and numeric sides never import each other, and the import "
      "graph has no cycle.",
      group="machinery")
def test_imports_run_one_way_and_close_no_cycle():
    graph = package_graph()
    assert len(graph) > 30
    upward = []
    for module, targets in graph.items():
        source = _part(module)
        for target in targets:
            dest = _part(target)
            if source == dest:
                continue
            if SYMBOLIC in (source, dest):
                if source != SYMBOLIC and dest == SYMBOLIC:
                    upward.append(f"{module} -> {target} (numeric code importing SymPy models)")
                elif source == SYMBOLIC:
                    upward.append(f"{module} -> {target} (symbolic code importing numeric code)")
                continue
            if FLOORS[dest] >= FLOORS[source]:
                upward.append(f"{module} -> {target}")
    assert not upward, "imports that climb:\n" + "\n".join(sorted(upward))
    # no cycle, with package __init__ files counted as modules
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1 and nxt != node:
                raise AssertionError("import cycle: " + " -> ".join(trail + [node, nxt]))
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


def _top_level_imports(directory: Path) -> dict[Path, set[str]]:
    out = {}
    for path in directory.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
        out[path] = names
    return out


@prop("Outside the package, dependencies point down too: the derivations never import the tests, and they and the "
      "pitfalls page import from regprior only its symbolic side (the mutation run keeps their cached results for a "
      "mutant elsewhere); the figures use only regprior's public names (no private module), and the package imports "
      "none of derivations, figures, tests or benchmarks.", group="machinery")
def test_the_repository_depends_downward():
    problems = []
    for path, names in _top_level_imports(ROOT / "derivations").items():
        problems += [f"{path.relative_to(ROOT)} imports {n}" for n in names if n.split(".")[0] == "tests"]
    for directory in (ROOT / "derivations", ROOT / "catalogue" / "pitfalls"):
        for path, names in _top_level_imports(directory).items():
            problems += [f"{path.relative_to(ROOT)} imports {n}" for n in names
                         if n.split(".")[0] == "regprior" and not n.startswith("regprior.symbolic")]
    for path, names in _top_level_imports(ROOT / "figures").items():
        problems += [f"{path.relative_to(ROOT)} imports {n}" for n in names
                     if n.startswith("regprior.") and any(part.startswith("_") for part in n.split(".")[1:])]
    for path, names in _top_level_imports(PACKAGE).items():
        problems += [f"{path.relative_to(ROOT)} imports {n}" for n in names
                     if n.split(".")[0] in {"derivations", "figures", "tests", "benchmarks"}]
    assert not problems, "\n".join(sorted(problems))
