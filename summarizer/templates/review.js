// Click a fact (anything with data-show): its quotes (data-keys holding the same key) light up in
// every article, each article scrolls to its first one, and the line above the articles says where.
(function () {
  "use strict";
  var current = null;
  var selection = document.getElementById("selection");
  var idle = selection.textContent;

  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  function select(key, label) {
    each(".active", function (el) { el.classList.remove("active", "against"); });
    each(".article", function (el) { el.classList.remove("hit", "miss"); });
    if (key === current) {  // a second click clears the selection
      current = null;
      document.body.classList.remove("selecting");
      selection.textContent = idle;
      return;
    }
    current = key;
    document.body.classList.add("selecting");
    each('[data-show="' + key + '"]', function (el) { el.classList.add("active"); });
    each('[data-keys~="' + key + '"]', function (el) { el.classList.add("active"); });
    each('[data-differs~="' + key + '"]', function (el) { el.classList.add("against"); });
    // articles quoting the value shown; giving another value only; only other wording or no value (an
    // unresolved "Thursday"). A fact with a value shown counts only the quotes that agree with it.
    var giving = [], other = [], aside = [];
    var agreeing = document.querySelector("mark.active.agrees") ? "mark.active.agrees" : "mark.active:not(.against)";
    each(".article[id]", function (article) {
      var first = article.querySelector("mark.active");
      article.classList.add(first ? "hit" : "miss");
      if (!first) { return; }
      var n = article.querySelector(".n").textContent;
      (article.querySelector(agreeing) ? giving : article.querySelector("mark.active.against") ? other : aside).push(n);
      var box = article.querySelector(".text");
      if (box) {  // the quote near the top, a few lines before it when it leaves room
        var before = Math.max(8, Math.min(60, box.clientHeight - first.offsetHeight - 8));
        box.scrollTop = Math.max(0, first.offsetTop - before);
      }
    });
    var where = [];
    if (giving.length) { where.push("quoted in " + giving.join(" ")); }
    if (other.length) { where.push("another value in " + other.join(" ")); }
    if (aside.length) { where.push("other wording or no value in " + aside.join(" ")); }
    selection.textContent = label + ": " + (where.length ? where.join("; ") : "no quote in any article") +
      ". Click again to clear.";
    // Bring the articles into view when they are not: beside the facts (a wide screen) all of them, the
    // page scrolled to where they stand beside the table; one under another (a phone) the first ones.
    var columns = document.querySelector(".columns");
    var shown = columns.getBoundingClientRect();
    var beside = shown.left > window.innerWidth / 4;  // the articles stand to the right of the facts
    if (beside ? shown.top < 0 || shown.bottom > window.innerHeight : shown.bottom < 80 || shown.top > window.innerHeight - 80) {
      (beside ? document.getElementById("articles") : columns).scrollIntoView();
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-show]");
    if (!target) { return; }
    event.preventDefault();
    select(target.getAttribute("data-show"), target.getAttribute("data-label"));
  });

  // Triage: only the contested facts; one article; the articles holding some words.
  var contested = document.getElementById("only-contested");
  contested.addEventListener("change", function () {
    document.body.classList.toggle("only-contested", contested.checked);
  });
  var only = document.getElementById("only-article");
  var search = document.getElementById("search");
  var found = document.getElementById("found");
  function filterArticles() {
    var words = search.value.trim().toLowerCase();
    var holding = [];
    each(".article[id]", function (article) {
      var text = (article.querySelector(".text") || article).textContent.toLowerCase();
      var hidden = (only.value && article.id !== only.value) || (words && text.indexOf(words) < 0);
      article.classList.toggle("filtered", Boolean(hidden));
      if (words && !hidden) { holding.push(article.querySelector(".n").textContent); }
    });
    found.textContent = words ? (holding.length ? "found in " + holding.join(" ") : "in no article") : "";
  }
  only.addEventListener("change", filterArticles);
  search.addEventListener("input", filterArticles);

  // Corrections: each fact's value accepted or replaced, with why; exported as a file that
  // `summarizer view --corrections` applies to every output.
  document.getElementById("export-corrections").addEventListener("click", function () {
    var by = document.getElementById("c-by").value.trim() || null;
    var status = document.getElementById("c-status");
    var corrections = [], missing = [];
    each("details.correct", function (box) {
      var value = box.querySelector(".c-value").value.trim();
      var accept = box.querySelector(".c-accept").checked;
      var reason = box.querySelector(".c-reason").value.trim();
      if (!value && !accept) { return; }
      if (!reason) { missing.push(box.getAttribute("data-field")); return; }
      var entry = {field: box.getAttribute("data-field"), reason: reason, by: by};
      if (accept) { entry.accept = true; } else { entry.value = /^\d+$/.test(value) ? Number(value) : value; }
      corrections.push(entry);
    });
    if (missing.length) { status.textContent = "say why for: " + missing.join(", "); return; }
    if (!corrections.length) { status.textContent = "nothing corrected or accepted yet"; return; }
    var blob = new Blob([JSON.stringify({corrections: corrections}, null, 2) + "\n"], {type: "application/json"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "corrections.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    status.textContent = corrections.length + " correction(s) exported";
  });

  window.addEventListener("beforeprint", function () {
    each("details", function (d) { d.open = true; });
  });
})();
