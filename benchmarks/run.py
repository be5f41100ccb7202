"""Time regprior against scikit-learn, skglm and celer at equal accuracy, quiet and busy; write the speed report.

Usage (``make bench`` sets up the environment, peers included, and runs this)::

    python benchmarks/run.py [--repeats 5] [--out benchmarks/results.md] [--json benchmarks/results.json]
                             [--only NAME ...] [--no-first-call]

The method (stated on the speed page, docs/benchmarks.md):

* **A tight reference.** For every problem and every strength, the reference objective is the lowest objective
  reached by the solvers run at tolerance 1e-13 (regprior) and 1e-12 (celer, or skglm when celer is missing),
  computed by ``problems.py``'s own formulas.
* **Equal accuracy by the objective.** Every method runs over its own tolerances, by decades from 1e-2 and then
  at 3x the first passing decade; the tolerance used is the loosest of those whose primal suboptimality
  ``P(w) - P*`` is at most ``eps * P(0)`` at every strength (``P(0) = ||y||^2`` for least squares, ``n log 2``
  for the logistic loss), for ``eps = 1e-6`` and, separately, ``eps = 1e-8``. No solver's own certificate is used.
* **Interleaved repeats, quiet and busy.** Each repeat runs every method once in turn; the repeats run once
  on the machine as it is ("quiet") and once with one process spinning on a core beside them ("busy", started
  and stopped by this script). The report gives medians and regprior's time over the fastest peer's.
* **First call.** ``import regprior`` and a first lasso in a new process, in this environment (an editable
  install, as ``make venv``) and in a bare virtual environment after ``pip install <this repository>``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import scipy.linalg as sla

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import methods as M  # noqa: E402
from benchmarks.problems import (Problem, diabetes, lasso_lam_max, logistic_design, logistic_lam_max,  # noqa: E402
                                 text_like_design, toeplitz_design)

import regprior as rp  # noqa: E402

TARGETS = (1e-6, 1e-8)
#: a method whose one run takes longer than this many seconds is timed once per condition
SLOW = 15.0
#: the tolerance ladder stops at a run this long that is still short of the first target (reported)
MAX_FIT = 30.0
GOAL = 0.5


def _peers() -> dict[str, object]:
    found = {}
    for name in ("sklearn", "skglm", "celer"):
        try:
            found[name] = __import__(name)
        except Exception as exc:  # noqa: BLE001 - any import failure means "not available"
            found[name] = exc
    return found


def _has(peers, name) -> bool:
    return not isinstance(peers[name], Exception)


# ------------------------------------------------------------------------------------------------ workloads
def problems(only: set[str] | None) -> list[Problem]:
    out = []

    def add(name, build):
        if only is None or any(key in name for key in only):
            out.append(build())

    def toeplitz_single():
        X, y = toeplitz_design(200, 5000)
        return Problem("lasso n=200 p=5000, λmax/100", "lasso", X, y, np.array([lasso_lam_max(X, y) / 100]))

    def toeplitz_path():
        X, y = toeplitz_design(200, 5000)
        return Problem("lasso path n=200 p=5000 ρ=0.5, 100 λ to λmax/1000", "lasso", X, y,
                       lasso_lam_max(X, y) * np.geomspace(1, 1e-3, 100))

    def iid_path():
        X, y = toeplitz_design(200, 5000, rho=0.0)
        return Problem("lasso path n=200 p=5000 i.i.d., 100 λ to λmax/1000", "lasso", X, y,
                       lasso_lam_max(X, y) * np.geomspace(1, 1e-3, 100))

    def tall():
        X, y = toeplitz_design(5000, 500)
        return Problem("lasso n=5000 p=500, λmax/100", "lasso", X, y, np.array([lasso_lam_max(X, y) / 100]))

    def diabetes_path():
        X, y = diabetes()
        return Problem("lasso path diabetes 442×10, 100 λ", "lasso", X, y,
                       lasso_lam_max(X, y) * np.geomspace(1, 1e-3, 100))

    def enet_path():
        X, y = toeplitz_design(200, 5000)
        lams = lasso_lam_max(X, y) * np.geomspace(1, 1e-3, 100)
        return Problem("elastic-net path n=200 p=5000, l1_ratio 0.5, 100 λ", "enet", X, y, lams, lams2=lams / 2)

    def sparse_path():
        X, y = text_like_design()
        return Problem("sparse lasso path 2000×50000 CSR (0.1%), 50 λ to λmax/100", "lasso", X, y,
                       lasso_lam_max(X, y) * np.geomspace(1, 1e-2, 50))

    def logistic_path():
        X, y = logistic_design()
        return Problem("ℓ1-logistic path n=500 p=5000, 50 λ to λmax/100", "logistic", X, y,
                       logistic_lam_max(X, y) * np.geomspace(1, 1e-2, 50))

    def cv(name, X, y):
        from sklearn.model_selection import KFold

        folds = list(KFold(5).split(X))
        Xc = X - X.mean(axis=0)
        top = lasso_lam_max(Xc, y - y.mean()) * (len(folds[0][0]) / len(y))  # the grid LassoCV would build, per fold
        return Problem(name, "cv", X, y, top * np.geomspace(1, 1e-3, 100), extra={"folds": folds})

    # quickest first: an interrupted run still reports the problems it finished
    add("lasso path diabetes", diabetes_path)
    add("5-fold CV lasso, diabetes",
        lambda: cv("5-fold CV lasso, diabetes 440×10, 100 λ", *[a[:440] for a in diabetes()]))
    add("lasso n=5000 p=500", tall)
    add("lasso n=200 p=5000, λmax/100", toeplitz_single)
    add("sparse lasso path", sparse_path)
    add("lasso path n=200 p=5000 ρ=0.5", toeplitz_path)
    add("lasso path n=200 p=5000 i.i.d.", iid_path)
    add("elastic-net path", enet_path)
    add("ℓ1-logistic path", logistic_path)
    add("5-fold CV lasso, n=200", lambda: cv("5-fold CV lasso, n=200 p=5000, 100 λ", *toeplitz_design(200, 5000)))
    return out


def methods_for(problem: Problem, peers) -> dict[str, Callable]:
    """name -> fit(tol) -> coefs (or, for CV, a pair: the fold-path fit for calibration and the CV run)."""
    X, y, lams, lams2 = problem.X, problem.y, problem.lams, problem.lams2
    if problem.kind in ("lasso", "enet"):
        table = {"regprior": M.regprior_lasso()}
        if _has(peers, "sklearn"):
            table["scikit-learn"] = M.sklearn_lasso()
            if "5000 p=500" in problem.name:
                table["scikit-learn (precompute=True)"] = M.sklearn_lasso(precompute=True)
        if _has(peers, "celer"):
            table["celer"] = M.celer_lasso()
        if _has(peers, "skglm"):
            table["skglm"] = M.skglm_lasso()
            if "5000 p=500" in problem.name:
                table["skglm GramCD"] = M.skglm_lasso(gram=True)
        return {name: (lambda tol, fit=fit: fit(X, y, lams, lams2, tol)) for name, fit in table.items()}
    if problem.kind == "logistic":
        table = {"regprior": M.regprior_logistic()}
        if _has(peers, "sklearn"):
            table["scikit-learn liblinear"] = M.sklearn_logistic("liblinear")
            table["scikit-learn saga"] = M.sklearn_logistic("saga")
        if _has(peers, "celer"):
            table["celer"] = M.celer_logistic()
        if _has(peers, "skglm"):
            table["skglm"] = M.skglm_logistic()
        return {name: (lambda tol, fit=fit: fit(X, y, lams, tol)) for name, fit in table.items()}
    # cross-validation: calibrate on the fold paths each routine solves, time the routine itself
    folds = problem.extra["folds"]
    centred = M.centred_folds(X, y, folds)
    pairs = {"regprior lasso_cv": (M.regprior_lasso(), M.regprior_cv())}
    if _has(peers, "sklearn"):
        pairs["scikit-learn LassoCV"] = (M.sklearn_lasso(), M.sklearn_cv())
    if _has(peers, "celer"):
        pairs["celer LassoCV"] = (M.celer_lasso(), M.celer_cv())
    out = {}
    for name, (path_fit, cv_fit) in pairs.items():
        def calibrate(tol, path_fit=path_fit):
            return np.concatenate([path_fit(Xf, yf, lams, None, tol) for Xf, yf in centred])
        out[name] = (calibrate, lambda tol, cv_fit=cv_fit: cv_fit(X, y, lams, folds, tol))
    return out


def cv_problem_objectives(problem: Problem, coefs: np.ndarray) -> np.ndarray:
    """Objectives of stacked fold paths (fold after fold, each along the strengths)."""
    centred = M.centred_folds(problem.X, problem.y, problem.extra["folds"])
    k = problem.lams.size
    return np.concatenate([Problem("", "lasso", Xf, yf, problem.lams).objectives(coefs[i * k:(i + 1) * k])
                           for i, (Xf, yf) in enumerate(centred)])


def cv_scale(problem: Problem) -> float:
    return min(float(yf @ yf) for _, yf in M.centred_folds(problem.X, problem.y, problem.extra["folds"]))


# ------------------------------------------------------------------------------------------------ machinery
@dataclass
class Row:
    problem: str
    method: str
    tols: dict = field(default_factory=dict)        # target -> tolerance found (None: never)
    reached: dict = field(default_factory=dict)     # target -> worst suboptimality / P(0) at that tolerance
    quiet: dict = field(default_factory=dict)       # target -> list of seconds
    busy: dict = field(default_factory=dict)
    note: str = ""


class Spinner:
    """One process spinning on a core while the busy timings run."""

    def __enter__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", "while True:\n    pass"])
        time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        self.proc.kill()
        self.proc.wait()


def timed(fn: Callable) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def reference(problem: Problem, table, objectives: Callable) -> tuple[np.ndarray, str]:
    """The lowest objective per strength among the tightly converged solvers, and which they were."""
    candidates = {}
    for name, tol in (("regprior", 1e-13), ("celer", 1e-12), ("skglm", 1e-12)):
        key = next((k for k in table if k.startswith(name)), None)
        if key is None or (name == "skglm" and any(k.startswith("celer") for k in candidates)):
            continue
        fit = table[key][0] if isinstance(table[key], tuple) else table[key]
        try:
            candidates[f"{key} at tol {tol:g}"] = objectives(fit(tol))
        except Exception as exc:  # noqa: BLE001
            print(f"  reference {key}: {type(exc).__name__}: {exc}", file=sys.stderr)
    best = np.min(np.array(list(candidates.values())), axis=0)
    return best, " and ".join(candidates)


def calibrate(fit: Callable, objectives: Callable, best: np.ndarray, scale: float) -> tuple[dict, dict, str]:
    """For each target: the loosest tolerance of the ladder whose worst suboptimality is within target * scale.

    The ladder is searched by decades first (1e-2, 1e-3, ...) and then at 3x the first passing decade, so a method
    needing 1e-6 costs six runs, not nine; every run is kept for both targets.
    """
    worst_at: dict[float, float] = {}
    note = ""

    def worst(tol):
        nonlocal note
        if tol not in worst_at:
            start = time.perf_counter()
            coefs = fit(tol)
            seconds = time.perf_counter() - start
            worst_at[tol] = float(np.max(objectives(coefs) - best)) / scale
            if worst_at[tol] > TARGETS[0] and seconds > MAX_FIT:
                note = (f"calibration stopped: at tol {tol:g} one run took {seconds:.0f} s, suboptimality "
                        f"{worst_at[tol]:.1e}·P(0)")
                raise TimeoutError
        return worst_at[tol]

    tols, reached = {}, {}
    decades = [10.0**-k for k in range(2, 13)]
    try:
        for target in TARGETS:
            passing = next((d for d in decades if worst(d) <= target), None)
            if passing is None:
                continue
            loosest = 3 * passing
            if loosest < 1e-2 and worst(loosest) <= target:
                passing = loosest
            tols[target], reached[target] = passing, worst_at[passing]
    except TimeoutError:
        pass
    except Exception as exc:  # noqa: BLE001
        note = f"failed: {type(exc).__name__}: {exc}"[:160]
    return tols, reached, note


def run_problem(problem: Problem, peers, repeats: int) -> list[Row]:
    print(f"== {problem.name}", file=sys.stderr, flush=True)
    table = methods_for(problem, peers)
    if problem.kind == "cv":
        objectives, scale = (lambda c: cv_problem_objectives(problem, c)), cv_scale(problem)
    else:
        objectives, scale = problem.objectives, problem.scale()
    best, how = reference(problem, table, objectives)
    rows = []
    runners = {}
    for name, entry in table.items():
        fit, run = entry if isinstance(entry, tuple) else (entry, entry)
        tols, reached, note = calibrate(fit, objectives, best, scale)
        row = Row(problem.name, name, {str(k): v for k, v in tols.items()}, {str(k): v for k, v in reached.items()},
                  note=note)
        print(f"  {name}: tolerances {tols} {note}", file=sys.stderr, flush=True)
        rows.append(row)
        runners[name] = (run, tols, row)
    for condition in ("quiet", "busy"):
        context = Spinner() if condition == "busy" else _Null()
        with context:
            slow = set()
            for r in range(repeats):
                for name, (run, tols, row) in runners.items():
                    for target, tol in tols.items():
                        if (name, target) in slow and r > 0:
                            continue
                        try:
                            seconds = timed(lambda run=run, tol=tol: run(tol))
                        except Exception as exc:  # noqa: BLE001 - a peer's incompatibility is reported, not fatal
                            row.note = f"failed: {type(exc).__name__}: {exc}"[:160]
                            slow.add((name, target))
                            continue
                        getattr(row, condition).setdefault(str(target), []).append(seconds)
                        if seconds > SLOW:
                            slow.add((name, target))
    for row in rows:
        row.note = "; ".join(filter(None, [row.note, f"reference: {how}" if row is rows[0] else ""]))
    return rows


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def run_ridge(peers, repeats: int) -> list[Row]:
    """Ridge: 100 strengths from one eigendecomposition against the eigendecomposition itself; one strength with
    p > n against SciPy's solve and scikit-learn (exact solvers: no tolerance to calibrate)."""
    rng = np.random.default_rng(0)
    rows = []
    X = rng.standard_normal((10_000, 1000))
    y = X @ rng.standard_normal(1000) + rng.standard_normal(10_000)
    lams = np.geomspace(1e-2, 1e4, 100)
    cases = {"regprior ridge_path": lambda: rp.ridge_path(X, y, lams),
             "one Gram eigendecomposition (X⊤X, eigh)": lambda: sla.eigh(X.T @ X)}
    if _has(peers, "sklearn"):
        from sklearn.linear_model import Ridge

        cases["scikit-learn Ridge, 100 fits"] = lambda: [Ridge(alpha=a, fit_intercept=False).fit(X, y) for a in lams]
    rows += _time_cases("ridge n=10000 p=1000, 100 λ", cases, repeats, slow={"scikit-learn Ridge, 100 fits"})
    X = rng.standard_normal((1000, 10_000))
    y = X @ rng.standard_normal(10_000) * 0.01 + rng.standard_normal(1000)

    def scipy_solve():
        K = X @ X.T
        K.flat[:: 1001] += 1.0
        return X.T @ sla.solve(K, y, assume_a="pos")

    cases = {"regprior ridge": lambda: rp.ridge(X, y, 1.0), "scipy solve(assume_a='pos'), n×n": scipy_solve}
    if _has(peers, "sklearn"):
        from sklearn.linear_model import Ridge

        cases["scikit-learn Ridge"] = lambda: Ridge(alpha=1.0, fit_intercept=False).fit(X, y)
    rows += _time_cases("ridge n=1000 p=10000, one λ", cases, repeats)
    return rows


def _time_cases(problem, cases, repeats, slow=frozenset()) -> list[Row]:
    rows = {name: Row(problem, name, tols={"exact": None}) for name in cases}
    for name in cases:
        cases[name]()  # warm-up
    for condition in ("quiet", "busy"):
        with (Spinner() if condition == "busy" else _Null()):
            for r in range(repeats):
                for name, fn in cases.items():
                    if name in slow and r > 0:
                        continue
                    getattr(rows[name], condition).setdefault("exact", []).append(timed(fn))
    return list(rows.values())


# ---------------------------------------------------------------------------------------------- first call
FIRST_CALL = ("import time; t = time.perf_counter(); import numpy as np, regprior as rp; "
              "rng = np.random.default_rng(0); X = rng.standard_normal((50, 20)); y = X[:, 0] + "
              "rng.standard_normal(50); rp.lasso(X, y, 10.0); print(time.perf_counter() - t)")


def first_call(python: str, runs: int = 5) -> list[float]:
    out = []
    for _ in range(runs):
        proc = subprocess.run([python, "-c", FIRST_CALL], capture_output=True, text=True, check=True,
                              cwd=tempfile.gettempdir())
        out.append(float(proc.stdout.strip().splitlines()[-1]))
    return out


def first_call_bare() -> tuple[list[float], str]:
    """A bare virtual environment, ``pip install <this repository>``, then the first call (5 new processes)."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = str(venv / "bin" / "python")
        start = time.perf_counter()
        proc = subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            return [], f"pip install failed: {proc.stderr.strip()[-300:]}"
        installed = time.perf_counter() - start
        return first_call(python), f"pip install took {installed:.0f} s"


# -------------------------------------------------------------------------------------------------- report
def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from threadpoolctl import threadpool_info

        blas = ", ".join(f"{i['internal_api']} {i['version']} ({i['num_threads']} threads)" for i in threadpool_info())
    except Exception:  # noqa: BLE001
        blas = "unknown"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {"cpu": cpu, "cores": str(os.cpu_count()), "python": platform.python_version(), "blas": blas,
            "load": f"{load:.1f}"}


def versions(peers) -> dict[str, str]:
    import scipy

    out = {"regprior": rp.__version__, "numpy": np.__version__, "scipy": scipy.__version__}
    for name, mod in peers.items():
        out[name] = f"not available ({mod})" if isinstance(mod, Exception) else getattr(mod, "__version__", "?")
    return out


def _median(times) -> float | None:
    return float(np.median(times)) if times else None


def _fmt(seconds) -> str:
    return "—" if seconds is None else f"{seconds:.3g}"


def report(rows: list[Row], first: dict, mach, vers, repeats, elapsed) -> str:
    lines = [
        "<!-- Written by benchmarks/run.py (make bench). Do not edit by hand; rerun it. -->",
        "",
        f"Run on {time.strftime('%Y-%m-%d')}: {mach['cpu']}, {mach['cores']} cores, Python {mach['python']}, "
        f"BLAS: {mach['blas']}; load average {mach['load']} when the report was written; the run took "
        f"{elapsed / 60:.0f} min.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in vers.items()) + ".",
        "",
        f"Medians of {repeats} interleaved repeats, in seconds; *busy* is with one process spinning on a core "
        "beside the run. *tol* is the loosest tolerance of the method's own at which its primal suboptimality is at "
        "most ε·P(0) at every strength (ε = 1e-6 in the first columns, 1e-8 in the last); *ratio* is regprior's time "
        f"over the fastest peer's at the same ε (the goal is ≤ {GOAL}).",
        "",
    ]
    by_problem: dict[str, list[Row]] = {}
    for row in rows:
        by_problem.setdefault(row.problem, []).append(row)
    summary = []
    for problem, group in by_problem.items():
        exact = "exact" in group[0].tols
        lines += [f"**{problem}**", ""]
        if exact:
            lines += ["| method | quiet | busy | quiet / eigh or solve | busy / eigh or solve |",
                      "|---|---|---|---|---|"]
            base = group[1]
            for row in group:
                q, b = _median(row.quiet.get("exact")), _median(row.busy.get("exact"))
                rq = "" if row is base or q is None else f"{q / _median(base.quiet['exact']):.2f}"
                rb = "" if row is base or b is None else f"{b / _median(base.busy['exact']):.2f}"
                lines.append(f"| {row.method} | {_fmt(q)} | {_fmt(b)} | {rq} | {rb} |")
            lines.append("")
            continue
        lines += ["| method | tol (1e-6) | quiet | busy | busy / quiet | tol (1e-8) | quiet | busy | note |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for row in group:
            cells = []
            for target in map(str, TARGETS):
                tol = row.tols.get(target)
                q, b = _median(row.quiet.get(target)), _median(row.busy.get(target))
                cells.append([("—" if tol is None else f"{tol:g}"), _fmt(q), _fmt(b),
                              "" if q is None or b is None else f"{b / q:.2f}"])
            lines.append(f"| {row.method} | {' | '.join(cells[0])} | {' | '.join(cells[1][:3])} | {row.note} |")
        for target in map(str, TARGETS):
            ours = next((r for r in group if r.method.startswith("regprior")), None)
            for condition in ("quiet", "busy"):
                peers = [(_median(getattr(r, condition).get(target)), r.method) for r in group
                         if r is not ours and _median(getattr(r, condition).get(target)) is not None]
                mine = None if ours is None else _median(getattr(ours, condition).get(target))
                if peers and mine is not None:
                    fastest, who = min(peers)
                    summary.append((problem, target, condition, mine / fastest, who))
        lines.append("")
    lines += ["**regprior over the fastest peer** (goal ≤ 0.5)", "",
              "| problem | ε | quiet | busy | fastest peer (quiet) |", "|---|---|---|---|---|"]
    keyed = {}
    for problem, target, condition, ratio, who in summary:
        keyed.setdefault((problem, target), {})[condition] = (ratio, who)
    for (problem, target), cells in keyed.items():
        q, b = cells.get("quiet", (None, "")), cells.get("busy", (None, ""))
        lines.append(f"| {problem} | {float(target):g} | {'' if q[0] is None else f'{q[0]:.2f}'} | "
                     f"{'' if b[0] is None else f'{b[0]:.2f}'} | {q[1]} |")
    lines += ["", "**First call in a new process** (`import regprior` and a first lasso; five processes)", "",
              "| environment | median s | max s | note |", "|---|---|---|---|"]
    for label, (times, note) in first.items():
        lines.append(f"| {label} | {_fmt(_median(times))} | {_fmt(max(times) if times else None)} | {note} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.md"))
    parser.add_argument("--json", type=Path, default=Path(__file__).with_name("results.json"))
    parser.add_argument("--only", nargs="*", default=None,
                        help="run only the problems whose name contains one of these")
    parser.add_argument("--no-ridge", action="store_true")
    parser.add_argument("--no-first-call", action="store_true")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    peers = _peers()
    first = {}
    if not args.no_first_call:
        first["this environment (editable install, as make venv)"] = (first_call(sys.executable), "")
        times, note = first_call_bare()
        first["bare virtual environment after pip install <clone>"] = (times, note)
    rp.lasso(np.eye(3), np.ones(3), 0.1)
    rows = []

    def write():  # after every problem, so that an interrupted run leaves what it measured
        text = report(rows, first, machine(), versions(peers), args.repeats, time.perf_counter() - start)
        args.out.write_text(text, encoding="utf-8")
        args.json.write_text(json.dumps({"rows": [asdict(r) for r in rows], "first_call": first}, indent=1),
                             encoding="utf-8")
        return text

    for problem in problems(set(args.only) if args.only else None):
        rows += run_problem(problem, peers, args.repeats)
        write()
    if not args.no_ridge and not args.only:
        rows += run_ridge(peers, args.repeats)
    print(write())
    return 0


if __name__ == "__main__":
    sys.exit(main())
