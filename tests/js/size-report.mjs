// What takes the space in the shipped site: the wasm per crate and its largest functions (from
// twiggy's JSON report of a name-keeping copy of the optimised wasm), then every file the first
// page load fetches with its gzipped size, and the total. Figures to compare run to run, and one
// check: the page's wasm within its budget.
//
// usage: node size-report.mjs TWIGGY_JSON DIST_DIR [VIEWS_JSON]
// (VIEWS_JSON: twiggy's dominator trees of yew's per-component view functions)
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const [twiggyJson, dist, viewsJson] = process.argv.slice(2);
const items = JSON.parse(readFileSync(twiggyJson, "utf8"));

// The crate an item belongs to: the first path segment of its name, with `<T as Trait>` and
// references unwrapped; our own app crate is split by module, data and sections kept apart.
function owner(name) {
  if (name.startsWith("data segment")) return "(data: strings and tables)";
  if (name.includes("function names")) return "(names: not shipped)";
  if (name.startsWith("import ")) return "(imports from the JS glue)";
  if (/^(elem|table|type|global|export|code|func)\[/.test(name)) return "(wasm tables and signatures)";
  const bare = name.replace(/^[<&]+/, "").replace(/^(mut |dyn )+/, "");
  const m = bare.match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::([A-Za-z_0-9]+)/);
  if (!m) return "(other)";
  if (m[1] === "stormlab_app") return `stormlab_app::${m[3]}`;
  if (m[1] === "yew" && bare.includes("CompStateInner<COMP>")) return "yew lifecycles (our views inlined)";
  return m[1];
}

const shipped = items.filter((i) => !i.name.includes("function names") && !/^Σ|^\.\.\. and/.test(i.name));
const total = shipped.reduce((s, i) => s + i.shallow_size, 0);
const byCrate = new Map();
for (const item of shipped) {
  const key = owner(item.name);
  byCrate.set(key, (byCrate.get(key) ?? 0) + item.shallow_size);
}
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KB";
const pct = (n) => ((100 * n) / total).toFixed(1).padStart(5) + " %";

console.log(`wasm by crate (optimised, before gzip; ${kb(total).trim()} of code and data):`);
for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 24)) {
  console.log(`  ${kb(size)} ${pct(size)}  ${crate}`);
}
console.log("largest functions:");
for (const item of shipped.filter((i) => !i.name.startsWith("data ")).slice(0, 12)) {
  console.log(`  ${kb(item.shallow_size)}  ${item.name.replace(/::h[0-9a-f]{16}$/, "").slice(0, 110)}`);
}

if (viewsJson) {
  // Each view is named by the modules of what it alone calls (its dominator subtree).
  const views = JSON.parse(readFileSync(viewsJson, "utf8")).items;
  const owners = (node, acc) => {
    for (const child of node.children ?? []) {
      const m = child.name.match(/^<?&?(stormlab_app::ui::run::\w+|stormlab_app::ui::\w+|stormlab_\w+::\w+)/);
      if (m) acc.set(m[1], (acc.get(m[1]) ?? 0) + child.retained_size);
      owners(child, acc);
    }
    return acc;
  };
  console.log("largest component views (Yew inlines each into one function; named by what they call):");
  for (const view of views.sort((a, b) => b.retained_size - a.retained_size).slice(0, 10)) {
    const names = [...owners(view, new Map())].sort((a, b) => b[1] - a[1]).slice(0, 2).map((e) => e[0]);
    console.log(`  ${kb(view.retained_size)}  ${names.join(", ") || "(calls nothing of ours alone)"}`);
  }
}
// The files the page loads later (the lazy module when a view it holds first opens, the format
// worker when exporting; the service worker caches them after the first render), as the page's
// `stormlab-later` meta tag lists them; grouped by the name before their content hash.
const page = readFileSync(join(dist, "index.html"), "utf8");
const tag = page.match(/<meta\b[^>]*\bstormlab-later\b[^>]*>/i)?.[0] ?? "";
const content = tag.match(/content=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i) ?? [];
const laterFiles = (content[1] ?? content[2] ?? content[3] ?? "").split(/\s+/).filter(Boolean);
if (laterFiles.length === 0) throw new Error("index.html lists no files loaded later");
const later = (file) =>
  laterFiles.includes(file) ? file.replace(/-[0-9a-f]{16}([._].*)?$/, "").split(/[._]/)[0] : undefined;
console.log("the built site (files marked * load later, not in the first page load):");
let raw = 0;
let gz = 0;
let allGz = 0;
let wasmGz = 0;
const firstLoadWasm = [];
const laterGz = Object.fromEntries(laterFiles.map((file) => [later(file), 0]));
for (const file of readdirSync(dist).filter((f) => !f.startsWith(".")).sort()) {
  const path = join(dist, file);
  if (!statSync(path).isFile()) continue;
  const bytes = readFileSync(path);
  const zipped = gzipSync(bytes, { level: 9 }).length;
  allGz += zipped;
  if (later(file)) {
    if (file.endsWith(".wasm")) laterGz[later(file)] += zipped;
  } else {
    raw += bytes.length;
    gz += zipped;
    if (file.endsWith(".wasm")) {
      wasmGz += zipped;
      firstLoadWasm.push(file);
    }
  }
  console.log(`  ${kb(bytes.length)} ${kb(zipped)} gz ${later(file) ? "*" : " "} ${file}`);
}
console.log(`first_load_bytes: ${raw}`);
console.log(`first_load_gzip_bytes: ${gz}`);
console.log(`whole_site_gzip_bytes: ${allGz} (what the service worker caches for offline use)`);
// The page's wasm, what the first render waits for, is held to 332 KB gzipped: 300 KB until
// boards kept their own experiments, which the page reads, checks and saves (their types, the
// checks and the examples' lessons cost 13 KB); 316 KB until payload fields had types (the
// types, their parts and checks, the panel's rows for them), fields kept what was being typed
// under a render (the Entry component) and Open took several AsyncAPI files (15 KB).
const BUDGET = 332 * 1024;
console.log(`wasm_gzip_bytes: ${wasmGz} (the page's wasm; budget ${BUDGET})`);
for (const [name, bytes] of Object.entries(laterGz)) {
  console.log(`${name.replace("-", "_")}_wasm_gzip_bytes: ${bytes} (loaded later)`);
}
// The budget means something only if the page's wasm was found: exactly one first-load wasm,
// named by the page itself. A build that renamed or dropped it must not pass with 0 bytes.
if (firstLoadWasm.length !== 1 || !page.includes(firstLoadWasm[0])) {
  console.error(
    `error: expected the page's one wasm among the first-load files, named in index.html; found ${JSON.stringify(firstLoadWasm)}`,
  );
  process.exitCode = 1;
} else if (wasmGz > BUDGET) {
  console.error(`error: the page's wasm is ${wasmGz} bytes gzipped, over its budget of ${BUDGET}`);
  process.exitCode = 1;
}
