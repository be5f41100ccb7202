"""Time regprior against scikit-learn, skglm and celer at equal accuracy; write a Markdown report.

Usage (``make bench`` sets up the environment, peers included, and runs this)::

    python benchmarks/run.py [--repeats 7] [--out benchmarks/results.md]

Method, in short:

* **Equal accuracy.** For every lasso problem and method, the loosest tolerance from a fixed ladder
  whose coefficients pass the independent certificate of ``certify.py`` (relative gap <= 1e-6 for every
  point of a path) is found first; timings then use that tolerance. What a solver reports about itself
  is ignored.
* **Interleaved repeats.** Each repeat runs every method once, in turn, so that a slow spell of the
  shared machine hits all methods alike; the report gives the median and the min-max.
* **Compile time apart.** regprior's numba kernels are compiled and cached on disk before timing; the
  cold compile (empty cache, fresh process) and the warm start (cache present, fresh process) are
  measured separately.
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
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import scipy.linalg as sla

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.certify import relative_lasso_gap  # noqa: E402
from benchmarks.problems import lam_max, toeplitz_design  # noqa: E402

import regprior as rp  # noqa: E402

TARGET = 1e-6
TOL_LADDER = [1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6, 3e-7, 1e-7, 3e-8, 1e-8, 1e-9, 1e-10, 1e-11]


def _peers() -> dict[str, object]:
    """Import the peers that are installed; report the ones that are not."""
    found = {}
    for name in ("sklearn", "skglm", "celer"):
        try:
            found[name] = __import__(name)
        except Exception as exc:  # noqa: BLE001 - any import failure means "not available"
            found[name] = exc
    return found


# --------------------------------------------------------------------------------------------- methods
# A lasso method: (X, y, lams: decreasing canonical strengths, tol) -> coefs, shape (len(lams), p).


def regprior_lasso(precompute="auto"):
    def fit(X, y, lams, tol):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", rp.ConvergenceWarning)
            if lams.size == 1:
                return rp.lasso(X, y, lams[0], tol=tol, precompute=precompute).coef[None]
            return rp.lasso_path(X, y, lams, tol=tol, precompute=precompute).coefs
    return fit


def sklearn_lasso(precompute=False):
    from sklearn.exceptions import ConvergenceWarning as SkWarning
    from sklearn.linear_model import Lasso, lasso_path

    def fit(X, y, lams, tol):
        n = X.shape[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SkWarning)
            if lams.size == 1:
                model = Lasso(alpha=lams[0] / (2 * n), fit_intercept=False, tol=tol, max_iter=100_000,
                              precompute=precompute).fit(X, y)
                return model.coef_[None]
            _, coefs, _ = lasso_path(X, y, alphas=lams / (2 * n), tol=tol, max_iter=100_000, precompute=precompute)
            return coefs.T
    return fit


def celer_lasso():
    from celer import Lasso, celer_path

    def fit(X, y, lams, tol):
        n = X.shape[0]
        if lams.size == 1:
            return Lasso(alpha=lams[0] / (2 * n), fit_intercept=False, tol=tol, max_iter=1000).fit(X, y).coef_[None]
        _, coefs, _ = celer_path(X, y, "lasso", alphas=lams / (2 * n), tol=tol, max_iter=1000)
        return coefs.T
    return fit


def skglm_lasso(gram=False):
    from skglm import Lasso
    from skglm.penalties import L1
    from skglm.solvers import GramCD

    def fit(X, y, lams, tol):
        n = X.shape[0]
        coefs = []
        if gram:  # skglm's Gram-matrix solver for n >> p (it forms X^T X / n itself)
            w = np.zeros(X.shape[1])
            for lam in lams:
                solver = GramCD(tol=tol, max_iter=1000, fit_intercept=False)
                w = solver.solve(X, y, None, L1(lam / (2 * n)), w_init=w.copy())[0]
                coefs.append(w.copy())
            return np.array(coefs)
        model = Lasso(alpha=lams[0] / (2 * n), fit_intercept=False, tol=tol, max_iter=1000, warm_start=True)
        for lam in lams:
            model.alpha = lam / (2 * n)
            coefs.append(model.fit(X, y).coef_.copy())
        return np.array(coefs)
    return fit


# --------------------------------------------------------------------------------------------- timing
@dataclass
class Row:
    problem: str
    method: str
    tol: float | None = None
    times: list[float] = field(default_factory=list)
    note: str = ""

    def cells(self) -> tuple[str, str, str]:
        if not self.times:
            return "—", "—", self.note
        t = np.array(self.times)
        return f"{np.median(t):.4g}", f"{t.min():.4g}–{t.max():.4g}", self.note


def calibrate(fit: Callable, X, y, lams) -> tuple[float | None, str]:
    """Loosest tolerance whose every coefficient vector is certified within TARGET."""
    for tol in TOL_LADDER:
        try:
            coefs = fit(X, y, lams, tol)
        except Exception as exc:  # noqa: BLE001
            return None, f"failed: {type(exc).__name__}: {exc}"[:120]
        worst = max(relative_lasso_gap(X, y, c, lam) for c, lam in zip(coefs, lams))
        if worst <= TARGET:
            return tol, f"certified gap {worst:.1e}"
    return None, f"never certified (best {worst:.1e})"


def timed(fn: Callable) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def lasso_problems():
    X, y = toeplitz_design(200, 5000)
    top = lam_max(X, y)
    X2, y2 = toeplitz_design(5000, 500)
    from sklearn.datasets import load_diabetes

    Xd, yd = load_diabetes(return_X_y=True)
    Xd = (Xd - Xd.mean(axis=0)) / Xd.std(axis=0)
    yd = yd - yd.mean()
    return [
        ("lasso n=200 p=5000, λmax/100", X, y, np.array([top / 100])),
        ("lasso path n=200 p=5000, 100 λ to λmax/1000", X, y, top * np.geomspace(1, 1e-3, 100)),
        ("lasso n=5000 p=500, λmax/100", X2, y2, np.array([lam_max(X2, y2) / 100])),
        ("lasso path diabetes 442×10, 100 λ", Xd, yd, lam_max(Xd, yd) * np.geomspace(1, 1e-3, 100)),
    ]


def lasso_methods(peers, problem: str):
    methods = {"regprior": regprior_lasso()}
    if "5000 p=500" in problem:
        methods["regprior (precompute=True)"] = regprior_lasso(precompute=True)
    if not isinstance(peers["sklearn"], Exception):
        methods["scikit-learn"] = sklearn_lasso()
        if "5000 p=500" in problem:
            methods["scikit-learn (precompute=True)"] = sklearn_lasso(precompute=True)
    if not isinstance(peers["skglm"], Exception):
        methods["skglm"] = skglm_lasso()
        if "5000 p=500" in problem:
            methods["skglm GramCD"] = skglm_lasso(gram=True)
    if not isinstance(peers["celer"], Exception):
        methods["celer"] = celer_lasso()
    return methods


def run_lasso(peers, repeats: int) -> list[Row]:
    rows = []
    for problem, X, y, lams in lasso_problems():
        methods = lasso_methods(peers, problem)
        calibrated = {}
        for name, fit in methods.items():
            tol, note = calibrate(fit, X, y, lams)
            rows.append(Row(problem, name, tol, note=note))
            if tol is not None:
                calibrated[name] = (fit, tol, rows[-1])
        for _ in range(repeats):
            for name, (fit, tol, row) in calibrated.items():
                row.times.append(timed(lambda: fit(X, y, lams, tol)))
    return rows


def run_ridge(peers, repeats: int) -> list[Row]:
    rng = np.random.default_rng(0)
    rows = []
    X = rng.standard_normal((10_000, 1000))
    y = X @ rng.standard_normal(1000) + rng.standard_normal(10_000)
    lams = np.geomspace(1e-2, 1e4, 100)
    problem = "ridge n=10000 p=1000, 100 λ"
    cases = {
        "regprior ridge_path": lambda: rp.ridge_path(X, y, lams),
        "one Gram eigendecomposition (X⊤X, eigh)": lambda: sla.eigh(X.T @ X),
    }
    if not isinstance(peers["sklearn"], Exception):
        from sklearn.linear_model import Ridge

        cases["scikit-learn Ridge, 100 fits"] = lambda: [Ridge(alpha=a, fit_intercept=False).fit(X, y) for a in lams]
    reference = np.linalg.solve(X.T @ X + lams[0] * np.eye(1000), X.T @ y)
    error = np.abs(rp.ridge_path(X, y, lams[:1]).coefs[0] - reference).max()
    rows += _time_cases(problem, cases, repeats, {"regprior ridge_path": f"largest coefficient difference from a direct solve {error:.1e}"},
                        slow={"scikit-learn Ridge, 100 fits"})

    X = rng.standard_normal((1000, 10_000))
    y = X @ rng.standard_normal(10_000) * 0.01 + rng.standard_normal(1000)

    def scipy_solve():
        K = X @ X.T
        K.flat[:: 1001] += 1.0
        return X.T @ sla.solve(K, y, assume_a="pos")

    problem = "ridge n=1000 p=10000, one λ"
    cases = {"regprior ridge": lambda: rp.ridge(X, y, 1.0), "scipy solve(assume_a='pos'), n×n": scipy_solve}
    if not isinstance(peers["sklearn"], Exception):
        from sklearn.linear_model import Ridge

        cases["scikit-learn Ridge"] = lambda: Ridge(alpha=1.0, fit_intercept=False).fit(X, y)
    error = np.abs(rp.ridge(X, y, 1.0).coef - scipy_solve()).max()
    rows += _time_cases(problem, cases, repeats, {"regprior ridge": f"largest coefficient difference from scipy {error:.1e}"})
    return rows


def _time_cases(problem, cases, repeats, notes, slow=frozenset()):
    rows = {name: Row(problem, name, note=notes.get(name, "")) for name in cases}
    for name in cases:
        cases[name]()  # warm-up (BLAS threads, caches)
    for r in range(repeats):
        for name, fn in cases.items():
            if name in slow and r >= 1:
                continue  # one run of the minute-long baseline is enough to state its order
            rows[name].times.append(timed(fn))
    for name in slow:
        rows[name].note = (rows[name].note + "; " if rows[name].note else "") + "1 run"
    return list(rows.values())


def compile_times() -> dict[str, float]:
    """Seconds for `import regprior` + a first small lasso in a fresh process, with an empty and a warm cache."""
    code = ("import time; t = time.perf_counter(); import numpy as np, regprior as rp; "
            "X = np.eye(3); rp.lasso(X, np.ones(3), 0.1); rp.lasso_path(X, np.ones(3), n_lams=2); "
            "print(time.perf_counter() - t)")
    out = {}
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        for label in ("cold (empty numba cache)", "warm (cache on disk)"):
            proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
            out[label] = float(proc.stdout.strip())
    return out


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
    return {"cpu": cpu, "cores": str(os.cpu_count()), "python": platform.python_version(), "blas": blas,
            "platform": platform.platform()}


def versions(peers) -> dict[str, str]:
    import numba
    import scipy

    out = {"regprior": rp.__version__, "numpy": np.__version__, "scipy": scipy.__version__, "numba": numba.__version__}
    for name, mod in peers.items():
        out[name] = f"not available ({mod})" if isinstance(mod, Exception) else getattr(mod, "__version__", "?")
    return out


def report(rows, compile_s, mach, vers, repeats) -> str:
    lines = [
        "<!-- Written by benchmarks/run.py (make bench). Do not edit by hand; rerun it. -->",
        "",
        f"Run on {time.strftime('%Y-%m-%d')}: {mach['cpu']}, {mach['cores']} cores, Python {mach['python']}, "
        f"BLAS: {mach['blas']}.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in vers.items()) + ".",
        "",
        f"Times in seconds over {repeats} interleaved repeats. For the lasso every method ran at the loosest "
        f"tolerance whose coefficients pass the same independent certificate (relative duality gap ≤ {TARGET:g}, "
        "gap / (‖y‖²/n) in scikit-learn's normalization, at every point of a path); the tolerance found is listed.",
        "",
    ]
    by_problem: dict[str, list[Row]] = {}
    for row in rows:
        by_problem.setdefault(row.problem, []).append(row)
    for problem, group in by_problem.items():
        base = next((r for r in group if r.method.startswith("regprior") and r.times), None)
        lines += [f"**{problem}**", "", "| method | median | min–max | tol used | regprior / method | note |",
                  "|---|---|---|---|---|---|"]
        for row in group:
            median, spread, note = row.cells()
            ratio = (f"{np.median(base.times) / np.median(row.times):.2f}"
                     if base is not None and row.times and row is not base else "")
            tol = f"{row.tol:g}" if row.tol is not None else "—"
            lines.append(f"| {row.method} | {median} | {spread} | {tol} | {ratio} | {note} |")
        lines.append("")
    lines += ["**First call in a fresh process** (import + compile or load the numba kernels + a tiny fit)", "",
              "| numba cache | seconds |", "|---|---|"]
    lines += [f"| {k} | {v:.2f} |" for k, v in compile_s.items()]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.md"))
    parser.add_argument("--json", type=Path, default=None, help="also write the raw timings as JSON")
    args = parser.parse_args(argv)
    peers = _peers()
    compile_s = compile_times()
    rp.lasso(np.eye(3), np.ones(3), 0.1)  # load the compiled kernels before timing
    rows = run_lasso(peers, args.repeats) + run_ridge(peers, args.repeats)
    text = report(rows, compile_s, machine(), versions(peers), args.repeats)
    args.out.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in rows], indent=1), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
