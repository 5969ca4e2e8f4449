// Shared by the registry checks (newest.mjs, newcomer.mjs): child processes that cannot hang,
// packing the workspace packages as `changeset publish` would, and reading `npm ls`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The workspace packages a user installs, by name, with their folders. */
export const PACKAGES = {
  '@polargrid/core': 'packages/core',
  '@polargrid/ai-sdk-provider': 'packages/ai-sdk-provider',
  '@polargrid/langchain': 'packages/langchain',
  '@polargrid/edge-emulator': 'packages/edge-emulator',
};

/**
 * The environment a user's shell would have: without the `npm_*` variables a package manager
 * sets for the script that runs this (pnpm's config would otherwise leak into npm).
 */
function userEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

/** A fresh folder under the system's temp dir. */
export function tempDir(prefix) {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * Runs a command to its end with stdin closed and a deadline (then the whole process group is
 * killed), collecting stdout and stderr; rejects on a non-zero exit unless `allowFailure`.
 */
export function run(command, args, { cwd, env, timeoutMs = 300_000, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...userEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      reject(new Error(`${command} ${args.join(' ')} still running after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const out = { code, stdout, stderr };
      if (code === 0 || allowFailure) resolve(out);
      else {
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
        reject(new Error(`${command} ${args.join(' ')} exited ${code} in ${cwd}:\n${tail}`));
      }
    });
  });
}

/** npm settings that keep a check private and quiet: its own cache, no audit, fund or notifier. */
export function npmFlags(cache) {
  return ['--cache', cache, '--no-audit', '--no-fund', '--update-notifier=false'];
}

/** pnpm as pinned by the repository (`packageManager`), through npx. */
function pnpmCommand() {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return ['npx', ['-y', root.packageManager]];
}

/**
 * Packs each workspace package into `dir` with pnpm (which turns `workspace:^` into the version,
 * as publishing does) and returns the tarball paths by package name. Packages must be built.
 */
export async function packWorkspace(dir, names = Object.keys(PACKAGES)) {
  const [npx, pre] = pnpmCommand();
  const tarballs = {};
  for (const name of names) {
    const folder = join(ROOT, PACKAGES[name]);
    if (!existsSync(join(folder, 'dist'))) {
      throw new Error(`${name} is not built: run \`pnpm build\` first.`);
    }
    const { stdout } = await run(npx, [...pre, 'pack', '--json', '--pack-destination', dir], {
      cwd: folder,
      timeoutMs: 120_000,
    });
    tarballs[name] = resolve(dir, JSON.parse(stdout).filename);
  }
  return tarballs;
}

/**
 * Every copy of `name` on disk in an npm project, as `location@version` (`npm query` lists each
 * physical copy once; a deduped dependency is not another copy).
 */
export async function installedCopies(npm, project, name, env) {
  const { stdout } = await run(npm[0], [...npm.slice(1), 'query', `#${name}`], {
    cwd: project,
    env,
    timeoutMs: 120_000,
  });
  return JSON.parse(stdout).map((node) => `${node.location}@${node.version}`);
}

/** Prints a check's verdict line and sets the exit code. */
export function verdict(problems, okMessage) {
  if (problems.length === 0) {
    console.log(`\nOK: ${okMessage}`);
    return;
  }
  console.error(`\nFAILED (${problems.length}):`);
  for (const problem of problems) console.error(`- ${problem}`);
  process.exitCode = 1;
}
