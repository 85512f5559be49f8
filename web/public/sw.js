// Lantern's service worker: makes the officer terminal installable and lets the app shell open
// when the network is briefly gone. Network first, so a new build is never hidden behind a cache;
// the API and the live stream are never cached (stale data must not look live).
const CACHE = "lantern-shell-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() => caches.match(req).then((hit) => hit ?? caches.match("/index.html")).then((hit) => hit ?? Response.error())),
  );
});
