// Checks the built dist (after `pnpm build`; part of `check:package`):
// - the ESM and CJS files of each entry (`.`, `./voice`, `./sdk`, `./realtime` and `./internal`)
//   export the same names, and load;
// - the internal helpers are not in the main entry, and no name is exported by two entries;
// - importing the main entry loads none of the voice code (it is `./voice`'s alone), none of
//   the official-SDK shape (`./sdk`'s alone) and none of the realtime code (`./realtime`'s alone);
// - every JS file is pure ASCII (one non-ASCII character makes Node decode a whole file into a
//   two-byte string, which slows every import; see tsdown.config.ts);
// - a browser bundle of the chat path, built by esbuild from `dist/index.js` as an app's bundler
//   would, drops every other endpoint and the catalogue. The single-file
//   build keeps this only while no module has a top-level side effect (see tsdown.config.ts).
// Usage: node scripts/check-dist.mjs [--list]
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const problems = [];

async function sameExports(entry) {
  const esm = Object.keys(await import(`../dist/${entry}.js`)).sort();
  const cjs = Object.keys(require(`../dist/${entry}.cjs`))
    .filter((k) => k !== '__esModule')
    .sort();
  if (esm.join() !== cjs.join())
    problems.push(`dist/${entry}: ESM exports [${esm}] differ from CJS [${cjs}]`);
  return esm;
}

const main = await sameExports('index');
const voice = await sameExports('voice');
const sdk = await sameExports('sdk');
const internal = await sameExports('internal');
const leaked = internal.filter((name) => main.includes(name));
if (leaked.length > 0) problems.push(`internal helpers in the main entry: ${leaked}`);
const realtime = await sameExports('realtime');
for (const [entry, names] of [
  ['voice', voice],
  ['sdk', sdk],
  ['realtime', realtime],
]) {
  const twice = names.filter((name) => main.includes(name) || internal.includes(name));
  if (twice.length > 0) problems.push(`${entry} exports also exported by another entry: ${twice}`);
}

/** The files Node loads for `dist/<file>`: it and every file it imports, transitively. */
function loadedFiles(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
  for (const [, imported] of code.matchAll(/^import .* from "\.\/([^"]+)";$/gm))
    loadedFiles(imported, seen);
  return seen;
}
for (const file of readdirSync(new URL('../dist', import.meta.url))) {
  if (!/\.c?js$/.test(file)) continue;
  const code = readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
  const at = code.search(/[\u0080-\uffff]/);
  if (at !== -1) problems.push(`dist/${file} is not pure ASCII (at offset ${at})`);
}
for (const file of loadedFiles('index.js')) {
  const code = readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
  if (/\bstreamSpeechFromText\b|\bSentenceSplitter\b/.test(code))
    problems.push(`importing the main entry loads voice code (dist/${file})`);
  if (/\bchatCompletionStream\b|\bgetRegionId\b/.test(code))
    problems.push(`importing the main entry loads the official-SDK shape (dist/${file})`);
  if (/\bOggOpusWriter\b|\bPersonaPlexSession\b/.test(code))
    problems.push(`importing the main entry loads realtime code (dist/${file})`);
}

const { PolarGrid } = require('../dist/sdk.cjs');
if (typeof new PolarGrid({ baseURL: 'http://127.0.0.1:9' }).chatCompletionStream !== 'function')
  problems.push('dist CJS PolarGrid (./sdk) is not usable');

const chatOnly = await build({
  stdin: {
    contents: `export { PolarGridEdge, streamChatCompletion } from './dist/index.js';`,
    resolveDir: fileURLToPath(new URL('..', import.meta.url)),
  },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  logLevel: 'silent',
});
const code = chatOnly.outputFiles[0].text;
for (const [what, marker] of [
  ['the speech endpoint', '/v1/audio/speech'],
  ['the transcription endpoints', '/v1/audio/transcriptions'],
  ['the embeddings endpoint', '/v1/embeddings'],
  ['the operator endpoints', '/v1/gpu'],
  ['the model catalogue', 'whisper-large-v3-turbo'],
]) {
  if (code.includes(marker)) problems.push(`a chat-only browser bundle of dist keeps ${what}`);
}

if (problems.length > 0) {
  console.error(problems.map((p) => `check-dist: ${p}`).join('\n'));
  process.exit(1);
}
console.log(
  `dist ok: ${main.length} exports (+${voice.length} voice, +${sdk.length} sdk, +${internal.length} internal) in ESM and CJS; main entry loads no voice or sdk code; chat-only bundle tree-shaken`,
);
if (process.argv.includes('--list')) console.log(main.join('\n'));
