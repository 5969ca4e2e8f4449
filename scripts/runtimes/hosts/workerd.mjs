// Hosts the workerd smoke bundle in miniflare (installed into the runtime cache) and prints the
// report. Usage: node workerd.mjs <miniflare install dir> <bundle.mjs> <config JSON>
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [installDir, bundlePath, configJSON] = process.argv.slice(2);
const require = createRequire(join(installDir, 'noop.js'));
const { Miniflare } = await import(pathToFileURL(require.resolve('miniflare')).href);

// No nodejs_compat flag: the packages promise to run on plain Workers APIs.
const mf = new Miniflare({
  modules: true,
  scriptPath: bundlePath,
  // Module paths are resolved under this root; the bundle lives outside the working directory.
  modulesRoot: dirname(bundlePath),
  compatibilityDate: '2026-07-01',
});
try {
  const response = await mf.dispatchFetch('http://smoke.local/', {
    method: 'POST',
    body: configJSON,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`worker answered ${response.status}: ${text.slice(0, 2000)}`);
  console.log(`POLARGRID_SMOKE_REPORT ${text}`);
} finally {
  await mf.dispose();
}
