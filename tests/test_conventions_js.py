"""The site's JavaScript formulas (docs/_static/conventions.js) compute what the Python ones compute.

Both are printed from the same SymPy expressions; this runs the JavaScript in node once, on a batch of
inputs drawn across many orders of magnitude, and compares every result with the generated Python.
node is installed wherever the tests run (the docs' MathJax is installed with npm); this test never skips.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from regprior.conventions import _formulas as generated
from tests.properties import prop

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "_static" / "conventions.js"
RUNNER = Path(__file__).resolve().parent / "conventions_node_runner.js"
DRAWS_PER_FORMULA = 60


def _draw(rng: np.random.Generator, name: str, domains: dict[str, str]) -> float | int:
    """One input value: log-uniform over 1e-6..1e6, the unit interval for mixing shares, integers for n."""
    if name == "n_samples":
        return int(rng.integers(1, 10**7))
    if domains.get(name) == "unit_interval":
        return float(rng.choice([0.0, 1.0])) if rng.random() < 0.1 else float(rng.random())
    if rng.random() < 0.05 and domains.get(name) != "positive" and name not in ("noise_sd", "laplace_scale",
                                                                                   "gaussian_sd"):
        return 0.0
    return float(10 ** rng.uniform(-6, 6))


def _tasks():
    rng = np.random.default_rng(20260722)
    tasks = []
    for lib, directions in generated.FORMULAS.items():
        domains = generated.LIBRARIES[lib]["parameters"]
        for direction, outputs in directions.items():
            for output, (args, _) in outputs.items():
                for _ in range(DRAWS_PER_FORMULA):
                    tasks.append(("FORMULAS", [lib, direction, output], [_draw(rng, a, domains) for a in args]))
    for name, (args, _) in generated.SHARED.items():
        for _ in range(DRAWS_PER_FORMULA):
            tasks.append(("SHARED", [name], [_draw(rng, a, {}) for a in args]))
    return tasks


def _python(table: str, path: list[str], args: list) -> float:
    node = getattr(generated, table)
    for key in path:
        node = node[key]
    try:
        return float(node[1](*args))
    except ZeroDivisionError:  # JavaScript gives Infinity or NaN where Python raises
        return math.nan


def _decode(value) -> float:
    return float(value) if isinstance(value, str) else value


def _run_node(tasks) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH; install Node.js (the docs' MathJax is installed with npm, so it comes along)")
    request = {"script": str(SCRIPT), "tasks": [{"table": t, "path": p, "args": a} for t, p, a in tasks]}
    result = subprocess.run([node, str(RUNNER)], input=json.dumps(request), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@prop(r"The site's JavaScript conversion formulas, run in node on 60 inputs per formula drawn log-uniformly from "
      r"$10^{-6}$ to $10^{6}$ (with zeros, the ends of $[0, 1]$ for mixing shares, and sample counts up to $10^7$), "
      r"give the generated Python's values to relative $10^{-12}$, and a non-finite value wherever the Python "
      r"divides by zero.",
      group="machinery", checks=("symbolic.codegen.javascript_module", "symbolic.codegen.python_module"),
      against="node running docs/_static/conventions.js")
def test_javascript_formulas_agree_with_python_on_a_drawn_batch():
    tasks = _tasks()
    output = _run_node(tasks)
    assert len(output["results"]) == len(tasks) > 1000
    mismatches = []
    for (table, path, args), js in zip(tasks, output["results"]):
        py, js = _python(table, path, args), _decode(js)
        if math.isnan(py):
            ok = not math.isfinite(js)  # 0/0 or x/0: both sides refuse to give a number
        else:
            ok = js == py or math.isclose(js, py, rel_tol=1e-12, abs_tol=0.0)
        if not ok:
            mismatches.append((path, args, py, js))
    assert not mismatches, mismatches[:5]


@prop(r"The site's JavaScript describes the same libraries (parameters, domains, needed inputs) and gives every "
      r"formula the same argument list as the generated Python.",
      group="machinery", checks=("symbolic.codegen.javascript_module", "symbolic.codegen.python_module"),
      against="node running docs/_static/conventions.js")
def test_javascript_describes_the_same_libraries_and_signatures():
    output = _run_node([])
    assert output["libraries"] == json.loads(json.dumps(generated.LIBRARIES))
    python_signatures = {
        "|".join((lib, d, out)): list(args)
        for lib, directions in generated.FORMULAS.items() for d, outputs in directions.items()
        for out, (args, _) in outputs.items()
    }
    assert output["signatures"]["FORMULAS"] == python_signatures
    assert output["signatures"]["SHARED"] == {name: list(args) for name, (args, _) in generated.SHARED.items()}
