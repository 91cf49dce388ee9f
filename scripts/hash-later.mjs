// A trunk post-build hook: gives the files the page loads later (the lazy module and the format
// worker, which trunk builds without a hash in their names) a content hash in their names, as
// trunk gives every other file, and rewrites every reference to them (the page's list of them in
// its `stormlab-later` meta tag and its lazy loader, the worker's loader). A file whose name
// carries its hash never changes, so browsers and the service worker can keep it for good and two
// builds never mix.
//
// usage: node scripts/hash-later.mjs [DIR]   (DIR: trunk's staging folder, $TRUNK_STAGING_DIR)
import { createHash } from "node:crypto";
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error("hash-later: no folder (TRUNK_STAGING_DIR or an argument)");
const pagePath = join(dir, "index.html");
let page = readFileSync(pagePath, "utf8");
const tag = page.match(/<meta\b[^>]*\bstormlab-later\b[^>]*>/i)?.[0];
if (!tag) throw new Error("hash-later: index.html has no stormlab-later meta tag");
const content = tag.match(/content=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i) ?? [];
const files = (content[1] ?? content[2] ?? content[3] ?? "").split(/\s+/).filter(Boolean);
if (files.length === 0) throw new Error("hash-later: the stormlab-later tag lists no file");

// A file's name split where trunk puts a hash: "format-worker_loader.js" is "format-worker" and
// "_loader.js"; "lazy_bg.wasm" is "lazy" and "_bg.wasm".
const split = (file) => {
  const at = file.search(/[._]/);
  return [file.slice(0, at), file.slice(at)];
};
// What a file names comes before it: the wasm, then the glue, then the worker's loader.
const rank = (file) => (file.endsWith(".wasm") ? 0 : file.includes("_loader") ? 2 : 1);
const renamed = new Map();
for (const file of [...files].sort((a, b) => rank(a) - rank(b))) {
  let bytes = readFileSync(join(dir, file));
  if (file.endsWith(".js")) {
    let text = bytes.toString("utf8");
    for (const [from, to] of renamed) text = text.split(`./${from}`).join(`./${to}`);
    bytes = Buffer.from(text, "utf8");
  }
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  const [stem, rest] = split(file);
  const to = `${stem}-${hash}${rest}`;
  writeFileSync(join(dir, to), bytes);
  unlinkSync(join(dir, file));
  renamed.set(file, to);
}
// The page names them in its list and in its lazy loader (quoted, as "./lazy.js").
for (const [from, to] of renamed) {
  const before = page;
  page = page.split(from).join(to);
  if (page === before) throw new Error(`hash-later: index.html does not name ${from}`);
}
writeFileSync(pagePath, page);
console.log(`hash-later: ${[...renamed.values()].join(" ")}`);
