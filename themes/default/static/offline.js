/* mentorkit: keeps the handbook on this device for reading without a
   network (mentorkit.yaml: `offline: true`). A service worker cannot run
   on a page opened from disk, so there nothing happens. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol) || !script) return;
  var worker = script.getAttribute("data-worker");
  var scope = script.getAttribute("data-scope");
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(worker, { scope: scope }).catch(function () { /* the site works online as ever */ });
  });
})();
