/* mentorkit search: results as you type, from an index built with the site.
   The index is a script (search-index.js), loaded the first time the search
   box is used, so it works from a web host and opened from disk alike.

   Forgiving: accents and case are folded on both sides (the build folds the
   same way, see render/search.py), the language's commonest words are left
   out of a query, and a word of five letters or more may have one typo (a
   letter wrong, missing, extra, or two swapped). Exact matches rank first.
   Each result shows a short excerpt with the words that matched marked. */
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
  var FUZZY_FROM = 5;
  var BEFORE = 50, AFTER = 110;
  form.hidden = false;

  var LETTERS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i" };

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/[ßæœøđðþłı]/g, function (c) { return LETTERS[c]; });
  }

  /* The folded words of a text, split as the build splits it: letters and digits. */
  function words(text) {
    return (text.match(/[\p{L}\p{N}\p{M}]+/gu) || []).map(fold).filter(function (w) { return w.length > 1; });
  }

  function prepare(data) {
    var vocabulary = new Set();
    function set(list) {
      list.forEach(function (w) { vocabulary.add(w); });
      return new Set(list);
    }
    var pages = (data.pages || []).map(function (entry) {
      var text = [];
      (entry.x || []).forEach(function (stretch) { Array.prototype.push.apply(text, words(stretch)); });
      return {
        entry: entry,
        title: set(words(entry.t)),
        headings: entry.h.map(function (h) { return set(words(h[1])); }),
        text: set(text)
      };
    });
    return { stop: new Set(data.stop || []), pages: pages, vocabulary: vocabulary };
  }

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = index;
        script.onload = function () { resolve(prepare(window.mentorkitSearch || {})); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  /* At most one edit apart: a letter changed, added or dropped, or two neighbours swapped. */
  function near(a, b) {
    if (Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i++; }
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* The index's words a query word finds: those it begins (exact), and those
     one typo away, whole or as typed so far (fuzzy). */
  function matcher(term, vocabulary) {
    var exact = new Set(), fuzzy = new Set();
    vocabulary.forEach(function (word) {
      if (word.indexOf(term) === 0) { exact.add(word); }
      else if (term.length >= FUZZY_FROM && (near(term, word) || near(term, word.slice(0, term.length)) || near(term, word.slice(0, term.length + 1)))) {
        fuzzy.add(word);
      }
    });
    return { exact: exact, fuzzy: fuzzy };
  }

  function meets(found, wanted) {
    var small = found.size < wanted.size ? found : wanted, large = small === found ? wanted : found;
    for (var word of small) { if (large.has(word)) { return true; } }
    return false;
  }

  /* 2 for an exact match in these words, 1 for a fuzzy one, 0 for none. */
  function level(words, match) {
    return meets(words, match.exact) ? 2 : meets(words, match.fuzzy) ? 1 : 0;
  }

  function queryTerms(query, stop) {
    var all = words(query);
    var kept = all.filter(function (w) { return !stop.has(w); });
    return kept.length ? kept : all;
  }

  /* Every word of the query must match somewhere. Pages matching more words
     exactly come first; then titles above headings above the text. */
  function rank(index, query) {
    var matches = queryTerms(query, index.stop).map(function (term) { return matcher(term, index.vocabulary); });
    if (!matches.length) { return []; }
    var found = [];
    index.pages.forEach(function (page) {
      var score = 0, exact = 0, heading = null, headingLevel = 0;
      var all = matches.every(function (match) {
        var title = level(page.title, match), text = level(page.text, match), best = Math.max(title, text);
        score += title * 5 + text * 0.5;
        page.headings.forEach(function (words, i) {
          var here = level(words, match);
          score += here * 2;
          best = Math.max(best, here);
          if (here > headingLevel) { heading = page.entry.h[i]; headingLevel = here; }
        });
        if (best === 2) { exact++; }
        return best > 0;
      });
      if (all) { found.push({ entry: page.entry, score: score, exact: exact, heading: heading, matches: matches }); }
    });
    found.sort(function (a, b) { return b.exact - a.exact || b.score - a.score; });
    return found.slice(0, 12);
  }

  function isMatch(word, matches) {
    return matches.some(function (m) { return m.exact.has(word) || m.fuzzy.has(word); });
  }

  /* A short stretch of the page around its first matched word (exact first),
     or its summary when only the title or a heading matched. */
  function excerpt(result) {
    var stretches = result.entry.x || [];
    var wanted = [function (w) { return result.matches.some(function (m) { return m.exact.has(w); }); },
                  function (w) { return isMatch(w, result.matches); }];
    for (var k = 0; k < wanted.length; k++) {
      for (var s = 0; s < stretches.length; s++) {
        var text = stretches[s], re = /[\p{L}\p{N}\p{M}]+/gu, m;
        while ((m = re.exec(text))) {
          if (wanted[k](fold(m[0]))) { return cut(text, m.index, m.index + m[0].length, s === 0, s === stretches.length - 1); }
        }
      }
    }
    var summary = result.entry.s || stretches[0] || "";
    return cut(summary, 0, 0, true, true);
  }

  function cut(text, from, to, first, last) {
    var start = from > BEFORE ? text.indexOf(" ", from - BEFORE) + 1 : 0;
    var end = text.length - to > AFTER ? text.lastIndexOf(" ", to + AFTER) : text.length;
    if (end <= to) { end = text.length; }
    return (start > 0 || !first ? "… " : "") + text.slice(start, end) + (end < text.length || !last ? " …" : "");
  }

  /* The excerpt as text nodes and <mark> elements: page text never becomes HTML. */
  function marked(text, matches) {
    var node = document.createElement("span");
    node.className = "search-excerpt";
    var re = /[\p{L}\p{N}\p{M}]+/gu, m, last = 0;
    while ((m = re.exec(text))) {
      if (isMatch(fold(m[0]), matches)) {
        node.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        node.appendChild(mark);
        last = m.index + m[0].length;
      }
    }
    node.appendChild(document.createTextNode(text.slice(last)));
    return node;
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
      var text = excerpt(result);
      if (text) { item.appendChild(marked(text, result.matches)); }
      list.appendChild(item);
    });
    status.textContent = query ? plural("results", results.length, results.length === 1 ? "{count} result" : "{count} results") : "";
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    if (!query) { show([], ""); return; }
    load().then(function (index) {
      if (input.value.trim() === query) { show(rank(index, query), query); }
    });
  });
  input.addEventListener("focus", function () { load(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) { window.location.href = first.href; }
  });
})();
