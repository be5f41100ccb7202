// Evaluate docs/_static/conventions.js on a batch of inputs for tests/test_conventions_js.py.
// stdin: {"script": path, "tasks": [{"table": "FORMULAS"|"SHARED", "path": [...keys], "args": [...numbers]}]}
// stdout: {"libraries": LIBRARIES, "signatures": {...}, "results": [number | "Infinity" | "-Infinity" | "NaN"]}
"use strict";
const fs = require("fs");
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const api = require(request.script);

function encode(x) {
  return Number.isFinite(x) ? x : String(x);
}

function lookup(table, path) {
  return path.reduce((node, key) => node[key], api[table]);
}

const signatures = {FORMULAS: {}, SHARED: {}};
for (const [lib, directions] of Object.entries(api.FORMULAS)) {
  for (const [direction, outputs] of Object.entries(directions)) {
    for (const [output, entry] of Object.entries(outputs)) {
      signatures.FORMULAS[[lib, direction, output].join("|")] = entry.args;
    }
  }
}
for (const [name, entry] of Object.entries(api.SHARED)) {
  signatures.SHARED[name] = entry.args;
}
const results = request.tasks.map((t) => encode(lookup(t.table, t.path).f(...t.args)));
process.stdout.write(JSON.stringify({libraries: api.LIBRARIES, signatures: signatures, results: results}));
