/* mentorkit search: results as you type, from an index built with the site.
   The index is a script (search-index.js), loaded the first time the search
   box is used, so it works from a web host and opened from disk alike. */
(function () {
  "use strict";
  var form = document.querySelector(".site-search");
  if (!form) { return; }
  var input = form.querySelector("input");
  var list = form.querySelector(".search-results");
  var status = form.querySelector(".search-status");
  var root = form.getAttribute("data-root") || "";
  var index = form.getAttribute("data-index") || root + "search-index.js";

  var plural = window.mentorkitWords.plural;
  var loading = null;
  form.hidden = false;

  function load() {
    if (window.mentorkitSearch) { return Promise.resolve(window.mentorkitSearch); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = index;
        script.onload = function () { resolve(window.mentorkitSearch || []); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function terms(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(function (t) { return t.length > 1; });
  }

  function hasWord(text, term) {
    var lower = " " + text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, " ");
    return lower.indexOf(" " + term) >= 0;
  }

  /* Title matches rank above heading matches, which rank above the text;
     every term must match somewhere. */
  function rank(entries, query) {
    var wanted = terms(query);
    if (!wanted.length) { return []; }
    var found = [];
    entries.forEach(function (entry) {
      var score = 0, heading = null;
      var matched = wanted.every(function (term) {
        var here = 0;
        if (hasWord(entry.t, term)) { here += 10; }
        entry.h.forEach(function (h) {
          if (hasWord(h[1], term)) { here += 4; if (!heading) { heading = h; } }
        });
        if (hasWord(entry.w, term)) { here += 1; }
        score += here;
        return here > 0;
      });
      if (matched) { found.push({ entry: entry, score: score, heading: heading }); }
    });
    found.sort(function (a, b) { return b.score - a.score; });
    return found.slice(0, 12);
  }

  function show(results, query) {
    list.textContent = "";
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + result.entry.u + (result.heading ? "#" + result.heading[0] : "");
      link.textContent = result.entry.t;
      item.appendChild(link);
      if (result.heading) {
        var where = document.createElement("span");
        where.className = "search-heading";
        where.textContent = result.heading[1];
        item.appendChild(where);
      }
      list.appendChild(item);
    });
    status.textContent = query ? plural("results", results.length, results.length === 1 ? "{count} result" : "{count} results") : "";
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    if (!query) { show([], ""); return; }
    load().then(function (entries) { show(rank(entries, query), query); });
  });
  input.addEventListener("focus", function () { load(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) { window.location.href = first.href; }
  });
})();
