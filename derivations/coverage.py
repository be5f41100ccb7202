"""The coverage page: every claim of the source material, and where regprior derives, tests and plots it.

Not a derivation: this module only provides :func:`fragments`. The claim list (IDs, and what the project must
do with each: **D** derive, **N** test numerically, **P** plot, **R** prose, ⚠E*k* erratum) is read at
generation time from ``CLAIMS.md`` beside the repository (:func:`claims_path`); the registry below says, in
this project's words, where each claim is met. ``tests/test_coverage.py`` checks that every claim to derive,
test or plot has an entry, that each entry meets what its claim asks for with derivations, tests, figures
and pages that exist, and that what is not met yet is declared in ``missing`` with a reason.

References in an entry:

* ``pages`` — docnames below ``docs/`` (``"derivations/gaussian-l2"``, ``"conventions"``);
* ``derivations`` — a derivation slug (the whole derivation) or an equation label ``"<slug>-<label>"``;
* ``tests`` — pytest node ids ``"tests/test_x.py::test_name"`` (written with :func:`_t`);
* ``figures`` — file stems of :func:`figures.all_figures`;
* ``missing`` — action letter → what is not there yet (only for actions with nothing to show).

Errata link to the pitfalls page (``{ref}`` to ``pitfall-e<k>``) only when the site defines that target when the
page is generated (see :func:`context`), so the site builds before and after the pitfalls page lands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import ROOT

FRAGMENT = "coverage.md"
#: the slug of the derivation whose fragment defines the erratum targets ``pitfall-e<k>``
PITFALLS = "pitfalls"
#: the actions a claim can ask for, in display order; R (prose) is never checked mechanically
ACTIONS = ("D", "N", "P", "R")
CHECKED = ("D", "N", "P")
#: the kind of reference that meets each checked action
MEETS = {"D": "derivations", "N": "tests", "P": "figures"}
#: markers around the two parts of the fragment (docs/coverage.md includes each part in its own section)
CLAIMS_START, CLAIMS_END = "<!-- claims: start -->", "<!-- claims: end -->"
FEATURES_START, FEATURES_END = "<!-- features: start -->", "<!-- features: end -->"

#: the four source texts, in this project's words
SEEDS = {
    "S0": "the question-and-answer thread",
    "S1": "the long tutorial on L1, L2 and coordinate descent",
    "S2": "the post on a prior mean",
    "S3": "the post on a prior covariance",
}
#: the sections of the feature table
FEATURE_SECTIONS = {
    "A": "symbolic derivations",
    "B": "mappings and library conventions",
    "C": "numeric solvers",
    "D": "uncertainty and full Bayes",
    "E": "verification",
    "F": "docs and plots",
}
STATUSES = ("yes", "partly", "not yet")


def claims_path() -> Path:
    """Where the shared claim list lives: ``../shared/CLAIMS.md`` next to the repository root."""
    return ROOT.parent / "shared" / "CLAIMS.md"


def read_claims(path: Path | None = None) -> str:
    """The text of the claim list; a missing file is an error that names the path looked at."""
    path = claims_path() if path is None else Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: the claim list is missing. The coverage page (derivations/coverage.py) is generated from "
            f"CLAIMS.md in the 'shared' directory beside the repository; check out or copy it there."
        )
    return path.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------- parsing
@dataclass(frozen=True)
class Claim:
    """One row of the claim list: its ID, its seed, what must be done and the errata that concern it."""

    id: str
    seed: str
    actions: frozenset[str]
    errata: tuple[int, ...]

    @property
    def checked(self) -> tuple[str, ...]:
        """The actions a test can hold the registry to (D, N, P), in display order."""
        return tuple(a for a in CHECKED if a in self.actions)


@dataclass(frozen=True)
class Feature:
    """One row of the feature table; ``unanchored`` when its project-note column says no reference has it."""

    id: str
    unanchored: bool


_CELL = re.compile(r"(?<!\\)\|")
_CLAIM_ID = re.compile(r"S\d+-\d+")
_FEATURE_ID = re.compile(r"[A-F]\d+")
_ACTION = re.compile(r"\b[DNPR]\b")
_ERRATUM = re.compile(r"E(\d+)")
_WARNED = re.compile(r"⚠\s*(E\d+(?:\s*,\s*E\d+)*)")
_WHERE = re.compile(r"S(\d+)-(\d+)((?:/\d+)*)")


def _section(text: str, number: str) -> str:
    """The body of the ``## <number>.`` section (up to the next level-2 heading)."""
    match = re.search(rf"^## {re.escape(number)}\.[^\n]*\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    if match is None:
        raise ValueError(f"the claim list has no section '## {number}.'")
    return match.group(1)


def _rows(section: str):
    r"""Cells of every table row of a section (escaped pipes ``\|`` stay inside their cell)."""
    for line in section.splitlines():
        if line.startswith("|"):
            yield [cell.strip() for cell in _CELL.split(line)[1:-1]]


def _errata_by_claim(text: str) -> dict[str, set[int]]:
    """Claim ID -> errata whose 'Where' column names it (``S2-7/8`` names S2-7 and S2-8)."""
    found: dict[str, set[int]] = {}
    for cells in _rows(_section(text, "2")):
        number = re.fullmatch(r"E(\d+)", cells[0]) if cells else None
        if number is None or len(cells) < 2:
            continue
        for seed, first, more in _WHERE.findall(cells[1]):
            for item in [first, *filter(None, more.split("/"))]:
                found.setdefault(f"S{seed}-{item}", set()).add(int(number.group(1)))
    return found


def parse_claims(text: str) -> dict[str, Claim]:
    """Every claim of section 1, in file order.

    The actions are the standalone letters D, N, P, R of the 'Project must' column (the last one); the
    errata are the ``E<k>`` it mentions (⚠ or as a caveat) and those whose row in section 2 names the claim.
    """
    where = _errata_by_claim(text) if re.search(r"^## 2\.", text, flags=re.M) else {}
    claims = {}
    for cells in _rows(_section(text, "1")):
        if len(cells) < 3 or not _CLAIM_ID.fullmatch(cells[0]):
            continue
        cid, must = cells[0], cells[-1]
        errata = {int(k) for k in _ERRATUM.findall(must)} | where.get(cid, set())
        claims[cid] = Claim(cid, cid.split("-")[0], frozenset(_ACTION.findall(must)), tuple(sorted(errata)))
    if not claims:
        raise ValueError("the claim list's section 1 has no claim rows")
    return claims


def parse_features(text: str) -> dict[str, Feature]:
    """Every row of the feature table (section 4), in file order."""
    features = {}
    for cells in _rows(_section(text, "4")):
        if len(cells) >= 3 and _FEATURE_ID.fullmatch(cells[0]):
            features[cells[0]] = Feature(cells[0], "**None**" in cells[-2])
    return features


# ------------------------------------------------------------------------------------------------ registry
def _tuple(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class Cover:
    """Where regprior meets one claim (or one feature); see the module docstring for the fields."""

    what: str
    pages: tuple[str, ...] = ()
    derivations: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    missing: dict[str, str] = field(default_factory=dict)
    note: str = ""
    status: str = "yes"  # features only: "yes", "partly" or "not yet"

    def __post_init__(self):
        for name in ("pages", "derivations", "tests", "figures"):
            object.__setattr__(self, name, _tuple(getattr(self, name)))


def _t(module: str, *names: str) -> tuple[str, ...]:
    """Node ids of tests in ``tests/<module>.py``."""
    return tuple(f"tests/{module}.py::{name}" for name in names)


PA = _t("test_posterior_agreement", "test_neg_log_posterior_is_scaled_objective_plus_constant",
        "test_symbolic_lambda_matches_numeric_prior_both_ways")
MAP = _t("test_posterior_agreement", "test_map_estimate_minimizes_the_symbolic_neg_log_posterior")
SCIPY_POSTERIOR = _t("test_posterior_agreement", "test_symbolic_posterior_is_scipy_likelihood_times_prior")
KAPPA = _t("test_prior_mean_covariance", "test_precision_parameterization_normalizer_variance_and_strength")

#: claim ID -> where regprior meets it
CLAIMS: dict[str, Cover] = {
    # -- S0: the question-and-answer thread ------------------------------------------------------------------
    "S0-1": Cover(
        "Both correspondences, L2 penalty with a Gaussian prior and L1 with a Laplace prior, shown exactly and "
        "in both directions.",
        derivations=("gaussian-l2-result", "gaussian-l2-inverse", "laplace-l1-result", "laplace-l1-inverse"),
        tests=PA + _t("test_derivations", "test_derived_strengths_are_the_canonical_ones"),
        figures="prior-densities-penalties"),
    "S0-2": Cover(
        "A one-feature linear model with Gaussian noise, whose likelihood multiplies normal densities.",
        derivations=("gaussian-l2-likelihood", "gaussian-l2-nll"), tests=SCIPY_POSTERIOR,
        note="derived for any number of features; one feature is the case p = 1"),
    "S0-3": Cover(
        "The Gaussian prior written with a precision; the ridge strength is that precision times the noise "
        "variance.",
        derivations=("gaussian-l2-solve", "conventions-prml-solve", "evidence-lambda"),
        tests=_t("test_unknown_noise", "test_derived_lambda_agrees_with_the_conventions_module")
        + _t("test_posterior_agreement", "test_symbolic_lambda_matches_numeric_prior_both_ways")),
    "S0-4": Cover(
        "The log of likelihood times prior for the one-feature model.",
        derivations=("gaussian-l2-nll", "gaussian-l2-nlprior", "gaussian-l2-result"), tests=PA[:1]),
    "S0-5": Cover(
        "The MAP maximizes it; with one feature it is a ratio of sums.",
        derivations=("ridge-solution-solution", "ridge-solution-map", "prior-mean-scalar"),
        tests=_t("test_ridge", "test_ridge_solution_zeroes_the_symbolic_gradient") + MAP
        + _t("test_prior_mean_covariance",
             "test_one_coefficient_is_a_weighted_average_of_least_squares_and_the_prior_mean")),
    "S0-6": Cover(
        "The Laplace prior gives the L1 penalty by the same steps.",
        derivations=("laplace-l1-result",), tests=PA[:1] + MAP),
    "S0-8": Cover(
        "Can coefficients and noise variance be found in closed form, in which order, or only by iterating?",
        pages="derivations/unknown-noise",
        derivations=("ridge-solution-map", "joint-map-noise-beta-step", "joint-map-noise-noise-step",
                     "joint-map-noise-profile", "normal-inverse-gamma-decoupled"),
        tests=_t("test_unknown_noise", "test_joint_map_is_the_derived_fixed_point_and_a_minimum",
                 "test_nig_posterior_matches_the_derived_closed_form")),
    "S0-9": Cover(
        "A reader's remark about a square missing from the penalty, already fixed in the source.",
        derivations=("gaussian-l2-nlprior",), note="the squared penalty is what the derivation produces"),
    "S0-10": Cover(
        "A prior that is zero outside an interval keeps the posterior zero there too, so the MAP is least squares "
        "confined to a box.",
        derivations=("constraint-penalty-uniform", "constraint-penalty-box", "constraint-penalty-clip"),
        tests=_t("test_constrained", "test_box_constraint_matches_bounded_least_squares",
                 "test_one_coefficient_box_solution_clips_least_squares",
                 "test_clipping_is_not_the_box_solution_for_correlated_columns")),
    "S0-11": Cover(
        "An inverse-gamma prior on an unknown noise variance: what the conjugate algebra gives.",
        derivations=("normal-inverse-gamma-decoupled", "normal-inverse-gamma-t", "normal-inverse-gamma-t-check",
                     "normal-inverse-gamma-noise-modes"),
        tests=_t("test_unknown_noise", "test_nig_posterior_matches_the_derived_closed_form",
                 "test_nig_marginals_match_quadrature_of_the_joint_posterior")),
    "S0-12": Cover(
        "The MAP is the mode of likelihood times prior, which is why the two are multiplied; a mode depends on "
        "the parameterization.",
        pages="derivations/nonlinear-and-invariance",
        derivations=("loss-minimizers-posterior-mode", "reparameterization-theta-mode",
                     "reparameterization-phi-mode"),
        tests=_t("test_nonlinear_reparam", "test_modes_of_theta_and_of_log_theta_are_different_points",
                 "test_three_parameterizations_of_the_noise_give_three_modes")),
    "S0-13": Cover(
        "The mean minimizes the sum of squared distances, a median the sum of absolute distances.",
        derivations=("loss-minimizers-mean", "loss-minimizers-kink", "loss-minimizers-example"),
        tests=_t("test_loss_minimizers", "test_derived_mean_is_the_minimizer_of_squared_loss",
                 "test_median_interval_is_where_the_derived_conditions_put_it",
                 "test_even_sample_of_the_erratum_has_an_interval_of_medians")),
    "S0-14": Cover(
        "The maximum-likelihood location is the mean under Gaussian noise and a median under Laplace noise.",
        derivations=("loss-minimizers-likelihood",),
        tests=_t("test_loss_minimizers", "test_intercept_only_lad_is_a_median")),
    "S0-15": Cover(
        "A heavy-tailed Laplace prior is said to resist outliers; resisting outliers takes a Laplace "
        "likelihood.",
        derivations=("robust-likelihood-psi", "robust-likelihood-pull-limits",
                     "robust-likelihood-lasso-sensitivity", "robust-likelihood-shrinkage"),
        tests=_t("test_loss_minimizers", "test_a_laplace_likelihood_resists_an_outlier_and_a_laplace_prior_does_not",
                 "test_lad_map_is_certified_and_matches_the_derived_objective")
        + _t("test_figures_updating", "test_outlier_figure_drags_least_squares_and_the_lasso_but_not_lad",
             "test_an_outlier_pulls_the_lasso_like_least_squares_and_lad_boundedly"),
        figures="outlier-pull"),
    "S0-16": Cover(
        "How 'the mean minimizes squared error' relates to priors: Bayes decisions under different losses.",
        derivations=("loss-minimizers-posterior-mean", "loss-minimizers-posterior-median",
                     "loss-minimizers-posterior-mode"),
        tests=_t("test_loss_minimizers", "test_bayes_decisions_for_a_gamma_posterior")),
    "S0-17": Cover(
        "Gaussian prior and Gaussian likelihood give a Gaussian posterior whose mean is the generalized ridge "
        "solution.",
        derivations=("gaussian-posterior-precision", "gaussian-posterior-mode", "gaussian-posterior-covariance",
                     "gaussian-posterior-mean-iid"),
        tests=_t("test_prior_mean_covariance", "test_gaussian_posterior_matches_the_completed_square",
                 "test_weighted_posterior_precision_uses_the_noise_precision_matrix")
        + _t("test_ridge_family", "test_gaussian_posterior_mean_is_the_map_and_cov_the_inverse_precision"),
        note="the noise may have any covariance (the matrix W), the prior any mean and covariance"),
    "S0-18": Cover(
        "Bayesian inference returns a whole distribution over the coefficients; penalized least squares returns "
        "one point of it.",
        derivations=("gaussian-posterior-covariance-iid", "gaussian-posterior-covariance-ridge",
                     "gaussian-posterior-predictive"),
        tests=_t("test_prior_mean_covariance",
                 "test_isotropic_posterior_covariance_is_sigma_squared_times_inverse_ridge_matrix"),
        figures="gaussian-posterior-bands"),
    "S0-20": Cover(
        "Laplace prior with Gaussian likelihood: the MAP is L1-penalized least squares.",
        derivations=("laplace-l1-result", "laplace-l1-inverse"), tests=MAP),
    "S0-21": Cover(
        "Ordinary least squares without an intercept, and its normal equations.",
        derivations=("ridge-solution-gradient", "ridge-solution-positive", "ridge-solution-solution"),
        tests=_t("test_ridge", "test_ridge_with_zero_penalty_is_least_squares_and_refuses_rank_deficiency"),
        note="the ridge system at λ = 0, which needs full column rank"),
    "S0-22": Cover(
        "The bridge penalty λΣ|β_j|^q: minimizing the penalized loss maximizes its negative.",
        derivations=("exponential-power-prior-lambda",),
        tests=_t("test_other_priors", "test_exponential_power_posterior_splits_into_the_bridge_objective")),
    "S0-23": Cover(
        "The log-posterior written as log-likelihood plus the log of the penalty.",
        derivations=("nonlinear-map-log-penalty", "exponential-power-prior-lambda")),
    "S0-24": Cover(
        "Which distribution goes with which penalty: the exponential-power family.",
        derivations=("exponential-power-prior-prior", "exponential-power-prior-lambda",
                     "exponential-power-prior-special-cases", "exponential-power-prior-not-convex",
                     "exponential-power-prior-no-prior"),
        tests=_t("test_other_priors", "test_exponential_power_density_integrates_to_one",
                 "test_exponential_power_special_cases_are_the_laplace_and_gaussian_priors"),
        figures="constraint-geometry",
        note="the figure draws the family's unit balls for several q, not the prior densities"),
    "S0-25": Cover(
        "Squared error plus an L2 penalty is minimized by the posterior mode under independent, zero-centred "
        "Gaussian priors on the weights.",
        derivations=("gaussian-l2-inverse", "nonlinear-map-objective"), tests=MAP),
    "S0-26": Cover(
        "The penalized loss of a general model f_w with a sum of squared weights.",
        derivations=("nonlinear-map-objective",),
        tests=_t("test_nonlinear_reparam",
                 "test_map_of_a_nonlinear_model_is_penalized_least_squares_at_the_derived_lambda")),
    "S0-27": Cover(
        "The multivariate normal density and its normalizing constant.",
        derivations=("prior-covariance-density",),
        tests=_t("test_prior_mean_covariance",
                 "test_mahalanobis_posterior_is_scipy_likelihood_times_multivariate_prior")),
    "S0-28": Cover(
        "Bayes' rule for the weights; an isotropic Gaussian prior is a product over the weights.",
        derivations=("nonlinear-map-likelihood", "gaussian-l2-prior", "gaussian-l2-nlprior",
                     "prior-covariance-diagonal"),
        tests=SCIPY_POSTERIOR),
    "S0-29": Cover(
        "The negative log-posterior is the scaled penalized loss plus a constant, hence λ = σ_y²/σ_w².",
        derivations=("nonlinear-map-split", "gaussian-l2-result"),
        tests=PA[:1] + _t("test_nonlinear_reparam",
                          "test_map_of_a_nonlinear_model_is_penalized_least_squares_at_the_derived_lambda")),
    "S0-30": Cover(
        "Dropping constants and rescaling leaves the minimizer alone (only for a positive factor, and only "
        "while the scales are fixed).",
        derivations=("nonlinear-map-positive-factor", "joint-map-noise-wrong-normalizer"),
        tests=PA[:1] + _t("test_unknown_noise", "test_joint_map_is_the_derived_fixed_point_and_a_minimum")),
    "S0-31": Cover(
        "The same prior-penalty match holds for a nonlinear model of the inputs, not only for linear regression.",
        pages="derivations/nonlinear-and-invariance", derivations=("nonlinear-map-objective",),
        tests=_t("test_nonlinear_reparam",
                 "test_map_of_a_nonlinear_model_is_penalized_least_squares_at_the_derived_lambda",
                 "test_modes_of_theta_and_of_log_theta_are_different_points")),
    "S0-32": Cover(
        "Pick a prior that encodes what is known rather than one that is convenient; the horseshoe is offered "
        "for sparse signals.",
        pages="derivations/horseshoe",
        derivations=("horseshoe-marginal", "horseshoe-pole", "horseshoe-degenerate", "horseshoe-integrable"),
        tests=_t("test_bayesian_lasso", "test_horseshoe_density_matches_the_mixture_integral",
                 "test_horseshoe_map_is_degenerate_at_zero"),
        figures="map-mean-median"),
    "S0-33": Cover(
        "A full posterior yields interval estimates, for each coefficient and for new responses.",
        pages=("derivations/gaussian-posterior", "derivations/bayesian-lasso"),
        derivations=("gaussian-posterior-predictive", "bayesian-lasso-beta-conditional"),
        tests=_t("test_ridge_family", "test_gaussian_posterior_mean_is_the_map_and_cov_the_inverse_precision",
                 "test_gaussian_posterior_predictive_matches_simulation")
        + _t("test_bayesian_lasso", "test_gibbs_one_coefficient_matches_the_exact_posterior_and_is_not_sparse",
             "test_samples_are_reproducible_and_summaries_are_consistent")
        + _t("test_claims_extra", "test_credible_interval_of_a_normal_mean_is_calibrated"),
        figures=("gaussian-posterior-bands", "bayesian-lasso-marginals")),
    "S0-34": Cover(
        "Choosing a penalty is said to remove all frequentist inference.",
        pages="derivations/bayesian-lasso",
        derivations=("ridge-sampling-bias", "ridge-sampling-sandwich", "ridge-sampling-not-posterior"),
        tests=_t("test_bayesian_lasso", "test_ridge_sampling_covariance_is_the_derived_sandwich")),
    # -- S1: the tutorial ------------------------------------------------------------------------------------
    "S1-1": Cover(
        "A small one-dimensional data set: 30 noisy points around a cosine.",
        pages="introduction", tests=_t("test_claims_extra", "test_polynomial_example_data_are_seeded"),
        figures="polynomial-degree-15"),
    "S1-2": Cover(
        "Degree-15 polynomial fits: least squares overfits, ridge gives a smoother curve.",
        pages="introduction", tests=_t("test_claims_extra",
                                       "test_degree_15_least_squares_overfits_and_ridge_generalizes"),
        figures="polynomial-degree-15"),
    "S1-3": Cover(
        "The printed coefficients of those fits, some of them enormous, and a first coefficient of zero.",
        pages="introduction", derivations=("weights-intercept-constant-column",),
        tests=_t("test_claims_extra", "test_huge_polynomial_coefficients_come_from_the_basis_not_the_fit")
        + _t("test_weights_intercept", "test_a_column_of_ones_gets_coefficient_zero_with_a_fitted_intercept"),
        figures="polynomial-degree-15"),
    "S1-4": Cover("The general shape: a data loss plus λ times a regularizer.", pages=("introduction", "index")),
    "S1-5": Cover(
        "An example objective with a per-sample mean loss and every polynomial coefficient penalized.",
        derivations=("weights-intercept-per-sample", "weights-intercept-fit", "weights-intercept-constant-column",
                     "conventions-sklearn-ridge-solve"),
        tests=_t("test_conventions_sklearn", "test_sklearn_ridge_equals_ridge_at_the_converted_strength")
        + _t("test_ridge_family", "test_weights_and_intercept_match_scikit_learn")),
    "S1-7": Cover(
        "Big coefficients allow sharp bends and overfitting; keeping them small gives curves that predict new "
        "points better.",
        pages="introduction",
        tests=_t("test_claims_extra", "test_degree_15_least_squares_overfits_and_ridge_generalizes")
        + _t("test_metamorphic", "test_norms_shrink_monotonically_along_paths"),
        figures="polynomial-degree-15",
        note="the figure compares least squares with ridge at one λ; there is no plot against λ yet"),
    "S1-8": Cover(
        "The L1 penalty sets irrelevant coefficients exactly to zero (the lasso).",
        pages="solvers",
        tests=_t("test_coordinate_descent", "test_lambda_max_is_the_exact_threshold")
        + _t("test_bayesian_lasso", "test_gibbs_on_an_orthonormal_design_matches_the_factorized_posterior"),
        figures="diabetes-paths"),
    "S1-9": Cover(
        "The lasso as least squares under an L1 budget, solved with a Lagrangian.",
        derivations=("constraint-penalty-lagrangian", "constraint-penalty-closed", "constraint-penalty-kkt",
                     "constraint-penalty-same", "constraint-penalty-multiplier"),
        tests=_t("test_constrained", "test_l1_budget_of_a_lasso_solution_gives_back_the_solution_and_lambda",
                 "test_budget_maps_decrease_with_lambda_and_follow_the_spectral_formula")),
    "S1-10": Cover(
        "When the lasso has a closed form: orthonormal columns, or a single coefficient.",
        derivations=("orthonormal-design-lasso", "orthonormal-design-one-column-lasso",
                     "orthonormal-design-active-set", "orthonormal-design-path"),
        tests=_t("test_closed_forms", "test_lasso_on_an_orthonormal_design_is_soft_thresholding_at_half_lambda",
                 "test_one_column_lasso_divides_the_soft_threshold_by_the_squared_norm",
                 "test_lasso_path_from_sign_patterns_matches_the_solver")),
    "S1-11": Cover(
        "|w₁| + |w₂| has no derivative on the axes: the slopes from the left and the right differ.",
        derivations=("lasso-coordinate-one-sided",),
        figures=("prior-densities-penalties", "constraint-geometry")),
    "S1-12": Cover(
        "Solvers for the lasso: subgradient methods and coordinate descent.",
        pages="solvers",
        tests=_t("test_lasso", "test_lasso_satisfies_symbolic_kkt_within_gap_tolerance")
        + _t("test_metamorphic", "test_coordinate_descent_and_fista_agree")),
    "S1-13": Cover(
        "Coordinate descent: minimize exactly over one coefficient at a time, in turn.",
        pages="solvers",
        tests=_t("test_claims_extra", "test_coordinate_moves_are_exact_minimizations_and_never_increase_the_objective")
        + _t("test_coordinate_descent", "test_hard_problem_with_many_more_features_than_samples_converges")),
    "S1-14": Cover(
        "The lasso written with ½ in front of the squared error.",
        pages="solvers", derivations=("orthonormal-design-threshold",),
        tests=_t("test_closed_forms", "test_lasso_on_an_orthonormal_design_is_soft_thresholding_at_half_lambda")),
    "S1-15": Cover(
        "The gradient of the (halved) squared error.",
        derivations=("ridge-solution-gradient", "lasso-coordinate-g"),
        tests=_t("test_ridge", "test_ridge_solution_zeroes_the_symbolic_gradient"),
        note="derived without the ½, which only doubles it"),
    "S1-16": Cover(
        "One coordinate of that gradient.",
        derivations=("lasso-coordinate-g",),
        tests=_t("test_lasso", "test_lasso_satisfies_symbolic_kkt_within_gap_tolerance")),
    "S1-17": Cover(
        "The minimizer over one coefficient of the smooth part.",
        derivations=("lasso-coordinate-restricted", "lasso-coordinate-quadratic", "lasso-coordinate-update",
                     "lasso-coordinate-a"),
        note="the smooth part's minimizer is the update at λ = 0"),
    "S1-18": Cover(
        "The subdifferential of λ|β_i| in its three cases.",
        derivations=("lasso-coordinate-one-sided", "lasso-coordinate-cases")),
    "S1-19": Cover(
        "Optimality in the three cases; at zero it says zero lies in an interval.",
        derivations=("lasso-coordinate-cases", "lasso-coordinate-kkt"),
        tests=_t("test_lasso", "test_lasso_satisfies_symbolic_kkt_within_gap_tolerance")),
    "S1-20": Cover(
        "The coordinate update: soft-threshold the correlation, then divide by the squared column norm.",
        derivations=("lasso-coordinate-update",),
        tests=_t("test_closed_forms", "test_one_column_lasso_divides_the_soft_threshold_by_the_squared_norm")
        + _t("test_claims_extra", "test_coordinate_moves_are_exact_minimizations_and_never_increase_the_objective",
             "test_worked_two_feature_example_converges_in_a_few_sweeps")),
    "S1-21": Cover(
        "A two-feature worked example at λ = 1 that converges in a few steps.",
        pages="solvers", tests=_t("test_claims_extra", "test_worked_two_feature_example_converges_in_a_few_sweeps"),
        figures="cd-iterates"),
    "S1-22": Cover(
        "Hand-written coordinate descent against scikit-learn's Lasso, 'nearly equal'.",
        pages=("conventions", "which-prior"), derivations=("conventions-sklearn-lasso-solve",),
        tests=_t("test_conventions_sklearn", "test_sklearn_lasso_equals_lasso_at_the_converted_strength")),
    "S1-23": Cover("In practice, call a library's compiled solver.", pages=("conventions", "solvers")),
    "S1-24": Cover(
        "A linear model with Gaussian noise, its likelihood, and how many parameters it has.",
        derivations=("gaussian-l2-likelihood", "gaussian-l2-nll", "gaussian-l2-nlprior"), tests=PA[:1]),
    "S1-25": Cover(
        "Under Gaussian noise, maximum likelihood is least squares.",
        derivations=("gaussian-l2-nll", "ridge-solution-solution", "loss-minimizers-likelihood"),
        tests=_t("test_ridge", "test_ridge_with_zero_penalty_is_least_squares_and_refuses_rank_deficiency")),
    "S1-26": Cover(
        "Fixed unknown parameters versus random ones, and Bayes' rule.",
        pages="derivations/bayesian-lasso", derivations=("ridge-sampling-linear", "gaussian-l2-bayes")),
    "S1-27": Cover(
        "MAP as the argmax of likelihood times prior, and of its logarithm.",
        derivations=("gaussian-l2-bayes", "gaussian-l2-inverse", "nonlinear-map-log-penalty")),
    "S1-28": Cover(
        "Which priors may be used: any, as long as the posterior is proper.",
        derivations=("exponential-power-prior-no-prior", "joint-map-noise-degenerate", "horseshoe-integrable"),
        tests=_t("test_unknown_noise",
                 "test_joint_map_refuses_an_unbounded_posterior_and_accepts_a_proper_noise_prior")),
    "S1-29": Cover(
        "The Laplace density: it integrates to one and has variance 2b².",
        derivations=("laplace-l1-prior",), tests=_t("test_posterior_agreement",
                                                    "test_prior_densities_match_scipy_stats")),
    "S1-30": Cover(
        "The Laplace-prior MAP is the lasso, with λ = 2σ²/b.",
        derivations=("laplace-l1-nlprior", "laplace-l1-solve", "laplace-l1-inverse"), tests=PA + MAP),
    "S1-31": Cover(
        "The Laplace density is much sharper than the Gaussian one (excess kurtosis 3 against 0), shown next to "
        "the L1 term.",
        derivations=("laplace-l1-variance", "laplace-l1-kurtosis", "laplace-l1-gaussian-kurtosis",
                     "laplace-l1-matched"),
        tests=_t("test_posterior_agreement", "test_prior_densities_match_scipy_stats"),
        figures="prior-densities-penalties",
        note="the figure uses matched variances; at matched variance the Laplace density is √π times the "
             "Gaussian's at 0"),
    "S1-32": Cover(
        "L2 regularization penalizes the squared ℓ2 norm (ridge).",
        pages="derivations/gaussian-l2", derivations=("constraint-penalty-unsquared",)),
    "S1-33": Cover(
        "L2 as a budget: only a budget on the squared norm gives ridge.",
        derivations=("constraint-penalty-l2-stationarity", "constraint-penalty-unsquared",
                     "constraint-penalty-unsquared-zero"),
        tests=_t("test_constrained", "test_unsquared_l2_penalty_is_exactly_zero_beyond_twice_the_correlation_norm",
                 "test_squared_l2_budget_of_a_ridge_solution_gives_back_the_solution_and_lambda")),
    "S1-34": Cover(
        "Setting the ridge gradient to zero gives its closed form.",
        derivations=("ridge-solution-gradient", "ridge-solution-solution"),
        tests=_t("test_ridge",
                 "test_ridge_solution_zeroes_the_symbolic_gradient", "test_ridge_primal_and_dual_forms_agree")),
    "S1-35": Cover(
        "A NumPy ridge snippet against scikit-learn's Ridge, 'nearly equal'.",
        pages="conventions",
        tests=_t("test_conventions_sklearn", "test_sklearn_ridge_equals_ridge_at_the_converted_strength")
        + _t("test_ridge_family", "test_weights_and_intercept_match_scikit_learn")),
    "S1-36": Cover(
        "The one-dimensional Gaussian density.",
        derivations=("gaussian-l2-prior",), tests=_t("test_posterior_agreement",
                                                     "test_prior_densities_match_scipy_stats")),
    "S1-37": Cover(
        "The Gaussian-prior MAP is ridge with λ = σ²/σ'²; its constant counts coefficients.",
        derivations=("gaussian-l2-nlprior", "gaussian-l2-solve", "gaussian-l2-result"), tests=PA),
    "S1-38": Cover("The Gaussian is gentler than the Laplace, shown next to the L2 term.",
                   figures="prior-densities-penalties"),
    "S1-39": Cover("The L1 diamond and the L2 disk against the contours of the loss.", figures="constraint-geometry"),
    "S1-40": Cover(
        "A reference for the closed-form lasso on an orthonormal design.",
        derivations=("orthonormal-design-lasso", "orthonormal-design-threshold"),
        tests=_t("test_closed_forms", "test_lasso_on_an_orthonormal_design_is_soft_thresholding_at_half_lambda")),
    # -- S2: the post on a prior mean ------------------------------------------------------------------------
    "S2-1": Cover(
        "Uncertainty about a parameter as a probability distribution: a credible range for a population mean.",
        pages="derivations/gaussian-posterior",
        tests=_t("test_claims_extra", "test_credible_interval_of_a_normal_mean_is_calibrated")
        + _t("test_ridge_family", "test_gaussian_posterior_mean_is_the_map_and_cov_the_inverse_precision"),
        figures="gaussian-posterior-bands",
        note="the figure shows credible bands for a regression curve, not for a single mean"),
    "S2-2": Cover(
        "Learning is sequential: the posterior after some data is the prior for the next.",
        tests=_t("test_claims_extra", "test_sequential_updating_equals_batch_updating")
        + _t("test_figures_updating", "test_batch_by_batch_posteriors_equal_all_at_once_and_narrow",
             "test_sequential_updating_figure_ends_on_the_all_at_once_posterior"),
        figures="sequential-updating"),
    "S2-3": Cover("Bayes' rule for the posterior.", pages="derivations/prior-mean"),
    "S2-4": Cover(
        "The marginal likelihood does not depend on the coefficients, so the posterior is prior times likelihood "
        "up to a constant.",
        derivations=("gaussian-l2-bayes",), tests=SCIPY_POSTERIOR),
    "S2-5": Cover(
        "The model: a function of inputs and parameters plus Gaussian noise.",
        derivations=("nonlinear-map-likelihood",)),
    "S2-6": Cover(
        "A Gaussian prior around θ₀ whose width λ sets.",
        derivations=("prior-mean-kappa", "prior-mean-lambda-kappa"), tests=KAPPA),
    "S2-7": Cover("The likelihood of the model.", derivations=("prior-mean-wrong-likelihood",)),
    "S2-8": Cover("The posterior as prior times that likelihood.",
                  derivations=("prior-mean-objective", "prior-mean-wrong-likelihood")),
    "S2-9": Cover("An intermediate step combining the two logarithms.", derivations=("prior-mean-objective",)),
    "S2-10": Cover("The logarithm of the prior, normalizer included.", derivations=("prior-mean-kappa",), tests=KAPPA),
    "S2-11": Cover("The likelihood's contribution to the log-posterior.",
                   derivations=("prior-mean-objective", "prior-mean-lambda-kappa"), tests=KAPPA),
    "S2-12": Cover(
        "The MAP as penalized least squares pulled toward θ₀.",
        derivations=("prior-mean-objective", "prior-mean-lambda-kappa"), tests=KAPPA),
    "S2-13": Cover(
        "The extra term pulls the estimate toward θ₀ (usually 0); closed form with a prior mean.",
        derivations=("prior-mean-solution", "prior-mean-shift", "prior-mean-shift-solution", "prior-mean-limits"),
        tests=_t("test_prior_mean_covariance", "test_prior_mean_closed_form_and_shift_match_ridge",
                 "test_shrinkage_toward_the_prior_mean_is_d_over_d_plus_lambda_per_eigendirection")
        + _t("test_ridge_family", "test_prior_mean_is_a_shift_of_the_data")),
    "S2-14": Cover(
        "The conclusion: L2 regularization as a normal prior with mean θ₀.",
        pages=("derivations/prior-mean", "derivations/gaussian-posterior")),
    "S2-15": Cover(
        "A strong prior needs much data before the estimate moves; a weak one follows the data.",
        derivations=("prior-mean-scalar", "prior-mean-limits"),
        tests=_t("test_claims_extra", "test_map_moves_from_the_prior_mean_to_least_squares_as_data_accumulate")
        + _t("test_figures_updating", "test_the_map_share_of_the_prior_mean_only_shrinks_as_data_accumulate",
             "test_prior_mean_figure_shares_fall_in_order_of_strength"),
        figures="prior-mean-to-least-squares"),
    "S2-16": Cover(
        "Maximizing a Gaussian log-likelihood is minimizing the squared error.",
        derivations=("gaussian-l2-nll", "loss-minimizers-likelihood"), tests=SCIPY_POSTERIOR),
    # -- S3: the post on a prior covariance ------------------------------------------------------------------
    "S3-1": Cover("L2 as a zero-mean Gaussian prior with covariance Σ.",
                  derivations=("prior-covariance-density", "prior-covariance-objective")),
    "S3-2": Cover("The MAP maximizes log-likelihood plus log-prior.",
                  derivations=("gaussian-l2-bayes", "nonlinear-map-log-penalty", "prior-covariance-objective")),
    "S3-3": Cover("The log-likelihood alone gives maximum likelihood.", pages="derivations/prior-mean",
                  derivations=("prior-mean-limits",)),
    "S3-4": Cover(
        "The log-density of N(0, Σ).",
        derivations=("prior-covariance-nlprior",),
        tests=_t("test_prior_mean_covariance",
                 "test_mahalanobis_posterior_is_scipy_likelihood_times_multivariate_prior")),
    "S3-5": Cover("The constant drops out of the argmax; the negated log-likelihood is the plain loss.",
                  derivations=("prior-covariance-penalty-matrix", "gaussian-l2-inverse")),
    "S3-6": Cover("The MAP objective with the prior's quadratic form.",
                  derivations=("prior-covariance-objective", "prior-covariance-twice", "prior-covariance-no-log")),
    "S3-7": Cover(
        "A single λ from a diagonal covariance.",
        derivations=("prior-covariance-diagonal", "prior-covariance-lambda-k", "prior-covariance-not-reciprocal"),
        tests=_t("test_prior_mean_covariance", "test_diagonal_covariance_gives_per_coefficient_strengths")),
    "S3-8": Cover("With an isotropic covariance the objective is the usual L2 penalty.",
                  derivations=("prior-covariance-objective", "gaussian-l2-result")),
    "S3-10": Cover(
        "A general Σ gives a Mahalanobis (generalized Tikhonov) penalty, plain ridge after whitening.",
        derivations=("prior-covariance-whitened", "prior-covariance-whitened-solution",
                     "prior-covariance-general-solution"),
        tests=_t("test_prior_mean_covariance",
                 "test_whitened_and_generalized_forms_are_the_map_under_a_full_covariance")
        + _t("test_ridge_family", "test_full_covariance_prior_whitens_to_plain_ridge")),
}

#: feature-table rows that no reference has -> where regprior has them
FEATURES: dict[str, Cover] = {
    "A4": Cover(
        "The negative log-posterior with every normalizing constant, checked by machine.",
        derivations=("gaussian-l2-result", "laplace-l1-result"),
        tests=PA[:1] + SCIPY_POSTERIOR
        + _t("test_prior_mean_covariance",
             "test_centred_posterior_splits_into_scaled_objective_plus_the_derived_constant")),
    "A7": Cover(
        "The bridge penalty |β_j|^q read as a normalized prior (the generalized normal), with the λ it implies.",
        derivations=("exponential-power-prior-prior", "exponential-power-prior-lambda"),
        tests=_t("test_other_priors", "test_exponential_power_density_integrates_to_one",
                 "test_exponential_power_posterior_splits_into_the_bridge_objective")),
    "A12": Cover(
        "The budget η(λ) of the constraint form computed, and the multiplier recovered as λ.",
        derivations=("constraint-penalty-multiplier", "constraint-penalty-eta"),
        tests=_t("test_constrained", "test_l1_budget_of_a_lasso_solution_gives_back_the_solution_and_lambda",
                 "test_squared_l2_budget_of_a_ridge_solution_gives_back_the_solution_and_lambda",
                 "test_budget_maps_decrease_with_lambda_and_follow_the_spectral_formula")),
    "A14": Cover(
        "An unknown noise variance handled three ways (joint mode, conjugate prior, evidence) on one page.",
        pages="derivations/unknown-noise", derivations=("joint-map-noise", "normal-inverse-gamma", "evidence"),
        tests=_t("test_unknown_noise", "test_joint_map_is_the_derived_fixed_point_and_a_minimum",
                 "test_nig_posterior_matches_the_derived_closed_form",
                 "test_evidence_ridge_is_a_stationary_point_and_matches_bayesian_ridge")),
    "B1": Cover(
        "One table of what λ means under each library's loss normalization.",
        pages="conventions", derivations=("conventions",),
        tests=_t("test_conventions", "test_generated_python_equals_the_lambdified_derivation")
        + _t("test_conventions_sklearn", "test_sklearn_lasso_equals_lasso_at_the_converted_strength")),
    "B2": Cover(
        "A table of what 'alpha' names in each library.",
        pages="conventions", derivations=("conventions-sklearn-bayesianridge-prior", "conventions-prml-prior"),
        tests=_t("test_unknown_noise", "test_derived_lambda_agrees_with_the_conventions_module")),
    "B5": Cover(
        "BayesianRidge's coefficients are ridge at lambda_/alpha_, derived and tested.",
        derivations=("conventions-sklearn-bayesianridge-solve", "evidence-lambda"),
        tests=_t("test_conventions_sklearn",
                 "test_bayesian_ridge_is_ridge_at_lambda_over_alpha_and_its_prior_is_read_off")
        + _t("test_unknown_noise", "test_ridge_at_lambda_over_alpha_reproduces_bayesian_ridge")
        + _t("test_estimators", "test_gaussian_estimator_reproduces_bayesian_ridge_at_its_fitted_precisions")),
    "B7": Cover(
        "A two-way converter between prior scales and library parameters, with round-trip tests.",
        pages=("which-prior", "conventions"),
        tests=_t("test_conventions", "test_prior_to_params_to_prior_round_trips",
                 "test_params_to_canonical_to_params_round_trips",
                 "test_logistic_prior_round_trips_through_both_parameters")
        + _t("test_conventions_js", "test_javascript_formulas_agree_with_python_on_a_drawn_batch")
        + _t("test_site_browser", "test_converter_gives_the_python_numbers_when_typed_into")),
    "D7": Cover(
        "The horseshoe's MAP collapses to zero, shown with numbers.",
        derivations=("horseshoe-degenerate",), tests=_t("test_bayesian_lasso",
                                                        "test_horseshoe_map_is_degenerate_at_zero")),
    "D10": Cover(
        "Evidence maximization and cross-validation choosing λ on the same data.",
        pages=("derivations/unknown-noise", "api"),
        tests=_t("test_unknown_noise", "test_evidence_ridge_is_a_stationary_point_and_matches_bayesian_ridge")
        + _t("test_selection", "test_loo_is_n_refits_and_gcv_is_the_hat_matrix_formula",
             "test_loo_matches_scikit_learn_ridge_cv")
        + _t("test_figures_posterior", "test_the_evidence_versus_cross_validation_page_states_what_the_numbers_say"),
        figures=("evidence-lambda-degree", "evidence-vs-cross-validation"), status="partly",
        note="evidence, exact leave-one-out and GCV for ridge, side by side on one figure; K-fold CV, the "
             "one-standard-error rule and AIC/BIC are not implemented, and the leave-one-out shortcut is "
             "checked in numbers, not derived in SymPy"),
    "E1": Cover(
        "Every derivation step checked by SymPy.",
        pages="verification",
        tests=_t("test_derivations",
                 "test_every_derivation_builds_with_all_checks_passing", "test_a_wrong_step_is_refused")),
    "E2": Cover(
        "Property tests that check each solver against the derived objective and its optimality conditions.",
        pages="verification",
        tests=_t("test_ridge", "test_ridge_solution_zeroes_the_symbolic_gradient")
        + _t("test_lasso", "test_lasso_satisfies_symbolic_kkt_within_gap_tolerance")
        + MAP + _t("test_logistic", "test_laplace_prior_map_meets_the_subgradient_conditions_and_matches_sklearn")),
    "E3": Cover(
        "Solvers agree with each other once their conventions are converted.",
        tests=_t("test_metamorphic", "test_coordinate_descent_and_fista_agree")
        + _t("test_closed_forms", "test_lasso_on_an_orthonormal_design_is_soft_thresholding_at_half_lambda")
        + _t("test_conventions_sklearn", "test_sklearn_lasso_equals_lasso_at_the_converted_strength")
        + _t("test_coordinate_descent", "test_matches_scikit_learn_elastic_net_through_the_conversion"),
        status="partly", note="glmnet enters through its documented objective; glmnet itself is not run"),
    "E4": Cover(
        "A pitfalls page on which each erratum is a check that the wrong formula fails.",
        pages="pitfalls",
        derivations=("pitfalls", "orthonormal-design-threshold", "prior-covariance-twice", "prior-mean-kappa",
                     "nonlinear-map-log-penalty"),
        tests=_t("test_pitfalls", "test_right_forms_equal_the_derived_ones",
                 "test_written_forms_differ_from_the_derived_ones", "test_every_erratum_has_one_entry")
        + KAPPA + _t("test_closed_forms", "test_one_column_lasso_divides_the_soft_threshold_by_the_squared_norm")),
    "E6": Cover(
        "A check that the generated pages match what the scripts produce now.",
        pages="verification",
        tests=_t("test_derivations",
                 "test_committed_fragments_are_current", "test_check_mode_detects_a_stale_fragment")),
    "F1": Cover(
        "Derivation pages whose equations are rendered from the checked SymPy steps.",
        pages="verification", derivations=("gaussian-l2", "laplace-l1"),
        tests=_t("test_derivations", "test_committed_fragments_are_current")),
    "F9": Cover(
        "MAP, posterior mean and posterior median side by side under Gaussian, Laplace and horseshoe priors.",
        pages=("derivations/gaussian-posterior", "derivations/bayesian-lasso"),
        tests=_t("test_figures_posterior", "test_the_figure_curves_have_the_derived_maps_and_shrink_without_zeroing",
                 "test_horseshoe_quadrature_agrees_with_adaptive_quadrature")
        + _t("test_bayesian_lasso", "test_gibbs_one_coefficient_matches_the_exact_posterior_and_is_not_sparse",
             "test_horseshoe_map_is_degenerate_at_zero"),
        figures="map-mean-median"),
    "F10": Cover(
        "The errata rendered as a pitfalls page, each with its check.",
        pages="pitfalls", derivations=("pitfalls",),
        tests=_t("test_pitfalls", "test_every_erratum_has_one_entry", "test_written_forms_differ_from_the_derived_ones")),
}


# -------------------------------------------------------------------------------------------- validation
@dataclass(frozen=True)
class Known:
    """What references may name: derivation slugs with their equation labels, test node ids, figure stems
    and docnames."""

    labels: dict[str, frozenset[str]]  # slug -> labels of its steps
    tests: frozenset[str]
    figures: frozenset[str]
    pages: frozenset[str]


def docnames(docs: Path = ROOT / "docs") -> frozenset[str]:
    """Every page of the site: docs/**.md outside directories starting with ``_``, without the suffix."""
    names = set()
    for path in docs.rglob("*.md"):
        rel = path.relative_to(docs)
        if not any(part.startswith("_") for part in rel.parts):
            names.add(rel.with_suffix("").as_posix())
    return frozenset(names)


def _unknown(cover: Cover, known: Known) -> list[str]:
    problems = [f"page {page!r} is not under docs/" for page in cover.pages if page not in known.pages]
    for ref in cover.derivations:
        if ref not in known.labels and not any(ref in labels for labels in known.labels.values()):
            problems.append(f"derivation {ref!r} is neither a derivation slug nor an equation label")
    problems += [f"test {node!r} does not exist" for node in cover.tests if node not in known.tests]
    problems += [f"figure {stem!r} is not in figures.all_figures()" for stem in cover.figures
                 if stem not in known.figures]
    return problems


def claim_problems(claims: dict[str, Claim], known: Known, registry: dict[str, Cover] = CLAIMS) -> list[str]:
    """Everything wrong with the claim registry: missing entries, unknown IDs, references that do not exist,
    and actions neither met nor declared missing (or declared missing although met)."""
    problems = [f"{cid}: must be {'/'.join(c.checked)} but has no entry" for cid, c in claims.items()
                if c.checked and cid not in registry]
    for cid, cover in registry.items():
        claim = claims.get(cid)
        if claim is None:
            problems.append(f"{cid}: no such claim in the claim list")
            continue
        problems += [f"{cid}: {p}" for p in _unknown(cover, known)]
        for action in claim.checked:
            met = bool(getattr(cover, MEETS[action]))
            if met and action in cover.missing:
                problems.append(f"{cid}: {action} is met by {MEETS[action]} but also declared missing")
            elif not met and action not in cover.missing:
                problems.append(f"{cid}: must be {action} but names no {MEETS[action]} (declare it in missing)")
        problems += [f"{cid}: declares {action} missing but the claim does not ask for {action}"
                     for action in cover.missing if action not in claim.checked]
        problems += [f"{cid}: missing {action} gives no reason" for action, why in cover.missing.items()
                     if not why.strip()]
    return problems


def feature_problems(features: dict[str, Feature], known: Known, registry: dict[str, Cover] = FEATURES) -> list[str]:
    """Everything wrong with the feature registry: unanchored rows without an entry, entries for other rows,
    unknown references, bad statuses, and a 'yes' or 'partly' that points at nothing."""
    problems = [f"{fid}: no reference has it, but it has no entry" for fid, f in features.items()
                if f.unanchored and fid not in registry]
    for fid, cover in registry.items():
        feature = features.get(fid)
        if feature is None or not feature.unanchored:
            problems.append(f"{fid}: not a feature-table row marked **None**")
            continue
        problems += [f"{fid}: {p}" for p in _unknown(cover, known)]
        if cover.status not in STATUSES:
            problems.append(f"{fid}: status {cover.status!r} is not one of {STATUSES}")
        if cover.status != "yes" and not cover.note.strip():
            problems.append(f"{fid}: status {cover.status!r} needs a note saying what is missing")
        if cover.status != "not yet" and not (cover.pages or cover.derivations or cover.tests or cover.figures):
            problems.append(f"{fid}: status {cover.status!r} but names nothing")
        if cover.missing:
            problems.append(f"{fid}: features use status and note, not missing")
    return problems


# ----------------------------------------------------------------------------------------------- render
_PITFALL_TARGET = re.compile(r"^\(pitfall-e(\d+)\)=\s*$|^:name:\s*pitfall-e(\d+)\s*$", re.M)
_INCLUDE = re.compile(r"^```\{include\}\s+(?:\.\./)*_generated/([\w.-]+\.md)\s*$", re.M)
_FIGURE = re.compile(r"^```\{figure\}\s+\S*?figures/(?P<stem>[\w-]+)\.png\s*\n(?:^:[^\n]*\n)*?^:name:\s*(?P<name>\S+)",
                     re.M)


def pitfall_targets(paths: tuple[Path, ...] = (), texts: tuple[str, ...] = ()) -> frozenset[int]:
    """Errata numbers k whose target ``pitfall-e<k>`` is defined in the given files (those that exist) or
    texts."""
    texts = tuple(texts) + tuple(Path(p).read_text(encoding="utf-8") for p in paths if Path(p).is_file())
    return frozenset(int(m.group(1) or m.group(2)) for text in texts for m in _PITFALL_TARGET.finditer(text))


def included_fragments(docs: Path = ROOT / "docs") -> frozenset[str]:
    """File names of the fragments in ``docs/_generated/`` that some page pulls in with ``{include}``."""
    names = set()
    for path in docs.rglob("*.md"):
        if not any(part.startswith("_") for part in path.relative_to(docs).parts):
            names.update(_INCLUDE.findall(path.read_text(encoding="utf-8")))
    return frozenset(names)


def figure_targets(docs: Path = ROOT / "docs") -> dict[str, str]:
    """Figure stem -> the ``:name:`` of a figure directive that shows it (a page other than the landing page
    when there is one)."""
    targets: dict[str, str] = {}
    paths = sorted(docs.rglob("*.md"), key=lambda path: (path.name == "index.md", str(path)))
    for path in paths:
        if any(part.startswith("_") for part in path.relative_to(docs).parts):
            continue
        for match in _FIGURE.finditer(path.read_text(encoding="utf-8")):
            targets.setdefault(match["stem"], match["name"])
    return targets


def erratum(k: int, targets: frozenset[int]) -> str:
    """An erratum as MyST: a link to its pitfall when the target exists, else its plain name."""
    return f"{{ref}}`E{k} <pitfall-e{k}>`" if k in targets else f"E{k}"


@dataclass(frozen=True)
class Context:
    """What the renderer links to."""

    labels: dict[str, frozenset[str]]  # slug -> equation labels
    pages: dict[str, str]  # slug -> docname of the page that includes it
    figures: dict[str, str]  # stem -> figure target name
    pitfalls: frozenset[int]


def _derived(refs: tuple[str, ...], ctx: Context) -> str:
    groups: dict[str, list[str]] = {}
    plain = []
    for ref in refs:
        slug = ref if ref in ctx.labels else next((s for s, labels in ctx.labels.items() if ref in labels), None)
        if slug is None:
            plain.append(f"`{ref}`")
        else:
            labels = groups.setdefault(slug, [])
            if ref != slug:
                labels.append(ref)
    parts = []
    for slug, labels in groups.items():
        page = ctx.pages.get(slug)
        text = f"{{doc}}`{slug} </{page}>`" if page else f"`{slug}`"
        if labels:
            text += " " + ", ".join(f"{{eq}}`{label}`" for label in labels)
        parts.append(text)
    return "; ".join(parts + plain)


def _where(cover: Cover, ctx: Context) -> list[str]:
    """The 'covered by' lines of an entry, as MyST."""
    lines = []
    if cover.derivations:
        lines.append(f"derived: {_derived(cover.derivations, ctx)}")
    if cover.tests:
        lines.append("tested: " + ", ".join(f"`{node}`" for node in cover.tests))
    if cover.figures:
        shown = [f"{{ref}}`{stem} <{ctx.figures[stem]}>`" if stem in ctx.figures else f"`{stem}`"
                 for stem in cover.figures]
        lines.append("plotted: " + ", ".join(shown))
    if cover.pages:
        lines.append("pages: " + ", ".join(f"{{doc}}`/{page}`" for page in cover.pages))
    if cover.note:
        lines.append(f"note: {cover.note}")
    return lines


def _tally(claims: list[Claim], registry: dict[str, Cover]) -> dict[str, tuple[int, int]]:
    """Action -> (claims asking for it, claims where it is met)."""
    out = {}
    for action in CHECKED:
        asking = [c for c in claims if action in c.checked]
        met = [c for c in asking if c.id in registry and getattr(registry[c.id], MEETS[action])]
        out[action] = (len(asking), len(met))
    return out


def render(claims: dict[str, Claim], features: dict[str, Feature], ctx: Context,
           registry: dict[str, Cover] = CLAIMS, feature_registry: dict[str, Cover] = FEATURES) -> str:
    """The coverage fragment: the claims part and the features part, between their markers."""
    by_seed: dict[str, list[Claim]] = {}
    for claim in claims.values():
        by_seed.setdefault(claim.seed, []).append(claim)
    lines = [
        "<!-- Generated by `python -m derivations` from derivations/coverage.py and the shared CLAIMS.md. "
        "Do not edit. -->",
        "",
        CLAIMS_START,
        "",
        "| source | claims | to derive (D) | to test (N) | to plot (P) |",
        "|---|---|---|---|---|",
    ]
    totals = _tally(list(claims.values()), registry)
    for seed, members in by_seed.items():
        tally = _tally(members, registry)
        lines.append(f"| {seed}, {SEEDS.get(seed, seed)} | {len(members)} | "
                     + " | ".join(f"{met} of {asking}" for asking, met in tally.values()) + " |")
    lines.append(f"| **all** | **{len(claims)}** | "
                 + " | ".join(f"**{met} of {asking}**" for asking, met in totals.values()) + " |")
    lines.append("")
    gaps = []
    for seed, members in by_seed.items():
        lines += [f"### {seed}: {SEEDS.get(seed, seed)}", ""]
        for claim in members:
            cover = registry.get(claim.id)
            head = f"- **{claim.id}** · {'/'.join(a for a in ACTIONS if a in claim.actions) or '–'}"
            if claim.errata:
                head += (" · errata " if len(claim.errata) > 1 else " · erratum ") + ", ".join(
                    erratum(k, ctx.pitfalls) for k in claim.errata)
            if cover is None:
                lines.append(head + (" · no entry yet" if claim.checked else " · prose only, not mapped yet"))
                continue
            lines.append(f"{head} · {cover.what}")
            for action, why in cover.missing.items():
                gaps.append(f"- **{claim.id}** ({action}): {why}")
            lines += [f"  - {line}" for line in _where(cover, ctx)]
            lines += [f"  - **not yet** ({action}): {why}" for action, why in cover.missing.items()]
        lines.append("")
    lines += ["### Not yet met", ""]
    lines += gaps or ["Every claim to derive, test or plot is met."]
    lines += ["", CLAIMS_END, FEATURES_START, ""]
    section = None
    for fid, feature in features.items():
        if not feature.unanchored:
            continue
        if fid[0] != section:
            section = fid[0]
            lines += ["", f"**{FEATURE_SECTIONS.get(section, section).capitalize()}**", ""]
        cover = feature_registry.get(fid)
        if cover is None:
            lines.append(f"- **{fid}** · no entry yet")
            continue
        lines.append(f"- **{fid}** · {cover.status} · {cover.what}")
        lines += [f"  - {line}" for line in _where(cover, ctx)]
    lines += ["", FEATURES_END]
    return "\n".join(lines) + "\n"


def context() -> Context:
    """Links as they are now: the derivations, the pages that include them, the figures shown on pages and
    the pitfall targets that the site defines.

    A pitfall target counts when the pitfalls page (``docs/pitfalls.md``) defines it, or when the pitfalls
    fragment defines it and some page includes that fragment; a fragment no page includes defines nothing
    the site can link to. When a derivation renders the fragment (slug ``pitfalls``), its targets are read
    from the text this run writes, not from the file on disk, so one run of ``python -m derivations`` is
    enough.
    """
    from . import OUTPUT_DIR, all_derivations
    from .properties import derivation_pages

    built = all_derivations()
    labels = {d.slug: frozenset(s.label for s in d.steps if s.label) for d in built}
    fragment = f"{PITFALLS}.md"
    paths, texts = [ROOT / "docs" / fragment], ()
    if fragment in included_fragments():
        texts = tuple(d.to_myst() for d in built if d.slug == PITFALLS)
        paths += [] if texts else [OUTPUT_DIR / fragment]
    return Context(labels, derivation_pages(), figure_targets(), pitfall_targets(tuple(paths), texts))


def fragments() -> dict[str, str]:
    text = read_claims()
    return {FRAGMENT: render(parse_claims(text), parse_features(text), context())}
