"""The derivation machinery: every derivation builds (so every step's check passed), a wrong step is
refused, and ``python -m derivations --check`` detects a stale fragment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import derivations
from derivations import __main__ as cli
from derivations import conventions as conventions_derivation
from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, DerivationError
from regprior.symbolic.symbols import b, sigma, sigma_w
from tests.properties import prop

ROOT = Path(__file__).resolve().parent.parent


@prop(r"Every derivation builds, so every check of its steps passed (a failing check raises); each has at least "
      r"one checked step, and every equation label starts with the derivation's slug.",
      group="machinery")
@pytest.mark.parametrize("name", derivations.MODULES)
def test_every_derivation_builds_with_all_checks_passing(name):
    d = __import__(f"derivations.{name}", fromlist=["derivation"]).derivation()
    checked = [s for s in d.steps if s.checked]
    assert checked, f"{name} has no checked step"
    assert all(s.label is None or s.label.startswith(d.slug) for s in d.steps)


@prop(r"The derivations find the canonical strengths, $\lambda = \sigma^2/\sigma_w^2$ for the Gaussian prior and "
      r"$\lambda = 2\sigma^2/b$ for the Laplace prior, each with the factor $1/(2\sigma^2)$ in front of "
      r"$\lVert y - X\beta\rVert^2 + \lambda R(\beta)$ (compared symbolically with these expressions).",
      group="machinery",
      evaluates=("gaussian-l2:lam", "gaussian-l2:factor", "laplace-l1:lam", "laplace-l1:factor"))
def test_derived_strengths_are_the_canonical_ones():
    from derivations import gaussian_l2, laplace_l1

    assert sp.simplify(gaussian_l2.derivation().results["lam"] - sigma**2 / sigma_w**2) == 0
    assert sp.simplify(laplace_l1.derivation().results["lam"] - 2 * sigma**2 / b) == 0
    for mod in (gaussian_l2, laplace_l1):
        assert sp.simplify(mod.derivation().results["factor"] - 1 / (2 * sigma**2)) == 0


@prop(r"A derivation accepts the step $\log x^2 = 2\log x$ (for $x > 0$), recording it with its label (prefixed "
      r"with the derivation's slug) and the check in words (the default sentence, or the one given), and refuses "
      r"$\log x^2 = \log x$ with a `DerivationError` naming the derivation, the check and the step, recording "
      r"nothing.",
      group="machinery", checks=("symbolic.derivation.Derivation", "symbolic.derivation.DerivationError"))
def test_a_wrong_step_is_refused():
    d = Derivation("demo", "demo")
    x = sp.Symbol("x", positive=True)
    assert d.equal("right", "f", sp.log(x**2), to=2 * sp.log(x), label="log") == sp.log(x**2)
    step = d.steps[-1]
    assert (step.text, step.lhs, step.rhs, step.relation, step.label) == ("right", "f", sp.log(x**2), "=", "demo-log")
    assert step.checked == "the difference of this expression and the previous one reduces to 0."
    d.equal("said", "g", x, to=x, checked="both sides are x.")
    assert d.steps[-1].checked == "both sides are x." and d.steps[-1].label is None
    with pytest.raises(DerivationError) as info:
        d.equal("wrong", "f", sp.log(x**2), to=sp.log(x))
    assert str(info.value) == ("[demo] step failed its check (the difference of this expression and the previous one "
                               "reduces to 0.): wrong")
    assert len(d.steps) == 2


@prop(r"Matching the Gaussian-prior negative log-posterior against the L1 penalty raises `NotAPenalizedForm`: no "
      r"$\lambda$ makes the remainder free of $\beta$.",
      group="machinery", checks=("symbolic.models.penalized_form", "symbolic.models.NotAPenalizedForm"))
def test_penalized_form_refuses_a_mismatched_penalty():
    """Matching a Gaussian prior against the L1 penalty must fail: no λ makes the remainder free of β."""
    nlp = models.neg_log_posterior(models.gaussian_likelihood, models.gaussian_prior)
    with pytest.raises(models.NotAPenalizedForm):
        models.penalized_form(nlp, models.gaussian_likelihood.data_fit, models.laplace_prior.penalty())


@prop(r"The symbolic helpers refuse, with a message saying what is wrong, what they cannot do: a penalty matched "
      r"twice (no unique strengths), the `sympy.stats` density of a prior that has no counterpart there, an array "
      r"of three dimensions for one-based indexing, and a compiled formula called with the wrong number of "
      r"arguments (which otherwise takes 0-based arrays and 1-based indices, and says what it computes).",
      group="machinery",
      checks=("symbolic.models.penalized_form", "symbolic.numeric.one_based", "symbolic.numeric.lambdify_indexed"))
def test_symbolic_helpers_refuse_what_they_cannot_do():
    from regprior.symbolic.numeric import lambdify_indexed, one_based
    from regprior.symbolic.symbols import X, beta, i, j, k, p

    nlp = models.neg_log_posterior(models.gaussian_likelihood, models.gaussian_prior)
    penalty = models.gaussian_prior.penalty()
    with pytest.raises(models.NotAPenalizedForm, match=r"^expected one solution for \(c, lambda\), got \[\]$"):
        models.penalized_form(nlp, models.gaussian_likelihood.data_fit, penalty, penalty)
    with pytest.raises(ValueError, match="^the exponential-power prior has no sympy.stats counterpart$"):
        models.exponential_power_prior.stats_density(sp.Symbol("x"))
    with pytest.raises(ValueError, match=r"^expected a 1-D or 2-D array; got shape \(2, 2, 2\)$"):
        one_based(np.zeros((2, 2, 2)))
    total = lambdify_indexed([beta, p], sp.Sum(beta[j], (j, 1, p)))
    assert total(np.array([1.0, 2.0, 4.0]), 3) == 7.0
    assert total.__doc__ == "Numeric value of Sum(beta[j], (j, 1, p)) as a function of (beta, p)."
    entry = lambdify_indexed([X, i, k], X[i, k])  # 0-based arrays, 1-based indices, as the formula reads
    assert entry(np.array([[1.0, 2.0], [3.0, 4.0]]), 2, 1) == 3.0
    with pytest.raises(TypeError, match=r"^expected 2 arguments \(beta, p\); got 1$"):
        total(np.ones(3))


@prop(r"Differentiating the ridge objective $(y - X\beta)^\top(y - X\beta) + \lambda\beta^\top\beta$ twice gives "
      r"$H = 2X^\top X + 2\lambda I$ and $g_0 = -2X^\top y$, and its stationary point $-H^{-1}g_0$ zeroes the "
      r"gradient; the same quadratic with the point $+H^{-1}g_0$ (sign flipped) or $2H^{-1}g_0$ does not.",
      group="machinery", checks=("symbolic.matrices.quadratic", "symbolic.matrices.Quadratic"))
def test_stationary_point_of_a_quadratic_zeroes_its_gradient():
    import dataclasses

    from regprior.symbolic.matrices import Ip, Xm, betam, is_zero_matrix, quadratic, ym

    lam = sp.Symbol("lambda", positive=True)
    residual = ym - Xm * betam
    quad = quadratic(residual.T * residual + lam * betam.T * betam, betam)
    assert is_zero_matrix(quad.hessian - (2 * Xm.T * Xm + 2 * lam * Ip))
    assert is_zero_matrix(quad.gradient_at_zero + 2 * Xm.T * ym)
    assert quad.zeroes_gradient()
    for wrong in (-quad.stationary_point, 2 * quad.hessian.I * quad.gradient_at_zero):
        assert not dataclasses.replace(quad, stationary_point=wrong).zeroes_gradient()


@prop(r"`lambdify_matrix` evaluates what it compiles as documented: a scalar expression and a $1\times 1$ matrix "
      r"expression give a Python float, a column vector a 1-D array (a column-vector argument may be given 1-D), a "
      r"matrix a 2-D array, with identity matrices of symbolic sizes ($I_n$ and $I_p$ together) filled in from the "
      r"arguments' shapes, results in float64 even from integer arguments, and the compiled function says what it "
      r"computes; a wrong number of arguments, sizes that disagree between arguments, and an array whose shape does "
      r"not fit its matrix symbol (a row vector given 1-D, a fixed size that differs, a 3-D array) are refused, "
      r"naming them.",
      group="symbols", checks=("symbolic.numeric.lambdify_matrix",))
def test_lambdify_matrix_returns_the_documented_shapes():
    from regprior.symbolic.matrices import In, Ip, Xm, betam, ym
    from regprior.symbolic.numeric import lambdify_matrix

    lam, x = sp.Symbol("lambda"), sp.Symbol("x")
    X = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    scalar = lambdify_matrix([x], x**2 + 1)(3.0)
    assert type(scalar) is float and scalar == 10.0
    residual = ym - Xm * betam
    rss = lambdify_matrix([ym, Xm, betam], residual.T * residual)(np.ones(3), np.eye(3, 2), np.ones(2))
    assert type(rss) is float and rss == 1.0
    column = lambdify_matrix([Xm, betam, lam], Xm.T * Xm * betam + lam * Ip * betam)(X, np.ones(2), 2.0)
    assert column.shape == (2,) and column.tolist() == [48.0, 63.0]
    matrix = lambdify_matrix([Xm, lam], Xm.T * Xm + lam * Ip)(X, 2.0)
    assert matrix.shape == (2, 2) and matrix.tolist() == [[22.0, 26.0], [26.0, 37.0]]
    forms = ym.T * (In + Xm * Xm.T) * ym + betam.T * (Ip + Xm.T * Xm) * betam  # identities of two symbolic sizes
    both = lambdify_matrix([Xm, betam, ym], forms)
    assert both(X, np.ones(2), np.ones(3)) == 229.0  # 3 + |X^T 1|^2 = 120, 2 + |X 1|^2 = 109
    assert both.__doc__ == f"Numeric value of {forms} as a function of {(Xm, betam, ym)}."
    f = lambdify_matrix([ym, Xm, betam], residual.T * residual)
    with pytest.raises(TypeError) as info:
        f(np.ones(3), np.eye(3, 2))
    assert str(info.value) == f"expected 3 arguments ({ym}, {Xm}, {betam}); got 2"
    with pytest.raises(ValueError) as info:
        f(np.ones(4), np.eye(3, 2), np.ones(2))
    assert str(info.value) == f"{Xm} has n = 3, but another argument has n = 4"
    integers = lambdify_matrix([x], sp.ImmutableMatrix([x, 2 * x]))(3)  # SymPy's NumPy code keeps integers integer
    assert integers.dtype == np.float64 and integers.tolist() == [3.0, 6.0]
    row, col = sp.MatrixSymbol("r", 1, 3), sp.MatrixSymbol("c", 3, 1)
    inner = lambdify_matrix([row, col], row * col)
    assert inner(np.ones((1, 3)), np.arange(3.0)) == 3.0
    for given, shape in ((np.ones(3), (3,)), (np.ones((3, 1)), (3, 1)), (np.ones((1, 3, 1)), (1, 3, 1))):
        with pytest.raises(ValueError) as info:
            inner(given, np.arange(3.0))
        assert str(info.value) == (f"r is a 1 x 3 matrix (only a column vector may be given 1-D); got an array of "
                                   f"shape {shape}")
    with pytest.raises(ValueError) as info:
        inner(np.ones((1, 3)), np.ones((3, 2)))
    assert str(info.value) == ("c is a 3 x 1 matrix (only a column vector may be given 1-D); got an array of "
                               "shape (3, 2)")


@prop(r"`python -m derivations --check` passes on freshly generated files, and fails naming the file when a "
      r"fragment was edited by hand or a fragment no derivation produces is present.",
      group="machinery")
def test_check_mode_detects_a_stale_fragment(tmp_path, capsys):
    out = tmp_path / "generated"
    assert cli.main(["--out", str(out), "--root", str(tmp_path)]) == 0
    assert cli.main(["--out", str(out), "--root", str(tmp_path), "--check"]) == 0
    fragment = out / "laplace-l1.md"
    fragment.write_text(fragment.read_text() + "\nedited by hand\n")
    capsys.readouterr()
    assert cli.main(["--out", str(out), "--root", str(tmp_path), "--check"]) == 1
    err = capsys.readouterr().err
    assert "laplace-l1.md" in err and "differs" in err
    (out / "extra.md").write_text("stale")
    assert cli.main(["--out", str(out), "--root", str(tmp_path), "--check"]) == 1
    assert "extra.md" in capsys.readouterr().err


#: the generated code files, named without rendering them: rendering at collection would derive every library
#: convention in the collecting process, and the caches it fills would then answer for code under mutation
#: (test_generated_code_says_it_is_generated checks that this is the list the derivations write)
GENERATED_CODE = sorted([conventions_derivation.PYTHON_MODULE, conventions_derivation.JAVASCRIPT_FILE])


@prop(r"The generated code (the Python formulas module and the site's JavaScript) is checked like the fragments: "
      r"`--check` fails and names the file as differing when it was edited and as missing when it was deleted.",
      group="machinery")
@pytest.mark.parametrize("relative", GENERATED_CODE)
def test_check_mode_names_stale_generated_code(tmp_path, capsys, relative):
    """The Python formulas module and the site's JavaScript are checked like fragments, and named."""
    args = ["--out", str(tmp_path / "generated"), "--root", str(tmp_path)]
    assert cli.main(args) == 0
    target = tmp_path / relative
    assert target.is_file()
    target.write_text(target.read_text().replace("n_samples", "n_rows", 1))
    capsys.readouterr()
    assert cli.main([*args, "--check"]) == 1
    assert f"{target}: differs" in capsys.readouterr().err
    target.unlink()
    assert cli.main([*args, "--check"]) == 1
    assert f"{target}: missing" in capsys.readouterr().err


@prop(r"The derivations generate two code files, the Python formulas module and the site's JavaScript, and each "
      r"starts with a line saying it was generated by `python -m derivations` and says not to edit it.",
      group="machinery")
def test_generated_code_says_it_is_generated():
    outputs = derivations.render_outputs()
    assert sorted(outputs) == GENERATED_CODE
    for relative, text in outputs.items():
        assert "Generated by `python -m derivations`" in text.splitlines()[0] and "Do not edit" in text, relative


@prop(r"Run as a command on a directory with a stale fragment, `python -m derivations --check` exits with status "
      r"1 (what make and CI see) and reports the missing fragments.",
      group="machinery")
def test_check_mode_exits_nonzero_from_the_command_line(tmp_path):
    """The exit status (not only main's return value) is what make and CI see."""
    (tmp_path / "laplace-l1.md").write_text("stale")
    result = subprocess.run([sys.executable, "-m", "derivations", "--check", "--out", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "gaussian-l2.md: missing" in result.stderr


@prop(r"The committed files generated from the derivations (their fragments, tables and the generated code) are "
      r"what `python -m derivations` produces now.",
      group="machinery")
def test_committed_fragments_are_current(capsys):
    assert cli.main(["--check"]) == 0, capsys.readouterr().err
