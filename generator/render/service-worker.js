/* mentorkit: the handbook's service worker (written by the build when
   mentorkit.yaml says `offline: true`).

   It keeps a copy of every file the build wrote, in a cache named after the
   build, and drops the caches of earlier builds. While the network answers,
   every request goes to it, so a new build shows at the next load; when it
   fails, or is still silent after PATIENCE, the copy is served. Answers typed into forms stay in the
   browser's own storage and never pass through here. */
"use strict";

const VERSION = "__VERSION__";
const FILES = __FILES__;
const PREFIX = "mentorkit " + self.registration.scope + " ";
const NAME = PREFIX + VERSION;

/* A hidden file (.nojekyll) is asked for by no page, and `mentorkit serve`, like
   many hosts, refuses it: kept if the server gives it, while the others are kept
   all or none (addAll), so that one refused file does not leave nothing kept. */
const hidden = (file) => file.split("/").some((part) => part.startsWith("."));
const fresh = (file) => new Request(file, { cache: "reload" });

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(NAME)
      .then((cache) => Promise.all([
        cache.addAll(FILES.filter((file) => !hidden(file)).map(fresh)),
        ...FILES.filter(hidden).map((file) => cache.add(fresh(file)).catch(() => undefined)),
      ]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== NAME).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

async function fromCopy(request) {
  const cache = await caches.open(NAME);
  const url = new URL(request.url);
  url.hash = "";
  let found = await cache.match(url.href, { ignoreSearch: true });
  if (!found && url.pathname.endsWith("/")) found = await cache.match(new URL("index.html", url).href);
  if (!found && request.mode === "navigate") found = await cache.match(new URL("404.html", self.registration.scope).href);
  return found || Response.error();
}

/* A later build with `offline: false` writes no sw.js, and a browser keeps a
   worker whose script is gone: it would serve this copy with no network for
   ever. So on each page load with the network up the worker asks, with a
   HEAD request, whether its script is still there; told it is not (404,
   410), it drops its copies and unregisters itself. */
function retireIfGone() {
  return fetch(self.location.href, { method: "HEAD", cache: "no-store" })
    .then((response) => {
      if (response.status !== 404 && response.status !== 410) return undefined;
      return caches.keys()
        .then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX)).map((name) => caches.delete(name))))
        .then(() => self.registration.unregister());
    })
    .catch(() => undefined);  // no network: keep the copy
}

/* A weak signal neither answers nor fails: the reader would wait a minute or
   more for the browser to give up. After PATIENCE milliseconds the copy is
   shown instead, if it holds the file; otherwise the network is waited for. */
const PATIENCE = 3000;

function networkFirst(request) {
  return new Promise((resolve) => {
    let answered = false;
    const answer = (response) => {
      if (!answered) {
        answered = true;
        resolve(response);
      }
    };
    const impatient = setTimeout(() => {
      fromCopy(request).then((found) => { if (found.type !== "error") answer(found); });
    }, PATIENCE);
    fetch(request)
      .then((response) => { clearTimeout(impatient); answer(response); })
      .catch(() => { clearTimeout(impatient); fromCopy(request).then(answer); });
  });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if ((request.headers.get("accept") || "").includes("text/event-stream")) return;  // the preview's live reload
  event.respondWith(networkFirst(request));
  if (request.mode === "navigate") event.waitUntil(retireIfGone());
});
