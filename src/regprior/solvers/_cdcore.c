/* Compiled kernels of regprior's coordinate-descent solvers (built at install time by setup.py).
 *
 * A C extension rather than numba: the package's first call in a new process must not wait for a JIT
 * compiler (measured in benchmarks/: 8-13 s of numba compilation in a fresh environment, about 1 s to load
 * numba and its on-disk cache; this module imports in about a millisecond). The Python side,
 * regprior/solvers/_cd_kernels.py, documents each kernel and checks its arguments; tests/test_kernels.py
 * checks every kernel against a plain-Python reference.
 *
 * Arrays arrive through the buffer protocol (no NumPy headers are needed to build), contiguous, float64
 * unless said otherwise. Every kernel releases the GIL while it computes.
 *
 * Floating point: the file is compiled with -O3, -funroll-loops and -fopenmp-simd, never -ffast-math
 * (and, built from source, for the machine it is built on: see setup.py). The only
 * reassociation allowed is that of the reductions marked `#pragma omp simd reduction` (dot products and
 * sums), which is what lets them vectorize; NaN and infinity keep their IEEE meaning everywhere.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ANDERSON_K 5

typedef Py_ssize_t idx_t;

/* ------------------------------------------------------------------------------------------ small helpers */

static inline double dot(const double *a, const double *b, idx_t n) {
    double s = 0.0;
#pragma omp simd reduction(+ : s)
    for (idx_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

static inline double soft_threshold(double a, double kappa) {
    if (a > kappa) return a - kappa;
    if (a < -kappa) return a + kappa;
    return 0.0;
}

/* Duality gap of the halved elastic net from correlations c = X^T r (see _cd_kernels.gap_from_correlations). */
static void gap_core(const double *c, const double *w, const double *alpha, double gamma, double r_norm2,
                     double r_dot_y, idx_t p, double *gap, double *primal, double *scale_out) {
    double l1 = 0.0, l2 = 0.0, scale = 1.0, conj = 0.0;
    for (idx_t j = 0; j < p; j++) {
        l1 += alpha[j] * fabs(w[j]);
        l2 += w[j] * w[j];
        double v = fabs(c[j] - gamma * w[j]);
        if (v > 0.0 && alpha[j] < scale * v) scale = alpha[j] / v;
        double excess = fabs(c[j]) - alpha[j];
        if (excess > 0.0) conj += excess * excess;
    }
    double P = 0.5 * (r_norm2 + gamma * l2) + l1;
    double D = scale * r_dot_y - 0.5 * scale * scale * (r_norm2 + gamma * l2);
    if (gamma > 0.0) {
        double D2 = r_dot_y - 0.5 * r_norm2 - conj / (2.0 * gamma);
        if (D2 > D) D = D2;
    }
    *gap = P - D;
    *primal = P;
    *scale_out = scale;
}

/* Penalty part of the halved objective: sum alpha_j |w_j| + gamma/2 ||w||^2. */
static inline double penalty_value(const double *w, const double *alpha, double gamma, idx_t k) {
    double s = 0.0;
    for (idx_t j = 0; j < k; j++) s += alpha[j] * fabs(w[j]) + 0.5 * gamma * w[j] * w[j];
    return s;
}

/* Anderson extrapolation from K + 1 consecutive iterates (rows of buf, k columns each): the affine
 * combination sum c_i buf[i+1] with c = M^{-1} 1 / (1^T M^{-1} 1), M = U U^T (+1e-10 trace I), U the
 * successive differences. Writes out and returns 1, or returns 0 when no extrapolation is defined. */
static int anderson(const double *buf, idx_t k, double *out) {
    double M[ANDERSON_K][ANDERSON_K + 1];
    double *diff = (double *)malloc(sizeof(double) * ANDERSON_K * (size_t)(k > 0 ? k : 1));
    if (!diff) return 0;
    for (int i = 0; i < ANDERSON_K; i++)
        for (idx_t t = 0; t < k; t++) diff[i * k + t] = buf[(i + 1) * k + t] - buf[i * k + t];
    double trace = 0.0;
    for (int i = 0; i < ANDERSON_K; i++) {
        for (int j = 0; j <= i; j++) {
            double s = dot(diff + i * k, diff + j * k, k);
            M[i][j] = s;
            M[j][i] = s;
        }
        trace += M[i][i];
    }
    free(diff);
    if (!(trace > 0.0)) return 0;
    for (int i = 0; i < ANDERSON_K; i++) {
        M[i][i] += 1e-10 * trace;
        M[i][ANDERSON_K] = 1.0;
    }
    /* Gaussian elimination with partial pivoting (LU, as numpy.linalg.solve) on the augmented matrix */
    for (int col = 0; col < ANDERSON_K; col++) {
        int piv = col;
        for (int i = col + 1; i < ANDERSON_K; i++)
            if (fabs(M[i][col]) > fabs(M[piv][col])) piv = i;
        if (M[piv][col] == 0.0) return 0;
        if (piv != col)
            for (int j = 0; j <= ANDERSON_K; j++) {
                double t = M[col][j];
                M[col][j] = M[piv][j];
                M[piv][j] = t;
            }
        for (int i = col + 1; i < ANDERSON_K; i++) {
            double f = M[i][col] / M[col][col];
            for (int j = col; j <= ANDERSON_K; j++) M[i][j] -= f * M[col][j];
        }
    }
    double coef[ANDERSON_K];
    for (int i = ANDERSON_K - 1; i >= 0; i--) {
        double s = M[i][ANDERSON_K];
        for (int j = i + 1; j < ANDERSON_K; j++) s -= M[i][j] * coef[j];
        coef[i] = s / M[i][i];
    }
    double total = 0.0;
    for (int i = 0; i < ANDERSON_K; i++) total += coef[i];
    if (!isfinite(total) || total == 0.0) return 0;
    for (idx_t t = 0; t < k; t++) {
        double s = 0.0;
        for (int i = 0; i < ANDERSON_K; i++) s += (coef[i] / total) * buf[(i + 1) * k + t];
        out[t] = s;
    }
    for (idx_t t = 0; t < k; t++)
        if (!isfinite(out[t])) return 0;
    return 1;
}

/* ------------------------------------------------------------------------------ Gram-matrix coordinate descent */

static double gram_primal_core(const double *w, const double *G, const double *b, const double *alpha, double gamma,
                               double y_norm2, idx_t k) {
    double wGw = 0.0;
    for (idx_t i = 0; i < k; i++) wGw += w[i] * dot(G + i * k, w, k);
    return 0.5 * (y_norm2 - 2.0 * dot(b, w, k) + wGw) + penalty_value(w, alpha, gamma, k);
}

static inline void residual_correlations(const double *G, const double *b, const double *w, double *z, idx_t k) {
    for (idx_t i = 0; i < k; i++) z[i] = b[i] - dot(G + i * k, w, k);
}

/* Coordinate descent on P(w) = 1/2 w^T G w - b^T w + ||y||^2/2 + penalty, in place on w. Returns the epochs
 * run; *gap_out gets the restricted gap. -1 on allocation failure. */
static long gram_cd_core(const double *G, const double *b, double *w, const double *alpha, double gamma,
                                double y_norm2, double tol, long max_epochs, idx_t k, double *gap_out) {
    double *z = (double *)malloc(sizeof(double) * (size_t)(k > 0 ? k : 1));
    double *buf = (double *)malloc(sizeof(double) * (ANDERSON_K + 1) * (size_t)(k > 0 ? k : 1));
    double *ext = (double *)malloc(sizeof(double) * (size_t)(k > 0 ? k : 1));
    if (!z || !buf || !ext) {
        free(z); free(buf); free(ext);
        return -1;
    }
    residual_correlations(G, b, w, z, k);
    int stored = 0;
    double gap = INFINITY, primal, scale;
    long result = max_epochs;
    for (long epoch = 1; epoch <= max_epochs; epoch++) {
        for (idx_t j = 0; j < k; j++) {
            const double *row = G + j * k; /* = column j: G is symmetric */
            double q = row[j];
            if (q == 0.0) continue;
            double old = w[j];
            double neu = soft_threshold(z[j] + q * old, alpha[j]) / (q + gamma);
            if (neu != old) {
                double d = neu - old;
                w[j] = neu;
#pragma omp simd
                for (idx_t i = 0; i < k; i++) z[i] -= d * row[i];
            }
        }
        double bw = dot(b, w, k);
        double r_norm2 = y_norm2 - bw - dot(w, z, k);
        gap_core(z, w, alpha, gamma, r_norm2, y_norm2 - bw, k, &gap, &primal, &scale);
        if (gap <= tol) {
            result = epoch;
            break;
        }
        memcpy(buf + (stored % (ANDERSON_K + 1)) * k, w, sizeof(double) * (size_t)k);
        stored++;
        if (stored == ANDERSON_K + 1) {
            stored = 0;
            if (anderson(buf, k, ext) &&
                gram_primal_core(ext, G, b, alpha, gamma, y_norm2, k) < gram_primal_core(w, G, b, alpha, gamma, y_norm2, k)) {
                memcpy(w, ext, sizeof(double) * (size_t)k);
                residual_correlations(G, b, w, z, k);
            }
        }
    }
    free(z); free(buf); free(ext);
    *gap_out = gap;
    return result;
}

/* ----------------------------------------------------------------- coordinate descent on sparse (CSC) columns */

/* The design is Xc = S^{1/2}(X - 1 xbar^T) with X stored as CSC (rows already multiplied by v = S^{1/2}, so
 * column j holds xs_j = v * x_j) and xbar the (weighted) column means; without centring xbar is absent.
 * The residual is kept as rho with r = rho - (s_v / W) v, s_v = v^T rho, W = v^T v (the total weight):
 * xc_j^T r = xs_j^T rho - xbar_j s_v, and a step d on coordinate j changes rho by -d xs_j (its nonzeros only)
 * and s_v by -d W xbar_j. Every update costs O(nnz of the column), centring included. */
typedef struct {
    const double *data;
    const int64_t *indices;
    const int64_t *indptr;
    const int64_t *cols;   /* the working set: column numbers in the full matrix */
    const double *xbar;    /* per working-set column, or NULL */
    const double *v;       /* length n, or NULL for ones */
    double total_weight;
    idx_t n, k;
} SparseCols;

static inline double col_dot(const SparseCols *X, idx_t j, const double *rho) {
    int64_t col = X->cols[j];
    double s = 0.0;
    for (int64_t t = X->indptr[col]; t < X->indptr[col + 1]; t++) s += X->data[t] * rho[X->indices[t]];
    return s;
}

static inline void col_axpy(const SparseCols *X, idx_t j, double a, double *rho) {
    int64_t col = X->cols[j];
    for (int64_t t = X->indptr[col]; t < X->indptr[col + 1]; t++) rho[X->indices[t]] += a * X->data[t];
}

static inline double sum_v(const SparseCols *X, const double *rho) {
    if (X->v == NULL) {
        double s = 0.0;
#pragma omp simd reduction(+ : s)
        for (idx_t i = 0; i < X->n; i++) s += rho[i];
        return s;
    }
    return dot(X->v, rho, X->n);
}

/* ||r||^2 for r = rho - (s_v / W) v */
static inline double centred_norm2(const SparseCols *X, const double *rho, double s_v) {
    double s = dot(rho, rho, X->n);
    if (X->xbar != NULL) s -= s_v * s_v / X->total_weight;
    return s > 0.0 ? s : 0.0;
}

static long sparse_cd_core(const SparseCols *X, double *w, const double *alpha, const double *norm2,
                                  const double *b, double gamma, double *r, double y_norm2, double tol,
                                  long max_epochs, double *gap_out) {
    idx_t k = X->k, n = X->n;
    size_t kk = (size_t)(k > 0 ? k : 1);
    double *c = (double *)malloc(sizeof(double) * kk);
    double *buf = (double *)malloc(sizeof(double) * (ANDERSON_K + 1) * kk);
    double *ext = (double *)malloc(sizeof(double) * kk);
    double *rho_ext = (double *)malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
    if (!c || !buf || !ext || !rho_ext) {
        free(c); free(buf); free(ext); free(rho_ext);
        return -1;
    }
    const int centred = X->xbar != NULL;
    double *rho = r;  /* r is exactly rho with s_v = v^T r (about 0 for a centred residual) */
    double s_v = centred ? sum_v(X, rho) : 0.0;
    int stored = 0;
    double gap = INFINITY, primal, scale;
    long result = max_epochs;
    for (long epoch = 1; epoch <= max_epochs; epoch++) {
        for (idx_t j = 0; j < k; j++) {
            double q = norm2[j];
            if (q == 0.0) continue;
            double corr = col_dot(X, j, rho);
            if (centred) corr -= X->xbar[j] * s_v;
            double old = w[j];
            double neu = soft_threshold(corr + q * old, alpha[j]) / (q + gamma);
            if (neu != old) {
                double d = neu - old;
                w[j] = neu;
                col_axpy(X, j, -d, rho);
                if (centred) s_v -= d * X->total_weight * X->xbar[j];
            }
        }
        for (idx_t j = 0; j < k; j++) {
            c[j] = col_dot(X, j, rho);
            if (centred) c[j] -= X->xbar[j] * s_v;
        }
        double bw = dot(b, w, k);
        double r_norm2 = y_norm2 - bw - dot(w, c, k);
        gap_core(c, w, alpha, gamma, r_norm2, y_norm2 - bw, k, &gap, &primal, &scale);
        if (gap <= tol) {
            result = epoch;
            break;
        }
        memcpy(buf + (stored % (ANDERSON_K + 1)) * k, w, sizeof(double) * kk);
        stored++;
        if (stored == ANDERSON_K + 1) {
            stored = 0;
            if (anderson(buf, k, ext)) {
                memcpy(rho_ext, rho, sizeof(double) * (size_t)n);
                double s_ext = s_v;
                for (idx_t j = 0; j < k; j++) {
                    double d = w[j] - ext[j];
                    if (d != 0.0) {
                        col_axpy(X, j, d, rho_ext);
                        if (centred) s_ext += d * X->total_weight * X->xbar[j];
                    }
                }
                double p_ext = 0.5 * centred_norm2(X, rho_ext, s_ext) + penalty_value(ext, alpha, gamma, k);
                double p_cur = 0.5 * centred_norm2(X, rho, s_v) + penalty_value(w, alpha, gamma, k);
                if (p_ext < p_cur) {
                    memcpy(w, ext, sizeof(double) * kk);
                    memcpy(rho, rho_ext, sizeof(double) * (size_t)n);
                    s_v = s_ext;
                }
            }
        }
    }
    if (centred && s_v != 0.0) {  /* back to the centred residual r = rho - (s_v / W) v */
        double t = s_v / X->total_weight;
        if (X->v == NULL)
            for (idx_t i = 0; i < n; i++) rho[i] -= t;
        else
            for (idx_t i = 0; i < n; i++) rho[i] -= t * X->v[i];
    }
    free(c); free(buf); free(ext); free(rho_ext);
    *gap_out = gap;
    return result;
}

/* ------------------------------------------------------------- logistic loss + L1: proximal Newton on a working set */

/* f(u) = sum_i log(1 + exp(-z_i)), z = z0 + A u, plus sum_j lam_j |u_j|; A is stored by columns (AT is p x n,
 * row j = column j of A). p_i = sigma(-z_i) = -f'(z_i) is the probability of the label not seen. */

static inline double log1pexp_neg(double z) {  /* log(1 + exp(-z)) without overflow */
    return z > 0.0 ? log1p(exp(-z)) : -z + log1p(exp(z));
}

static inline double sigma_neg(double z) {  /* 1 / (1 + exp(z)) */
    if (z >= 0.0) {
        double e = exp(-z);
        return e / (1.0 + e);
    }
    return 1.0 / (1.0 + exp(z));
}

static inline double entropy(double w) {
    double h = 0.0;
    if (w > 0.0) h -= w * log(w);
    if (w < 1.0) h -= (1.0 - w) * log1p(-w);
    return h;
}

/* Duality gap of the problem restricted to the working set: the dual point p rescaled into
 * |A_j^T theta| <= lam_j (j in the set), D = sum H(theta_i) - theta^T z0. */
static double logistic_gap(const double *AT, const int64_t *cols, const double *u, const double *lam, const double *z,
                           const double *z0, double *prob, idx_t n, idx_t k) {
    double primal = 0.0;
    for (idx_t i = 0; i < n; i++) {
        prob[i] = sigma_neg(z[i]);
        primal += log1pexp_neg(z[i]);
    }
    double scale = 1.0;
    for (idx_t j = 0; j < k; j++) {
        primal += lam[j] * fabs(u[j]);
        double corr = fabs(dot(AT + cols[j] * n, prob, n));
        if (corr > 0.0 && lam[j] < scale * corr) scale = lam[j] / corr;
    }
    double dual = 0.0;
    for (idx_t i = 0; i < n; i++) {
        double theta = scale * prob[i];
        dual += entropy(theta) - theta * z0[i];
    }
    return primal - dual;
}

/* Proximal Newton steps on the working set cols, in place on u (its coefficients) and z (the margins). Each
 * step: the quadratic model of f at u (weights h_i = p_i(1 - p_i)) plus the L1 term is minimized over a
 * direction d by up to max_cd passes of coordinate descent, then a backtracking line search on the true
 * objective takes the largest t in {1, 1/2, ...} with a decrease of at least t/4 of the model's. Stops when the
 * restricted gap is at most tol. Returns the steps taken (-1: no memory); *gap_out the last restricted gap. */
static long logistic_pn_core(const double *AT, const int64_t *cols, double *u, const double *lam, double *z,
                             const double *z0, idx_t n, idx_t k, double tol, long max_steps, long max_cd,
                             double *gap_out) {
    size_t nn = (size_t)(n > 0 ? n : 1), kk = (size_t)(k > 0 ? k : 1);
    double *prob = malloc(sizeof(double) * nn), *h = malloc(sizeof(double) * nn), *q = malloc(sizeof(double) * nn);
    double *ztrial = malloc(sizeof(double) * nn), *d = malloc(sizeof(double) * kk), *H = malloc(sizeof(double) * kk);
    if (!prob || !h || !q || !ztrial || !d || !H) {
        free(prob); free(h); free(q); free(ztrial); free(d); free(H);
        return -1;
    }
    double gap = logistic_gap(AT, cols, u, lam, z, z0, prob, n, k);
    long steps = 0;
    while (gap > tol && steps < max_steps) {
        steps++;
        for (idx_t i = 0; i < n; i++) {
            h[i] = prob[i] * (1.0 - prob[i]);
            q[i] = 0.0;
        }
        for (idx_t j = 0; j < k; j++) {
            const double *a = AT + cols[j] * n;
            double s = 0.0;
#pragma omp simd reduction(+ : s)
            for (idx_t i = 0; i < n; i++) s += h[i] * a[i] * a[i];
            H[j] = s;
            d[j] = 0.0;
        }
        /* the model's gradient at u + d along column j: a_j^T(-p + h * q), q = A_W d */
        for (long pass = 0; pass < max_cd; pass++) {
            double largest = 0.0, size = 0.0;
            for (idx_t j = 0; j < k; j++) {
                if (H[j] <= 0.0) continue;
                const double *a = AT + cols[j] * n;
                double grad = 0.0;
#pragma omp simd reduction(+ : grad)
                for (idx_t i = 0; i < n; i++) grad += a[i] * (h[i] * q[i] - prob[i]);
                double old = u[j] + d[j];
                double neu = soft_threshold(H[j] * old - grad, lam[j]) / H[j];
                if (neu != old) {
                    double delta = neu - old;
                    d[j] += delta;
#pragma omp simd
                    for (idx_t i = 0; i < n; i++) q[i] += delta * a[i];
                    double change = fabs(delta) * sqrt(H[j]);
                    if (change > largest) largest = change;
                }
                if (fabs(d[j]) * sqrt(H[j]) > size) size = fabs(d[j]) * sqrt(H[j]);
            }
            /* the direction has settled: the last pass moved it by a small fraction of its own size */
            if (largest <= 1e-4 * size || largest == 0.0) break;
        }
        /* line search on F(u + t d) */
        double model = 0.0, F0 = 0.0;
        for (idx_t i = 0; i < n; i++) {
            model -= prob[i] * q[i];
            F0 += log1pexp_neg(z[i]);
        }
        for (idx_t j = 0; j < k; j++) {
            model += lam[j] * (fabs(u[j] + d[j]) - fabs(u[j]));
            F0 += lam[j] * fabs(u[j]);
        }
        if (!(model < 0.0)) break; /* no descent direction left at working precision */
        double t = 1.0;
        int accepted = 0;
        /* a predicted decrease below the rounding of F cannot be tested on F: near the minimum the quadratic model
         * is exact to that level, so the full step is taken (the gap, recomputed after it, still decides) */
        int trust_model = -model <= 1e-13 * (1.0 + fabs(F0));
        for (int bt = 0; bt < 40; bt++) {
            double F = 0.0;
            for (idx_t i = 0; i < n; i++) {
                ztrial[i] = z[i] + t * q[i];
                F += log1pexp_neg(ztrial[i]);
            }
            for (idx_t j = 0; j < k; j++) F += lam[j] * fabs(u[j] + t * d[j]);
            if (trust_model || F <= F0 + 0.25 * t * model) {
                accepted = 1;
                break;
            }
            t *= 0.5;
        }
        if (!accepted) break;
        for (idx_t j = 0; j < k; j++) u[j] += t * d[j];
        memcpy(z, ztrial, sizeof(double) * nn);
        gap = logistic_gap(AT, cols, u, lam, z, z0, prob, n, k);
    }
    free(prob); free(h); free(q); free(ztrial); free(d); free(H);
    *gap_out = gap;
    return steps;
}

/* ----------------------------------------------------------------------------------- Python argument handling */

#define MAX_VIEWS 24

typedef struct {
    Py_buffer views[MAX_VIEWS];
    int n;
} Views;

static void release_all(Views *V) {
    for (int i = 0; i < V->n; i++) PyBuffer_Release(&V->views[i]);
    V->n = 0;
}

/* kind: 'd' float64, 'q' int64, '?' bool. Returns the data pointer (NULL with an exception set on error, or
 * NULL without one for None when optional). *len gets the number of items. */
static void *take(Views *V, PyObject *obj, int writable, char kind, idx_t *len, const char *name, int optional) {
    if (obj == Py_None && optional) {
        if (len) *len = 0;
        return NULL;
    }
    if (V->n >= MAX_VIEWS) {
        PyErr_SetString(PyExc_RuntimeError, "too many array arguments");
        return NULL;
    }
    Py_buffer *view = &V->views[V->n];
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) != 0) {
        PyErr_Format(PyExc_TypeError, "%s must be a C-contiguous%s array", name, writable ? " writable" : "");
        return NULL;
    }
    V->n++;
    const char *fmt = view->format ? view->format : "B";
    if (*fmt == '<' || *fmt == '=' || *fmt == '@') fmt++;
    int ok;
    if (kind == 'd') ok = view->itemsize == 8 && fmt[0] == 'd' && fmt[1] == 0;
    else if (kind == 'q') ok = view->itemsize == 8 && (fmt[0] == 'q' || fmt[0] == 'l') && fmt[1] == 0;
    else ok = view->itemsize == 1 && fmt[0] == '?' && fmt[1] == 0;
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "%s must be an array of %s; got format '%s'", name,
                     kind == 'd' ? "float64" : (kind == 'q' ? "int64" : "bool"), view->format ? view->format : "B");
        return NULL;
    }
    if (len) *len = view->len / view->itemsize;
    return view->buf;
}

#define NEED(ptr) if ((ptr) == NULL && PyErr_Occurred()) { release_all(&V); return NULL; }
#define CHECK_LEN(cond, msg) if (!(cond)) { release_all(&V); PyErr_SetString(PyExc_ValueError, msg); return NULL; }

static PyObject *py_gap(PyObject *self, PyObject *args) {
    PyObject *oc, *ow, *oa;
    double gamma, r_norm2, r_dot_y;
    if (!PyArg_ParseTuple(args, "OOOddd", &oc, &ow, &oa, &gamma, &r_norm2, &r_dot_y)) return NULL;
    Views V = {.n = 0};
    idx_t p, pw, pa;
    double *c = take(&V, oc, 0, 'd', &p, "c", 0); NEED(c);
    double *w = take(&V, ow, 0, 'd', &pw, "w", 0); NEED(w);
    double *alpha = take(&V, oa, 0, 'd', &pa, "alpha", 0); NEED(alpha);
    CHECK_LEN(pw == p && pa == p, "c, w and alpha must have the same length");
    double gap, primal, scale;
    Py_BEGIN_ALLOW_THREADS
    gap_core(c, w, alpha, gamma, r_norm2, r_dot_y, p, &gap, &primal, &scale);
    Py_END_ALLOW_THREADS
    release_all(&V);
    return Py_BuildValue("ddd", gap, primal, scale);
}

static PyObject *py_gram_primal(PyObject *self, PyObject *args) {
    PyObject *ow, *oG, *ob, *oa;
    double gamma, y_norm2;
    if (!PyArg_ParseTuple(args, "OOOOdd", &ow, &oG, &ob, &oa, &gamma, &y_norm2)) return NULL;
    Views V = {.n = 0};
    idx_t k, kG, kb, ka;
    double *w = take(&V, ow, 0, 'd', &k, "w", 0); NEED(w);
    double *G = take(&V, oG, 0, 'd', &kG, "G", 0); NEED(G);
    double *b = take(&V, ob, 0, 'd', &kb, "b", 0); NEED(b);
    double *alpha = take(&V, oa, 0, 'd', &ka, "alpha", 0); NEED(alpha);
    CHECK_LEN(kG == k * k && kb == k && ka == k, "G must be k x k and b, alpha of length k");
    double value;
    Py_BEGIN_ALLOW_THREADS
    value = gram_primal_core(w, G, b, alpha, gamma, y_norm2, k);
    Py_END_ALLOW_THREADS
    release_all(&V);
    return PyFloat_FromDouble(value);
}

static PyObject *py_gram_cd(PyObject *self, PyObject *args) {
    PyObject *oG, *ob, *ow, *oa;
    double gamma, y_norm2, tol;
    long max_epochs;
    if (!PyArg_ParseTuple(args, "OOOOdddl", &oG, &ob, &ow, &oa, &gamma, &y_norm2, &tol, &max_epochs)) return NULL;
    Views V = {.n = 0};
    idx_t k, kG, kb, ka;
    double *G = take(&V, oG, 0, 'd', &kG, "G", 0); NEED(G);
    double *b = take(&V, ob, 0, 'd', &kb, "b", 0); NEED(b);
    double *w = take(&V, ow, 1, 'd', &k, "w", 0); NEED(w);
    double *alpha = take(&V, oa, 0, 'd', &ka, "alpha", 0); NEED(alpha);
    CHECK_LEN(kG == k * k && kb == k && ka == k, "G must be k x k and b, alpha of length k");
    double gap = INFINITY;
    long epochs;
    Py_BEGIN_ALLOW_THREADS
    epochs = gram_cd_core(G, b, w, alpha, gamma, y_norm2, tol, max_epochs, k, &gap);
    Py_END_ALLOW_THREADS
    release_all(&V);
    if (epochs < 0) return PyErr_NoMemory();
    return Py_BuildValue("ld", epochs, gap);
}

static PyObject *py_sparse_cd(PyObject *self, PyObject *args) {
    PyObject *odata, *oind, *optr, *ocols, *ow, *oa, *on2, *ob, *oxbar, *ov, *or;
    double total_weight, gamma, y_norm2, tol;
    long max_epochs;
    if (!PyArg_ParseTuple(args, "OOOOOOOOOOdOdddl", &odata, &oind, &optr, &ocols, &ow, &oa, &on2, &ob, &oxbar, &ov,
                          &total_weight, &or, &gamma, &y_norm2, &tol, &max_epochs))
        return NULL;
    Views V = {.n = 0};
    idx_t nnz, nind, nptr, k, ka, kn, kb, kx, nv, n;
    SparseCols X;
    X.data = take(&V, odata, 0, 'd', &nnz, "data", 0); NEED(X.data);
    X.indices = take(&V, oind, 0, 'q', &nind, "indices", 0); NEED(X.indices);
    X.indptr = take(&V, optr, 0, 'q', &nptr, "indptr", 0); NEED(X.indptr);
    X.cols = take(&V, ocols, 0, 'q', &k, "cols", 0); NEED(X.cols);
    idx_t kw;
    double *w = take(&V, ow, 1, 'd', &kw, "w", 0); NEED(w);
    CHECK_LEN(kw == k, "w must have one entry per working-set column");
    double *alpha = take(&V, oa, 0, 'd', &ka, "alpha", 0); NEED(alpha);
    double *norm2 = take(&V, on2, 0, 'd', &kn, "norm2", 0); NEED(norm2);
    double *b = take(&V, ob, 0, 'd', &kb, "b", 0); NEED(b);
    X.xbar = take(&V, oxbar, 0, 'd', &kx, "xbar", 1); NEED(X.xbar);
    X.v = take(&V, ov, 0, 'd', &nv, "v", 1); NEED(X.v);
    double *r = take(&V, or, 1, 'd', &n, "r", 0); NEED(r);
    CHECK_LEN(ka == k && kn == k && kb == k && (X.xbar == NULL || kx == k), "per-column arrays must match cols");
    CHECK_LEN(nind == nnz && nptr >= 1 && (X.v == NULL || nv == n), "inconsistent CSC arrays or weights");
    CHECK_LEN(X.xbar == NULL || total_weight > 0.0, "total_weight must be > 0 with centring");
    int64_t ncols = nptr - 1;
    for (idx_t j = 0; j < k; j++) {
        CHECK_LEN(X.cols[j] >= 0 && X.cols[j] < ncols, "cols out of range");
    }
    CHECK_LEN(X.indptr[ncols] <= nnz, "indptr exceeds the data");
    for (idx_t j = 0; j < k; j++) {
        int64_t col = X.cols[j];
        CHECK_LEN(X.indptr[col] >= 0 && X.indptr[col] <= X.indptr[col + 1], "indptr must be non-decreasing");
        for (int64_t t = X.indptr[col]; t < X.indptr[col + 1]; t++) {
            CHECK_LEN(X.indices[t] >= 0 && X.indices[t] < n, "row index out of range");
        }
    }
    X.n = n;
    X.k = k;
    X.total_weight = total_weight;
    double gap = INFINITY;
    long epochs;
    Py_BEGIN_ALLOW_THREADS
    epochs = sparse_cd_core(&X, w, alpha, norm2, b, gamma, r, y_norm2, tol, max_epochs, &gap);
    Py_END_ALLOW_THREADS
    release_all(&V);
    if (epochs < 0) return PyErr_NoMemory();
    return Py_BuildValue("ld", epochs, gap);
}

static PyObject *py_screen_and_rank(PyObject *self, PyObject *args) {
    PyObject *oc, *ow, *oa, *on2, *oscr, *oprio;
    double gamma, scale, radius;
    if (!PyArg_ParseTuple(args, "OOOdOddOO", &oc, &ow, &oa, &gamma, &on2, &scale, &radius, &oscr, &oprio)) return NULL;
    Views V = {.n = 0};
    idx_t p, pw, pa, pn, ps, pp;
    double *c = take(&V, oc, 0, 'd', &p, "c", 0); NEED(c);
    double *w = take(&V, ow, 0, 'd', &pw, "w", 0); NEED(w);
    double *alpha = take(&V, oa, 0, 'd', &pa, "alpha", 0); NEED(alpha);
    double *norm2 = take(&V, on2, 0, 'd', &pn, "col_norm2", 0); NEED(norm2);
    char *screened = take(&V, oscr, 1, '?', &ps, "screened", 0); NEED(screened);
    double *priority = take(&V, oprio, 1, 'd', &pp, "priority", 0); NEED(priority);
    CHECK_LEN(pw == p && pa == p && pn == p && ps == p && pp == p, "all arrays must have length p");
    idx_t available = 0;
    Py_BEGIN_ALLOW_THREADS
    for (idx_t j = 0; j < p; j++) {
        if (w[j] != 0.0) {
            priority[j] = -INFINITY;
            available++;
            continue;
        }
        if (screened[j]) {
            priority[j] = INFINITY;
            continue;
        }
        double norm = sqrt(norm2[j] + gamma);
        double slack = alpha[j] - scale * fabs(c[j] - gamma * w[j]);
        if (norm == 0.0 || slack > norm * radius) {
            screened[j] = 1;
            priority[j] = INFINITY;
            continue;
        }
        priority[j] = slack / norm;
        available++;
    }
    Py_END_ALLOW_THREADS
    release_all(&V);
    return PyLong_FromSsize_t(available);
}

static PyObject *py_logistic_pn(PyObject *self, PyObject *args) {
    PyObject *oAT, *ocols, *ou, *olam, *oz, *oz0;
    double tol;
    long max_steps, max_cd;
    idx_t n_rows;
    if (!PyArg_ParseTuple(args, "OnOOOOOdll", &oAT, &n_rows, &ocols, &ou, &olam, &oz, &oz0, &tol, &max_steps, &max_cd))
        return NULL;
    Views V = {.n = 0};
    idx_t size, k, ku, kl, n, n0;
    double *AT = take(&V, oAT, 0, 'd', &size, "AT", 0); NEED(AT);
    int64_t *cols = take(&V, ocols, 0, 'q', &k, "cols", 0); NEED(cols);
    double *u = take(&V, ou, 1, 'd', &ku, "u", 0); NEED(u);
    double *lam = take(&V, olam, 0, 'd', &kl, "lam", 0); NEED(lam);
    double *z = take(&V, oz, 1, 'd', &n, "z", 0); NEED(z);
    double *z0 = take(&V, oz0, 0, 'd', &n0, "z0", 0); NEED(z0);
    CHECK_LEN(n == n_rows && n0 == n && n > 0 && size % n == 0, "AT must be p x n with z and z0 of length n");
    CHECK_LEN(ku == k && kl == k, "u and lam must have one entry per working-set column");
    idx_t p = size / n;
    for (idx_t j = 0; j < k; j++) {
        CHECK_LEN(cols[j] >= 0 && cols[j] < p, "cols out of range");
    }
    double gap = INFINITY;
    long steps;
    Py_BEGIN_ALLOW_THREADS
    steps = logistic_pn_core(AT, cols, u, lam, z, z0, n, k, tol, max_steps, max_cd, &gap);
    Py_END_ALLOW_THREADS
    release_all(&V);
    if (steps < 0) return PyErr_NoMemory();
    return Py_BuildValue("ld", steps, gap);
}

static PyMethodDef methods[] = {
    {"gap_from_correlations", py_gap, METH_VARARGS, "gap, primal, scale of the halved elastic net"},
    {"gram_primal", py_gram_primal, METH_VARARGS, "halved objective from the Gram matrix"},
    {"gram_cd", py_gram_cd, METH_VARARGS, "coordinate descent on a Gram matrix, in place"},
    {"sparse_cd", py_sparse_cd, METH_VARARGS, "coordinate descent on CSC columns, in place"},
    {"screen_and_rank", py_screen_and_rank, METH_VARARGS, "Gap Safe screening and working-set priorities"},
    {"logistic_pn", py_logistic_pn, METH_VARARGS, "proximal Newton steps for the L1 logistic loss, in place"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_cdcore", "Compiled coordinate-descent kernels.", -1,
                                    methods};

PyMODINIT_FUNC PyInit__cdcore(void) { return PyModule_Create(&module); }
