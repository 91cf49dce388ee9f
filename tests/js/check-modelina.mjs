// Feeds AsyncAPI documents to a real consumer, the AsyncAPI code generator Modelina (pinned in
// package.json), as a team would to get message classes: TypeScript and Java models for every
// .yaml file in DIR. Writes each document's models to OUT/<file>/{ts,java}/ and prints, per
// file, the models' names, every untyped field (`any` in TypeScript, `Object` in Java) and the
// models left open to more fields (`additionalProperties`, which Stormlab writes only for events
// whose changes are additive only), as one JSON object on standard output. The Rust test judges; tsc and javac run from there.
// Usage: node tests/js/check-modelina.mjs DIR OUT
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { TypeScriptGenerator, JavaGenerator } from '@asyncapi/modelina';

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: node check-modelina.mjs DIR OUT');
  process.exit(2);
}
const version = createRequire(import.meta.url)('@asyncapi/modelina/package.json').version;
const typescript = new TypeScriptGenerator({ modelType: 'interface' });
const java = new JavaGenerator();
const results = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const text = readFileSync(join(dir, file), 'utf8');
  const result = { file, typescript: [], java: [], untyped: [], open: [], error: null };
  try {
    const tsDir = join(out, file, 'ts');
    mkdirSync(tsDir, { recursive: true });
    const index = [];
    for (const m of await typescript.generate(text)) {
      result.typescript.push(m.modelName);
      // One file of all models: interfaces refer to each other by name.
      index.push(m.result);
      for (const line of m.result.split('\n')) {
        if (/^\s*additionalProperties\??:/.test(line)) result.open.push(`ts ${m.modelName}`);
        else if (/\bany\b/.test(line)) result.untyped.push(`ts ${m.modelName}: ${line.trim()}`);
      }
    }
    writeFileSync(join(tsDir, 'models.ts'), index.map((r) => `export ${r}`).join('\n\n') + '\n');
    const javaDir = join(out, file, 'java');
    mkdirSync(javaDir, { recursive: true });
    // Complete models: each file with its package and the imports it needs (java.util.UUID, ...).
    for (const m of await java.generateCompleteModels(text, { packageName: 'events' })) {
      result.java.push(m.modelName);
      writeFileSync(join(javaDir, `${m.modelName}.java`), m.result + '\n');
      for (const line of m.result.split('\n')) {
        if (/^\s*private\s+Map<String, Object> additionalProperties;/.test(line)) result.open.push(`java ${m.modelName}`);
        else if (/^\s*private\s+.*\bObject\b/.test(line)) result.untyped.push(`java ${m.modelName}: ${line.trim()}`);
      }
    }
  } catch (e) {
    result.error = String(e && e.stack ? e.stack : e);
  }
  results.push(result);
}
console.log(JSON.stringify({ modelina: version, results }));
