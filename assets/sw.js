// Stormlab's service worker: after one visit the app opens and runs with the network off.
//
// A cache holds one build: its index.html and every file that page names, each with a content
// hash in its name (trunk's, and scripts/hash-later.mjs's for the files loaded later). Pages are
// fetched from the network first, so a new build is what a connected visitor gets; when the page
// fetched differs from the cached one, the new build is cached whole and the old cache deleted.
// A file with a hash in its name never changes, so the cache answers it first: a slow link
// downloads it once, and since two builds name different files they never mix. Offline, the
// cached page and its files answer. Everything is relative to this script, so the site works
// from any sub-path.
const PREFIX = "stormlab-";
const INDEX = new URL("./", self.location).href;
// The files a page loads later (the lazy module, the format worker), as its `stormlab-later` meta
// tag lists them.
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

async function page(event) {
  try {
    const response = await fetch(event.request, { cache: "no-store" });
    if (response.ok) {
      // A new build: cache it whole in the background (the visitor is served already).
      const html = await response.clone().text();
      event.waitUntil(cacheBuild(html).catch(() => {}));
    }
    return response;
  } catch (offline) {
    const cache = await currentBuild();
    const cached = cache && (await cache.match(INDEX));
    if (cached) return cached;
    throw offline;
  }
}

// A file whose name carries a content hash never changes: the cache answers first.
const HASHED = /-[0-9a-f]{16}(_[a-z]+)?\.[a-z]+$/;

async function file(request) {
  const cache = await currentBuild();
  const cached = cache && (await cache.match(request, { ignoreSearch: true }));
  if (cached && HASHED.test(new URL(request.url).pathname)) return cached;
  // Other files (the manifest and its icons, whose names carry no hash) come from the network
  // while there is one, checked with the server so that a copy the browser kept from an earlier
  // build never joins this one.
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
    event.respondWith(file(request));
  }
});
