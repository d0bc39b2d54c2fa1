// mentorkit serve: reload when the site is rebuilt, show build errors and warnings.
(function () {
  "use strict";
  var overlay = null;
  var shown = "[]";
  function show(problems) {
    var key = JSON.stringify(problems);
    if (key === shown) { return; }  // a reconnection repeats the state: do not announce it again
    shown = key;
    if (overlay) { overlay.remove(); overlay = null; }
    if (!problems.length) { return; }
    // A failed build covers the page; a build with warnings only has built this page, so it stays readable.
    var failed = problems.some(function (p) { return p.level === "error"; });
    overlay = document.createElement("div");
    overlay.id = "mentorkit-errors";
    overlay.setAttribute("role", failed ? "alert" : "status");
    overlay.setAttribute("aria-labelledby", "mentorkit-errors-title");
    overlay.style.cssText = "position:fixed;z-index:2147483647;overflow:auto;background:#161b24;" +
      "color:#fff;font:15px/1.5 ui-monospace,Consolas,monospace;" +
      (failed ? "inset:0;padding:2rem" : "left:0;right:0;bottom:0;max-height:40vh;padding:1rem 2rem;border-top:4px solid #ffd54f");
    var title = document.createElement("h2");
    title.id = "mentorkit-errors-title";
    title.textContent = failed
      ? "The handbook could not be built: " + problems.length + " problem" + (problems.length === 1 ? "" : "s")
      : "The handbook was built with " + problems.length + " warning" + (problems.length === 1 ? "" : "s");
    title.style.cssText = "font:700 1.2rem system-ui,sans-serif;margin:0 0 1rem";
    overlay.appendChild(title);
    problems.forEach(function (p) {
      var item = document.createElement("pre");
      item.style.cssText = "white-space:pre-wrap;margin:0 0 1rem;padding:.6rem .8rem;border-left:4px solid " +
        (p.level === "error" ? "#ff8a80" : "#ffd54f") + ";background:rgba(255,255,255,.06)";
      item.textContent = p.text;
      overlay.appendChild(item);
    });
    var note = document.createElement("p");
    note.textContent = failed
      ? "The page below is the last good build. Save a fix and this page updates by itself."
      : "Save a fix and this page updates by itself.";
    note.style.cssText = "font:14px system-ui,sans-serif;opacity:.8;margin:0";
    overlay.appendChild(note);
    document.body.appendChild(overlay);
  }

  var build = null;  // the build this page shows
  var dropped = false;  // the connection broke: the server may have been restarted
  var source = null;
  function connect() {
    source = new EventSource("/__mentorkit__/events");
    source.addEventListener("state", function (event) {
      var state = JSON.parse(event.data);
      // A restarted server counts its builds from 1 again: after a broken connection, reload whatever the number.
      if (build !== null && (state.build !== build || dropped)) { window.location.reload(); return; }
      build = state.build;
      dropped = false;
      show(state.problems);
      if (document.visibilityState === "hidden") { disconnect(); }
    });
    source.addEventListener("reload", function () { window.location.reload(); });
    source.addEventListener("problems", function (event) { show(JSON.parse(event.data)); });
    source.addEventListener("error", function () { dropped = true; });  // the browser retries by itself
  }
  function disconnect() {
    if (source) { source.close(); source = null; }
  }
  // A browser keeps at most six connections open to one server, and each open page holds one here:
  // hidden pages let theirs go (or a sixth tab never loads) and catch up when shown, from the state sent first.
  // One hidden before that state came keeps its connection until it comes: it says which build the page shows.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "hidden") {
      if (!source) { connect(); }
    } else if (build !== null) {
      disconnect();
    }
  });
  connect();
})();
