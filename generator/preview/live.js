// mentorkit serve: reload when the site is rebuilt, show build errors and warnings.
//
// A browser opens at most six connections to one server, and the live-reload stream holds one for as long
// as the page is open: one stream per tab would leave a seventh tab, and a sixth's own files, waiting for ever.
// So the open pages of the preview share one stream: the page holding the lock "mentorkit-live" (one at a time,
// a visible one) listens and passes every event on to the others over a BroadcastChannel. When it goes, is
// reloaded or hidden, another visible page takes the lock. A browser without locks or channels gives each page
// its own stream, let go while the page is hidden.
//
// Which build a page shows comes with the page (its Server-Timing header: the server's id and the build's
// number), so a page served just before a rebuild, or by a server since restarted, reloads when it learns of a
// newer build, even one it was hidden for.
(function () {
  "use strict";
  var ENDPOINT = "/__mentorkit__/";
  var LOCK = "mentorkit-live";

  // The error overlay.
  var overlay = null;
  var shown = "[]";
  var inerted = [];
  function show(problems) {
    var key = JSON.stringify(problems);
    if (key === shown) { return; }  // the same problems again (another page's stream, a reconnection)
    shown = key;
    if (overlay) { overlay.remove(); overlay = null; }
    inerted.forEach(function (element) { element.inert = false; });
    inerted = [];
    if (!problems.length) { return; }
    // A failed build covers the page; a build with warnings only has built this page, so it stays readable.
    var failed = problems.some(function (p) { return p.level === "error"; });
    overlay = document.createElement("div");
    overlay.id = "mentorkit-errors";
    overlay.setAttribute("role", failed ? "alert" : "status");
    overlay.setAttribute("aria-labelledby", "mentorkit-errors-title");
    overlay.tabIndex = 0;  // scrollable from the keyboard
    overlay.style.cssText = "position:fixed;z-index:2147483647;overflow:auto;background:#161b24;" +
      "color:#fff;font:15px/1.5 ui-monospace,Consolas,monospace;outline-offset:-4px;" +
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
    if (failed) {  // what lies under the cover can be neither reached with Tab nor read out
      Array.prototype.forEach.call(document.body.children, function (element) {
        if (!element.inert) { element.inert = true; inerted.push(element); }
      });
    }
    document.body.appendChild(overlay);
  }

  // Which build this page shows: "server-id.build-number", or null until the first state says.
  function servedBuild() {
    try {
      var entry = performance.getEntriesByType("navigation")[0];
      var timing = (entry && entry.serverTiming) || [];
      for (var i = 0; i < timing.length; i++) {
        if (timing[i].name === "mentorkit") { return timing[i].description; }
      }
    } catch (e) { /* an older browser: learnt from the first state */ }
    return null;
  }
  var build = servedBuild();
  var reloading = false;
  function reload() {
    if (!reloading) { reloading = true; window.location.reload(); }
  }
  function stateKey(state) { return state.server + "." + state.build; }

  // An event, from this page's stream or another's: "state" {server, build, problems}, "reload" {server, build}, "problems" [...].
  function handle(kind, data) {
    if (kind === "state" || kind === "reload") {
      if (build === null) { build = stateKey(data); }
      else if (stateKey(data) !== build) { reload(); return; }
    }
    if (kind === "state") { show(data.problems); }
    else if (kind === "problems") { show(data); }
  }
  function catchUp() {  // the state now, for a page that has just loaded or been shown again
    fetch(ENDPOINT + "state", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) { handle("state", state); })
      .catch(function () { /* the server is away: the stream says when it is back */ });
  }

  var source = null;
  var channel = null;
  function connect() {
    source = new EventSource(ENDPOINT + "events");
    ["state", "reload", "problems"].forEach(function (kind) {
      source.addEventListener(kind, function (event) {
        var data = JSON.parse(event.data);
        if (channel) { channel.postMessage({ kind: kind, data: data }); }
        handle(kind, data);
      });
    });
    // On an error the browser tries again by itself; a restarted server then sends a state with its new id.
  }
  function disconnect() {
    if (source) { source.close(); source = null; }
  }

  if (navigator.locks && typeof BroadcastChannel === "function") {
    channel = new BroadcastChannel(LOCK);
    channel.onmessage = function (event) { handle(event.data.kind, event.data.data); };
    var asking = false;
    var stepDown = null;
    var lead = function () {
      if (asking || stepDown || document.visibilityState === "hidden") { return; }
      asking = true;
      navigator.locks.request(LOCK, function () {
        asking = false;
        if (document.visibilityState === "hidden" || reloading) { return; }  // let a visible page lead
        connect();
        return new Promise(function (resolve) { stepDown = resolve; });  // held until this page goes or hides
      });
    };
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        if (stepDown) { disconnect(); stepDown(); stepDown = null; }
      } else {
        catchUp();
        lead();
      }
    });
    catchUp();
    lead();
  } else {
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { disconnect(); } else if (!source) { catchUp(); connect(); }
    });
    if (document.visibilityState !== "hidden") { connect(); } else { catchUp(); }
  }
})();
