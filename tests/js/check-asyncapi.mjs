// Parses every AsyncAPI document in a directory with the official parser (@asyncapi/parser,
// which validates against the AsyncAPI schema and its Spectral rules) and prints, per file,
// the diagnostics by severity and the titles it read, as one JSON array on standard output.
// Usage: node tests/js/check-asyncapi.mjs DIR [K N]   (with K and N: only every Nth file from
// the Kth, so that several processes share the work)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Parser } from '@asyncapi/parser';

const dir = process.argv[2];
const [shard, shards] = [Number(process.argv[3] ?? 0), Number(process.argv[4] ?? 1)];
if (!dir) {
  console.error('usage: node check-asyncapi.mjs DIR');
  process.exit(2);
}
const version = createRequire(import.meta.url)('@asyncapi/parser/package.json').version;
const parser = new Parser();
const severities = ['error', 'warning', 'info', 'hint'];
const results = [];
const names = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
for (const name of names.filter((_, i) => i % shards === shard)) {
  const text = readFileSync(join(dir, name), 'utf8');
  const { document, diagnostics } = await parser.parse(text);
  const found = { error: [], warning: [], info: [], hint: [] };
  for (const d of diagnostics) {
    found[severities[d.severity] ?? 'error'].push(`${d.code} at ${(d.path || []).join('.')}: ${d.message}`);
  }
  const read = { info: null, channels: {}, messages: {}, operations: 0 };
  if (document) {
    read.info = document.info().title();
    for (const c of document.channels().all()) read.channels[c.id()] = [c.title() ?? null, c.address() ?? null];
    for (const m of document.components().messages().all()) read.messages[m.id()] = m.title() ?? null;
    read.operations = document.operations().all().length;
  }
  results.push({ file: name, parsed: !!document, ...found, read });
}
console.log(JSON.stringify({ parser: version, results }));
