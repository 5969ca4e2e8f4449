// Hosts the edge-runtime smoke bundle in Vercel's `edge-runtime` (installed into the runtime
// cache) and prints the report. Usage: node edge-runtime.mjs <install dir> <bundle.js> <config JSON>
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [installDir, bundlePath, configJSON] = process.argv.slice(2);
const require = createRequire(join(installDir, 'noop.js'));
const { EdgeRuntime } = await import(pathToFileURL(require.resolve('edge-runtime')).href);

const runtime = new EdgeRuntime({ initialCode: await readFile(bundlePath, 'utf8') });
const response = await runtime.dispatchFetch('http://smoke.local/', {
  method: 'POST',
  body: configJSON,
});
await response.waitUntil();
const text = await response.text();
if (!response.ok)
  throw new Error(`edge function answered ${response.status}: ${text.slice(0, 2000)}`);
console.log(`POLARGRID_SMOKE_REPORT ${text}`);
