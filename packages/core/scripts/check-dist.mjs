// Checks the built dist: the per-module ESM entry (bundlers, non-Node runtimes), the single-file
// ESM entry (Node) and the CJS entry export the same names, and each loads on its own (a broken
// relative import in the per-module build would show here).
// Usage: node scripts/check-dist.mjs (after `pnpm build`); part of `check:package`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const esm = Object.keys(await import('../dist/index.js')).sort();
const nodeEsm = Object.keys(await import('../dist/index.node.js')).sort();
if (nodeEsm.join() !== esm.join()) {
  console.error(`dist index.node.js and index.js exports differ`);
  process.exit(1);
}
const cjs = Object.keys(require('../dist/index.node.cjs'))
  .filter((k) => k !== '__esModule')
  .sort();
const missing = esm.filter((k) => !cjs.includes(k));
const extra = cjs.filter((k) => !esm.includes(k));
if (missing.length > 0 || extra.length > 0) {
  console.error(
    `dist ESM and CJS exports differ: missing in CJS ${missing}, extra in CJS ${extra}`,
  );
  process.exit(1);
}
const { EdgeClient } = require('../dist/index.node.cjs');
if (typeof new EdgeClient({ baseURL: 'http://127.0.0.1:9' }).streamChatCompletion !== 'function') {
  console.error('dist CJS EdgeClient is not usable');
  process.exit(1);
}
console.log(`dist ok: ${esm.length} exports in ESM (per module and single file) and CJS`);
if (process.argv.includes('--list')) console.log(esm.join('\n'));
