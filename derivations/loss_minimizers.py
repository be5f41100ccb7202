"""Mean, median and mode as the minimizers of squared, absolute and 0-1 loss (for a sample and for a posterior).

The sample part works with a symbolic sample size n. The median part sorts the sample and looks at the
slope of the absolute loss between two neighbouring values (general n, with k values to the left), then
at a data point (its subdifferential); for an even n the minimizer is a whole interval. The posterior part
differentiates the expected loss under an unspecified density p(θ) (SymPy differentiates under the
integral sign), which is Bayes decision theory: posterior mean, median and mode.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
import sympy.stats as sps

from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.sums import is_identity, linearize

from ._display import stacked_equations

x = sp.IndexedBase("x", real=True)
s = sp.Symbol("s", real=True)
n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
m = sp.Symbol("m", integer=True, positive=True)
theta = sp.Symbol("theta", real=True)
a = sp.Symbol("a", real=True)
eps = sp.Symbol("varepsilon", positive=True)
density = sp.Function("p")

#: the sample of the E3 side note: an even number of values
EXAMPLE = (1, 2, 7, 10)


def split_integrals(expr: sp.Expr) -> sp.Expr:
    r"""Apply linearity to every integral: split sums in the integrand, pull out factors free of the variable."""

    def split(integral: sp.Integral) -> sp.Expr:
        (var, *bounds), = integral.limits
        total = sp.S.Zero
        for term in sp.Add.make_args(sp.expand(integral.function)):
            coeff, dep = term.as_independent(var, as_Add=False)
            total += coeff * sp.Integral(dep, (var, *bounds))
        return total

    return sp.sympify(expr).replace(lambda e: isinstance(e, sp.Integral), split)


def absolute_loss_minimizers(values) -> sp.Interval:
    """The set where the slope of s -> sum |v - s| changes sign, found from the slope on each open piece."""
    pts = sorted(set(sp.sympify(v) for v in values))
    f = sum(sp.Abs(v - s) for v in values)
    probes = [pts[0] - 1] + [(lo + hi) / 2 for lo, hi in zip(pts, pts[1:])] + [pts[-1] + 1]
    slopes = [sp.diff(f, s).subs(s, t) for t in probes]  # piece q lies left of pts[q]
    flat = [q for q, slope in enumerate(slopes) if slope == 0]
    if flat:  # a piece with zero slope: its closure (between two data points) is the set of minimizers
        (q,) = flat
        return sp.Interval(pts[q - 1], pts[q])
    q = next(q for q, slope in enumerate(slopes) if slope > 0)  # first rising piece: the kink before it
    return sp.Interval(pts[q - 1], pts[q - 1])


def _factor_of(nll: sp.Expr, loss: sp.Expr) -> sp.Expr:
    """Solve for the factor c that removes ``loss`` (a sum) from ``nll - c * loss`` after linearity."""
    c, placeholder = sp.Symbol("c"), sp.Dummy("L")
    rest = sp.expand(linearize(nll - c * loss).subs(linearize(loss), placeholder))
    (value,) = sp.solve(sp.diff(rest, placeholder), c)
    return value


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the loss-minimizer derivation."""
    d = Derivation("loss-minimizers", "Mean, median and mode as minimizers of a loss")
    L2 = sp.Sum((x[i] - s) ** 2, (i, 1, n))
    L1 = sp.Sum(sp.Abs(x[i] - s), (i, 1, n))

    # -- squared loss: the mean ---------------------------------------------------------------
    d.define(
        r"Take a sample $x_1, \dots, x_n$ of symbolic size $n$ and ask which single number $s$ is closest to "
        "all of it. Measured by squared distances, the loss is",
        "L_2(s)", L2, label="l2",
    )
    dL2 = linearize(sp.diff(L2, s), expand=True)
    d.claim(
        "It is a smooth function of $s$; its derivative, after splitting the sum, is",
        "L_2'(s)", dL2, label="l2-derivative",
        check=lambda: is_identity(dL2, sp.diff(L2, s).doit()),
        checked="this equals the derivative of the sum computed term by term, for general $n$.",
    )
    (s_mean,) = sp.solve(dL2, s)
    d.claim(
        "The second derivative is $2n > 0$, so $L_2$ is strictly convex and its only stationary point, "
        "the solution of $L_2'(s) = 0$, is the minimizer: the sample mean.",
        r"\hat s_2", s_mean, label="mean",
        check=lambda: sp.simplify(dL2.subs(s, s_mean)) == 0 and sp.diff(dL2, s) == 2 * n,
        checked="`sympy.solve` returns this single root; substituted back it zeroes $L_2'$; $L_2'' = 2n$.",
    )

    # -- absolute loss: the median ------------------------------------------------------------
    left = sp.Sum(s - x[i], (i, 1, k))
    right = sp.Sum(x[i] - s, (i, k + 1, n))
    d.define(
        r"Measured by absolute distances the loss $L_1(s) = \sum_{i=1}^{n} |x_i - s|$ has a kink at every "
        r"data point. Number the sample in increasing order, $x_1 < x_2 < \dots < x_n$ (distinct values, for "
        "simplicity), and put $s$ strictly "
        r"between $x_k$ and $x_{k+1}$ (with $0 \le k \le n$, reading $x_0 = -\infty$, $x_{n+1} = +\infty$): "
        "the $k$ values to its left contribute $s - x_i$, the others $x_i - s$, so on that piece",
        "L_1(s)", left + right, label="l1-piece",
    )
    slope = linearize(sp.diff(left + right, s).doit(), expand=True)
    d.claim(
        "On each piece $L_1$ is linear in $s$ with slope 'values to the left minus values to the right':",
        "L_1'(s)", slope, label="slope",
        check=lambda: sp.simplify(slope - (2 * k - n)) == 0,
        checked="differentiating the two sums and counting their terms gives $2k - n$ for symbolic $n$ and $k$.",
    )
    (k_flat,) = sp.solve(slope, k)
    d.claim(
        "The slope is negative while fewer than half the values lie to the left and positive once more than "
        "half do. It is zero only on the piece with",
        "k", k_flat, label="flat",
        check=lambda: sp.simplify(slope.subs(k, k_flat)) == 0 and sp.diff(slope, k) == 2,
        checked="`sympy.solve` gives this root of $2k - n$; the slope increases with $k$ (derivative 2).",
    )
    sub_lo, sub_hi = (m - 1) - (n - m) - 1, (m - 1) - (n - m) + 1
    zero_in = sp.solve([sub_lo <= 0, sub_hi >= 0], m)
    d.claim(
        "At a data point $s = x_m$ the function has no derivative; the one-sided slopes are those of the two "
        "neighbouring pieces, $2(m-1) - n$ on the left and $2m - n$ on the right, and their range is the "
        r"subdifferential $[2m - n - 2,\ 2m - n]$. A convex function is minimal exactly where the "
        "subdifferential contains 0, which happens for",
        None, zero_in, label="kink",
        check=lambda: sp.simplify(sub_lo - (2 * (m - 1) - n)) == 0
        and sp.simplify(sub_hi - slope.subs(k, m)) == 0
        and zero_in == sp.And(m >= n / 2, m <= n / 2 + 1),
        checked="the two end points are the slopes of the pieces on either side of $x_m$ (from the slope formula), "
        "and `sympy.solve` reduces '$0$ in the interval' to this condition on $m$.",
    )
    d.say(
        "For odd $n$ no integer $k$ equals $n/2$, and the only $m$ allowed is $m = (n+1)/2$: the minimizer is "
        "the middle value, unique. For even $n$ the piece $k = n/2$ is flat and both of its end points "
        r"($m = n/2$ and $m = n/2 + 1$) qualify: **every** $s$ in $[x_{n/2},\ x_{n/2+1}]$ minimizes $L_1$. "
        "The single number `numpy.median` returns, the midpoint of that interval, is one minimizer among "
        "infinitely many, a convention and not a consequence of the loss."
    )
    median_set = absolute_loss_minimizers(EXAMPLE)
    f_ex = sum(sp.Abs(v - s) for v in EXAMPLE)
    midpoint = sp.FiniteSet(sp.Rational(EXAMPLE[1] + EXAMPLE[2], 2))
    d.claim(
        r"For the sample $\{1, 2, 7, 10\}$ the slopes of the five pieces are $-4, -2, 0, 2, 4$, so the set of "
        "minimizers is",
        r"\arg\min_s \sum_i |x_i - s|", median_set, label="example",
        check=lambda: median_set == sp.Interval(2, 7)
        and len({f_ex.subs(s, t) for t in (2, sp.Rational(9, 2), 7)}) == 1
        and bool(f_ex.subs(s, 2) < f_ex.subs(s, sp.Rational(3, 2)))
        and bool(f_ex.subs(s, 7) < f_ex.subs(s, sp.Rational(15, 2)))
        and midpoint != median_set and midpoint.is_subset(median_set),
        checked="the slope of the loss on each piece, computed by SymPy, vanishes only between 2 and 7; the loss "
        "takes one value at 2, 4.5 and 7 and is larger just outside; the midpoint 4.5 alone is not the set.",
    )

    # -- the likelihood view ------------------------------------------------------------------
    mu = sp.Symbol("mu", real=True)
    sigma, b = sp.symbols("sigma b", positive=True)
    nll_normal = sp.expand_log(-sp.log(sp.Product(sps.density(sps.Normal("N", mu, sigma))(x[i]), (i, 1, n))),
                               force=True)
    nll_laplace = sp.expand_log(-sp.log(sp.Product(sps.density(sps.Laplace("L", mu, b))(x[i]), (i, 1, n))),
                                force=True)
    c_n, c_l = _factor_of(nll_normal, L2.subs(s, mu)), _factor_of(nll_laplace, L1.subs(s, mu))
    d.claim(
        r"The same two losses are negative log-likelihoods. For a location $\mu$ with Gaussian noise the "
        r"negative log-likelihood is a positive multiple of $L_2(\mu)$ plus a constant, and with Laplace noise "
        r"a positive multiple of $L_1(\mu)$ plus a constant, so the maximum-likelihood estimates are the sample "
        "mean and a sample median. The multiples are",
        None,
        stacked_equations((r"-\log\prod_i \mathcal N(x_i;\mu,\sigma^2)", latex(c_n) + r"\,L_2(\mu) + C_N"),
                          (r"-\log\prod_i \mathrm{Laplace}(x_i;\mu,b)", latex(c_l) + r"\,L_1(\mu) + C_L")),
        label="likelihood",
        check=lambda: sp.simplify(c_n - 1 / (2 * sigma**2)) == 0
        and is_identity(sp.diff(nll_normal - c_n * L2.subs(s, mu), mu), 0)
        and not linearize(nll_laplace - c_l * L1.subs(s, mu), expand=True).has(mu),
        checked=r"the densities are those of `sympy.stats`; for the Gaussian the derivative in $\mu$ of the "
        r"difference vanishes for general $n$, for the Laplace the difference contains no $\mu$ at all.",
    )

    # -- the posterior: Bayes decision theory -------------------------------------------------
    d.say(
        r"The same question asked of a posterior $p(\theta \mid y)$ instead of a sample is Bayes decision "
        "theory: report the number $a$ that minimizes the posterior expected loss. Nothing below assumes a "
        r"particular density; $p$ is any density with $\int p = 1$ (and, for the squared loss, a mean)."
    )
    total = sp.Integral(density(theta), (theta, -sp.oo, sp.oo))
    first = sp.Integral(theta * density(theta), (theta, -sp.oo, sp.oo))
    E_mean = sp.Symbol(r"\mathbb{E}[\theta]", real=True)
    risk2 = sp.Integral((theta - a) ** 2 * density(theta), (theta, -sp.oo, sp.oo))
    drisk2 = split_integrals(sp.diff(risk2, a)).subs({total: 1, first: E_mean})
    (a_mean,) = sp.solve(drisk2, a)
    d.claim(
        r"Squared loss. Differentiating under the integral sign and using linearity, $\int p = 1$ and "
        r"$\int \theta\, p = \mathbb E[\theta]$, the derivative of $\int (\theta - a)^2 p(\theta)\,d\theta$ "
        "is $" + latex(drisk2) + "$, which vanishes at the posterior mean:",
        "a_2", a_mean, label="posterior-mean",
        check=lambda: a_mean == E_mean and sp.diff(drisk2, a) == 2,
        checked="`sympy.diff` of the integral followed by linearity gives the derivative; its root is the mean and "
        "the second derivative is 2.",
    )
    F = sp.Function("F")
    risk1 = (sp.Integral((a - theta) * density(theta), (theta, -sp.oo, a))
             + sp.Integral((theta - a) * density(theta), (theta, a, sp.oo)))
    drisk1 = split_integrals(sp.diff(risk1, a)).subs({
        sp.Integral(density(theta), (theta, -sp.oo, a)): F(a),
        sp.Integral(density(theta), (theta, a, sp.oo)): 1 - F(a),
    })
    (F_half,) = sp.solve(drisk1, F(a))
    d.claim(
        r"Absolute loss. Splitting $\int |\theta - a|\, p(\theta)\,d\theta$ at $\theta = a$ and differentiating "
        "(the integrands vanish at the moving limit) gives, with the posterior distribution function $F$, "
        "the derivative $" + latex(drisk1) + "$; it is zero where",
        "F(a_1)", F_half, label="posterior-median",
        check=lambda: F_half == sp.Rational(1, 2) and sp.simplify(drisk1 - (2 * F(a) - 1)) == 0,
        checked="`sympy.diff` applies the Leibniz rule to both integrals; the root in $F(a)$ is $1/2$: a posterior "
        "median (an interval of them where $F$ is flat at $1/2$, as for the sample).",
    )
    risk0 = 1 - sp.Integral(density(theta), (theta, a - eps, a + eps))
    drisk0 = sp.diff(risk0, a)
    leading = sp.series(drisk0, eps, 0, 2).removeO().doit()
    d.claim(
        r"0-1 loss. Count an answer as wrong when it misses $\theta$ by more than $\varepsilon$; the expected "
        r"loss is $1 - \int_{a-\varepsilon}^{a+\varepsilon} p$. Its derivative is $" + latex(drisk0)
        + r"$, and for small $\varepsilon$",
        r"\frac{d}{da}\Bigl(1 - \int_{a-\varepsilon}^{a+\varepsilon} p\Bigr)", leading, label="posterior-mode",
        check=lambda: sp.simplify(leading + 2 * eps * sp.diff(density(a), a)) == 0,
        checked=r"the Taylor expansion in $\varepsilon$ computed by `sympy.series` is $-2\varepsilon\,p'(a)$ to "
        "first order.",
    )
    d.say(
        r"So as $\varepsilon \to 0$ the optimal $a$ approaches a point where $p'(a) = 0$: the posterior mode, "
        r"which is the MAP estimate. The MAP is the *limit* of the Bayes rules for ever narrower 0-1 losses, not "
        r"itself the Bayes rule of any one of them; and it says nothing against the other losses. Which losses a "
        "MAP estimate also answers depends on the posterior:"
    )
    m_, c_ = sp.Symbol("m", real=True), sp.Symbol("c", positive=True)
    gauss = sps.Normal("T", m_, sp.sqrt(c_))
    g_density = sps.density(gauss)(theta)
    g_mode_sol = sp.solve(sp.diff(g_density, theta), theta)
    g_median_sol = sp.solve(sps.cdf(gauss)(theta) - sp.Rational(1, 2), theta)
    d.claim(
        r"a Gaussian posterior $\mathcal N(m, c)$, the posterior of ridge regression "
        r"({doc}`/derivations/gaussian-posterior`), has one point that is its mean, its median and its mode,",
        r"\operatorname{E}[\theta] = \operatorname{median}(\theta) = \arg\max_\theta p(\theta)", m_,
        label="gaussian-all-three",
        check=lambda: sp.simplify(sps.E(gauss) - m_) == 0 and g_mode_sol == [m_] and g_median_sol == [m_],
        checked=r"`sympy.stats.E` of the normal variable is $m$, the only root of $p'$ is $m$, and the only root of "
        r"$F - 1/2$ is $m$.",
    )
    d.say(
        "so ridge is at once the Bayes rule for squared loss, for absolute loss and the limit for 0-1 loss. "
        "Under a Laplace prior the posterior is not Gaussian and the three differ: the lasso is its mode only, "
        "and its mean and median are not sparse ({doc}`/derivations/bayesian-lasso`)."
    )
    G = sps.Gamma("G", 3, 1)
    tpos = sp.Symbol("t", positive=True)
    g_pdf = sps.density(G)(tpos)
    g_mean = sps.E(G)
    (g_mode,) = sp.solve(sp.diff(g_pdf, tpos), tpos)
    g_median = sp.nsolve(sps.cdf(G)(tpos) - sp.Rational(1, 2), tpos, 2.5)
    d.claim(
        r"A skewed example makes the three different. For a Gamma(3, 1) posterior, $p(\theta) = \theta^2 "
        r"e^{-\theta}/2$ on $\theta > 0$, mean, median and mode are",
        r"(a_2,\ a_1,\ a_0)", sp.Tuple(g_mean, sp.Float(g_median, 6), g_mode), label="gamma-example",
        check=lambda: g_mean == 3 and g_mode == 2 and abs(sps.cdf(G)(g_median) - sp.Rational(1, 2)) < 1e-12
        and bool(g_mode < g_median < g_mean),
        checked="the mean is `sympy.stats.E`, the mode the root of $p'$, the median the root of $F - 1/2$ "
        "(`sympy.nsolve`); they are ordered mode < median < mean.",
    )
    d.record(
        mean=s_mean,
        l2_derivative=dL2,
        l1_slope=slope,
        median_condition=zero_in,
        median_set_example=median_set,
        wrong_median_argmin_example=midpoint,
        posterior_mean=a_mean,
        posterior_median_cdf=F_half,
        gamma_summaries=sp.Tuple(g_mean, g_median, g_mode),
    )
    return d
