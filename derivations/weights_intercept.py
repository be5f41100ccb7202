"""Sample weights as per-sample noise variances σᵢ² = σ²/sᵢ, and the intercept as an unpenalized
coefficient with a flat prior: minimizing (or integrating) over β₀ gives β₀ = ȳ − x̄ᵀβ and the centred
problem.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.matrices import Xm, betam, is_zero_matrix, left_multiply, quadratic, ym
from regprior.symbolic.models import gaussian_prior
from regprior.symbolic.models import weighted_gaussian_likelihood as likelihood
from regprior.symbolic.sums import is_identity, linearize
from regprior.symbolic.symbols import X, beta, i, j, n, p, sample_weight, sigma, sigma_w, y

#: the column of ones, the intercept (a 1 x 1 matrix) and the diagonal matrix of sample weights
ones = sp.MatrixSymbol(r"\mathbf{1}", n, 1)
b0 = sp.MatrixSymbol(r"\beta_0", 1, 1)
S = sp.MatrixSymbol("S", n, n)


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the weights-and-intercept derivation."""
    d = Derivation("weights-intercept", "Sample weights and the intercept")

    # -- weights ---------------------------------------------------------------------------------------
    d.say(
        "Two options every solver here accepts, `sample_weight` and `fit_intercept`, are modelling "
        "assumptions in disguise. A weight says how noisy an observation is; an intercept is a coefficient "
        "with no prior information at all."
    )
    d.define(
        r"Let observation $i$ have its own noise variance $\sigma^2/s_i$, with weights $s_i > 0$ (a weight of 2 "
        "means half the noise variance, as if the observation had been made twice):",
        r"p(y \mid X, \beta)", likelihood.joint(), label="likelihood",
    )
    nlp = models.neg_log_posterior(likelihood, gaussian_prior)
    form = models.penalized_form(nlp, likelihood.data_fit, gaussian_prior.penalty())
    lam_ = form.unknowns[1]
    objective = sp.Add(likelihood.data_fit, lam_ * gaussian_prior.penalty(), evaluate=False)
    d.claim(
        r"With the Gaussian prior $\mathcal N(0, \sigma_w^2)$, solving for the factor and the strength as on the "
        r"Gaussian-prior page gives $c = 1/(2\sigma^2)$, the same $\lambda = \sigma^2/\sigma_w^2$, and the "
        "weighted objective",
        r"J(\beta)", objective, label="objective",
        check=lambda: sp.simplify(form.factor - 1 / (2 * sigma**2)) == 0
        and sp.simplify(form.lam - sigma**2 / sigma_w**2) == 0
        and models.residual_after_split(nlp, form) == 0 and not form.constant.has(beta),
        checked=r"`penalized_form` returns these $c$ and $\lambda$, and the negative log-posterior minus "
        r"$c\,J(\beta)$ is a constant with no $\beta$ (for general $n$ and $p$).",
    )
    d.say(
        r"The weights only rescale the data fit: $\sigma^2$ stays the reference variance (the variance of an "
        "observation with weight 1), and the prior strength does not change. The constant now contains "
        r"$-\tfrac12\sum_i\log s_i$, which matters only if the weights themselves were estimated."
    )
    scaled = sp.Sum((sp.sqrt(sample_weight[i]) * y[i]
                     - sp.Sum(sp.sqrt(sample_weight[i]) * X[i, j] * beta[j], (j, 1, p))) ** 2,
                    (i, 1, n))
    d.claim(
        r"Multiplying row $i$ of $X$ and $y$ by $\sqrt{s_i}$ turns the weighted problem into an unweighted one, "
        "which is how the solvers handle weights:",
        r"\sum_i s_i (y_i - x_i^\top\beta)^2", scaled, label="rescaled",
        check=lambda: is_identity(likelihood.data_fit, scaled),
        checked="the two sums agree for general $n$ and $p$ after multiplying out.",
    )

    # -- the intercept ---------------------------------------------------------------------------------
    residual = ym - ones * b0 - Xm * betam
    F = residual.T * S * residual
    d.define(
        r"Now add an intercept: $y_i = \beta_0 + x_i^\top\beta + \varepsilon_i$. It gets a *flat* prior, "
        r"$p(\beta_0) \propto 1$: no value is preferred, so nothing shrinks it. The flat prior is improper "
        "(it does not integrate to 1), but the posterior is proper as soon as one weight is positive. In "
        r"matrix form, with $\mathbf 1$ the column of ones and $S = \operatorname{diag}(s_i)$, the data fit is",
        r"F(\beta_0, \beta)", F, label="fit",
    )
    quad = quadratic(F, b0, symmetric=(S,))
    w = ones.T * S * ones
    b0_hat = w.I * ones.T * S * (ym - Xm * betam)
    d.claim(
        r"The penalty does not involve $\beta_0$, so for any fixed $\beta$ the best intercept zeroes "
        r"$\partial F/\partial\beta_0$, a linear equation with the solution",
        r"\hat\beta_0", b0_hat, label="intercept",
        check=lambda: quad.is_affine(b0) and is_zero_matrix(quad.hessian - 2 * w)
        and is_zero_matrix(left_multiply(sp.MatMul(2, w), b0_hat) + quad.gradient_at_zero),
        checked=r"the derivative in $\beta_0$ is affine with slope $2\mathbf 1^\top S\mathbf 1$ (the total "
        r"weight, positive), and it vanishes at this $\hat\beta_0$.",
    )
    y_bar = w.I * ones.T * S * ym
    x_bar = w.I * ones.T * S * Xm
    y_bar_s, x_bar_s = sp.MatrixSymbol(r"\bar y", 1, 1), sp.MatrixSymbol(r"\bar x", p, 1)
    means = {y_bar_s: y_bar, x_bar_s: x_bar.T}
    d.claim(
        r"With the weighted means $\bar y = (\mathbf 1^\top S\mathbf 1)^{-1}\mathbf 1^\top Sy = \sum_i s_i y_i/"
        r"\sum_i s_i$ and $\bar x^\top = (\mathbf 1^\top S\mathbf 1)^{-1}\mathbf 1^\top SX$ (the weighted mean "
        "of each column) this is the familiar",
        r"\hat\beta_0", y_bar_s - x_bar_s.T * betam, label="intercept-means",
        check=lambda: is_zero_matrix(b0_hat - (y_bar_s - x_bar_s.T * betam).subs(means).doit()),
        checked="with the two means substituted, the difference expands to the zero matrix.",
    )
    centred_display = (ym - ones * y_bar_s) - (Xm - ones * x_bar_s.T) * betam
    centred = centred_display.subs(means).doit()
    d.claim(
        "Substituting it back, the residual becomes the residual of the *centred* data, with no intercept:",
        r"y - \mathbf 1\hat\beta_0 - X\beta", centred_display, label="centred",
        check=lambda: is_zero_matrix(residual.subs(b0, b0_hat) - centred),
        checked="the difference expands to the zero vector for matrices of symbolic size.",
    )
    d.say(
        "So fitting an unpenalized intercept is: subtract the (weighted) means from $X$ and $y$, solve the "
        r"problem without an intercept, and set $\hat\beta_0 = \bar y - \bar x^\top\hat\beta$. This is what "
        r"`fit_intercept=True` does in every solver here, for any penalty on $\beta$."
    )
    const_col = ones - ones * x_bar.subs(Xm, ones)
    d.claim(
        "A column of ones inside $X$ is centred to zero, so its coefficient is 0 under any of the penalties; "
        "that is why a polynomial fit with a separate intercept reports 0 for the constant term:",
        r"\mathbf 1 - \mathbf 1\,\bar{\mathbf 1}", const_col, label="constant-column",
        check=lambda: is_zero_matrix(const_col),
        checked=r"the weighted mean of the ones column is "
        r"$(\mathbf 1^\top S\mathbf 1)^{-1}\mathbf 1^\top S\mathbf 1 = 1$, so the centred column is the zero vector.",
    )

    # -- integrating the intercept out gives the same centred problem ------------------------------------
    A, B, C = sp.Symbol("A", positive=True), sp.Symbol("B", real=True), sp.Symbol("C", real=True)
    t = sp.Symbol("t", real=True)
    marginal = sp.integrate(sp.exp(-(A * t**2 - 2 * B * t + C) / (2 * sigma**2)), (t, -sp.oo, sp.oo))
    profile = (A * t**2 - 2 * B * t + C).subs(t, B / A)
    marginal_display = sp.sqrt(2 * sp.pi * sigma**2 / A) * sp.exp(-profile / (2 * sigma**2))
    d.claim(
        r"A fully Bayesian treatment integrates $\beta_0$ out instead of optimizing it. $F$ is a quadratic "
        r"in $\beta_0$, $A\beta_0^2 - 2B\beta_0 + C$ with $A = \mathbf 1^\top S\mathbf 1$, "
        r"$B = \mathbf 1^\top S(y - X\beta)$, $C = (y - X\beta)^\top S(y - X\beta)$, and",
        r"\int e^{-F/(2\sigma^2)}\,d\beta_0", marginal_display, label="marginal",
        check=lambda: sp.simplify(marginal - marginal_display) == 0,
        checked=r"`sympy.integrate` gives $\sqrt{2\pi\sigma^2/A}\,e^{-F(\hat\beta_0)/(2\sigma^2)}$ with "
        r"$F(\hat\beta_0) = C - B^2/A$, the fit at the best intercept $\hat\beta_0 = B/A$.",
    )
    d.say(
        r"The factor $\sqrt{2\pi\sigma^2/A}$ does not involve $\beta$, so the marginal posterior of $\beta$ is "
        "exactly the posterior of the centred problem: optimizing and integrating the intercept agree."
    )

    # -- what goes wrong when the intercept is penalized ---------------------------------------------------
    lam_i, c_shift = sp.Symbol("lambda", positive=True), sp.Symbol("c", real=True)
    (b0_pen,) = sp.solve(sp.diff(A * t**2 - 2 * B * t + C + lam_i * t**2, t), t)
    shift_pen = sp.simplify(b0_pen.subs(B, B + A * c_shift) - b0_pen)
    (b0_flat,) = sp.solve(sp.diff(A * t**2 - 2 * B * t + C, t), t)
    shift_flat = sp.simplify(b0_flat.subs(B, B + A * c_shift) - b0_flat)
    d.claim(
        "Penalizing the intercept like the other coefficients (a column of ones inside $X$, under the same "
        r"$\lambda$) makes the fit depend on where $y$ is measured from. Adding a constant $c$ to every response "
        "changes $B$ by $Ac$; with the slopes held where they are, the intercept then moves by",
        r"\Delta\hat\beta_0", shift_pen, label="penalized-intercept",
        check=lambda: shift_flat == c_shift and sp.simplify(shift_pen - c_shift) != 0
        and sp.limit(shift_pen, lam_i, 0) == c_shift,
        checked=r"with the flat prior the shift is exactly $c$; with the penalty $\lambda\beta_0^2$ it is "
        r"$Ac/(A + \lambda)$, which equals $c$ only in the limit $\lambda \to 0$.",
    )
    shifts = {}
    for name, column in (("centred", [-1, 0, 1]), ("uncentred", [1, 2, 3])):
        Z = sp.Matrix([[1, v] for v in column])
        shifts[name] = list((Z.T * Z + sp.eye(2)).inv() * Z.T * sp.Matrix([c_shift] * 3))
    d.claim(
        "The slopes stay put when shifting $y$ does not move them: when the columns of $X$ are (weighted-)centred, "
        r"the ones column is orthogonal to them and $Ac/(A + \lambda)$ is the whole change. With uncentred columns "
        r"the slopes move too, and the intercept moves by something else. Three unit-weight observations, one "
        r"slope, $\lambda = 1$ on both coefficients, so $Ac/(A + \lambda) = 3c/4$; the changes of intercept and slope, "
        r"for $x = (-1, 0, 1)$ and for $x = (1, 2, 3)$:",
        r"\Delta(\hat\beta_0, \hat\beta_1)",
        r"\Bigl(" + latex(shifts["centred"][0]) + ", " + latex(shifts["centred"][1])
        + r"\Bigr)\quad\text{and}\quad\Bigl(" + latex(shifts["uncentred"][0]) + ", " + latex(shifts["uncentred"][1])
        + r"\Bigr)", label="penalized-intercept-slopes",
        check=lambda: shifts["centred"] == [sp.Rational(3, 4) * c_shift, 0]
        and shifts["uncentred"] == [sp.Rational(3, 8) * c_shift, c_shift / 4],
        checked=r"solving the penalized normal equations $(Z^\top Z + I)\,\Delta = Z^\top\mathbf 1 c$ with "
        r"$Z = [\mathbf 1, x]$ exactly: the centred column gives $(3c/4, 0)$, the uncentred one $(3c/8, c/4)$.",
    )
    lam_n = sp.Symbol("lambda_n", positive=True)
    c_f, lam_f = sp.symbols("c_f lambda_f", positive=True)
    Fd, Pd = sp.symbols("F P")
    sol = sp.solve(sp.Poly(c_f * (Fd + lam_f * Pd) - (Fd / n + lam_n * Pd), Fd, Pd).coeffs(), [c_f, lam_f], dict=True)
    d.claim(
        r"Scaling conventions matter too. Writing the objective as a mean, $\tfrac1n\lVert y - X\beta\rVert^2 + "
        r"\lambda_n\lVert\beta\rVert^2$, and matching it to $c\,J(\beta)$ gives $c = 1/n$ and the canonical "
        "strength",
        r"\lambda", sol[0][lam_f] if len(sol) == 1 else sp.nan, label="per-sample",
        check=lambda: len(sol) == 1 and sol[0][c_f] == 1 / n and sol[0][lam_f] == n * lam_n,
        checked="`sympy.solve` on the coefficients of the data fit and of the penalty has the single solution "
        r"$c = 1/n$, $\lambda = n\lambda_n$.",
    )
    # -- units ------------------------------------------------------------------------------------------------
    a_u, b_u = sp.symbols("a b", positive=True)
    lam1_u, lam2_u = sp.symbols("lambda_1 lambda_2", positive=True)
    lam1_t, lam2_t, c_u = sp.symbols(r"\tilde\lambda_1 \tilde\lambda_2 c", positive=True)
    beta_t = sp.IndexedBase(r"\tilde\beta")
    # each term of the objective of (a X, b y) at beta = (b / a) beta~, written through beta~ (indexed sums, general
    # n and p), next to the same term of (X, y) at beta~
    fit_scaled = sp.Sum((b_u * y[i] - sp.Sum(a_u * X[i, j] * (b_u / a_u) * beta_t[j], (j, 1, p))) ** 2, (i, 1, n))
    fit_plain = sp.Sum((y[i] - sp.Sum(X[i, j] * beta_t[j], (j, 1, p))) ** 2, (i, 1, n))
    l1_scaled, l1_plain = sp.Sum(sp.Abs(b_u / a_u * beta_t[j]), (j, 1, p)), sp.Sum(sp.Abs(beta_t[j]), (j, 1, p))
    l2_scaled, l2_plain = sp.Sum((b_u / a_u * beta_t[j]) ** 2, (j, 1, p)), sp.Sum(beta_t[j] ** 2, (j, 1, p))
    ratios = [sp.simplify(linearize(t_s, expand=True) / linearize(t_p, expand=True))
              for t_s, t_p in ((fit_scaled, fit_plain), (l1_scaled, l1_plain), (l2_scaled, l2_plain))]
    # the objective of (a X, b y) is ratio_F F + lambda_1 ratio_A A + lambda_2 ratio_Q Q in the terms F, A, Q of
    # (X, y); matching it with c (F + lambda~_1 A + lambda~_2 Q) term by term
    F, A_t, Q_t = sp.symbols("F A Q")
    difference = sp.expand(ratios[0] * F + lam1_u * ratios[1] * A_t + lam2_u * ratios[2] * Q_t
                           - c_u * (F + lam1_t * A_t + lam2_t * Q_t))
    poly = sp.Poly(difference, F, A_t, Q_t)
    units = sp.solve([poly.coeff_monomial(m) for m in (F, A_t, Q_t)], [c_u, lam1_t, lam2_t], dict=True)
    d.claim(
        "Units. Measure the columns of $X$ in units $a$ times smaller and $y$ in units $b$ times smaller, i.e. fit "
        r"$aX$ and $by$. The objective in $\beta = (b/a)\tilde\beta$ is then a positive multiple $c$ of the canonical "
        r"objective of $(X, y)$ in $\tilde\beta$ with strengths $\tilde\lambda_1, \tilde\lambda_2$; matching the "
        "data fit, the L1 and the L2 terms gives",
        r"c,\ \tilde\lambda_1,\ \tilde\lambda_2",
        sp.Tuple(*(units[0][k] for k in (c_u, lam1_t, lam2_t))) if len(units) == 1 else sp.nan, label="units",
        check=lambda: len(units) == 1 and all(r.free_symbols <= {a_u, b_u} for r in ratios)
        and is_identity(linearize(fit_scaled, expand=True), units[0][c_u] * linearize(fit_plain, expand=True))
        and is_identity(lam1_u * linearize(l1_scaled), units[0][c_u] * units[0][lam1_t] * linearize(l1_plain))
        and is_identity(lam2_u * linearize(l2_scaled, expand=True),
                        units[0][c_u] * units[0][lam2_t] * linearize(l2_plain, expand=True)),
        checked=r"each term of the rescaled objective is a multiple of the same term of the original one (free of "
        r"$\tilde\beta$, checked with indexed sums over general $n$ and $p$); `sympy.solve` on the three "
        "coefficients has a single solution, and with it each term equals $c$ times the matching canonical term.",
    )
    d.say(
        r"So ridge and the lasso on $(aX, by)$ at $(\lambda_1, \lambda_2)$ are those on $(X, y)$ at "
        r"$(\lambda_1/(ab), \lambda_2/a^2)$, with coefficients multiplied by $b/a$ and the objective and its duality "
        "gap by $b^2$. The solvers use this to bring data whose squares would overflow float64 back into range "
        "(powers of two for $a$ and $b$, so the rescaling is exact), and the tests use it per column: scaling "
        r"column $j$ by $s$ and its strengths by $s^2$ (L2) or $s$ (L1) divides $\hat\beta_j$ by $s$ and leaves the "
        "fit unchanged."
    )
    d.record(
        units_factor=units[0][c_u],
        units_lam1=units[0][lam1_t],
        units_lam2=units[0][lam2_t],
        units_symbols=sp.Tuple(a_u, b_u, lam1_u, lam2_u),
        neg_log_posterior=nlp,
        constant=form.constant,
        intercept=b0_hat,
        centred_residual=centred,
        marginal=marginal_display,
        marginal_symbols=sp.Tuple(A, B, C),
        wrong_penalized_intercept_shift=shift_pen,
        wrong_lam_per_sample=lam_n,
        lam_per_sample=sol[0][lam_f],
        matrices=sp.Tuple(ones, b0, S),
    )
    return d
