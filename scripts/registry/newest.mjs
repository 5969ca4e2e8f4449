// The packed packages beside the NEWEST `ai` and `@langchain/core` on the registry (not the
// lockfile's): one copy of each framework's classes in a user's install, and the errors every
// surface throws are `instanceof` the frameworks' own classes. It needs the registry, so it is
// its own command, outside `pnpm test` (which stays deterministic):
//
//   pnpm build && node scripts/registry/newest.mjs        (or: pnpm check:newest)
//
// Everything runs with stdin closed, a deadline per command, `--ignore-scripts` and a private npm
// cache in a temp folder, so it can neither hang nor touch the user's cache.
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedCopies, npmFlags, packWorkspace, run, tempDir, verdict } from './lib.mjs';

/** Packages that must be installed once: the frameworks and the classes they share with us. */
const SINGLE = ['ai', '@ai-sdk/provider', '@ai-sdk/provider-utils', '@langchain/core'];

const keep = process.argv.includes('--keep');
const root = await tempDir('polargrid-newest-');
const project = join(root, 'app');
const cache = join(root, 'npm-cache');
const npm = ['npm'];
const problems = [];
try {
  console.log(`packing the workspace packages into ${root}`);
  const tarballs = await packWorkspace(root);
  await run('mkdir', ['-p', project]);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'newest-check', private: true, type: 'module' }, null, 2),
  );
  const install = [...Object.values(tarballs), 'ai@latest', '@langchain/core@latest', 'zod@latest'];
  console.log(`npm install ${install.map((s) => s.replace(`${root}/`, '')).join(' ')}`);
  const { stderr } = await run(
    npm[0],
    ['install', ...install, '--ignore-scripts', ...npmFlags(cache)],
    { cwd: project, timeoutMs: 480_000 },
  );
  if (/ERESOLVE|peer dep/i.test(stderr)) problems.push(`npm reported peer problems:\n${stderr}`);

  for (const name of SINGLE) {
    const copies = await installedCopies(npm, project, name);
    console.log(`${name}: ${copies.join(', ') || 'not installed'}`);
    if (copies.length !== 1)
      problems.push(`${copies.length} copies of ${name}: ${copies.join(', ')}`);
  }

  await copyFile(
    fileURLToPath(new URL('./newest-scenario.mjs', import.meta.url)),
    join(project, 'scenario.mjs'),
  );
  const scenario = await run(process.execPath, ['scenario.mjs'], {
    cwd: project,
    env: { POLARGRID_API_KEY: '', POLARGRID_AUTOROUTER_URL: '', POLARGRID_BASE_URL: '' },
    timeoutMs: 180_000,
    allowFailure: true,
  });
  console.log(scenario.stdout.trimEnd());
  if (scenario.code !== 0) problems.push(`instanceof checks failed:\n${scenario.stderr.trim()}`);
} catch (error) {
  problems.push(String(error?.message ?? error));
} finally {
  if (keep) console.log(`kept ${root}`);
  else await rm(root, { recursive: true, force: true });
}
verdict(problems, 'one copy of each framework, and every error is instanceof its class');
