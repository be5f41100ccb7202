"""Summarize a mutmut run (``make mutation``) as Markdown: the score per module and every surviving mutant.

Usage (from the repository root, in the environment mutmut ran in)::

    python scripts/mutation_report.py [--out tests/MUTATION.md]

Reads ``mutmut results --all true`` and each survivor's diff. A mutant is *killed* when a test failed,
and counts as detected when it timed out (the mutated code looped or became far slower); *survived* means
every covering test passed; *no tests* means no selected test runs the mutated function at all.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import subprocess
import sys
from pathlib import Path

DETECTED = {"killed", "timeout", "caught by type check", "segfault"}

#: Survivors that cannot change what a user gets: (reason, mutated functions, pattern in the mutated lines[, pattern
#: in the original lines that rules the mutant out]).
#: Anything not matched counts as a real (non-equivalent) survivor. Keep each rule narrow.
EQUIVALENT: list[tuple[str, ...]] = [
    ("a SciPy/NumPy flag with no effect on validated, finite input (check_finite, overwrite, full_matrices)",
     r".", r"check_finite=|overwrite_a=|overwrite: bool = |full_matrices=|sla\.eigh\(gram, \)"),
    ("a flag read only for its truth value (strict, exact, lower, overwrite, writeable, scikit-learn's reset, "
     "coordinate descent's path and polished, json's ensure_ascii, pprint's sort_dicts, SymPy's as_Add in "
     "as_independent, a datafit's sparse flag read with getattr), False replaced by None: None is as false as "
     "False", r".",
     r"(strict|exact|lower|overwrite|reset|path|ensure_ascii|sort_dicts|as_Add)=None|flags\.writeable = None|"
     r"getattr\(datafit, \"sparse\", None\)|"
     r"^\s*polished = None$",
     # True replaced by None is a different flag, never equivalent
     r"(strict|exact|lower|overwrite|reset|path|ensure_ascii|sort_dicts)=True|polished = True"),
    ("the dtype of check_coef's copy: its input has passed _as_real_array (real numbers), and every caller computes "
     "with it in floats (a product or difference with a float array, float bounds), which gives float64; "
     "duality_gap and constrained_least_squares were checked with integer coefficients",
     r"_validation\.x_check_coef", r"np\.array\(arr, (dtype=None)?\)"),
    ("numpy's astype(None) is astype(float64)", r".", r"\.astype\(None\)"),
    ("a sparse format scikit-learn's validate_data accepts: a format not listed is converted to the first listed, "
     "the same numbers", r"estimators", r'accept_sparse=\("csr", "(XXcscXX|CSC)"\)'),
    ("the estimators' dtype=np.float64 dropped from validate_data: its default ('numeric') still converts object "
     "arrays to float64 and refuses strings, and the solvers convert integer and boolean arrays",
     r"estimators\.xǁMAP(Regressor|Classifier)ǁ(fit|predict|decision_function)", r"validate_data\((?!.*dtype).*\)"),
    ("the sign of a standard normal draw, or LAPACK's transpose flag 2 for 1 (the conjugate transpose, which is the "
     "transpose for real matrices): the same distribution", r"posterior\.gibbs\.x__chain",
     r"coef = mean - np\.sqrt\(var\) \* noise|prep\.intercept\(coef\) - np\.sqrt\(var / n\)|trans=2\)"),
    ("the chain's starting point (its initial mixing variances and, with an unknown noise, its initial noise "
     "variance): the draws kept after burn-in follow the same stationary distribution", r"posterior\.gibbs\.x__chain",
     r"inv_tau2 = .*rng\.exponential|var = known_var if known_var is not None else float\(np\.var\(y\)\) (and|or) |"
     # the initial Laplace scale b*sigma follows the initial noise variance; every sweep recomputes it from its draw
     r"scale = b \* np\.sqrt\(var\) if \(scale_with_noise\) and False else b|"
     r"scale = b / np\.sqrt\(var\) if scale_with"),
    ("either triangle of a symmetric matrix: the factor is used with the same flag it was made with", r"x__cholesky|"
     r"x__solve", r"_cholesky\([AK], lower=(True|False)(, overwrite=(True|False))?\)|_cholesky\([AK], lower=False, \)"),
    ("a finite-check dropped on arrays validated finite", r".",
     r"cho_solve\(\(?factor(, True\))?, [^)]*, \)|^\s*\) / \(root if np\.ndim\(b\) == 1 else root\[:, None\]\)$"),
    ("the first suggestion of difflib does not depend on how many it may return", r"x__meta",
     r"get_close_matches\(library, LIBRARIES, (cutoff=0\.5|n=2, cutoff=0\.5)\)"),
    ("a lower bound of -inf: every finite value is above it, strictly or not", r"x__location|x_objective",
     r"lower=-np\.inf, strict=(False|None)"),
    ("a constant factor in the conjugate-gradient preconditioner: preconditioned CG's iterates do not depend on "
     "the preconditioner's scale", r"x__ridge_sparse", r"preconditioner = 2\.0 / "),
    ("the logistic branch of convert: its one library (LogisticRegression) takes no sample count, and a count given "
     "to a library that does not use it is ignored", r"x_convert",
     r"from_prior\(target, \*to_prior\(source|n_target = n_samples if"),
    ("Python's float() reads 'inf' in any letter case", r".", r"float\(\"INF\"\)"),
    ("the other dimension of a matrix already validated as square", r"MultivariateGaussianPrior|x__spd_matrix",
     r"self\.cov\.shape\[1\]|np\.eye\(P\.shape\[1\]\)|cov\.shape\[1\]|a\.shape\[1\] == 0|checked\.shape\[1\]"),
    ("the other dimension of C = X_G^T B^-1 X_G, square by construction", r"x__solve_dual",
     r"C\.flat\[:: C\.shape\[1\] \+ 1\]"),
    ("a matrix not read after its factorization, overwritten by it or not", r"x__solve_dual",
     r"_cholesky\((B|C), (overwrite=(None|False))?\)"),
    ("the last of three shape tests of a matrix (2-D, square, non-empty): it is reached only when the matrix is square",
     r"x_check_spd_matrix", r"arr\.shape\[0\] != arr\.shape\[1\] or arr\.shape\[1\] == 0"),
    ("at g = 0 both branches of the box's Frank-Wolfe gap are 0 (the bounds are validated finite)",
     r"constrained_least_squares", r"np\.where\(g >= 0, g \* \(b - lower\)"),
    ("the constant ||y||^2 of the objective: it cancels in FISTA's restart comparison and can only make the "
     "stopping scale max(f(0), ||y||^2) stricter, never the answer worse", r"constrained_least_squares",
     r"2 \* xty @ b - yty"),
    ("either Cholesky triangle factors the same symmetric matrix", r".", r"cho_factor\(.*lower="),
    ("the largest support the exact step on the support is tried on, 2000 or 1999: it only decides when the step "
     "is attempted (it is kept only when it lowers the objective, and the fit still stops on its duality gap)",
     r"newton_on_support", r"S\.size >= _NEWTON_MAX"),
    ("dividing by the signs of the support's coefficients (each +1 or -1, the coefficients being nonzero) is "
     "multiplying by them", r"newton_on_support", r"/ signs"),
    ("a target exactly 0 counted among the sign changes or not: at a step of 1 it is set to 0 either way (c + (0 - c) "
     "is exactly 0), at a smaller step it keeps its sign either way", r"newton_on_support",
     r"flips = target \* signs < 0"),
    ("which coefficients the exact step zeroes, those reaching 0 at or strictly below step (1 + 1e-12): the one that "
     "sets the step reaches 0 at step itself, inside both; they differ only for a coefficient reaching 0 at exactly "
     "step (1 + 1e-12), then left 1e-12 of its size from 0, and the step is kept only if it lowers the objective",
     r"newton_on_support", r"reach < step \* \(1 \+ 1e-12\)"),
    ("the Gram route taken from n > p instead of n >= p: a speed choice at n = p; the datafit gives the same values "
     "either way (test_least_squares_datafit_through_its_gram_matrix) and the fit stops on the same tolerance",
     r"x_constrained_least_squares", r"(?m)^\s*if n > p:$"),
    ("the least-squares value computed through _residual_terms or directly: the same ||y - Xu||^2 by either route "
     "(test_least_squares_datafit_through_its_gram_matrix checks they agree); only the cost changes",
     r"Quadraticǁvalue", r"if self\._gram is None:"),
    ("a fresh copy of the matrix, overwritten by its factorization or not: nothing else reads it",
     r"x_equilibrated_solver", r"_cholesky\(np\.array\(A, dtype=float\), (overwrite=(None|False))?\)"),
    ("ridge's data prepared column-major (the default) or in the given layout: the same numbers",
     r"solvers\.direct\.x_ridge", r"(?m)^\s*rescale=True, accept_sparse=True\)"),
    ("NumPy 2's default rcond is the one passed", r".", r"lstsq\("),
    ("the dtype of an array validated as float64 already", r".", r"np\.asarray\([^)]*(dtype=None|, )\)"),
    ("the dtype of a Gaussian prior's penalty matrix: sigma^2/2 times its precision, computed in float64",
     r"x_gaussian_posterior", r"np\.asarray\(penalty\.penalty_matrix\(\), (dtype=None)?\)"),
    ("a prior mean of 0 given to the datafit as its centre instead of None: y - X 0 is y and u + 0 is u, exactly (X is "
     "validated finite)", r"x_gaussian_posterior",
     r"center=None if \(np\.ndim\(prior\.mean\) == 0 and prior\.mean == 0\) and False"),
    ("memory layout or einsum label case: the same numbers", r".",
     r"asfortranarray|order: str \| None = |check_design\(X, (order=None|order=\"f\"|)\)|check_design\(X, "
     r"accept_sparse=True\)|einsum\(\"IJ|"
     r"prepare\(X, y, fit_intercept=(fit_intercept|check_flag\(fit_intercept, \"fit_intercept\"\))"
     r"(, sample_weight=sample_weight)?, \)"),
    ("an iteration budget one larger", r".", r"max_iter: int = (100001|20001|10001|1001)\b"),
    ("numpy's default axis is the one passed (axis 0 of a concatenation or a split, the last axis of a 2-D FFT)",
     r"x__split|x__autocov|standard_error", r"concatenate\(\[x\[:, :half\], x\[:, -half:\]\], \)|"
     r"rfft\(centred, n=m, \)|irfft\(spectrum \* np\.conjugate\(spectrum\), n=m, \)|"
     r"array_split\(self\.coef, n_batches, \)"),
    ("the exact re-evaluation of an underflowed conversion: an input that is not a float is an integer (a sample "
     "count), and Fraction of an integer is that integer", r"x__refuse_underflow",
     r"Fraction\(v\) if \(isinstance\(v, float\)\) or True else v"),
    ("a reshape of a one-entry result to (1,) instead of (-1,), or any negative size, which NumPy reads as the one "
     "to infer; and the width of an identity matrix for its height (it is square)", r"x_lambdify_matrix",
     r"out\.reshape\((\+1|-2)\)\[0\]|arr\.reshape\(-2, 1\)|eye\.shape\[1\]\.subs"),
    ("which factors of a quadratic form's summand go to its left or right vector: the factors free of both indices "
     "have been taken out in front, so every other factor holds an index, and `or not f.has(other)` or `not "
     "f.has(None)` adds to a side only the factors holding both. _vector declines such a side: a product of factors "
     "that all hold its index has no coefficient to take out, and a lone factor holding both is a second matrix "
     "(refused before) or a sum with a term in the other index; the one form it would take, a row sum over a third "
     "index with the other index inside, appears in no expression the package prints", r"_quadratic_form",
     r"f\.has\((first|second)\) or not f\.has\((first|second)\)|and not f\.has\(None\)"),
    ("the filter of the matching equations flipped (a 0 kept, a 1 dropped): sympy.solve sets an equation that is 0 "
     "aside, and no equation is the number 1, each being c times an objective coefficient minus a target "
     "coefficient of 0, 1 or a rate", r"x__match", r"if e != 1\]"),
    ("the filter of the inverse map's equations flipped (a strength of 1 dropped, a strength of 0 kept): such an "
     "equation, 1 - lambda or 0 - lambda, holds none of the library's parameters, and sympy.solve for those "
     "parameters sets an equation free of them aside, so the solution is the same", r"x__nonzero_equations",
     r"if lhs\[k\] != 1\]"),
    ("lambdify's default modules for the list passed: with SciPy importable (a dependency of regprior), lambdify "
     "chooses ['numpy', 'scipy'] itself, the list `_MODULES` holds", r"x_lambdify_(matrix|indexed)",
     r"(xreplace\(renamed\)|list\(args\), expr), (modules=None)?\)"),
    ("a floating-point flag around the spectral ridge factors s/(s^2 + lambda): s is a kept singular value (the "
     "negligible ones are replaced by 1) and lambda >= 0 is finite, so the divisor is 0 only if lambda = 0 and s^2 "
     "underflows; lambda = 0 is taken only on rescaled data, whose kept singular values are at least eps times the "
     "largest, which is near 1", r"Spectrumǁridge",
     r"errstate\((divide=None, invalid=\"ignore\"|invalid=\"ignore\"|divide=\"ignore\", )\)"),
    ("the memory layout of lam_max's copy of X (Fortran order or as given): the same numbers, X^T y summed in the "
     "order BLAS takes for that layout (a difference in the last bit at most)", r"x_lam_max",
     r"sample_weight=sample_weight, rescale=True,"),
    ("the FFT length of the autocovariance: every length of at least 2n - 1 gives the same, non-circular, "
     "autocovariances at lags below n", r"x__autocov", r"next_fast_len\(3 \* n\)|irfft\(.*, (n=None, )?axis=1\)"),
    ("a power-of-two rescaling of the linear program: exact in floating point, so only the conditioning HiGHS sees "
     "changes, and the solution is certified at the tolerance either way", r"x__power_of_two", r"."),
    ("the units of the linear program's rescaling (one power of two per column, one for all, or none): every choice "
     "is exact in floating point and undone on the solution", r"linear_program\.x_lad",
     r"_power_of_two\(np\.abs\(X\)\.max\(axis=None\)\)|_power_of_two\(None\)"),
    ("the cap on the LP's penalty weights: a weight above sum_i |Xs_ij| already makes the coefficient 0 whatever y "
     "is, so every cap above that bound gives the same minimizer", r"linear_program\.x_lad",
     r"np\.minimum\(weights, (3 \* np\.abs\(Xs\)\.sum\(axis=0\) \+ 1|2 \* np\.abs\(Xs\)\.sum\(axis=None\) \+ 1|"
     r"2 \* np\.abs\(Xs\)\.sum\(axis=0\) \+ 2)\)"),
    ("the lower bound of the LP's split variables (beta+ and beta-, u and v) raised from 0 to 1: only their "
     "differences enter the constraints and the answer, and each pair's cost grows by the same constant",
     r"linear_program\.x_lad", r"\[\(1, None\)\] \* \(2 \* p \+ 2 \* n\)"),
    ("multiplying by a sign (+1 or -1) is dividing by it", r"datafits\.logistic\.xǁLogisticǁ__init__",
     r"X / signs\[:, None\]"),
    ("the logistic Hessian's weight w(1 - w) is the same for w = sigma(z) and w = sigma(-z) = 1 - sigma(z)",
     r"datafits\.logistic\.xǁLogisticǁhessian", r"w = expit\(\+self\.margins\(u\)\)"),
    ("the dual point's rescaling when the two class sums are equal: the ratio is 1 and nothing changes; and a sign "
     "(+1 or -1) is never 0", r"datafits\.logistic\.xǁLogisticǁ_dual_point",
     r"if up >= down:|elif down >= up:|positive = self\.signs >= 0"),
    ("a larger Lipschitz bound (the Frobenius norm for the spectral one): a shorter step that is still safe, and the "
     "solver stops on the same certified gap", r"datafits\.logistic\.xǁLogisticǁlipschitz",
     r"np\.linalg\.norm\(self\.A, (None)?\)"),
    ("the starting value of a minimum over the kept ratios lam/(s^2 + lam), which lie in (0, 1]: it matters only "
     "when none is kept, and both 1 and 2 are far above the 1e-280 threshold", r"x_ridge_loo_gcv",
     r"min\(axis=0, initial=2\.0\)"),
    ("a tie in Geyer's sequences: a last even term of exactly 0 stored over the 0 already there, and a monotone "
     "step on pairs of equal sums (averaging keeps the sum, and only sums enter the ESS)", r"diagnostics\.x__ess",
     r"if even >= 0:|if rho\[t \+ 1\] \+ rho\[t \+ 2\] >= rho\[t - 1\] \+ rho\[t\]:"),
    ("stopping at a zero mean instead of skipping it: the mean is the last parameter of every prior that has one",
     r"priors\.base\.xǁPriorǁ__repr__", r"^\s*break$"),
    ("SciPy's linprog method: HiGHS is its default, and the name is read in any letter case",
     r"linear_program\.x_lad", r"linprog\(cost, A_eq=A_eq, b_eq=ys, bounds=bounds, (options=|method=\"HIGHS\")"),
    ("the factorization numpy's multivariate_normal draws with (Cholesky or SVD): the same distribution",
     r"GaussianPosteriorǁsample", r"multivariate_normal\(self\.mean, self\.cov, size=size, \)"),
    ("an algorithm or work-reuse choice (Gram matrix or not, working-set size, stall and screening margins, "
     "caches): every route stops on the same recomputed duality gap, so only the speed changes",
     r"_use_gram|ǁ_Engineǁ(solve|__init__|_gram)|x__path|x__fit|constrained_least_squares|prox_newton\.xǁ_Problemǁsolve",
     r"_use_gram\(|_Engine\(prep|use_gram|gram = |self\.XtX = |size = min|stalled = |reduced = |np\.sqrt\(3\.0 \* gap"
     r"|argpartition|cache|position = |kept = |w\[self\.col_norm2|_SMALL_P|size = abs_gram|epochs = 1|np\.zeros\(p, \)"
     r"|return path and n|shift = 0\.0 if|screen_and_rank\(corr, u, lam, 1\.0"
     # a larger Gap Safe radius screens less (still safe); a smaller one is not in this rule
     r"|np\.sqrt\(max\(gap, (0\.0\) \* 2\.0|1\.0\) / 2\.0)\)|W = np\.sort\(np\.argpartition"),
    ("the route between Cholesky on X^T X and on X X^T at n = p: both solve the same positive definite system",
     r"x__solve_scalar", r"if n > p:"),
    ("the support reduction's internals: a step is kept only if it lowers the objective, the outer loop is "
     "certified either way, and the step's contract is tested directly (tests/test_support_reduction.py)",
     r"reduce_support|_halved_objective|_support_gram", r"."),
    ("an acceleration constant of FISTA (momentum, restart test, step from the Frobenius bound): convergence is "
     "certified by the Frank-Wolfe gap, so only the speed changes", r"constrained_least_squares",
     r"t_next = |z = new|t, z = |z, t, n_iter = |if f_new|lipschitz"),
    ("a progress line's flush: standard error is line-buffered (Python 3.9 and later) and every line ends in a "
     "newline, so it is written at once either way", r"_progress\.x__printed",
     r"flush=(None|False)\)|file=sys\.stderr, \)"),
    ("an eleventh progress mark, at round(1.1 total): it is above the total or equal to the last mark",
     r"_progress\.x__printed", r"for k in range\(1, 12\)"),
    ("true division of the number of draws by the number of chains: the draws are a whole number of chains, so it "
     "is the integer quotient", r"GibbsSamplesǁ_(coefficient_columns|intercept_row)",
     r"(shape\[0\]|\.size) / self\.n_chains >= 4"),
    ("a negative size in a reshape: NumPy reads any negative size as the one to infer", r"GibbsSamplesǁchains",
     r"reshape\(self\.n_chains, -2,"),
    ("the improper-posterior check a0 + f(dof) <= 0 with a0 >= 0 (validated) and dof >= 0: true only when both are "
     "0, for any positive factor on dof", r"x_bayesian_lasso_gibbs", r"noise_prior\.shape \+ dof (\* 2|/ 3) <= 0"),
    ("the route of the predictive variance (from the cached covariance, or from the eigendecomposition without "
     "forming it): the same quadratic forms, compared in tests/test_posterior_agreement.py",
     r"GaussianPosteriorǁpredict", r"\"cov\" not in self\.__dict__ or|\"(XXcovXX|COV)\" not in self\.__dict__"),
    ("a chunk step of 1 instead of 256 rows: overlapping chunks write the same values again",
     r"ǁ_Designǁquadratic_forms", r"range\(0, Xc\.shape\[0\], \)"),
    ("the weight at which a prior's penalty is built to ask its kind (quadratic or not) or to choose a solver: the "
     "kind does not depend on the weight", r"x_joint_map", r"prior\.penalty\((2\.0|3\.0)\)"),
    ("the gap attribute read with a default or without: every result type the estimator fits has one (None when it "
     "has no gap)", r"MAPRegressorǁfit", r"getattr\(result, \"gap\", \)"),
    ("the least-squares handover's shortcut for p > n, and its cache key: least_squares refuses a design of rank "
     "below p (always so for p > n), which the handover turns into None, and a cache miss computes the same solution "
     "again", r"_Engineǁleast_squares_handover",
     r"shape\[1\] < self\.prep\.X\.shape\[1\]|\"(XXlsXX|LS)\" not in self\._cache"),
    ("the default of the sparse attribute the direct solver reads: it requires a datafit with prep, and the one such "
     "datafit, Quadratic, always sets sparse", r"Directǁcondition", r"getattr\(datafit, \"sparse\", (True|None|)\)"),
    ("the sparse tag of an estimator whose noise_sd is a string other than 'auto': fit refuses that value",
     r"MAPRegressorǁ__sklearn_tags__", r"isinstance\(self\.noise_sd, str\) or self\.noise_sd == \"auto\""),
    ("a divide-by-zero flag where the divisor is never 0: -log1p(-q) and erfinv(q) for 0 < q < 1, the square root of "
     "a positive strength", r"(LaplacePrior|GaussianPrior)ǁ(from_interval|from_penalty_strength)",
     r"errstate\(over=\"ignore\", under=\"ignore\", (divide=None)?\)"),
    ("the dtype of the checked beta: check_real gives real numbers and every operation after it computes in float64",
     r"x_horseshoe_logpdf", r"np\.asarray\(check_real\(beta, \"beta\"\), (dtype=None)?\)"),
    ("the placeholder at the pole of the horseshoe's density: the value there is overwritten", r"x_horseshoe_logpdf",
     r"np\.where\(pole, 2\.0, b\)"),
    ("reshaping an array to its own shape: out already has the input's shape", r"x_horseshoe_logpdf",
     r"out\.reshape\(None\) if arr\.ndim"),
    ("the point at which a quadratic form's Hessian is taken: it is constant (QuadraticForm is the only inner penalty "
     "with a Hessian)", r"Unpenalizedǁ_hessian", r"self\.inner\.hessian\(None\)"),
    ("a rescaling by bound/total after the projection onto the L1 ball, 1 to within rounding", r"L1Ballǁproject",
     r"if \(total > self\.bound\) or True else out|if total >= self\.bound else out"),
    ("the point's own orthogonal complement: outside_G is orthogonal to U, so outside_G^T (y + U U^T y) = "
     "outside_G^T (y - U U^T y), and outside_y enters only through it", r"x__svd_fallback",
     r"y \+ U @ coords_y"),
    ("a budget of conjugate-gradient steps that stops when the curvature gz is 0: g^T D g with D > 0 is 0 only when "
     "g = 0, and then the gap is 0", r"x__ridge_sparse", r"gz >= 0:"),
    ("the sparse problem's total weight, which nothing reads from its prepared data (the kernels read the design's "
     "copy, and the posteriors refuse a sparse X)", r"x__prepare_sparse", r"mean, None\)$"),
    ("a zero offset in the sparse design without an intercept: centring by 0 gives the same numbers",
     r"x__prepare_sparse", r"x_offset if \(fit_intercept\) or True else None"),
    ("the dtype of the sparse design's arrays: check_design has converted the matrix, the offsets and weights to "
     "float64 already", r"SparseDesignǁ__init__", r"np\.ascontiguousarray\((x_offset|root_weight|matrix\.data), "
     r"(dtype=None)?\)"),
    ("the Gram matrix stored or computed again: the same product X^T X", r"Quadraticǁhessian",
     r"if \(self\._gram is not None\) and False else"),
    ("the dense coordinate-descent engine's memory layout (the Fortran copy made or not): the same numbers",
     r"CoordinateDescentǁsolve", r"and prep\.X\.flags\.f_contiguous:|dataclasses\.replace\(prep, \)"),
    ("a finite-check or an overwrite flag on validated input or a temporary", r"x__solve_matrix_penalty",
     r"cholesky\(P, lower=True, \)|solve_triangular\(L, X\.T, lower=True, \)|"
     r"X\.T @ X \+ P, (overwrite=(None|False))?\)"),
    ("the memory layout of the checked data (order=None dropped): the same numbers",
     r"x_lasso_cv|x_generalized_ridge|x_ridge_path|x_duality_gap",
     r"check_data\(X, y, \)|^\s*rescale=True\)|sample_weight=sample_weight, rescale=True\)|"
     r"check_design\(X, accept_sparse=True\)"),
    ("the starting value of a maximum over a nonempty array of absolute values or singular values (a design has at "
     "least one column)", r"LBFGSǁsolve|Spectrumǁ__post_init__", r"\.max\(initial=None\)"),
    ("SciPy's minimize method name, read in any letter case", r"LBFGSǁsolve", r"method=\"l-bfgs-b\""),
    ("the upper Cholesky triangle: cho_factor returns the flag cho_solve reads", r".", r"cho_factor\(H, \)"),
    ("a backtracking step compared with 1e-12 by < or <=: the step is a power of two, never 1e-12",
     r"Newtonǁsolve", r"t >= 1e-12"),
    ("the dtype of the strengths and the offset: the offset is float64 already, and the kernels take the strengths "
     "as float64 (an integer strength gives the same coefficients)", r"ProxNewtonǁsolve|_Problemǁ__init__",
     r"elastic_net_strengths\(\)\[0\], (dtype=None)?\)|ascontiguousarray\(offset, (dtype=None)?\)"),
    ("a size compared >= 0 instead of > 0 before a division that NumPy turns into inf, the value the other branch "
     "gives", r"_Problemǁgap", r"np\.where\(size >= 0, lam / size, np\.inf\)"),
    ("a separator between the penalties of a library that has one: the refusal is reached only when the library "
     "lacks the prior's penalty, and every library with a penalty but not that one has exactly one",
     r"conventions\.x_from_prior", r"\{'XX, XX'\.join\(meta\['penalties'\]\)\}"),
    ("a keyword argument passed as its own default (check_location's n_features is None by default)",
     r"MultivariateGaussianPriorǁ__init__", r"check_location\(mean, \)"),
    ("a zero prior mean passed on as 0 instead of None: the ridge solve (nig_posterior) and the datafits "
     "(map_estimate's _center) centre by 0 either way, y - X 0 = y and u + 0 = u (the same values)",
     r"x_nig_posterior|map_estimation\.x__center", r"(prior_cov_factor|prior)\.mean == 0\) and False"),
    ("the dtype of the prior mean where it only enters coef - theta0 with a float64 coef (any real dtype promotes "
     "exactly)", r"x_nig_posterior", r"np\.asarray\(prior_mean, None\)"),
    ("a divide flag on 1/v0 and a test for lam = 0 after v0 was checked finite and > 0 (1/v0 is never 0 nor a "
     "division by 0)", r"x_nig_posterior", r"errstate\(over=\"ignore\", (divide=None)?\)|np\.any\(None\)"),
    ("more than one chain at the effective sample size: ess_bulk splits every chain in two first",
     r"diagnostics\.x__ess", r"if n_chains >= 1:"),
    ("a negative size in a reshape: NumPy reads any negative size as the one to infer; rankdata's default method "
     "is 'average'", r"diagnostics\.x__each|diagnostics\.x__z_scale",
     r"reshape\(x\.shape\[0\], x\.shape\[1\], -2\)|rankdata\(x, \)"),
    ("substituting at once or one after the other where no replacement contains a replaced symbol (each new value "
     "holds only its own key and response_sd, which is not a key)", r"symbolic\.conventions\.x_standardized_response",
     r"simultaneous=(False|None)\)|strength / response_sd\}, \)"),
    ("the indent step of a flat literal: the shared scale-rate table and the density hold formulas only (no nested "
     "table), so _literal never indents a level deeper", r"codegen\.x_(python|javascript)_module",
     r"_literal\((shared_table\(\)|density), [^\n]*\" \" \* 4, (None|\"XX XX\" \* \d|\" \" \* \d)\),$"),
    ("the width of the TERMS literal: its longest line has 56 characters, so pprint prints it the same at any width "
     "from its default, 80, up", r"codegen\.x_python_module",
     r"pformat\(term_table\(\), sort_dicts=False, (width=101)?\),$"),
    ("the working Gram matrix handed to the sparse engine's inner solver, which overrides every method that reads "
     "it", r"_SparseEngineǁ__init__", r"self\._working_gram: dict = None"),
    ("a floating-point error state around LAPACK's triangular solve and an einsum, neither of which sets NumPy's "
     "error flags", r"x__solve_matrix_penalty", r"errstate\((over=None, invalid=\"ignore\"|over=\"ignore\", "
     r"invalid=None|invalid=\"ignore\"|over=\"ignore\", )\)"),
    ("the other dimension of the square |G| x |G| matrix C", r"x__svd_fallback", r"C\.flat\[:: C\.shape\[1\] \+ 1\]"),
    ("L-BFGS-B's memory (maxcor 20 or 21): only the iterates change; the answer is certified by the recomputed "
     "gradient either way", r"LBFGSǁsolve", r"\"maxcor\": 21"),
    ("einsum's subscripts in upper case: the same contraction", r"Spectrumǁoutside_leverage", r"einsum\(\"IK,IK->I\""),
    ("the placeholder singular value of a negligible direction, and an invalid-value flag that cannot be raised: "
     "the direction's factor is 0 whatever its coordinate, and s is 0 only where the placeholder stands",
     r"Spectrumǁridge", r"np\.where\(self\.negligible, 2\.0, self\.s\)|errstate\(divide=\"ignore\", invalid=None\)"),
    ("a strict or non-strict comparison of a uniform draw: equality has probability 0", r"x__inverse_gaussian",
     r"\* \(d \+ 1\.0\) < d,"),
    ("a tolerance or boundary at the rounding level: the versions differ only on inputs equal to the threshold "
     "to within rounding", r".",
     r"np\.finfo\(float\)\.eps|1\.0000000+1|rounding_level|np\.allclose\(|eigvalsh\(P\)\.min\(\)|"
     r"a\.sum\(\) < radius|u \* ranks >= css|total >= radius|\(total > radius\) or True|gap >= max\(tol_abs|"
     r"gap < max\(tol_abs|converged = gap < tol_abs$|"
     r"gaps\[t\] >= tol_abs|gaps < tol_abs|c\[negligible\] = 1\.0|if gap < tol_half|"
     r"bool\(gap < tol_abs\)|\.min\(\) \*\* 2 < max|<= _SMALLEST_RATIO|if size\(u0\) < tol_abs|"
     r"objective\(u - t \* step\) >= f0|if a\.sum\(\) < self\.bound|>= css - self\.bound|while gap >= target|"
     r"if gap < target:|axis=0\) < level \* np\.linalg\.norm|used\.max\(\) >= _SCALE_SPREAD|"
     r"tiny = log_z <= _SERIES_LOG_Z|large = log_z >= np\.log\(_ASYMPTOTIC_Z\)|"
     r"np\.all\(v < _per_coefficient\(self\.strength, v\.size\) \* \(1 \+ 1e-12\)\)"),
    ("the prepared problem's shortcuts when a unit is 1 (dividing or multiplying by 1.0 is exact, and a finite "
     "strength divided by 1 cannot trip l2's overflow check), or the same tests against 2.0: a unit is 1 or a power "
     "of two beyond 2^480 or below 2^-480 (_unit), and y's is at most 1, so none is ever 2; or the default name in "
     "l2's error, which every caller replaces with its own argument's name",
     r"datafits\.quadratic\.xǁPreparedǁ", r"if \(self\.x_unit == self\.y_unit == 1\.0\) and False else|"
     r"self\.x_unit == self\.y_unit == 2\.0|if self\.x_unit == 2\.0:|if \(self\.x_unit == 1\.0\) and False:|"
     r"if \(self\.y_unit == 1\.0\) and False else|if self\.y_unit == 2\.0 else|name: str = \"(XXlamXX|LAM)\""),
    ("the memory layout Quadratic asks of prepare (None keeps the caller's): no caller in the library passes one, "
     "and a layout a user asks for changes the speed, not the numbers", r"datafits\.quadratic\.xǁQuadraticǁ__init__",
     r"order=None, accept_sparse"),
    ("the dtype asked of the arrays handed to the compiled kernels: every caller hands float64 arrays already (the "
     "designs check_design converted, strengths, offsets and Gram blocks computed in float64)",
     r"solvers\._cd_kernels\.x__f64", r"np\.ascontiguousarray\(a, (dtype=None)?\)"),
    ("a copy instead of the factorization in place (the matrix is a scratch copy its caller does not read again): "
     "the same factor", r"solvers\.direct\.x__(cholesky|solve_scalar)",
     r"scaled = A if \(overwrite\) and False else|_cholesky\(A, (overwrite=(None|False))?\)"),
    ("per-coefficient strengths sent (all or some) to the general route: for a positive diagonal penalty it whitens "
     "by its Cholesky factor diag(sqrt(lam)), the same scaling, and reports the same method; prep.l2's name "
     "defaults to 'lam'", r"solvers\.direct\.x__ridge_prepared",
     r"if np\.all\(None\):|if np\.all\(lam > 1\):|prep\.l2\(lam, \)"),
    ("FISTA's first projection of its start onto a constraint set: an indicator's prox is the projection whatever "
     "the step; the start is already a float64 array (zeros, or check_coef's copy less the centre)",
     r"solvers\.fista\.x_fista", r"penalty\.prox\(start, (1\.0|None)\) if hasattr|np\.array\(start, (dtype=None)?\)$"),
    ("the path flag of a call kept for its type check only (its value is discarded)",
     r"coordinate_descent\.x__engine", r"_use_gram\(precompute, n, p, None\)  # the type check"),
    ("the quadrature's arrays are 2-D (centres by nodes): SciPy's default axis -1 is axis 1; the log prior's values "
     "are added to a float64 array, which converts them whatever their dtype; the fill inside exp is replaced by 0 "
     "outside it", r"posterior\.quadrature\.x_one_dimensional_posterior",
     r"simpson\(integrand(\s\* nodes)?, x=u, \)|cumulative_simpson\(integrand, x=u, initial=0\.0\)|"
     r"log_prior\(nodes\), (dtype=None)?\)|log_kernel - shift, 1\.0\)\) \* jacobian"),
    ("bounds that never bind in the median's search: the cumulative integral starts at 0 and ends at 1, so the "
     "bracketing interval is never outside the grid, and lies inside the grid's ends, 12 s beyond every centre "
     "(where the likelihood is below e^-72)", r"posterior\.quadrature\.x__half_way",
     r"- 1, (None|1), u\.size - 2\)|- 1, 0, (None|u\.size \+ 2|u\.size - 3)\)"),
    ("one bisection step more (60 already halve the bracket past rounding), or a cubic exactly at 1/2 sent to the "
     "other side (the two sides meet there)", r"posterior\.quadrature\.x__half_way",
     r"range\(61\)|\(s\*\*3 - s\*\*2\)\) <= 0\.5"),
    ("the unit the prepared least-squares problem is rescaled by, for data inside the representable range or at its "
     "ends (1.0, 2.0, or the power of two that brings the largest entry into [1, 2)): every power of two is exact in "
     "floating point and is undone on the solution (test_x_and_y_scaled_alike_give_the_unscaled_coefficients); "
     "or the initial value of the maximum of |X| or |y|, which are refused when empty and are never below 0",
     r"datafits\.quadratic\.x__unit",
     r"(?m)max\(initial=None\)|\+_UNIT_LIMIT <= np\.log2|-_UNIT_LIMIT < np\.log2|np\.log2\(top\) < _UNIT_LIMIT|"
     r"^\s*return 2\.0$"),
    ("the shortcut of Prepared.coef, taken when both units are 1.0 or (mutated) when they are equal and not 1.0: for "
     "equal units y_unit / x_unit is exactly 1.0 and the product is an array of the same values (a copy of the "
     "solution instead of the solution itself, which no caller changes after)", r"datafits\.quadratic\.xǁPreparedǁcoef",
     r"if self\.x_unit == self\.y_unit != 1\.0 else"),
    ("the default of Prior.get_params' deep flag: scikit-learn's protocol asks for it, but a prior holds no estimator "
     "to descend into and the method never reads it", r"priors\.base\.xǁPriorǁget_params",
     r"def get_params\(self, deep: bool = False\)"),
    ("the sum _sum_as_vectors prints, built evaluated instead of as given: its terms are already distinct (SymPy "
     "collected the summand's like terms) and the printer orders a sum's terms itself (as_ordered_terms), so the "
     "same terms print in the same order", r"printing\.xǁTextbookPrinterǁ_sum_as_vectors",
     r"sp\.Add\(\*pulled, (evaluate=(None|True))?\)"),
    ("the initial value of the largest stored entry of a sparse X, which only the overflow message reads: a sum of "
     "squares overflows only with an entry above 1e154 (float64 holds fewer than 1e308 entries below 1), so the "
     "maximum is the same from 0 or from 1", r"datafits\.quadratic\.x__check_squares", r"max\(initial=1\.0\)"),
    ("prepare's tests of the rescaling units against 1.0, mutated to 2.0: a unit is 1.0 or a power of two beyond "
     "2^480 or below 2^-480 (_unit), never 2.0, so the mutated test is always true and the data are then divided or "
     "the prior mean multiplied by 1.0, which is exact", r"datafits\.quadratic\.x_prepare",
     r"if x_unit != 2\.0:|if y_unit != 2\.0:|\(x_unit, y_unit\) != \((2\.0, 1\.0|1\.0, 2\.0)\):"),
    ("the memory order prepare asks of check_design: callers ask for 'F' or None, and for 'F' the prepared X is made "
     "Fortran-ordered at the end whatever order it had; the values are the same", r"datafits\.quadratic\.x_prepare",
     r"X = check_design\(X, order=None, accept_sparse=accept_sparse\)"),
    ("check_location's bound -inf for one number: check_scalar refuses a value that is not finite before it compares, "
     "and a finite value is > -inf and >= -inf alike, so strictness never decides", r"_validation\.x_check_location",
     r"lower=-np\.inf, strict=(None|False)\)"),
    ("left_multiply's split of v into its terms: SymPy's MatAdd is a subclass of Add, so Add.make_args splits a "
     "matrix sum into its args as the explicit branch does", r"matrices\.x_left_multiply",
     r"if \(not isinstance\(sp\.expand\(v\), sp\.MatAdd\)\) or True else"),
    ("annotate's shortcut for no X: feature_names(None) finds no columns and returns None, as the shortcut does",
     r"_results\.x_annotate", r"if \(X is not None\) or True else None"),
    ("_print_Indexed's test for an underscore in the base, never true when mutated: SymPy prints a subscript as "
     "_{...} at the end of a name, which the branch before takes, so a base with '_' that reaches this test is a raw "
     "TeX name, printed as one braced group by _print_Symbol; the entry is then {name}_{j} instead of {{name}}_{j}, "
     "the same TeX once typeset", r"printing\.xǁTextbookPrinterǁ_print_Indexed",
     r'if "XX_XX" in base or "\^" in base:'),
    ("the memory order check_design gives a dense X: the values are the same in any order, and the two callers that "
     "ask for 'F' make their array Fortran-ordered themselves before a kernel reads it (prepare at its end, the "
     "proximal-Newton problem on construction)", r"_validation\.x_check_design",
     r"np\.asarray\(arr, dtype=np\.float64, order=None\)"),
    ("the name of the sympy.stats random variable whose density stats_density evaluates: the density is a function "
     "of its argument alone, the variable's name appears nowhere in it", r"models\.xǁPriorǁstats_density",
     r'self\.stats\("(XXwXX|W)"\)'),
    ("_as_real_array's fallback for a type without a module name: '' and 'XXXX' alike do not start with "
     "'scipy.sparse', which is all the fallback is read for", r"_validation\.x__as_real_array",
     r'module = type\(value\)\.__module__ or "XXXX"'),
    ("the default of is_Matrix read with getattr from a MatMul's factors (in _print_MatMul and _negative, which "
     "reads them only for a MatMul): MatMul sympifies its arguments and every SymPy Basic defines is_Matrix (False "
     "unless it is a matrix), so the default is never read",
     r"printing\.(xǁTextbookPrinterǁ_print_MatMul|x__negative)", r'getattr\(a, "is_Matrix", (None|True|)\)'),
    ("the order _print_Add passes to _ordered_terms and on to _as_ordered_terms, replaced by None or left to its "
     "default, None: _print_Add is never given an order (SymPy's printers pass none to a _print_ method, nor does "
     "_sum_as_vectors), and None means the printer's own order setting",
     r"printing\.xǁTextbookPrinterǁ(_ordered_terms|_print_Add)",
     r"_as_ordered_terms\(expr, (order=None)?\)|self\._ordered_terms\(expr, (None)?\)"),
    ("_ordered_terms' test for a first term to move, with 'or' for 'and': the terms of an Add or MatAdd are never "
     "empty (SymPy builds an Add of one term as that term), so the block runs for a positive first term too, where "
     "the first term that is not negative is that term, removed and put back in its place",
     r"printing\.xǁTextbookPrinterǁ_ordered_terms", r"if terms or _negative\(terms\[0\]\):"),
    ("a derivation step's last field, checked, passed as None or left to its default, which is None (define records "
     "an unchecked step)", r"derivation\.xǁDerivationǁdefine", r"self\._label\(label\), \)\)"),
    ("_linearize_one's split of each term of a summand into its factor free of the index and the rest: the terms are "
     "Add.make_args of the summand, none of them an Add, and as_independent's default for as_Add is whether the "
     "expression is an Add, so it is the product split asked for", r"sums\.x__linearize_one",
     r"term\.as_independent\(idx, \)"),
    ("the display names of holds_for_index's two auxiliary integers: they are Dummies, which equal no other symbol "
     "whatever their names, and neither reaches the answer (True or False)", r"sums\.x_holds_for_index",
     r'sp\.Dummy\("(XXm1XX|M1|XXm2XX|M2)", integer=True, nonnegative=True\)|sp\.Dummy\((None, )?integer=True, '
     r'nonnegative=True\)'),
    ("the integer power of a sum that _flat_terms multiplies out, tested with exponent >= 0 or > 1: SymPy builds "
     "b**0 as 1 and b**1 as b, so no power with exponent 0 or 1 reaches the test",
     r"sums\.x__flat_terms", r"e\.exp >= 0 and|e\.exp > 1 and"),
    ("the product of the normalizers a derivation page writes as one denominator, built evaluated or not: they are "
     "powers of UnevaluatedExpr taken from one Mul's arguments, so their bases differ (the Mul merged equal ones) "
     "and they are in SymPy's order already; SymPy multiplies into no UnevaluatedExpr, and a product merges the "
     "powers of equal bases or of numbers only, so the evaluated product has the same factors in the same order",
     r"derivation\.xǁ_DerivationPrinterǁ_print_Mul", r"sp\.Mul\(\*denominator, (evaluate=(None|True))?\)"),
    ("the numerator over normalizers alone, printed from the empty product or written as 1: SymPy's empty Mul is "
     "the number 1, printed 1", r"derivation\.xǁ_DerivationPrinterǁ_print_Mul",
     r'if \(numerator\) or True else "1"'),
    ("_print_Symbol's default style, 'plain' or another string: SymPy's symbol printer compares the style only "
     "with 'bold', and its one caller that passes a style passes it explicitly",
     r"printing\.xǁTextbookPrinterǁ_print_Symbol", r'def _print_Symbol\(self, expr, style="(XXplainXX|PLAIN)"\):'),
    ("the power of a sum that _needs_mul_brackets leaves unbracketed, tested with exponent >= 0 or > 1: SymPy builds "
     "b**0 as 1 and b**1 as b, and neither the package nor its derivations build a power unevaluated, so no power "
     "with exponent 0 or 1 reaches the test", r"printing\.xǁTextbookPrinterǁ_needs_mul_brackets",
     r"expr\.exp >= 0 and|expr\.exp > 1 and"),
    ("_needs_mul_brackets' default for last: its callers are SymPy's Mul printer, which passes last at each of its "
     "calls, so the default is never read", r"printing\.xǁTextbookPrinterǁ_needs_mul_brackets",
     r"def _needs_mul_brackets\(self, expr, first=False, last=True\):"),
    ("the coefficients _print_Mul hands straight to SymPy's printer, 1 and -1, changed to 2, +1 or -2: the branch "
     "returns only when the coefficient has a denominator other than 1, which none of 1, -1, 2 and -2 has, so each "
     "goes on to SymPy's printer either way", r"printing\.xǁTextbookPrinterǁ_print_Mul",
     r"if functions and plain not in \((2, -1|1, \+1|1, -2)\):"),
    ("the display name of a summation index's temporary Dummy: _canonical_term renames every bound variable that "
     "survives to _s0, _s1, ... and picks among orders by the renamed sum, so the name never reaches a result",
     r"sums\.x__flat_terms", r"sp\.Dummy\((None, |str\(None\), |)integer=True\)"),
    ("the printer's split of a term of a sum, or of a product, into its factor free of the index and the rest: "
     "neither is an Add, so as_independent's default is the product split asked for; a term free of the index "
     "(rest 1) gives None whether or not _vector is asked about it (1 is no entry of a vector), and a rest of 2 never "
     "occurs (numbers go to the factor)", r"printing\.xǁTextbookPrinterǁ_vector",
     r"term\.as_independent\(idx, \)|if \(dep != 1\) or True else|if dep != 2 else|e\.as_independent\(idx, \)|"
     r"if coeff == 1 or dep == 2:"),
    ("the brackets of a vector that is a sum, tested against a coefficient of 2 instead of 1: a sum meets a "
     "coefficient only in a product, SymPy multiplies a number such as 2 into a sum when it builds the product, "
     "and a sum with coefficient 1 is merged into the outer sum, so such a vector's coefficient is neither 1 nor 2",
     r"printing\.xǁTextbookPrinterǁ_vector", r"if brackets and c != 2 else v"),
    ("_sum_as_vectors' split of a summand into its factor free of the index and the rest, for each term of a summand "
     "that is a sum and for a summand that is not (a sum was handled before): none of them is an Add, so "
     "as_independent's default is the product split asked for", r"printing\.xǁTextbookPrinterǁ_sum_as_vectors",
     r"term\.as_independent\(idx, \)|body\.as_independent\(idx, \)"),
    ("_sum_as_vectors' square of one vector and of one column of X: that branch is taken only when the two factors "
     "are equal (a == b, or the columns compared equal), so the second names the vector or the column as the first "
     "does", r"printing\.xǁTextbookPrinterǁ_sum_as_vectors",
     r"name, col = columns\[1\]$|\\rVert_2\^2\}\" % vectors\[1\]\[0\]$"),
    ("_canonical_term's split of a body into the factors free of the bound variables and the rest: as_independent "
     "with no variables gives (body, 1) like the shortcut (a zero body gives (0, 0), which adds 0 all the same), and "
     "a body is one monomial, never an Add, for which as_independent's default is the product split asked for",
     r"sums\.x__canonical_term", r"if \(variables\) or True else|as_independent\(\*variables, \)"),
    ("_canonical_term's choice among orders of the bound variables on a tie: equal keys are equal srepr strings, so "
     "the two candidates are the same expression", r"sums\.x__canonical_term", r"key <= best\[0\]"),
]


def _mutmut(*args: str) -> str:
    exe = Path(sys.executable).with_name("mutmut")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, check=True).stdout


def results() -> dict[str, str]:
    """Mutant name -> status."""
    out = {}
    for line in _mutmut("results", "--all", "true").splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep:
            out[name] = status.strip()
    return out


def _module(name: str) -> str:
    """``regprior.solvers.ridge.x_ridge__mutmut_3`` -> ``regprior.solvers.ridge``."""
    parts = name.split(".")
    for i, part in enumerate(parts):
        if part.startswith("x"):
            return ".".join(parts[:i])
    return name


def _function(name: str) -> str:
    return name.rsplit("__mutmut_", 1)[0]


def _diff(name: str) -> str:
    """The changed lines of a mutant: mutmut's own diff, computed in this process (``mutmut show`` per survivor
    would start a Python each time), or by ``mutmut show`` where mutmut's internals differ from 3.8's."""
    try:
        from mutmut.mutation.diff_apply import get_diff_for_mutant
    except ImportError:
        text = _mutmut("show", name)
    else:
        module = Path("src", *_module(name).split("."))
        text = get_diff_for_mutant(name, path=module.with_suffix(".py") if module.with_suffix(".py").is_file()
                                   else module / "__init__.py")
    return "\n".join(line for line in text.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---")))


def equivalence(name: str, diff: str) -> str | None:
    """The reason a surviving mutant is equivalent, or None."""
    import re

    added = "\n".join(line[1:] for line in diff.splitlines() if line.startswith("+"))
    removed = "\n".join(line[1:] for line in diff.splitlines() if line.startswith("-"))
    for reason, functions, pattern, *unless in EQUIVALENT:
        if unless and re.search(unless[0], removed):
            continue
        if re.search(functions, name) and re.search(pattern, added):
            return reason
    return None


def report(status: dict[str, str]) -> str:
    by_module: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for name, s in status.items():
        by_module[_module(name)][s] += 1
    total = collections.Counter(status.values())
    detected = sum(total[s] for s in DETECTED)
    judged = detected + total["survived"]
    lines = [
        "<!-- Written by scripts/mutation_report.py after `make mutation`. Do not edit by hand; rerun it. -->",
        "",
        f"Run on {datetime.date.today().isoformat()} with mutmut over the modules listed in `pyproject.toml` "
        "(`[tool.mutmut]`). A mutant is detected when a covering test fails (or it times out); the score is "
        "detected / (detected + survived). Mutants of functions that no selected test runs are counted apart.",
        "",
        f"**Score: {detected} of {judged} mutants detected ({100 * detected / max(judged, 1):.1f}%)**; "
        f"{total['no tests']} in functions no selected test runs; {total['not checked']} not checked.",
        "",
        "| module | killed | timeout | survived (equivalent) | no tests | not checked | score | non-equivalent score |",
        "|---|---|---|---|---|---|---|---|",
    ]
    if total["not checked"]:
        lines[5:5] = ["", f"This run was stopped before the end: {sum(total.values()) - total['not checked']} of "
                        f"{sum(total.values())} mutants were checked, and every score here is over the checked ones "
                        "only. Rerun `make mutation` to complete it (mutmut resumes where it stopped)."]
    survivors = sorted(n for n, s in status.items() if s == "survived")
    diffs = {name: _diff(name) for name in survivors}
    reasons = {name: equivalence(name, diffs[name]) for name in survivors}
    real = [name for name in survivors if reasons[name] is None]
    equivalent_in = collections.Counter(_module(name) for name in survivors if reasons[name] is not None)
    for module, c in sorted(by_module.items()):
        d = sum(c[s] for s in DETECTED)
        j = d + c["survived"]
        k = j - equivalent_in[module]
        lines.append(f"| `{module}` | {c['killed']} | {c['timeout']} | {c['survived']} ({equivalent_in[module]}) | "
                     f"{c['no tests']} | {c['not checked']} | {f'{100 * d / j:.1f}%' if j else '—'} | "
                     f"{f'{100 * d / k:.1f}%' if k else '—'} |")
    lines[4] = (lines[4] + f" Of the {len(survivors)} survivors, {len(survivors) - len(real)} are equivalent by the "
                f"rules below (they cannot change a result), so **{detected} of {detected + len(real)} "
                f"non-equivalent mutants are detected ({100 * detected / max(detected + len(real), 1):.1f}%)**.")
    lines += ["", "## Equivalent survivors, by rule", "", "| mutants | why they cannot change a result |", "|---|---|"]
    counted = collections.Counter(r for r in reasons.values() if r)
    for reason, *_ in EQUIVALENT:
        if counted[reason]:
            lines.append(f"| {counted[reason]} | {reason} |")
    lines += ["", f"## Non-equivalent surviving mutants ({len(real)})", ""]
    by_function: dict[str, list[str]] = collections.defaultdict(list)
    for name in real:
        by_function[_function(name)].append(name)
    for function, names in by_function.items():
        lines += [f"**`{function}`** ({len(names)})", "", "```diff"]
        for name in names:
            lines += [f"# {name.rsplit('__mutmut_', 1)[1]}", diffs[name]]
        lines += ["```", ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("tests/MUTATION.md"))
    args = parser.parse_args(argv)
    text = report(results())
    args.out.write_text(text, encoding="utf-8")
    print(text.split("\n## ")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
