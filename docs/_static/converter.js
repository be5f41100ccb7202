// The in-page converter between a library's regularization parameters and the prior they mean, both ways.
//
// This file holds only the form and the drawing: every formula it evaluates comes from conventions.js, which
// `python -m derivations` generates from the same SymPy definitions the Python package uses (FORMULAS for the
// conversions, SHARED for scale <-> rate, DENSITY for the prior's log-density kernel, DISPLAY for the names the
// tables use and the TeX of the formulas). It looks for an element with id "rp-converter" and does nothing on
// pages without one.
(function () {
  "use strict";

  // Worked examples, one per library and direction, so that the form opens with an answer.
  var EXAMPLES = {
    "sklearn.Ridge": {to_prior: {alpha: "0.25", noise_sd: "1"}, from_prior: {gaussian_sd: "2", noise_sd: "1"}},
    "sklearn.Lasso": {to_prior: {alpha: "0.01", n_samples: "442", noise_sd: "50"},
                      from_prior: {laplace_scale: "566", n_samples: "442", noise_sd: "50"}},
    "sklearn.ElasticNet": {to_prior: {alpha: "0.00375", l1_ratio: "0.6667", n_samples: "200", noise_sd: "0.5"},
                           from_prior: {laplace_scale: "0.5", gaussian_sd: "1", n_samples: "200", noise_sd: "0.5"}},
    "sklearn.BayesianRidge": {to_prior: {alpha_: "4", lambda_: "0.5"}, from_prior: {gaussian_sd: "1.4142", noise_sd: "0.5"}},
    "PRML": {to_prior: {alpha: "2", beta: "4"}, from_prior: {gaussian_sd: "0.7071", noise_sd: "0.5"}},
    "sklearn.LogisticRegression": {to_prior: {C: "1", l1_ratio: "0"}, from_prior: {laplace_scale: "", gaussian_sd: "3"}},
    "glmnet": {to_prior: {lambda_: "0.1", alpha: "0.5", n_samples: "100", response_sd: "1", noise_sd: "1"},
               from_prior: {laplace_scale: "0.2", gaussian_sd: "0.4472", n_samples: "100", response_sd: "1",
                            noise_sd: "1"}},
    "statsmodels.OLS.fit_regularized": {to_prior: {alpha: "0.0625", L1_wt: "0", n_samples: "80", noise_sd: "1"},
                                        from_prior: {laplace_scale: "", gaussian_sd: "0.4472", n_samples: "80", noise_sd: "1"}},
    "torch.SGD(mean)": {to_prior: {weight_decay: "0.00016", n_samples: "50000", noise_sd: "1"},
                        from_prior: {gaussian_sd: "0.5", n_samples: "50000", noise_sd: "1"}},
    "torch.SGD(sum)": {to_prior: {weight_decay: "8", noise_sd: "1"}, from_prior: {gaussian_sd: "0.5", noise_sd: "1"}},
  };

  var DEFAULT_LIBRARY = "sklearn.Lasso";

  // The inputs that are not a library's own parameters, named as the site's tables name them.
  var COMMON = {
    n_samples: {label: "n", help: "number of rows the model is fitted on", domain: "count"},
    noise_sd: {label: "σ", help: "noise standard deviation, in the units of y", domain: "positive"},
    response_sd: {label: "s_y", help: "standard deviation of y with divisor n (glmnet standardizes y by it)",
                  domain: "positive"},
    laplace_scale: {label: "b", help: "Laplace prior scale (empty or ∞: no L1 part)", domain: "scale"},
    gaussian_sd: {label: "σ_w", help: "Gaussian prior standard deviation (empty or ∞: no L2 part)", domain: "scale"},
  };

  var CHECKS = {
    nonnegative: function (v) { return v >= 0 ? null : "must be ≥ 0"; },
    positive: function (v) { return v > 0 ? null : "must be > 0"; },
    unit_interval: function (v) { return v >= 0 && v <= 1 ? null : "must be between 0 and 1"; },
    count: function (v) { return v >= 1 && Math.round(v) === v ? null : "must be a whole number ≥ 1"; },
    scale: function (v) { return v > 0 ? null : "must be > 0 (or empty for a flat prior)"; },
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function format(x) {
    if (!isFinite(x)) { return x > 0 ? "∞" : String(x); }
    if (x === 0) { return "0"; }
    var a = Math.abs(x);
    return a >= 1e-3 && a < 1e6 ? Number(x.toPrecision(6)).toString() : x.toExponential(5);
  }

  function contentRoot() {
    var root = document.documentElement.getAttribute("data-content_root");
    return root === null ? "" : root;
  }

  function typeset(node) {
    if (window.MathJax && window.MathJax.typesetPromise) {
      window.MathJax.startup.promise.then(function () { return window.MathJax.typesetPromise([node]); });
    }
  }

  function build(root, api) {
    var libraries = Object.keys(api.LIBRARIES);
    var select = el("select", {id: "rp-library"});
    libraries.forEach(function (key) { select.appendChild(el("option", {value: key}, [api.LIBRARIES[key].title])); });
    select.value = DEFAULT_LIBRARY;
    var toPrior = el("input", {type: "radio", name: "rp-direction", id: "rp-direction-to", value: "to_prior"});
    var fromPrior = el("input", {type: "radio", name: "rp-direction", id: "rp-direction-from", value: "from_prior"});
    toPrior.checked = true;
    var fields = el("div", {class: "rp-fields"});
    var output = el("div", {class: "rp-output", id: "rp-output", "aria-live": "polite"});
    root.appendChild(el("div", {class: "rp-field"}, [el("label", {for: "rp-library"}, ["Library"]), select]));
    root.appendChild(el("fieldset", {class: "rp-direction"}, [
      el("legend", {}, ["Direction"]),
      el("label", {for: "rp-direction-to"}, [toPrior, " its parameters → the prior they mean"]),
      el("label", {for: "rp-direction-from"}, [fromPrior, " a prior → the parameters to pass"]),
    ]));
    root.appendChild(fields);
    root.appendChild(output);

    function direction() { return fromPrior.checked ? "from_prior" : "to_prior"; }

    // The inputs a direction needs: the arguments of its generated formulas, with rates entered as scales.
    function inputsFor(key, dir) {
      var info = api.LIBRARIES[key];
      var display = api.DISPLAY[key] || {labels: {}, meanings: {}};
      var needed = {};
      var formulas = api.FORMULAS[key] || {};
      Object.keys(formulas[dir] || {}).forEach(function (out) {
        formulas[dir][out].args.forEach(function (a) { needed[a] = true; });
      });
      var specs = [];
      if (dir === "to_prior") {
        Object.keys(info.parameters).forEach(function (p) {
          specs.push({name: p, label: display.labels[p] || p, help: display.meanings[p] || "", domain: info.parameters[p],
                      code: true});
        });
      } else {
        if (needed.laplace_rate) { specs.push(Object.assign({name: "laplace_scale"}, COMMON.laplace_scale)); }
        if (needed.gaussian_precision) { specs.push(Object.assign({name: "gaussian_sd"}, COMMON.gaussian_sd)); }
      }
      if (needed.n_samples) { specs.push(Object.assign({name: "n_samples"}, COMMON.n_samples)); }
      if (needed.response_sd || info.uses_response_sd) {
        specs.push(Object.assign({name: "response_sd"}, COMMON.response_sd));
      }
      if (needed.noise_sd) { specs.push(Object.assign({name: "noise_sd"}, COMMON.noise_sd)); }
      return specs;
    }

    function render() {
      var key = select.value;
      var dir = direction();
      fields.textContent = "";
      var example = (EXAMPLES[key] || {})[dir] || {};
      inputsFor(key, dir).forEach(function (spec) {
        var input = el("input", {type: "text", inputmode: "decimal", id: "rp-in-" + spec.name, name: spec.name,
                                 autocomplete: "off", "aria-describedby": "rp-help-" + spec.name});
        input.value = example[spec.name] !== undefined ? example[spec.name] : "";
        input.addEventListener("input", compute);
        var name = spec.code ? el("code", {}, [spec.label]) : el("span", {class: "rp-symbol"}, [spec.label]);
        fields.appendChild(el("div", {class: "rp-field"}, [
          el("label", {for: "rp-in-" + spec.name}, [name]), input,
          el("span", {class: "rp-help", id: "rp-help-" + spec.name}, [spec.help]),
        ]));
      });
      compute();
    }

    function read(key, dir) {
      var values = {}, missing = [], problems = [];
      inputsFor(key, dir).forEach(function (spec) {
        var raw = document.getElementById("rp-in-" + spec.name).value.trim();
        if (spec.domain === "scale" && (raw === "" || raw === "∞" || raw.toLowerCase() === "inf")) {
          values[spec.name] = Infinity;
          return;
        }
        if (raw === "") { missing.push(spec.label); return; }
        var v = Number(raw);
        if (!isFinite(v)) { problems.push(spec.label + " is not a number"); return; }
        var issue = (CHECKS[spec.domain] || CHECKS.positive)(v);
        if (issue) { problems.push(spec.label + " " + issue); return; }
        values[spec.name] = v;
      });
      return {values: values, missing: missing, problems: problems};
    }

    function call(entry, values) {
      return entry.f.apply(null, entry.args.map(function (a) { return values[a]; }));
    }

    function compute() {
      var key = select.value;
      var info = api.LIBRARIES[key];
      var dir = direction();
      output.textContent = "";
      if (info.refusal) {
        output.appendChild(el("p", {class: "rp-refusal", id: "rp-refusal"}, [info.refusal]));
        return;
      }
      var got = read(key, dir);
      if (got.problems.length) {
        output.appendChild(el("p", {class: "rp-problem", id: "rp-problem"}, [got.problems.join("; ") + "."]));
        return;
      }
      if (got.missing.length) {
        output.appendChild(el("p", {class: "rp-waiting", id: "rp-waiting"}, ["Type a value for " + got.missing.join(", ") + "."]));
        return;
      }
      var values = got.values;
      var formulas = api.FORMULAS[key];
      var rows = [], rates = {};
      if (dir === "to_prior") {
        if (formulas.to_canonical) {
          rows.push(["λ₁ (canonical L1 strength)", call(formulas.to_canonical.lam1, values), "rp-out-lam1"]);
          rows.push(["λ₂ (canonical L2 strength)", call(formulas.to_canonical.lam2, values), "rp-out-lam2"]);
        }
        rates.laplace_rate = formulas.to_prior.laplace_rate ? call(formulas.to_prior.laplace_rate, values) : 0;
        rates.gaussian_precision = formulas.to_prior.gaussian_precision ? call(formulas.to_prior.gaussian_precision, values) : 0;
        rows.push(["b (Laplace prior scale)", api.SHARED.laplace_scale_of_rate.f(rates.laplace_rate), "rp-out-b"]);
        rows.push(["σ_w (Gaussian prior sd)", api.SHARED.gaussian_sd_of_rate.f(rates.gaussian_precision), "rp-out-sw"]);
        if (formulas.to_prior.noise_sd) {
          rows.push(["σ (noise sd it implies)", call(formulas.to_prior.noise_sd, values), "rp-out-noise"]);
        }
      } else {
        if (info.not_constructor) {  // as conventions.from_prior: its parameters are fitted attributes
          output.appendChild(el("p", {class: "rp-refusal", id: "rp-not-constructor"}, [info.not_constructor]));
          return;
        }
        rates.laplace_rate = isFinite(values.laplace_scale) ? api.SHARED.laplace_rate_of_scale.f(values.laplace_scale) : 0;
        rates.gaussian_precision = isFinite(values.gaussian_sd) ? api.SHARED.gaussian_precision_of_scale.f(values.gaussian_sd) : 0;
        if (values.laplace_scale !== undefined && values.gaussian_sd !== undefined &&
            rates.laplace_rate === 0 && rates.gaussian_precision === 0) {
          output.appendChild(el("p", {class: "rp-problem", id: "rp-problem"},
            ["Both priors are flat (b and σ_w empty): there is no penalty, and no parameter to compute."]));
          return;
        }
        var args = Object.assign({}, values, rates);
        var display = api.DISPLAY[key];
        var computed = {};
        Object.keys(formulas.from_prior).forEach(function (p) {
          computed[p] = call(formulas.from_prior[p], args);
          rows.push([display.labels[p] || p, computed[p], "rp-out-" + p, true]);
        });
        // the arguments a valid constructor call needs besides these (e.g. a solver that takes an L1 part),
        // added where conventions.from_prior adds them
        (info.constructor_arguments || []).forEach(function (a) {
          if (a.when === null || computed[a.when] > 0) {
            rows.push([a.name, JSON.stringify(a.value), "rp-out-" + a.name, true, true]);
          }
        });
      }
      var table = el("table", {class: "rp-result"});
      rows.forEach(function (row) {
        var head = row[3] ? el("code", {}, [row[0]]) : row[0];
        table.appendChild(el("tr", {}, [el("th", {scope: "row"}, [head]), el("td", {id: row[2]}, [row[4] ? row[1] : format(row[1])])]));
      });
      var result = el("div", {class: "rp-result-box"}, [table]);
      var tex = api.DISPLAY[key][dir + "_tex"];
      var label = api.DISPLAY[key][dir + "_label"];
      var link = el("a", {href: contentRoot() + "derivations/conventions.html#equation-" + label, id: "rp-derivation"},
                    ["derived step by step"]);
      var formula = el("p", {class: "rp-formula", id: "rp-formula"}, [
        "Formula: ", el("span", {class: "math notranslate nohighlight"}, ["\\(" + tex + "\\)"]), " (", link, ").",
      ]);
      result.appendChild(formula);
      output.appendChild(result);
      output.appendChild(plot(rates, api));
      if (info.noise === "none") {
        output.appendChild(el("p", {class: "rp-note"}, [
          "The logistic loss has no noise variance, so the prior does not depend on σ or n.",
        ]));
      }
      typeset(formula);
    }

    select.addEventListener("change", render);
    toPrior.addEventListener("change", render);
    fromPrior.addEventListener("change", render);
    var resizing = null;
    window.addEventListener("resize", function () { clearTimeout(resizing); resizing = setTimeout(compute, 200); });
    render();
  }

  // The prior density of one coefficient, exp(DENSITY.log_kernel) normalized numerically, over +-4 prior sd.
  function plot(rates, api) {
    var figure = el("figure", {class: "rp-plot", id: "rp-plot"});
    var sds = [];
    if (rates.laplace_rate > 0) { sds.push(Math.SQRT2 / rates.laplace_rate); }
    if (rates.gaussian_precision > 0) { sds.push(1 / Math.sqrt(rates.gaussian_precision)); }
    if (!sds.length) {
      figure.appendChild(el("figcaption", {}, ["A flat prior has no density to draw."]));
      return figure;
    }
    var half = 4 * Math.min.apply(null, sds), wide = 12 * Math.min.apply(null, sds);
    var kernel = api.DENSITY.log_kernel;
    var density = function (x) {
      return Math.exp(kernel.f.apply(null, kernel.args.map(function (a) {
        return a === "beta" ? x : rates[a];
      })));
    };
    var steps = 2400, h = 2 * wide / steps, mass = 0;  // the normalizer: trapezoid rule over +-12 sd
    for (var i = 0; i <= steps; i++) { mass += (i === 0 || i === steps ? 0.5 : 1) * density(-wide + i * h); }
    mass *= h;
    var width = Math.max(280, Math.min(640, (document.getElementById("rp-converter") || document.body).clientWidth - 30));
    var height = 200, left = 52, right = 14, top = 10, bottom = 42;
    var xs = [], ys = [], n = 240;
    for (var k = 0; k <= n; k++) { var x = -half + 2 * half * k / n; xs.push(x); ys.push(density(x) / mass); }
    var ymax = Math.max.apply(null, ys) * 1.08;
    var sx = function (x) { return left + (x + half) / (2 * half) * (width - left - right); };
    var sy = function (y) { return top + (1 - y / ymax) * (height - top - bottom); };
    var chart = svg("svg", {width: String(width), height: String(height), role: "img", class: "rp-density",
                             "aria-label": "prior density of one coefficient"});
    var path = xs.map(function (x, j) { return (j ? "L" : "M") + sx(x).toFixed(1) + "," + sy(ys[j]).toFixed(1); }).join("");
    chart.appendChild(svg("path", {d: path + "L" + sx(half) + "," + sy(0) + "L" + sx(-half) + "," + sy(0) + "Z",
                                   class: "rp-density-area"}));
    chart.appendChild(svg("path", {d: path, class: "rp-density-line"}));
    chart.appendChild(svg("line", {x1: left, x2: width - right, y1: sy(0), y2: sy(0), class: "rp-axis"}));
    chart.appendChild(svg("line", {x1: left, x2: left, y1: top, y2: sy(0), class: "rp-axis"}));
    niceTicks(-half, half, 5).forEach(function (t) {
      chart.appendChild(svg("line", {x1: sx(t), x2: sx(t), y1: sy(0), y2: sy(0) + 4, class: "rp-axis"}));
      chart.appendChild(svg("text", {x: sx(t), y: sy(0) + 17, "text-anchor": "middle", class: "rp-tick"}, tickLabel(t)));
    });
    niceTicks(0, ymax, 3).forEach(function (t) {
      chart.appendChild(svg("text", {x: left - 5, y: sy(t) + 4, "text-anchor": "end", class: "rp-tick"}, tickLabel(t)));
    });
    chart.appendChild(svg("text", {x: (left + width - right) / 2, y: height - 6, "text-anchor": "middle",
                                   class: "rp-axis-label"}, "coefficient βⱼ (units of y per unit of x)"));
    figure.appendChild(chart);
    var parts = [];
    if (rates.laplace_rate > 0) { parts.push("Laplace(0, b = " + format(1 / rates.laplace_rate) + ")"); }
    if (rates.gaussian_precision > 0) { parts.push("N(0, σ_w² = " + format(1 / rates.gaussian_precision) + ")"); }
    figure.appendChild(el("figcaption", {}, [
      "The prior density of each coefficient, " + parts.join(" × ") +
      (parts.length > 1 ? " normalized" : "") + ", over ±4 prior standard deviations" +
      (parts.length > 1 ? " of its narrower part" : "") + ".",
    ]));
    return figure;
  }

  function tickLabel(t) {
    if (t === 0) { return "0"; }
    var a = Math.abs(t);
    return a >= 1e-3 && a < 1e5 ? String(Number(t.toPrecision(3))) : t.toExponential(0).replace("e", "e");
  }

  function niceTicks(lo, hi, count) {
    var span = hi - lo, raw = span / count, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * mag; }).filter(function (s) { return s >= raw; })[0];
    var ticks = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + 1e-12 * span; t += step) {
      ticks.push(Math.abs(t) < 1e-12 * span ? 0 : Number(t.toPrecision(12)));
    }
    return ticks;
  }

  function start() {
    var root = document.getElementById("rp-converter");
    if (!root) { return; }
    if (!window.regpriorConventions) {
      root.textContent = "The converter needs conventions.js, which did not load.";
      return;
    }
    build(root, window.regpriorConventions);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
