// Checks the built dist: the ESM and CJS entries export the same names, and each loads on its
// own (the dist is one file per source module, so a broken relative import would show here).
// Usage: node scripts/check-dist.mjs (after `pnpm build`); part of `check:package`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const esm = Object.keys(await import('../dist/index.js')).sort();
const cjs = Object.keys(require('../dist/index.cjs'))
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
const { EdgeClient } = require('../dist/index.cjs');
if (typeof new EdgeClient({ baseURL: 'http://127.0.0.1:9' }).streamChatCompletion !== 'function') {
  console.error('dist CJS EdgeClient is not usable');
  process.exit(1);
}
console.log(`dist ok: ${esm.length} exports in ESM and CJS`);
if (process.argv.includes('--list')) console.log(esm.join('\n'));
