// docs/getting-started.md as a newcomer runs it: from empty folders, with the registry, on the
// lowest Node the page names (installed from the registry's `node-<platform>-<arch>` package with
// the npm that Node ships), every shell line of the page in order, the page's files written where
// it says, `next build` for the chat and the agent against the emulator. Fails on an engine
// warning (EBADENGINE), on a second copy of `ai` in the chat app, or on any step failing. Our
// packages are not published yet: their tarballs (packed from the workspace) stand in for them.
// It needs the registry, so it is its own command, outside `pnpm test`:
//
//   pnpm build && node scripts/registry/newcomer.mjs [--keep] [--node X.Y]   (or: pnpm check:newcomer)
//
// Every command runs with stdin closed and a deadline, npm with a private cache; install scripts
// are off (npm_config_ignore_scripts), as nothing on the page needs one.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { installedCopies, packWorkspace, ROOT, run, tempDir, verdict } from './lib.mjs';

/** The npm that Node 22.18.0 ships (Node's registry packages carry no npm of their own). */
const NPM_OF_NODE_22 = '10.9.3';
const PAGE = join(ROOT, 'docs/getting-started.md');

const keep = process.argv.includes('--keep');
const page = await readFile(PAGE, 'utf8');
const named = /Node (\d+\.\d+) or newer/.exec(page)?.[1];
if (!named) throw new Error('docs/getting-started.md names no "Node X.Y or newer"');
// `--node 20.19` runs the page on another Node, e.g. to see what a Node 20 user meets.
const flag = process.argv.indexOf('--node');
const lowest = flag === -1 ? named : process.argv[flag + 1];

const root = await tempDir('polargrid-newcomer-');
const cache = join(root, 'npm-cache');
const problems = [];
const log = (line) => console.log(`[newcomer] ${line}`);

/** The fenced blocks of the page, in order, each with the number of its `## N.` step. */
function blocks(text) {
  const out = [];
  const fence = /^```(\S*)[^\n]*\n([\s\S]*?)^```$/gm;
  for (const m of text.matchAll(fence)) {
    const steps = [...text.slice(0, m.index).matchAll(/^## (\d+)\./gm)];
    out.push({ lang: m[1], code: m[2], step: Number(steps.at(-1)?.[1] ?? 0) });
  }
  return out;
}

/** The one block of the page whose code matches `pattern`. */
function blockWith(all, pattern) {
  const found = all.filter((b) => pattern.test(b.code));
  if (found.length !== 1)
    throw new Error(`expected one block matching ${pattern}, found ${found.length}`);
  return found[0].code;
}

try {
  // 1. The lowest Node the page names, and its npm, in a folder of their own.
  const toolchain = join(root, 'toolchain');
  await mkdir(toolchain, { recursive: true });
  await writeFile(join(toolchain, 'package.json'), '{"private":true}');
  const nodePackage = `node-${process.platform}-${process.arch}@${lowest}.0`;
  log(`installing ${nodePackage} and npm@${NPM_OF_NODE_22}`);
  await run(
    'npm',
    [
      'install',
      nodePackage,
      `npm@${NPM_OF_NODE_22}`,
      '--ignore-scripts',
      '--cache',
      cache,
      '--no-audit',
      '--no-fund',
    ],
    { cwd: toolchain, timeoutMs: 300_000 },
  );
  const bin = join(toolchain, 'node_modules/.bin');
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    npm_config_cache: cache,
    npm_config_ignore_scripts: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // The "Ok to proceed? (y)" a newcomer answers when npx fetches create-next-app.
    npm_config_yes: 'true',
    NEXT_TELEMETRY_DISABLED: '1',
    POLARGRID_API_KEY: '',
    POLARGRID_AUTOROUTER_URL: '',
    POLARGRID_EDGE_URLS: '',
    POLARGRID_BASE_URL: '',
  };
  const version = (await run('node', ['-v'], { env, cwd: root })).stdout.trim();
  log(`node ${version}, npm ${(await run('npm', ['-v'], { env, cwd: root })).stdout.trim()}`);
  if (!version.startsWith(`v${lowest}.`)) problems.push(`wanted Node ${lowest}, got ${version}`);

  // 2. Our packages as tarballs, standing in for the registry's.
  const tarballs = await packWorkspace(root);
  // An install line gets the tarballs instead of our names; where the registry would fetch
  // @polargrid/core as a dependency of the provider or the LangChain package, its tarball is
  // added to the line (npm cannot find an unpublished dependency by name).
  const withTarballs = (line) => {
    if (!/^npm (install|i) /.test(line)) return line;
    const needsCore =
      /@polargrid\/(ai-sdk-provider|langchain)\b/.test(line) && !/@polargrid\/core\b/.test(line);
    const replaced = line.replace(/@polargrid\/[a-z-]+/g, (name) => tarballs[name] ?? name);
    return needsCore ? `${replaced} ${tarballs['@polargrid/core']}` : replaced;
  };

  // 3. Every shell line of the page, in order, from an empty folder.
  const all = blocks(page);
  const home = join(root, 'home');
  await mkdir(home);
  let cwd = home;
  const folders = {};
  // Step 1 presents the emulator; steps 2 and 3 install it where it is used.
  let step = 0;
  for (const block of all.filter((b) => b.lang === 'sh' && b.step >= 2)) {
    // Each step starts from the first folder, as in a new terminal.
    if (block.step !== step) [step, cwd] = [block.step, home];
    for (const raw of block.code.split('\n')) {
      const line = raw.replace(/\s#.*$/, '').trim();
      if (line === '' || line.startsWith('#')) continue;
      if (/^npx (-p )?@polargrid\/edge-emulator\b/.test(line)) continue; // started below
      if (line === 'npm run dev') continue; // a server: `next build` checks the app instead
      const cd = /^cd (\S+)$/.exec(line);
      if (cd) {
        cwd = join(cwd, cd[1]);
        folders[cd[1]] = cwd;
        continue;
      }
      const command = withTarballs(line);
      log(`${cwd.replace(root, '')}$ ${line}`);
      const out = await run('bash', ['-c', command], { cwd, env, timeoutMs: 600_000 });
      const text = `${out.stdout}\n${out.stderr}`;
      if (/EBADENGINE/.test(text)) {
        problems.push(
          `engine warning on "${line}":\n${text
            .split('\n')
            .filter((l) => /EBADENGINE|required|current/.test(l))
            .slice(0, 12)
            .join('\n')}`,
        );
      }
    }
  }
  const chat = folders['my-chat'];
  const agentDir = folders['my-agent'] ?? join(home, 'my-agent');
  if (!chat) throw new Error('the page never enters my-chat');

  // 4. One `ai` in the chat app, and the hooks' major that goes with it.
  const aiCopies = await installedCopies(['npm'], chat, 'ai', env);
  log(`ai in my-chat: ${aiCopies.join(', ')}`);
  if (aiCopies.length !== 1)
    problems.push(`${aiCopies.length} copies of ai in my-chat: ${aiCopies.join(', ')}`);
  const react = await installedCopies(['npm'], chat, '@ai-sdk/react', env);
  if (!react.every((copy) => /@4\./.test(copy)))
    problems.push(`@ai-sdk/react is not 4.x: ${react}`);

  // 5. The page's files where it puts them, then a production build of the chat.
  const write = async (path, text) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  };
  await write(join(chat, 'app/api/chat/route.ts'), blockWith(all, /export async function POST/));
  await write(join(chat, 'app/page.tsx'), blockWith(all, /'use client'/));
  await write(join(chat, '.env.local'), blockWith(all, /^POLARGRID_API_KEY=/m));
  // This machine reaches only the npm registry: the generated layout's Google fonts cannot be
  // fetched at build time, so a layout without them stands in (the page does not touch it).
  await write(
    join(chat, 'app/layout.tsx'),
    'export default function RootLayout({ children }: { children: React.ReactNode }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n',
  );
  log('my-chat$ npx next build');
  await run('npx', ['next', 'build'], { cwd: chat, env, timeoutMs: 600_000 });

  // 6. The agent against the emulator the page installed, on the same Node.
  await write(join(agentDir, 'agent.ts'), blockWith(all, /createAgent/));
  const emulator = spawn(
    'node',
    [
      '-e',
      "const { startEdgeEmulator } = await import('@polargrid/edge-emulator'); const e = await startEdgeEmulator(); console.log(JSON.stringify(e.env));",
    ],
    { cwd: agentDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const emulatorEnv = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the emulator did not start in 30 s')),
        30_000,
      );
      emulator.stdout.once('data', (chunk) => {
        clearTimeout(timer);
        resolve(JSON.parse(String(chunk)));
      });
      emulator.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
    });
    log('my-agent$ node agent.ts');
    const out = await run('node', ['agent.ts'], {
      cwd: agentDir,
      env: { ...env, ...emulatorEnv },
      timeoutMs: 120_000,
    });
    log(out.stdout.trim().split('\n').join('\n[newcomer]   '));
    if (/EXPERIMENTAL|ExperimentalWarning/.test(out.stderr)) log(`(stderr: ${out.stderr.trim()})`);
  } finally {
    emulator.kill();
  }
} catch (error) {
  problems.push(String(error?.message ?? error));
} finally {
  if (keep) log(`kept ${root}`);
  else await rm(root, { recursive: true, force: true });
}
verdict(problems, `the getting-started runs on Node ${lowest} with no engine warning and one ai`);
