// Stormlab's service worker: after one visit the app opens and runs with the network off.
//
// A cache holds one build: its index.html and every file that page names (trunk gives each a
// content hash in its name). Pages are fetched from the network first, so a new build is what a
// connected visitor gets; when the page fetched differs from the cached one, the new build is
// cached whole and the old cache deleted, so the cache never mixes files of two builds. A tab's
// files come from the cache of the build its page belongs to, once that is complete; offline,
// the cached page and its files answer. Everything is relative to this script, so the site works
// from any sub-path.
const PREFIX = "stormlab-";
const INDEX = new URL("./", self.location).href;
// The files a page loads later, by names without a hash (the lazy module, the format worker),
// as its `stormlab-later` meta tag lists them.
function laterOf(html) {
  const tag = html.match(/<meta\b[^>]*\bstormlab-later\b[^>]*>/i)?.[0] ?? "";
  const content = tag.match(/content=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i) ?? [];
  return (content[1] ?? content[2] ?? content[3] ?? "").split(/\s+/).filter(Boolean);
}

// The files a page names: href and src attributes of its tags (quoted or not: the page is
// minified) that stay within the site. The code of inline scripts is left out: `src=` there is
// JavaScript, not a file.
function assetsOf(html) {
  const urls = new Set();
  const tags = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, "$1</script>");
  for (const match of tags.matchAll(/(?:href|src)=["']?([^"'\s>#]+)/g)) {
    const url = new URL(match[1], INDEX);
    if (url.origin === self.location.origin && url.href.startsWith(INDEX)) urls.add(url.href);
  }
  return [...urls];
}

// The cache name of the build a page belongs to: a digest of the page.
async function buildOf(html) {
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(html));
  const hex = [...new Uint8Array(bytes).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0"));
  return PREFIX + hex.join("");
}

// Caches a build whole (its page and every file it names), then drops every other build.
async function cacheBuild(html) {
  const name = await buildOf(html);
  if (!(await caches.has(name))) {
    const cache = await caches.open(name);
    try {
      const manifest = new URL("manifest.webmanifest", INDEX).href;
      const icons = await fetch(manifest, { cache: "no-store" })
        .then((r) => r.json())
        .then((m) => (m.icons || []).map((i) => new URL(i.src, manifest).href));
      const later = laterOf(html).map((file) => new URL(file, INDEX).href);
      const files = [...new Set(assetsOf(html).concat([manifest], icons, later))];
      await Promise.all(
        files.map(async (url) => {
          const response = await fetch(url, { cache: "no-store" });
          if (!response.ok) throw new Error(`${url}: ${response.status}`);
          await cache.put(url, response);
        }),
      );
      await cache.put(INDEX, new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } }));
    } catch (error) {
      // A half-cached build is never served: try again on the next visit.
      await caches.delete(name);
      throw error;
    }
  }
  for (const key of await caches.keys()) {
    if (key.startsWith(PREFIX) && key !== name) await caches.delete(key);
  }
}

async function currentBuild() {
  for (const key of await caches.keys()) {
    if (key.startsWith(PREFIX)) return caches.open(key);
  }
  return null;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    fetch(INDEX, { cache: "no-store" })
      .then((response) => response.text())
      .then(cacheBuild)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

// The build (a cache name) of the page each open tab was served. Once that build is cached
// whole, the tab's files come from that cache: they were fetched with that very page, so a slow
// link never downloads them again and a build deployed since cannot mix in. (A worker restarted
// idle forgets this; its tabs then get their files as a new visit would.)
const builds = new Map();

async function page(event) {
  try {
    const response = await fetch(event.request, { cache: "no-store" });
    if (response.ok) {
      const html = await response.clone().text();
      await servedTo(event.resultingClientId, html);
      // A new build: cache it whole in the background (the visitor is served already).
      event.waitUntil(cacheBuild(html).catch(() => {}));
    }
    return response;
  } catch (offline) {
    const cache = await currentBuild();
    const cached = cache && (await cache.match(INDEX));
    if (cached) {
      await servedTo(event.resultingClientId, await cached.clone().text());
      return cached;
    }
    throw offline;
  }
}

// Notes which build a tab was served (and forgets tabs that are gone).
async function servedTo(clientId, html) {
  for (const id of builds.keys()) {
    if (!(await self.clients.get(id))) builds.delete(id);
  }
  if (clientId) builds.set(clientId, await buildOf(html));
}

// The build the asking tab was served, if it is cached whole (its page is stored last). A
// worker (the format worker) is no tab: it gets the build of the open tabs when they agree.
async function servedCache(clientId) {
  const agreed = new Set(builds.values());
  const name = builds.get(clientId) ?? (agreed.size === 1 ? [...agreed][0] : null);
  if (!name || !(await caches.has(name))) return null;
  const cache = await caches.open(name);
  return (await cache.match(INDEX)) ? cache : null;
}

// A file whose name carries trunk's content hash never changes: the cache answers first.
const HASHED = /-[0-9a-f]{16}(_bg)?\.[a-z]+$/;

async function file(request, clientId) {
  const served = await servedCache(clientId);
  const own = served && (await served.match(request, { ignoreSearch: true }));
  if (own) return own;
  const cache = await currentBuild();
  const cached = cache && (await cache.match(request, { ignoreSearch: true }));
  if (cached && HASHED.test(new URL(request.url).pathname)) return cached;
  // Other files (the manifest, its icons, the lazy module and the worker, whose names carry no
  // hash) come from the network while there is one, checked with the server so that a file
  // the browser's own cache kept from an earlier build never joins this one.
  try {
    return await fetch(request, { cache: "no-cache" });
  } catch (offline) {
    if (cached) return cached;
    throw offline;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(INDEX)) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else {
    event.respondWith(file(request, event.clientId));
  }
});
