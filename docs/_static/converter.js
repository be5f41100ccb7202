// The in-page "which prior does my parameter mean?" converter.
//
// This file holds only the form: every formula it evaluates comes from conventions.js, which
// `python -m derivations` generates from the same SymPy definitions the Python package uses.
// It looks for an element with id "rp-converter" and does nothing on pages without one.
(function () {
  "use strict";

  var CHECKS = {
    nonnegative: function (v) { return v >= 0 ? null : "must be ≥ 0"; },
    positive: function (v) { return v > 0 ? null : "must be > 0"; },
    unit_interval: function (v) { return v >= 0 && v <= 1 ? null : "must be between 0 and 1"; },
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function format(x) {
    if (!isFinite(x)) { return x > 0 ? "∞" : String(x); }
    if (x === 0) { return "0"; }
    var a = Math.abs(x);
    return a >= 1e-3 && a < 1e6 ? Number(x.toPrecision(6)).toString() : x.toExponential(5);
  }

  function field(name, label, help) {
    var input = el("input", {type: "text", inputmode: "decimal", id: "rp-in-" + name, name: name,
                             "aria-describedby": "rp-help-" + name});
    return el("div", {class: "rp-field"}, [
      el("label", {for: "rp-in-" + name}, [label]), input,
      el("span", {class: "rp-help", id: "rp-help-" + name}, [help || ""]),
    ]);
  }

  function build(root, api) {
    var select = el("select", {id: "rp-library", "aria-label": "library"});
    Object.keys(api.LIBRARIES).forEach(function (key) {
      select.appendChild(el("option", {value: key}, [api.LIBRARIES[key].title]));
    });
    var fields = el("div", {class: "rp-fields"});
    var output = el("div", {class: "rp-output", id: "rp-output", "aria-live": "polite"});
    root.appendChild(el("div", {class: "rp-field"}, [el("label", {for: "rp-library"}, ["Library"]), select]));
    root.appendChild(fields);
    root.appendChild(output);

    function inputsFor(key) {
      var info = api.LIBRARIES[key];
      var names = Object.keys(info.parameters).map(function (p) { return [p, p, info.parameters[p]]; });
      if (info.uses_n_samples) { names.push(["n_samples", "n (number of samples)", "positive"]); }
      if (info.uses_response_sd) { names.push(["response_sd", "s_y (standard deviation of y, 1/n)", "positive"]); }
      if (info.noise === "given") { names.push(["noise_sd", "σ (noise standard deviation)", "positive"]); }
      return names;
    }

    function render() {
      var key = select.value;
      fields.textContent = "";
      inputsFor(key).forEach(function (spec) { fields.appendChild(field(spec[0], spec[1], spec[2].replace("_", " "))); });
      fields.querySelectorAll("input").forEach(function (input) { input.addEventListener("input", compute); });
      compute();
    }

    function compute() {
      var key = select.value;
      var info = api.LIBRARIES[key];
      output.textContent = "";
      if (info.refusal) {
        output.appendChild(el("p", {class: "rp-refusal", id: "rp-refusal"}, [info.refusal]));
        return;
      }
      var values = {};
      var problems = [];
      inputsFor(key).forEach(function (spec) {
        var raw = document.getElementById("rp-in-" + spec[0]).value.trim();
        if (raw === "") { problems.push(spec[0] + " is missing"); return; }
        var v = Number(raw);
        if (!isFinite(v)) { problems.push(spec[0] + " is not a number"); return; }
        var check = CHECKS[spec[2]] || CHECKS.positive;
        var issue = check(v);
        if (spec[0] === "n_samples" && !issue && Math.round(v) !== v) { issue = "must be a whole number"; }
        if (issue) { problems.push(spec[0] + " " + issue); return; }
        values[spec[0]] = v;
      });
      if (problems.length) {
        output.appendChild(el("p", {class: "rp-problem", id: "rp-problem"}, ["Enter the parameters: " + problems.join("; ") + "."]));
        return;
      }
      var call = function (entry) { return entry.f.apply(null, entry.args.map(function (a) { return values[a]; })); };
      var formulas = api.FORMULAS[key];
      var rows = [];
      if (formulas.to_canonical) {
        rows.push(["canonical λ₁ (L1)", call(formulas.to_canonical.lam1), "rp-out-lam1"]);
        rows.push(["canonical λ₂ (L2)", call(formulas.to_canonical.lam2), "rp-out-lam2"]);
        if (formulas.to_canonical.noise_sd) {
          rows.push(["noise sd σ implied", call(formulas.to_canonical.noise_sd), "rp-out-noise"]);
        }
      }
      var rate = formulas.to_prior.laplace_rate ? call(formulas.to_prior.laplace_rate) : 0;
      var precision = formulas.to_prior.gaussian_precision ? call(formulas.to_prior.gaussian_precision) : 0;
      rows.push(["Laplace prior scale b", rate > 0 ? api.SHARED.laplace_scale_of_rate.f(rate) : Infinity, "rp-out-b"]);
      rows.push(["Gaussian prior sd σ_w", precision > 0 ? api.SHARED.gaussian_sd_of_rate.f(precision) : Infinity,
                 "rp-out-sw"]);
      var table = el("table", {class: "rp-result"});
      rows.forEach(function (row) {
        table.appendChild(el("tr", {}, [el("th", {scope: "row"}, [row[0]]), el("td", {id: row[2]}, [format(row[1])])]));
      });
      output.appendChild(table);
      output.appendChild(el("p", {class: "rp-note"}, [
        "A scale of ∞ means that part of the penalty is absent (a flat prior). " +
        (info.noise === "none" ? "This likelihood has no noise variance, so the scale does not depend on σ." : ""),
      ]));
    }

    select.addEventListener("change", render);
    render();
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
