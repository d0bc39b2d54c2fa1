/* mentorkit: the handbook's service worker (written by the build when
   mentorkit.yaml says `offline: true`).

   It keeps a copy of every file the build wrote, in a cache named after the
   build, and drops the caches of earlier builds. While the network answers,
   every request goes to it, so a new build shows at the next load; when it
   does not, the copy is served. Answers typed into forms stay in the
   browser's own storage and never pass through here. */
"use strict";

const VERSION = "__VERSION__";
const FILES = __FILES__;
const PREFIX = "mentorkit " + self.registration.scope + " ";
const NAME = PREFIX + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(NAME)
      .then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: "reload" }))))
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

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if ((request.headers.get("accept") || "").includes("text/event-stream")) return;  // the preview's live reload
  event.respondWith(fetch(request).catch(() => fromCopy(request)));
});
