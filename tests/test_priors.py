"""The numeric priors with everything switched on: prior means, per-coefficient scales, full covariances.

Densities are checked against ``scipy.stats``, strengths against their inverses, and the objects' small
contracts (repr, equality, errors) that users and the conversions rely on.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.stats as ss
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import regprior as rp
from tests.properties import prop
from tests.strategies import powers_of_ten

SCALE_PRIORS = [rp.GaussianPrior, rp.LaplacePrior]
SCIPY = {rp.GaussianPrior: ss.norm, rp.LaplacePrior: ss.laplace}


@st.composite
def located_priors(draw, cls):
    """A prior of ``cls`` with per-coefficient scales over four decades and nonzero means; and a point."""
    p = draw(st.integers(1, 6))
    scale = np.array([draw(powers_of_ten(-2, 1)) for _ in range(p)])
    mean = draw(arrays(np.float64, (p,), elements=st.floats(-50, 50)))
    coef = mean + scale * draw(arrays(np.float64, (p,), elements=st.floats(-20, 20)))
    return cls(scale, mean), coef


@st.composite
def covariances(draw):
    """A symmetric positive definite covariance, a mean and a point."""
    p = draw(st.integers(1, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    A = rng.standard_normal((p, p)) * draw(powers_of_ten(-1, 1))
    cov = A @ A.T + draw(powers_of_ten(-2, 0)) * np.eye(p)
    mean = rng.standard_normal(p) * 10
    return cov, mean, mean + rng.standard_normal(p) * 3


@prop(r"With per-coefficient scales and a nonzero mean $\theta_0$, the Gaussian and Laplace priors' "
      r"$-\log p(\beta)$ is minus the sum of `scipy.stats` log-densities $\mathcal N(\theta_{0j}, s_j^2)$ and "
      r"Laplace$(\theta_{0j}, b_j)$, and the penalty is $\sum_j (\beta_j - \theta_{0j})^2$ or "
      r"$\sum_j |\beta_j - \theta_{0j}|$.",
      group="symbols", checks=("GaussianPrior.neg_log_density", "LaplacePrior.neg_log_density",
                               "GaussianPrior.penalty"), against="scipy.stats")
@pytest.mark.parametrize("cls", SCALE_PRIORS, ids=lambda c: c.__name__)
@given(data=st.data())
def test_located_priors_match_scipy_stats(cls, data):
    prior, coef = data.draw(located_priors(cls))
    expected = -SCIPY[cls](prior.mean, prior.scale).logpdf(coef).sum()
    assert prior.neg_log_density(coef) == pytest.approx(expected, rel=1e-12, abs=1e-12)
    t = coef - prior.mean
    weight = 2.0  # the penalty is the weight times the negative log-prior's part that depends on beta
    per_unit = t * t / (2 * prior.scale**2) if cls is rp.GaussianPrior else np.abs(t) / prior.scale
    assert prior.penalty(weight).value(t) == pytest.approx(weight * np.sum(per_unit), rel=1e-12)


@prop(r"With per-coefficient scales, a nonzero mean and $\nu$ from 0.3 to 300, the Student-t prior's "
      r"$-\log p(\beta)$ is minus the sum of `scipy.stats.t` log-densities $t_\nu(\theta_{0j}, s_j)$, and its "
      r"penalty at weight $w$ is $w\,(-\log p(\beta) + \log p(\theta_0))$; a point so far out that $u_j/s_j$ "
      r"overflows is refused with a whole message, also under NumPy's `errstate(all='raise')`.",
      group="symbols", checks=("StudentTPrior", "Prior.penalty"), against="scipy.stats")
@given(data=st.data(), df=st.floats(0.3, 300), weight=powers_of_ten(-1, 1))
def test_student_t_prior_matches_scipy_stats(data, df, weight):
    located, coef = data.draw(located_priors(rp.LaplacePrior))  # its scales, mean and point serve a Student-t too
    prior = rp.StudentTPrior(df, located.scale, mean=located.mean)
    expected = -ss.t(df, prior.mean, prior.scale).logpdf(coef).sum()
    assert prior.neg_log_density(coef) == pytest.approx(expected, rel=1e-10, abs=1e-10)
    at_mean = prior.neg_log_density(np.asarray(prior.mean, dtype=float))
    assert prior.penalty(weight).value(coef - prior.mean) == pytest.approx(
        weight * (prior.neg_log_density(coef) - at_mean), rel=1e-9, abs=1e-9 * weight * abs(at_mean))
    message = ("coef: -log p(beta) overflows float64 at these coefficients (they are too far out in the prior's tails "
               "for its logarithm to be representable)")
    for state in ({}, {"all": "raise"}):
        with np.errstate(**state), pytest.raises(ValueError) as info:
            rp.StudentTPrior(df, 1e-300).neg_log_density([1e300])
        assert str(info.value) == message


@prop(r"Converting a prior with per-coefficient scales and a mean to its strengths $\lambda_j$ and back, at any noise "
      r"sd, gives the same prior (same scales and mean); without a mean argument the prior is centred at 0.",
      group="symbols", checks=("GaussianPrior.from_penalty_strength", "LaplacePrior.from_penalty_strength",
                               "GaussianPrior.penalty_strength", "LaplacePrior.penalty_strength"))
@pytest.mark.parametrize("cls", SCALE_PRIORS, ids=lambda c: c.__name__)
@given(data=st.data(), noise=powers_of_ten(-2, 2))
def test_strengths_round_trip_with_means(cls, data, noise):
    prior, _ = data.draw(located_priors(cls))
    lam = prior.penalty_strength(noise)
    back = cls.from_penalty_strength(lam, noise, mean=prior.mean)
    np.testing.assert_allclose(back.scale, prior.scale, rtol=1e-12)
    np.testing.assert_array_equal(back.mean, prior.mean)
    centred = cls.from_penalty_strength(lam, noise)
    assert np.all(centred.mean == 0.0)
    np.testing.assert_allclose(centred.penalty_strength(noise), lam, rtol=1e-12)


@prop(r"The full-covariance prior's $-\log p(\beta)$ is `scipy.stats.multivariate_normal`'s, its penalty matrix is "
      r"$\sigma^2\Sigma^{-1}$, its Cholesky factor satisfies $LL^\top = \Sigma$, and the prior rebuilt from its "
      r"penalty matrix has the same covariance and mean.",
      group="symbols", checks=("MultivariateGaussianPrior", "MultivariateGaussianPrior.neg_log_density",
                               "MultivariateGaussianPrior.penalty_matrix",
                               "MultivariateGaussianPrior.from_penalty_matrix"),
      against="scipy.stats.multivariate_normal, numpy.linalg.inv")
@given(case=covariances(), noise=powers_of_ten(-2, 2))
def test_full_covariance_prior_matches_scipy_stats(case, noise):
    cov, mean, coef = case
    prior = rp.MultivariateGaussianPrior(cov, mean)
    expected = -ss.multivariate_normal(mean, cov).logpdf(coef)
    assert prior.neg_log_density(coef) == pytest.approx(expected, rel=1e-9, abs=1e-9)
    L = prior.cholesky
    np.testing.assert_allclose(L @ L.T, cov, rtol=1e-12, atol=1e-12 * np.abs(cov).max())
    assert np.allclose(np.triu(L, 1), 0.0)
    P = prior.penalty_matrix(noise)
    np.testing.assert_allclose(P, noise**2 * np.linalg.inv(cov), rtol=1e-8, atol=1e-10 * np.abs(P).max())
    np.testing.assert_array_equal(prior.penalty_strength(noise), P)
    back = rp.MultivariateGaussianPrior.from_penalty_matrix(P, noise, mean=mean)
    np.testing.assert_allclose(back.cov, cov, rtol=1e-8, atol=1e-10 * np.abs(cov).max())
    np.testing.assert_array_equal(back.mean, mean)
    assert np.all(rp.MultivariateGaussianPrior.from_penalty_matrix(P, noise).mean == 0.0)


@prop(r"The independent Gaussian prior's precision for p coefficients is the inverse of its covariance "
      r"$\operatorname{diag}(s_j^2)$ (`numpy.linalg.inv`, relative $10^{-14}$), one scale repeated p times or one per "
      r"coefficient; it is the precision of the full-covariance prior with that diagonal covariance, and scales of "
      r"another length than p are refused with the whole message.",
      group="symbols", checks=("GaussianPrior", "MultivariateGaussianPrior"), against="numpy.linalg.inv")
def test_independent_gaussian_prior_precision():
    for scale, p in ((0.5, 3), (np.array([0.5, 2.0, 3.0]), 3), (7.0, 1)):
        covariance = np.diag(np.broadcast_to(np.square(scale), (p,)))
        precision = rp.GaussianPrior(scale, mean=1.0).precision(p)
        assert precision.shape == (p, p)
        np.testing.assert_allclose(precision, np.linalg.inv(covariance), rtol=1e-14, atol=0.0)
        np.testing.assert_allclose(precision, rp.MultivariateGaussianPrior(covariance).precision(p), rtol=1e-14)
    with pytest.raises(ValueError) as info:
        rp.GaussianPrior(np.array([0.5, 2.0, 3.0])).precision(2)
    assert str(info.value) == "prior: its scale has 3 entries but X has 2 features"


@prop(r"The full-covariance prior built from a penalty matrix holds $\Sigma = \sigma^2P^{-1}$ whenever float64 "
      r"does, even where $\sigma^2$ alone overflows ($P = 10^{300}I$, $\sigma = 10^{200}$ give $\Sigma = 10^{100}I$), "
      r"and refuses with a whole message naming cov, with no floating-point warning first, a $\Sigma$ that overflows "
      r"($P = I$, $\sigma = 10^{200}$) or has a variance that underflows to 0 ($\sigma = 10^{-200}$ with $P = I$ or "
      r"$P = \operatorname{diag}(1, 10^{-100})$); a point so far out that its Mahalanobis distance overflows is "
      r"refused naming coef; all also under NumPy's `errstate(all='raise')`.",
      group="inputs", checks=("MultivariateGaussianPrior.from_penalty_matrix",
                              "MultivariateGaussianPrior.neg_log_density"))
def test_full_covariance_prior_out_of_float64_range():
    build = rp.MultivariateGaussianPrior.from_penalty_matrix
    cov_message = ("cov: the result is not representable in float64 for these values (overflow or underflow); "
                   "rescale the problem")
    coef_message = ("coef: -log p(beta) overflows float64 at these coefficients (they are too far out in the prior's "
                    "tails for its logarithm to be representable)")
    cases = [(lambda: build(np.eye(2), 1e200), cov_message), (lambda: build(np.eye(2), 1e-200), cov_message),
             (lambda: build(np.diag([1.0, 1e-100]), 1e-200), cov_message),  # one variance underflows, one does not
             (lambda: rp.MultivariateGaussianPrior(np.eye(2)).neg_log_density([1e200, 0.0]), coef_message)]
    for state in ({}, {"all": "raise"}):  # NumPy's default error state, and a caller's strict one
        with warnings.catch_warnings(), np.errstate(**state):
            warnings.simplefilter("error")
            np.testing.assert_allclose(build(1e300 * np.eye(2), 1e200).cov, 1e100 * np.eye(2), rtol=1e-15)
            for make, message in cases:
                with pytest.raises(ValueError) as info:
                    make()
                assert str(info.value) == message


@prop("A prior's repr names its class and parameters (the mean only when it is not 0) and evaluates back to an equal "
      "prior; priors are equal exactly when their class and parameters are, and are not hashable.",
      group="inputs", checks=("GaussianPrior", "LaplacePrior", "MultivariateGaussianPrior"))
def test_repr_and_equality():
    namespace = {"GaussianPrior": rp.GaussianPrior, "LaplacePrior": rp.LaplacePrior,
                 "MultivariateGaussianPrior": rp.MultivariateGaussianPrior}
    priors = [rp.GaussianPrior(0.5), rp.LaplacePrior(0.5), rp.GaussianPrior([0.5, 2.0], mean=[1.0, -1.0]),
              rp.LaplacePrior(2.0, mean=3.0), rp.MultivariateGaussianPrior([[2.0, 0.5], [0.5, 1.0]], mean=1.0)]
    assert repr(priors[0]) == "GaussianPrior(scale=0.5)"
    assert repr(priors[1]) == "LaplacePrior(scale=0.5)"
    assert repr(priors[2]) == "GaussianPrior(scale=[0.5, 2.0], mean=[1.0, -1.0])"
    assert repr(priors[3]) == "LaplacePrior(scale=2.0, mean=3.0)"
    assert repr(priors[4]) == "MultivariateGaussianPrior(cov=[[2.0, 0.5], [0.5, 1.0]], mean=1.0)"
    for prior in priors:
        assert eval(repr(prior), namespace) == prior  # noqa: S307 - the repr is ours
    assert rp.GaussianPrior(0.5) != rp.LaplacePrior(0.5)
    assert rp.GaussianPrior(0.5) != rp.GaussianPrior(0.5, mean=1.0)
    assert rp.GaussianPrior(0.5) != rp.GaussianPrior(0.6)
    with pytest.raises(TypeError):
        hash(rp.GaussianPrior(0.5))


@prop("The priors refuse, naming the argument: a zero strength or noise sd when converting back, a point whose "
      "length differs from the per-coefficient scales or mean, a mean that is not finite, boolean, empty or 2-D, and a "
      "covariance that is not square, not finite, not symmetric, not positive definite, or of another size than "
      "the mean or the point; a noise prior that is not an `InverseGammaPrior` (or None), naming its type.",
      group="inputs", checks=("GaussianPrior", "LaplacePrior", "MultivariateGaussianPrior",
                              "InverseGammaPrior"))
@pytest.mark.parametrize("call, error, message", [
    (lambda: rp.GaussianPrior.from_penalty_strength(0.0, 1.0), ValueError, "^lam must be > 0"),
    (lambda: rp.LaplacePrior.from_penalty_strength(0.0, 1.0), ValueError, "^lam must be > 0"),
    (lambda: rp.GaussianPrior.from_penalty_strength(1.0, 0.0), ValueError, "^noise_sd must be > 0"),
    (lambda: rp.LaplacePrior.from_penalty_strength(1.0, 0.0), ValueError, "^noise_sd must be > 0"),
    (lambda: rp.LaplacePrior.from_penalty_strength(1.0, -1.0), ValueError, "^noise_sd must be > 0; got -1$"),
    (lambda: rp.GaussianPrior.from_penalty_strength(1.0, -1.0), ValueError, "^noise_sd must be > 0; got -1$"),
    (lambda: rp.LaplacePrior.from_penalty_strength([1.0, -1.0], 1.0), ValueError,
     "^lam must contain finite values > 0"),
    (lambda: rp.GaussianPrior([[1.0]]), ValueError,
     r"^scale must be a number or have one value per feature, a non-empty 1-D array; got shape \(1, 1\)"),
    (lambda: rp.GaussianPrior([1.0, 2.0]).neg_log_density([1.0, 2.0, 3.0]), ValueError,
     "^coef has 3 entries but the prior's scale has 2"),
    (lambda: rp.LaplacePrior(1.0, mean=[0.0, 1.0]).neg_log_density([1.0]), ValueError,
     "^coef has 1 entries but the prior's mean has 2"),
    (lambda: rp.GaussianPrior(1.0).neg_log_density([[1.0]]), ValueError,
     r"^coef must be a 1-D array; got shape \(1, 1\)"),
    (lambda: rp.GaussianPrior(1.0, mean=np.inf), ValueError, "^mean must be finite"),
    (lambda: rp.GaussianPrior(1.0, mean=[[0.0]]), ValueError,
     r"^mean must be a number or have one value per feature, a non-empty 1-D array; got shape \(1, 1\)$"),
    (lambda: rp.LaplacePrior(1.0, mean=[]), ValueError,
     r"^mean must be a number or have one value per feature, a non-empty 1-D array; got shape \(0,\)$"),
    (lambda: rp.GaussianPrior(1.0, mean=[0.0, np.nan]), ValueError, "^mean must be a finite number or a 1-D array"),
    (lambda: rp.GaussianPrior(1.0, mean=True), TypeError, "^mean must be a real number; got bool"),
    (lambda: rp.MultivariateGaussianPrior(np.ones((2, 3))), ValueError,
     r"^cov must be a square 2-D array; got shape \(2, 3\)"),
    (lambda: rp.MultivariateGaussianPrior([[1.0, np.nan], [np.nan, 1.0]]), ValueError,
     "^cov must contain finite values"),
    (lambda: rp.MultivariateGaussianPrior([[1.0, 0.5], [0.0, 1.0]]), ValueError, "^cov must be symmetric"),
    (lambda: rp.MultivariateGaussianPrior([[1.0, 2.0], [2.0, 1.0]]), ValueError, "^cov must be positive definite"),
    (lambda: rp.MultivariateGaussianPrior(np.eye(3), mean=[0.0, 1.0]), ValueError,
     "^mean has 2 entries but cov is 3 x 3"),
    (lambda: rp.MultivariateGaussianPrior(np.eye(3)).neg_log_density([1.0, 2.0]), ValueError,
     "^coef has 2 entries but cov is 3 x 3"),
    (lambda: rp.MultivariateGaussianPrior.from_penalty_matrix([[1.0, 2.0], [2.0, 1.0]], 1.0), ValueError,
     r"^penalty must be positive definite \(its Cholesky factorization failed\)$"),
    # Cholesky reads one triangle only: without its own check a non-symmetric penalty would pass unnoticed.
    (lambda: rp.MultivariateGaussianPrior.from_penalty_matrix([[2.0, 0.5], [0.0, 1.0]], 1.0), ValueError,
     "^penalty must be symmetric$"),
    (lambda: rp.MultivariateGaussianPrior.from_penalty_matrix(np.ones((2, 3)), 1.0), ValueError,
     r"^penalty must be a square 2-D array; got shape \(2, 3\)$"),
    (lambda: rp.MultivariateGaussianPrior.from_penalty_matrix([[1.0, np.inf], [np.inf, 1.0]], 1.0), ValueError,
     "^penalty must contain finite values$"),
    (lambda: rp.MultivariateGaussianPrior(np.eye(2), mean=[1.0, 2.0]).neg_log_density([1.0, 2.0, 3.0]), ValueError,
     r"^coef has 3 entries but the prior's mean has 2$"),
    (lambda: rp.GaussianPrior([1.0, 0.0]), ValueError, r"^scale must contain finite values > 0$"),
    (lambda: rp.LaplacePrior([1.0, 2.0]).neg_log_density([1.0, 2.0, 3.0]), ValueError,
     r"^coef has 3 entries but the prior's scale has 2$"),
    (lambda: rp.LaplacePrior(1.0, mean=[1.0, 2.0]).neg_log_density([1.0, 2.0, 3.0]), ValueError,
     r"^coef has 3 entries but the prior's mean has 2$"),
    (lambda: rp.MultivariateGaussianPrior(np.eye(2)).penalty_matrix(-1.0), ValueError, "^noise_sd must be > 0"),
    (lambda: rp.map_estimate(np.eye(3), np.ones(3), rp.MultivariateGaussianPrior(np.eye(2)), 1.0), ValueError,
     r"^prior: its cov is 2 x 2 but X has 3 features$"),
    (lambda: rp.MultivariateGaussianPrior.from_penalty_matrix(np.eye(2), 0.0), ValueError, "^noise_sd must be > 0"),
    (lambda: rp.GaussianPrior(1.0, mean=-np.inf), ValueError, "^mean must be finite"),
    (lambda: rp.MultivariateGaussianPrior(np.ones((2, 0))), ValueError, r"^cov must be a square 2-D array"),
    (lambda: rp.joint_map(np.eye(3), np.ones(3), rp.GaussianPrior(1.0), noise_prior=(1.0, 1.0)), TypeError,
     r"^noise_prior must be an InverseGammaPrior or None \(flat\); got tuple$"),
])
def test_bad_prior_arguments_are_rejected(call, error, message):
    with pytest.raises(error, match=message):
        call()


@prop("A prior's parameter arrays (per-coefficient scales, means, the covariance) are read-only, so a prior cannot be "
      "changed behind the back of a result or an estimator that holds it.",
      group="inputs", checks=("GaussianPrior", "LaplacePrior", "MultivariateGaussianPrior"))
def test_prior_parameters_are_read_only():
    arrays = [rp.GaussianPrior([1.0, 2.0], mean=[0.0, 1.0]).scale, rp.LaplacePrior(1.0, mean=[0.0, 1.0]).mean,
              rp.MultivariateGaussianPrior(np.eye(2)).cov]
    for arr in arrays:
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 5.0


@prop("Per-coefficient scales and means given as integers are stored as read-only float64 arrays.",
      group="inputs", checks=("GaussianPrior", "LaplacePrior"))
@pytest.mark.parametrize("cls", [rp.GaussianPrior, rp.LaplacePrior])
def test_integer_scales_and_means_are_stored_as_floats(cls):
    prior = cls([1, 2], mean=[0, 3])
    for value in (prior.scale, prior.mean):
        assert value.dtype == np.float64 and not value.flags.writeable


@prop("A prior mean, and an iteration budget, given as a 0-d NumPy array are the number it holds: the mean is stored "
      "as a Python float and the lasso runs the same epochs as with the plain integer.",
      group="inputs", checks=("GaussianPrior", "LaplacePrior", "lasso"))
def test_zero_dimensional_arrays_are_the_numbers_they_hold():
    for cls in (rp.GaussianPrior, rp.LaplacePrior):
        mean = cls(1.0, mean=np.array(0.5)).mean
        assert type(mean) is float and mean == 0.5
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((20, 5)), rng.standard_normal(20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 3 epochs do not converge; the warning is not what is checked here
        as_array = rp.lasso(X, y, 0.1, max_iter=np.array(3))
        as_int = rp.lasso(X, y, 0.1, max_iter=3)
    assert as_array.n_iter == as_int.n_iter == 3
    np.testing.assert_array_equal(as_array.coef, as_int.coef)
