"""Bad input to the functions of the loss / noise / logistic / sampling pages raises ValueError or TypeError
naming the argument (the same bad data as tests/test_input_validation.py, through the new entry points)."""

from __future__ import annotations

import numpy as np
import pytest

import regprior as rp
from tests.properties import prop
from tests.test_input_validation import BAD_DATA, GOOD_X, GOOD_Y

LABELS = np.array([0.0, 1.0, 1.0])

ENTRY_POINTS = {
    "lad": lambda X=GOOD_X, y=GOOD_Y: rp.lad(X, y),
    "joint_map": lambda X=GOOD_X, y=GOOD_Y: rp.joint_map(X, y, rp.GaussianPrior(1.0), rp.InverseGammaPrior(1.0, 1.0)),
    "nig_posterior": lambda X=GOOD_X, y=GOOD_Y: rp.nig_posterior(X, y, 1.0, rp.InverseGammaPrior(1.0, 1.0)),
    "evidence_ridge": lambda X=GOOD_X, y=GOOD_Y: rp.evidence_ridge(X, y),
    "log_evidence": lambda X=GOOD_X, y=GOOD_Y: rp.log_evidence(X, y, 1.0, 1.0),
    "logistic_map": lambda X=GOOD_X, y=LABELS: rp.logistic_map(X, y, rp.GaussianPrior(1.0)),
    "logistic_duality_gap": lambda X=GOOD_X, y=LABELS: rp.logistic_duality_gap(X, y, np.zeros(2), rp.LaplacePrior(1.0)),
    "bayesian_lasso_gibbs": lambda X=GOOD_X, y=GOOD_Y: rp.bayesian_lasso_gibbs(X, y, 1.0, 1.0, n_samples=2, burn_in=0),
}


@prop("Each malformed `X` or `y` of the core input checks (not 2-D or 1-D, empty, NaN or infinite entries, strings, "
      "complex or `None` entries, a `y` of the wrong length) is refused by every entry point of the loss, "
      "unknown-noise, evidence, logistic and sampling pages with a `ValueError` or `TypeError` whose message begins "
      "with the argument's name and says what is wrong.",
      group="inputs",
      checks=("lad", "joint_map", "nig_posterior", "evidence_ridge", "log_evidence", "logistic_map",
              "logistic_duality_gap", "bayesian_lasso_gibbs"))
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("arg, kwargs, error, message", BAD_DATA, ids=[f"{a}-{m}" for a, _, _, m in BAD_DATA])
def test_bad_data_is_rejected_with_the_argument_named(entry, arg, kwargs, error, message):
    with pytest.raises(error) as info:
        ENTRY_POINTS[entry](**kwargs)
    assert str(info.value).startswith(f"{arg} "), str(info.value)
    assert message in str(info.value)


BAD_OPTIONS = [
    (lambda: rp.lad(GOOD_X, GOOD_Y, lam=-1.0), ValueError, "lam must be >= 0"),
    (lambda: rp.lad(GOOD_X, GOOD_Y, fit_intercept=1), TypeError, "fit_intercept must be True or False"),
    (lambda: rp.median_interval([]), ValueError, "x must contain at least one value"),
    (lambda: rp.median_interval([[1.0, 2.0]]), ValueError, "x must be a 1-D array"),
    (lambda: rp.median_interval([1.0, np.nan]), ValueError, "x contains NaN"),
    (lambda: rp.InverseGammaPrior(-1.0, 1.0), ValueError, "shape must be >= 0"),
    (lambda: rp.InverseGammaPrior(1.0, np.inf), ValueError, "scale must be finite"),
    (lambda: rp.InverseGammaPrior("1", 1.0), TypeError, "shape must be a real number"),
    (lambda: rp.joint_map(GOOD_X, GOOD_Y, rp.LaplacePrior(1.0)), TypeError, "prior must have a quadratic penalty"),
    (lambda: rp.joint_map(GOOD_X, GOOD_Y, rp.GaussianPrior(1.0), (1.0, 1.0)), TypeError,
     "noise_prior must be an InverseGammaPrior or None"),
    (lambda: rp.joint_map(GOOD_X, GOOD_Y, rp.GaussianPrior(1.0), noise_var_init=0.0), ValueError,
     "noise_var_init must be > 0"),
    (lambda: rp.joint_map(GOOD_X, GOOD_Y, rp.GaussianPrior(1.0), tol=0.0), ValueError, "tol must be > 0"),
    (lambda: rp.nig_posterior(GOOD_X, GOOD_Y, 0.0, rp.InverseGammaPrior(1, 1)), ValueError,
     "prior_cov_factor must be > 0"),
    (lambda: rp.nig_posterior(GOOD_X, GOOD_Y, [1.0, 2.0, 3.0], rp.InverseGammaPrior(1, 1)), ValueError,
     "prior_cov_factor must be a number or have one value per feature, shape (2,)"),
    (lambda: rp.nig_posterior(GOOD_X, GOOD_Y, 1.0, None), TypeError, "noise_prior must be an InverseGammaPrior"),
    (lambda: rp.nig_posterior(GOOD_X, GOOD_Y, rp.GaussianPrior(1.0), rp.InverseGammaPrior(1, 1), prior_mean=1.0),
     TypeError, "prior_mean: give the mean in the GaussianPrior, not separately"),
    (lambda: rp.nig_posterior(GOOD_X, GOOD_Y, 1.0, rp.InverseGammaPrior(1, 1)).credible_interval(1.5), ValueError,
     "level must be < 1; got 1.5"),
    (lambda: rp.nig_posterior(GOOD_X, GOOD_Y, 1.0, rp.InverseGammaPrior(1, 1)).credible_interval(0), ValueError,
     "level must be > 0; got 0"),
    (lambda: rp.gaussian_posterior(GOOD_X, GOOD_Y, rp.GaussianPrior(1.0), 1.0).credible_interval("0.9"), TypeError,
     "level must be a real number; got str '0.9'"),
    (lambda: rp.log_evidence(GOOD_X, GOOD_Y, 0.0, 1.0), ValueError, "weight_precision must be > 0"),
    (lambda: rp.log_evidence(GOOD_X, GOOD_Y, 1.0, -1.0), ValueError, "noise_precision must be > 0"),
    (lambda: rp.evidence_ridge(GOOD_X, GOOD_Y, max_iter=0), ValueError, "max_iter must be >= 1"),
    (lambda: rp.evidence_ridge(GOOD_X, GOOD_Y, weight_precision_init=np.nan), ValueError,
     "weight_precision_init must be finite"),
    (lambda: rp.evidence_ridge(GOOD_X, GOOD_Y, weight_precision_init=0.0), ValueError,
     "weight_precision_init must be > 0"),
    (lambda: rp.evidence_ridge(GOOD_X, GOOD_Y, noise_precision_init=0.0), ValueError,
     "noise_precision_init must be > 0"),
    (lambda: rp.evidence_ridge(GOOD_X, GOOD_Y, tol=0.0), ValueError, "tol must be > 0"),
    (lambda: rp.evidence_ridge(GOOD_X, GOOD_Y, fit_intercept="yes"), TypeError, "fit_intercept must be True or False"),
    (lambda: rp.evidence_ridge(GOOD_X[:1], GOOD_Y[:1], fit_intercept=True), ValueError,
     "X: one sample and an intercept leave no observation for the evidence"),
    # a noise precision so large that the first ridge fit interpolates: rss = 0 exactly
    (lambda: rp.evidence_ridge(np.eye(2), np.array([1.0, 2.0]), noise_precision_init=1e300), ValueError,
     "X and y: the re-estimation reached m = 0 or an exact fit; the evidence has no interior maximum for these "
     "data"),
    (lambda: rp.evidence_ridge(np.eye(2), np.zeros(2)), ValueError,
     "y is orthogonal to every column of X (or zero), so the evidence grows without bound as the weight precision "
     "grows: there is no finite maximum"),
    (lambda: rp.logistic_map(GOOD_X, LABELS, rp.GaussianPrior(1.0), tol=-1.0), ValueError, "tol must be > 0"),
    (lambda: rp.logistic_map(GOOD_X, LABELS, rp.GaussianPrior(1.0), coef_init=np.zeros(3)), ValueError,
     r"coef_init must have shape (2,)"),
    (lambda: rp.logistic_map(GOOD_X, LABELS, 1.0), TypeError, "prior must be a regprior Prior"),
    (lambda: rp.logistic_map(GOOD_X, GOOD_Y, rp.GaussianPrior(1.0)), ValueError, "y must contain class labels"),
    (lambda: rp.bayesian_lasso_gibbs(GOOD_X, GOOD_Y, 0.0, 1.0), ValueError, "b must be > 0"),
    (lambda: rp.bayesian_lasso_gibbs(GOOD_X, GOOD_Y, [1.0, -1.0], 1.0), ValueError, "b must contain finite values > 0"),
    (lambda: rp.bayesian_lasso_gibbs(GOOD_X, GOOD_Y, 1.0), TypeError, "noise_sd or noise_prior: give exactly one"),
    (lambda: rp.bayesian_lasso_gibbs(GOOD_X, GOOD_Y, rp.LaplacePrior(1.0), 1.0, scale_with_noise=True), TypeError,
     "b: with scale_with_noise=True, b is the Laplace scale in units of the noise sd"),
    (lambda: rp.bayesian_lasso_gibbs(GOOD_X, GOOD_Y, 1.0, 1.0, scale_with_noise="yes"), TypeError,
     "scale_with_noise must be"),
    (lambda: rp.bayesian_lasso_gibbs(GOOD_X, GOOD_Y, 1.0, 1.0, noise_prior=rp.InverseGammaPrior(1, 1)), TypeError,
     "noise_sd or noise_prior: give exactly one"),
    (lambda: rp.bayesian_lasso_gibbs(GOOD_X, GOOD_Y, 1.0, -1.0), ValueError, "noise_sd must be > 0"),
    (lambda: rp.bayesian_lasso_gibbs(GOOD_X, GOOD_Y, 1.0, 1.0, n_samples=0), ValueError, "n_samples must be >= 1"),
    (lambda: rp.bayesian_lasso_gibbs(GOOD_X, GOOD_Y, 1.0, 1.0, thin=1.5), TypeError, "thin must be an integer"),
    (lambda: rp.bayesian_lasso_gibbs(GOOD_X, GOOD_Y, 1.0, 1.0, random_state="seed"), TypeError,
     "random_state must be None, an integer seed or a numpy Generator"),
    (lambda: rp.horseshoe_logpdf([1.0, np.nan]), ValueError, "beta contains NaN"),
    (lambda: rp.horseshoe_logpdf(1.0, tau=0.0), ValueError, "tau must be > 0"),
]


@prop("Invalid options of these functions and of the inverse-gamma prior (a negative strength, a non-boolean flag, "
      "empty, multi-dimensional or NaN samples, nonpositive or infinite prior parameters, the wrong prior type, "
      "responses that are not class labels, bad tolerances, iteration counts, starting points, levels, seeds and "
      "thinning, an evidence re-estimation that reaches an exact fit, a prior mean given twice, both or neither of "
      "`noise_sd` and `noise_prior`) raise the expected `ValueError` or `TypeError` with a message naming the "
      "argument and the condition it violates.",
      group="inputs",
      checks=("lad", "median_interval", "InverseGammaPrior", "joint_map", "nig_posterior",
              "NIGPosterior.credible_interval", "GaussianPosterior.credible_interval", "log_evidence", "evidence_ridge",
              "logistic_map",
              "bayesian_lasso_gibbs", "horseshoe_logpdf"))
@pytest.mark.parametrize("call, error, message", BAD_OPTIONS, ids=[m for _, _, m in BAD_OPTIONS])
def test_bad_options_are_rejected_with_the_argument_named(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value).startswith(message), str(info.value)


@prop("A scipy.sparse `X` given to an entry point of the loss, unknown-noise, evidence, logistic or sampling pages, "
      "none of which takes one, is refused with a `TypeError` that names `X`, the function called, and the functions "
      "that do take a sparse design.",
      group="inputs",
      checks=("lad", "joint_map", "nig_posterior", "evidence_ridge", "log_evidence", "logistic_map",
              "logistic_duality_gap", "bayesian_lasso_gibbs"))
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_a_sparse_design_is_refused_by_name_where_it_is_not_taken(entry):
    from scipy import sparse

    with pytest.raises(TypeError) as info:
        ENTRY_POINTS[entry](X=sparse.csr_matrix(GOOD_X))
    message = str(info.value)
    assert message.startswith(f"X is a scipy.sparse matrix, which {entry} does not take"), message
    assert "use one of the functions that take sparse input: lasso," in message


@prop("An inverse-gamma noise prior keeps its parameters as the validated Python floats, whatever numeric type they "
      "were given in: `InverseGammaPrior(np.float32(0.5), 2)` reads `InverseGammaPrior(shape=0.5, scale=2.0)`.",
      group="inputs", checks="InverseGammaPrior")
def test_inverse_gamma_prior_keeps_validated_floats():
    prior = rp.InverseGammaPrior(np.float32(0.5), 2)
    assert type(prior.shape) is float and type(prior.scale) is float
    assert repr(prior) == "InverseGammaPrior(shape=0.5, scale=2.0)"
