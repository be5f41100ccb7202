// Reading aids for every page of the site.
//
// * A display equation wider than its column scrolls sideways; once MathJax has typeset the page (and after
//   each resize) such an equation gets the class "rp-scrolls", which shows a "scroll" hint under it.
// * A link to something inside a closed <details> block (a pitfalls entry) opens the block first.
// * A table wider than the column (on a phone) is shown as one block per row, each cell under its column's
//   header (class "rp-stacked"; a copy of the header, hidden otherwise, is put at the top of each cell).
(function () {
  "use strict";

  function markScrolling() {
    document.querySelectorAll("div.math").forEach(function (box) {
      var eq = box.querySelector("mjx-container");
      if (!eq) { return; }
      box.classList.toggle("rp-scrolls", eq.scrollWidth > eq.clientWidth + 1);
    });
  }

  function stackWideTables() {
    document.querySelectorAll("article table.docutils").forEach(function (table) {
      var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
      if (!heads.length) { return; }
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (!heads[i] || cell.querySelector(":scope > .rp-cell-label")) { return; }
          var label = document.createElement("div");  // the column's header, typeset math included
          label.className = "rp-cell-label";
          label.setAttribute("aria-hidden", "true");
          Array.prototype.forEach.call(heads[i].childNodes, function (node) { label.appendChild(node.cloneNode(true)); });
          cell.insertBefore(label, cell.firstChild);
        });
      });
      table.classList.remove("rp-stacked");
      var box = table.parentElement;
      if (box && box.scrollWidth > box.clientWidth + 1) { table.classList.add("rp-stacked"); }
    });
  }

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    if (target) { target.scrollIntoView(); }
  }

  function start() {
    if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
      window.MathJax.startup.promise.then(function () { stackWideTables(); markScrolling(); });
    } else {
      stackWideTables();
    }
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () { stackWideTables(); markScrolling(); }, 150);
    });
    window.addEventListener("hashchange", openTarget);
    if (window.location.hash) { openTarget(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
