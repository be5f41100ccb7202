"""Every argument of every public function is checked, and a wrong one is refused by its own name.

The table below gives, for each public function and estimator, one valid call. From it the test derives, for each
argument, a call with a wrong value in that argument alone (the wrong value is chosen from the argument's kind:
a string for a number or a flag, a non-integer for a count, an unknown name for a choice, a wrong length for a
per-sample or per-feature array) and asks for a ``TypeError`` or ``ValueError`` whose message *begins* with the
argument's name. A message that names another argument, or none, or that hides the name behind other words, fails.
"""

from __future__ import annotations

import inspect
import re

import numpy as np
import pytest

import regprior as rp
from regprior.estimators import MAPClassifier, MAPRegressor
from tests.properties import prop

RNG = np.random.default_rng(7)
X = RNG.standard_normal((24, 3))
Y = X @ np.array([1.0, -0.5, 0.0]) + 0.3 * RNG.standard_normal(24)
LABELS = (X[:, 0] + 0.5 * RNG.standard_normal(24) > 0).astype(float)
COEF = np.array([0.5, 0.0, -0.5])

#: function name -> (the function, its valid positional arguments, its valid keyword arguments)
VALID_CALLS = {
    "ridge": (rp.ridge, (X, Y, 1.0), {}),
    "ridge_path": (rp.ridge_path, (X, Y, [0.1, 1.0]), {}),
    "generalized_ridge": (rp.generalized_ridge, (X, Y, np.eye(3)), {}),
    "lasso": (rp.lasso, (X, Y, 1.0), {}),
    "elastic_net": (rp.elastic_net, (X, Y, 1.0, 0.5), {}),
    "lasso_path": (rp.lasso_path, (X, Y), {"n_lams": 3}),
    "elastic_net_path": (rp.elastic_net_path, (X, Y), {"n_lams": 3, "lam2": 0.5}),
    "lasso_cv": (rp.lasso_cv, (X, Y), {"cv": 3, "n_lams": 3}),
    "lam_max": (rp.lam_max, (X, Y), {}),
    "duality_gap": (rp.duality_gap, (X, Y, COEF, 1.0), {}),
    "objective": (rp.objective, (X, Y, COEF), {}),
    "constrained_least_squares": (rp.constrained_least_squares, (X, Y, 1.0), {}),
    "lad": (rp.lad, (X, Y), {"lam": 0.5}),
    "map_estimate": (rp.map_estimate, (X, Y, rp.GaussianPrior(1.0), 0.5), {}),
    "map_result": (rp.map_result, (X, Y, rp.LaplacePrior(1.0), 0.5), {}),
    "gaussian_posterior": (rp.gaussian_posterior, (X, Y, rp.GaussianPrior(1.0), 0.5), {}),
    "nig_posterior": (rp.nig_posterior, (X, Y, 1.0, rp.InverseGammaPrior(2.0, 1.0)), {}),
    "joint_map": (rp.joint_map, (X, Y, rp.GaussianPrior(1.0), rp.InverseGammaPrior(2.0, 1.0)), {}),
    "bayesian_lasso_gibbs": (rp.bayesian_lasso_gibbs, (X, Y, 1.0, 0.5),
                             {"n_samples": 4, "burn_in": 2, "n_chains": 1, "random_state": 0}),
    "estimate_noise_sd": (rp.estimate_noise_sd, (X, Y), {}),
    "evidence_ridge": (rp.evidence_ridge, (X, Y), {}),
    "log_evidence": (rp.log_evidence, (X, Y, 1.0, 2.0), {}),
    "ridge_loo_gcv": (rp.ridge_loo_gcv, (X, Y, [0.1, 1.0]), {}),
    "logistic_map": (rp.logistic_map, (X, LABELS, rp.GaussianPrior(1.0)), {}),
    "logistic_path": (rp.logistic_path, (X, LABELS), {"n_lams": 3}),
    "logistic_duality_gap": (rp.logistic_duality_gap, (X, LABELS, COEF, rp.GaussianPrior(1.0)), {}),
    "logistic_lam_max": (rp.logistic_lam_max, (X, LABELS), {}),
    "horseshoe_logpdf": (rp.horseshoe_logpdf, (COEF,), {}),
    "median_interval": (rp.median_interval, (Y,), {}),
    "canonical_weight": (rp.canonical_weight, (0.5,), {}),
    "GaussianPrior": (rp.GaussianPrior, (1.0,), {}),
    "LaplacePrior": (rp.LaplacePrior, (1.0,), {}),
    "StudentTPrior": (rp.StudentTPrior, (3.0, 1.0), {}),
    "UniformPrior": (rp.UniformPrior, (-1.0, 1.0), {}),
    "MultivariateGaussianPrior": (rp.MultivariateGaussianPrior, (np.eye(3),), {}),
    "InverseGammaPrior": (rp.InverseGammaPrior, (2.0, 1.0), {}),
    # the solvers behind the keyword options: each checks the options it takes
    "logistic_map (Laplace: proximal Newton)": (rp.logistic_map, (X, LABELS, rp.LaplacePrior(1.0)), {}),
    "map_result (Gaussian: direct)": (rp.map_result, (X, Y, rp.GaussianPrior(1.0), 0.5),
                                      {"tol": 1e-8, "max_iter": 100}),
    "map_result (Laplace: coordinate descent)": (rp.map_result, (X, Y, rp.LaplacePrior(1.0), 0.5),
                                                 {"tol": 1e-8, "max_iter": 100, "coef_init": COEF}),
    "map_result (Student-t: L-BFGS)": (rp.map_result, (X, Y, rp.StudentTPrior(3.0, 1.0), 0.5),
                                       {"tol": 1e-8, "max_iter": 100, "coef_init": COEF}),
    "map_result (uniform: FISTA)": (rp.map_result, (X, Y, rp.UniformPrior(-1.0, 1.0), 0.5),
                                    {"tol": 1e-8, "max_iter": 100, "coef_init": COEF}),
    "MAPRegressor": (lambda **kw: MAPRegressor(**kw).fit(X, Y), (), {}),
    "MAPClassifier": (lambda **kw: MAPClassifier(**kw).fit(X, LABELS), (), {}),
}

#: the keyword catch-alls, whose contents are checked where they arrive
UNCHECKED = {
    "options": "map_estimate's keyword options are map_result's, checked there",
    "solver_options": "the options themselves are given in rows of their own (map_result with each solver)",
}

#: a wrong value for an argument, by name where the kind is not its default's
WRONG_BY_NAME = {
    "X": "a design", "y": "a response", "x": "a sample",
    "sample_weight": np.ones(5), "prior_mean": np.zeros(7), "coef_init": np.zeros(7), "coef": np.zeros(7),
    "prior": "GaussianPrior", "noise_prior": 2.0, "lams": [[1.0, 2.0]], "lams1": [[1.0, 2.0]],
    "penalty": np.eye(5), "beta": "beta", "cov": np.eye(2) - 3.0,
    "prior_cov_factor": [[1.0, 2.0]], "b": "b", "cv": 1.5, "l1_ratio": "half",
    "max_iter": 2.5, "noise_var_init": "1", "noise_precision_init": "1",
    "bound": "one", "mean": "zero", "lower": "low", "upper": "high",
}


def _wrong_value(parameter: inspect.Parameter):
    if parameter.name in WRONG_BY_NAME:
        return WRONG_BY_NAME[parameter.name]
    default = parameter.default
    if isinstance(default, bool):
        return "False"
    if isinstance(default, int):
        return 2.5
    if isinstance(default, float):
        return "1.0"
    if isinstance(default, str):
        return "no-such-choice"
    return "a string where a number belongs"


def _signature_of(label, function):
    """What holds the arguments: an estimator's class (its row fits an instance), else the function itself."""
    return {"MAPRegressor": MAPRegressor, "MAPClassifier": MAPClassifier}.get(label, function)


def _cases():
    for label, (function, _, kwargs) in VALID_CALLS.items():
        parameters = list(inspect.signature(_signature_of(label, function)).parameters.values())
        # the options a row passes through a catch-all (**solver_options) are arguments too
        parameters += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=value)
                       for name, value in kwargs.items() if name not in {parameter.name for parameter in parameters}]
        for index, parameter in enumerate(parameters):
            if parameter.name in UNCHECKED or parameter.kind is inspect.Parameter.VAR_KEYWORD:
                continue
            yield pytest.param(label, index, parameter, id=f"{label}-{parameter.name}")


@prop(r"Every argument of every public function and estimator is checked: a call with a wrong value in that "
      r"argument alone (a string for a number or a flag, a non-integer for a count, an unknown name for a choice, "
      r"a wrong length for a per-sample or per-feature array) raises a `TypeError` or `ValueError` whose message "
      r"begins with the argument's name (alone, or in the list of the arguments that conflict), so the message says "
      r"which argument to fix.",
      group="inputs",
      checks=("ridge", "ridge_path", "generalized_ridge", "lasso", "elastic_net", "lasso_path", "elastic_net_path",
              "lasso_cv", "lam_max", "duality_gap", "objective", "constrained_least_squares", "lad", "map_estimate",
              "map_result", "gaussian_posterior", "nig_posterior", "joint_map", "bayesian_lasso_gibbs",
              "estimate_noise_sd", "evidence_ridge", "log_evidence", "ridge_loo_gcv", "median_interval", "logistic_map",
              "logistic_path", "logistic_duality_gap", "logistic_lam_max", "horseshoe_logpdf",
              "priors.canonical_weight", "GaussianPrior", "LaplacePrior", "StudentTPrior", "UniformPrior",
              "MultivariateGaussianPrior", "InverseGammaPrior", "estimators.MAPRegressor", "estimators.MAPClassifier"))
@pytest.mark.parametrize("label, index, parameter", list(_cases()))
def test_a_wrong_argument_is_refused_by_its_name(label, index, parameter):
    function, args, kwargs = VALID_CALLS[label]
    function(*args, **kwargs)  # the valid call is valid
    wrong = _wrong_value(parameter)
    if index < len(args):
        args = args[:index] + (wrong,) + args[index + 1:]
    else:
        kwargs = {**kwargs, parameter.name: wrong}
    with pytest.raises((TypeError, ValueError)) as info:
        function(*args, **kwargs)
    message = str(info.value)
    # the message begins with the argument's name, alone or in a list of the arguments that conflict
    # ("noise_sd or noise_prior: give exactly one")
    others = "|".join(map(re.escape, [*inspect.signature(_signature_of(label, function)).parameters, *kwargs]))
    names = rf"(?:(?:{others})(?:, | or | and ))*"
    assert re.match(rf"{names}{re.escape(parameter.name)}\b", message), (parameter.name, message)


@prop(r"The table of valid calls covers every public function of `regprior` (and both estimators): a function "
      r"added to the package without a row here fails this test.", group="inputs")
def test_the_table_covers_every_public_function():
    public = {name for name in rp.__all__ if callable(getattr(rp, name)) and not isinstance(getattr(rp, name), type)}
    public |= {name for name in rp.__all__ if isinstance(getattr(rp, name), type) and name.endswith("Prior")
               and name != "Prior"}
    assert public - set(VALID_CALLS) == set()
