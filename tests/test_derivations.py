"""The derivation machinery: every derivation builds (so every step's check passed), a wrong step is
refused, and ``python -m derivations --check`` detects a stale fragment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp

import derivations
from derivations import __main__ as cli
from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, DerivationError
from regprior.symbolic.symbols import b, sigma, sigma_w

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", derivations.MODULES)
def test_every_derivation_builds_with_all_checks_passing(name):
    d = __import__(f"derivations.{name}", fromlist=["derivation"]).derivation()
    checked = [s for s in d.steps if s.checked]
    assert checked, f"{name} has no checked step"
    assert all(s.label is None or s.label.startswith(d.slug) for s in d.steps)


def test_derived_strengths_are_the_canonical_ones():
    from derivations import gaussian_l2, laplace_l1

    assert sp.simplify(gaussian_l2.derivation().results["lam"] - sigma**2 / sigma_w**2) == 0
    assert sp.simplify(laplace_l1.derivation().results["lam"] - 2 * sigma**2 / b) == 0
    for mod in (gaussian_l2, laplace_l1):
        assert sp.simplify(mod.derivation().results["factor"] - 1 / (2 * sigma**2)) == 0


def test_a_wrong_step_is_refused():
    d = Derivation("demo", "demo")
    x = sp.Symbol("x", positive=True)
    d.equal("right", "f", sp.log(x**2), to=2 * sp.log(x))
    with pytest.raises(DerivationError, match="wrong"):
        d.equal("wrong", "f", sp.log(x**2), to=sp.log(x))


def test_penalized_form_refuses_a_mismatched_penalty():
    """Matching a Gaussian prior against the L1 penalty must fail: no λ makes the remainder free of β."""
    nlp = models.neg_log_posterior(models.gaussian_likelihood, models.gaussian_prior)
    with pytest.raises(models.NotAPenalizedForm):
        models.penalized_form(nlp, models.gaussian_likelihood.data_fit, models.laplace_prior.penalty())


def test_check_mode_detects_a_stale_fragment(tmp_path, capsys):
    out = tmp_path / "generated"
    assert cli.main(["--out", str(out)]) == 0
    assert cli.main(["--out", str(out), "--check"]) == 0
    fragment = out / "laplace-l1.md"
    fragment.write_text(fragment.read_text() + "\nedited by hand\n")
    capsys.readouterr()
    assert cli.main(["--out", str(out), "--check"]) == 1
    err = capsys.readouterr().err
    assert "laplace-l1.md" in err and "differs" in err
    (out / "extra.md").write_text("stale")
    assert cli.main(["--out", str(out), "--check"]) == 1
    assert "extra.md" in capsys.readouterr().err


def test_check_mode_exits_nonzero_from_the_command_line(tmp_path):
    """The exit status (not only main's return value) is what make and CI see."""
    (tmp_path / "laplace-l1.md").write_text("stale")
    result = subprocess.run([sys.executable, "-m", "derivations", "--check", "--out", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "gaussian-l2.md: missing" in result.stderr


def test_committed_fragments_are_current(capsys):
    assert cli.main(["--check"]) == 0, capsys.readouterr().err
