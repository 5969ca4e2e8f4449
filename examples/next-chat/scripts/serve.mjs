#!/usr/bin/env node
/**
 * One command for the example: `pnpm --filter next-chat start`.
 *
 * - Without `POLARGRID_API_KEY`: starts the PolarGrid edge emulator in this process (with
 *   real-ish pacing so streaming is visible) and points the Next server at it.
 * - With `POLARGRID_API_KEY`: no emulator; the Next server talks to real PolarGrid.
 *
 * Builds the app when `.next` has no up-to-date production build (or with `--rebuild`), then runs
 * `next start` on a free loopback port. The helpers are exported for the browser test.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next');

/** Pacing for the interactive demo: a visible first-token delay and ~40 tokens per second. */
export const DEMO_TIMING = { ttftMs: 150, tokensPerSecond: 40 };

const buildId = join(appDir, '.next', 'BUILD_ID');

export function hasProductionBuild() {
  return existsSync(buildId);
}

/** Newest modification time under `path` (files only), or 0 when it does not exist. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The build is stale when the app's sources or the PolarGrid packages it bundles (their `dist`)
 * changed after it was made.
 */
export function isBuildStale() {
  if (!hasProductionBuild()) return true;
  const builtAt = statSync(buildId).mtimeMs;
  const inputs = [
    join(appDir, 'src'),
    join(appDir, 'next.config.mjs'),
    ...['core', 'ai-sdk-provider', 'langchain'].map((p) =>
      join(appDir, '..', '..', 'packages', p, 'dist'),
    ),
  ];
  return inputs.some((input) => newestMtime(input) > builtAt);
}

function run(args, { env, stdio = 'inherit' } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], {
      cwd: appDir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio,
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`next ${args[0]} exited with ${code ?? signal}`)),
    );
  });
}

/** Runs `next build` unless an up-to-date production build exists (or `force`). */
export async function ensureBuilt({ force = false, stdio = 'inherit' } = {}) {
  if (!force && !isBuildStale()) return false;
  await run(['build'], { stdio });
  return true;
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`next start did not answer on ${url} within ${timeoutMs} ms`);
}

/**
 * Starts `next start` on a free loopback port with `env` added to the server's environment.
 * `logs` collects the server's stdout and stderr lines (the browser test reads them).
 */
export async function startNextServer({ env = {}, port, echo = false, timeoutMs = 60_000 } = {}) {
  const listenPort = port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [nextBin, 'start', '-H', '127.0.0.1', '-p', String(listenPort)],
    {
      cwd: appDir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (text) => {
      for (const line of text.split('\n')) if (line) logs.push(line);
      if (echo) process.stdout.write(text);
    });
  }
  const url = `http://127.0.0.1:${listenPort}`;
  try {
    await waitForHttp(`${url}/`, child, timeoutMs);
  } catch (error) {
    child.kill('SIGTERM');
    throw new Error(`${error.message}\n${logs.join('\n')}`);
  }
  const close = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  return { url, logs, child, close };
}

async function main() {
  const rebuild = process.argv.includes('--rebuild');
  const useReal = Boolean(process.env.POLARGRID_API_KEY);
  let emulator;
  let env = {};
  if (useReal) {
    console.log('POLARGRID_API_KEY is set: talking to real PolarGrid (no emulator).');
  } else {
    const { startEdgeEmulator } = await import('@polargrid/edge-emulator');
    emulator = await startEdgeEmulator({ timing: DEMO_TIMING });
    env = emulator.env;
    console.log(`Edge emulator: autorouter ${emulator.autorouterURL}`);
    for (const [region, url] of Object.entries(emulator.edgeURLs))
      console.log(`  ${region} ${url}`);
  }

  if (await ensureBuilt({ force: rebuild })) console.log('Built the app.');
  const { startRealtimeRelay } = await import('./realtime-relay.mjs');
  const relay = await startRealtimeRelay({
    env: emulator
      ? {
          POLARGRID_API_KEY: emulator.apiKey,
          POLARGRID_PERSONAPLEX_URL: emulator.edgeURLs['yto-01'],
        }
      : {},
  });
  console.log(`Realtime relay (PersonaPlex, for /realtime): ${relay.url}`);
  const server = await startNextServer({
    env: { ...env, POLARGRID_REALTIME_RELAY_URL: relay.url },
    port: process.env.PORT ? Number(process.env.PORT) : undefined,
    echo: true,
  });
  console.log(`\nnext-chat is running at ${server.url}\n`);

  const shutdown = async () => {
    await server.close();
    await relay.close();
    await emulator?.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
