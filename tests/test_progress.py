"""Progress of the long loops, shown only when asked for (``verbose``), and what the lines say."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

import regprior as rp
from regprior._progress import check_verbose, progress
from tests.properties import prop


@prop(r"Without tqdm, `progress` prints a line at every tenth of the way (ten lines for 30 steps, at 3, 6, ..., 30; "
      r"one line per step for 5 steps), each `desc: done/total (seconds)` with the seconds since the loop began, "
      r"and yields every item in order; with `verbose=False` it returns the iterable itself and prints nothing; "
      r"`check_verbose` takes True/False and non-negative integers (0 is silent) and refuses anything else by name.",
      group="inputs", checks=())
def test_progress_lines_and_the_verbose_switch(capsys):
    started = time.perf_counter()
    items = list(progress(range(30), total=30, desc="sweeps", verbose=True))
    elapsed = time.perf_counter() - started
    assert items == list(range(30))
    lines = capsys.readouterr().err.splitlines()
    seconds = [float(re.search(r"\((\d+\.\d) s\)$", line).group(1)) for line in lines]
    assert all(0.0 <= s <= elapsed + 0.05 for s in seconds)  # the time since the loop began, to 0.1 s
    assert [re.sub(r" \(\d+\.\d s\)$", "", line) for line in lines] == [f"sweeps: {k}/30" for k in range(3, 31, 3)]
    assert all(re.fullmatch(r"sweeps: \d+/30 \(\d+\.\d s\)", line) for line in lines)
    list(progress(range(5), total=5, desc="folds", verbose=True))
    assert [line.split(" (")[0] for line in capsys.readouterr().err.splitlines()] == [f"folds: {k}/5"
                                                                                      for k in range(1, 6)]
    quiet = range(4)
    assert progress(quiet, total=4, desc="x", verbose=False) is quiet and capsys.readouterr().err == ""
    assert [check_verbose(v) for v in (True, False, np.True_, 0, 2, np.int64(1))] == [True, False, True, False,
                                                                                        True, True]
    for bad in (-1, 0.5, "yes", None):
        with pytest.raises(TypeError) as info:
            check_verbose(bad)
        assert str(info.value) == f"verbose must be True, False or a non-negative integer; got {bad!r}"


@prop(r"With `verbose=True` the Gibbs sampler reports each chain's sweeps as `bayesian_lasso_gibbs chain c/C` up to "
      r"its total (burn-in plus draws times thinning), and the paths report their strengths as `lasso_path` and "
      r"`elastic_net_path`; every one is silent by default.",
      group="inputs", checks=("bayesian_lasso_gibbs", "lasso_path", "elastic_net_path"))
def test_long_loops_report_their_progress(capsys):
    rng = np.random.default_rng(2)
    X = rng.standard_normal((20, 3))
    y = X @ np.array([1.0, 0.0, -1.0]) + rng.standard_normal(20)
    rp.bayesian_lasso_gibbs(X, y, 0.5, 1.0, n_samples=10, burn_in=5, thin=2, n_chains=2, random_state=0)
    rp.lasso_path(X, y, n_lams=4)
    assert capsys.readouterr().err == ""
    rp.bayesian_lasso_gibbs(X, y, 0.5, 1.0, n_samples=10, burn_in=5, thin=2, n_chains=2, random_state=0,
                            verbose=True)
    lasts = [line.split(" (")[0] for line in capsys.readouterr().err.splitlines() if line.endswith("s)")]
    assert "bayesian_lasso_gibbs chain 1/2: 25/25" in lasts and "bayesian_lasso_gibbs chain 2/2: 25/25" in lasts
    assert not any("chain 0/2" in line or "chain 3/2" in line for line in lasts)
    rp.lasso_path(X, y, n_lams=4, verbose=True)
    rp.elastic_net_path(X, y, n_lams=4, lam2=0.5, verbose=True)
    lines = [line.split(" (")[0] for line in capsys.readouterr().err.splitlines()]
    assert lines == [f"lasso_path: {k}/4" for k in range(1, 5)] + [f"elastic_net_path: {k}/4" for k in range(1, 5)]


@prop(r"With tqdm installed, `progress` hands the loop to `tqdm.auto.tqdm` with its total and description, drawing on "
      r"standard error, and returns the bar (a stand-in module records the call: tqdm is an optional dependency the "
      r"test environment does not install).",
      group="inputs", checks=())
def test_progress_uses_tqdm_when_installed(monkeypatch):
    import sys
    import types

    calls = []
    auto = types.ModuleType("tqdm.auto")
    auto.tqdm = lambda *args, **kwargs: calls.append((args, kwargs)) or "bar"
    monkeypatch.setitem(sys.modules, "tqdm", types.ModuleType("tqdm"))
    monkeypatch.setitem(sys.modules, "tqdm.auto", auto)
    loop = range(30)
    assert progress(loop, total=30, desc="sweeps", verbose=True) == "bar"
    assert calls == [((loop,), {"total": 30, "desc": "sweeps", "file": sys.stderr})]
    assert progress(loop, total=30, desc="sweeps", verbose=False) is loop and len(calls) == 1
