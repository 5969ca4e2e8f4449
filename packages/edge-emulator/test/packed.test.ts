import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killChildren, runCommand, userEnv } from '../../../scripts/ci/child-process.js';

// The emulator as a user gets it: `npm pack`ed, installed into an empty folder outside the
// monorepo, started through `npx`. Only npm and tarballs, so everything runs offline: its
// dependencies are packed from the copies this workspace installed.
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const built = existsSync(join(PACKAGE_DIR, 'dist/cli.js'));
const npmEnv = userEnv();

let project = '';

beforeAll(async () => {
  if (!built) return;
  project = await mkdtemp(join(tmpdir(), 'polargrid-edge-packed-'));
  const { stdout } = await runCommand('npm', ['pack', '--json', '--pack-destination', project], {
    cwd: PACKAGE_DIR,
    timeoutMs: 60_000,
  });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  // Its runtime dependencies (the MP3 encoder, the Opus codec, ws) are packed from the copies
  // this workspace installed, so the install needs no registry.
  const { dependencies } = JSON.parse(
    await readFile(join(PACKAGE_DIR, 'package.json'), 'utf8'),
  ) as {
    dependencies: Record<string, string>;
  };
  const tarballs = [join(project, filename)];
  for (const name of Object.keys(dependencies)) {
    const packed = await runCommand(
      'npm',
      ['pack', '--json', '--pack-destination', project, join(PACKAGE_DIR, 'node_modules', name)],
      { cwd: PACKAGE_DIR, timeoutMs: 60_000 },
    );
    const [{ filename: file }] = JSON.parse(packed.stdout) as [{ filename: string }];
    tarballs.unshift(join(project, file));
  }
  await writeFile(join(project, 'package.json'), '{ "name": "empty-app", "private": true }\n');
  await runCommand('npm', ['install', '--offline', ...tarballs], {
    cwd: project,
    timeoutMs: 90_000,
  });
}, 120_000);

afterAll(async () => {
  killChildren();
  if (project) await rm(project, { recursive: true, force: true });
});

const npx = (args: string[]) =>
  runCommand('npx', ['--offline', ...args], { cwd: project, timeoutMs: 60_000 });

describe.skipIf(!built)('the packed package in an empty project (needs a build)', () => {
  it('`npx @polargrid/edge-emulator --help` and `npx -p … polargrid-edge --help` both run the CLI', async () => {
    const unscoped = await npx(['@polargrid/edge-emulator', '--help']);
    expect(unscoped.stdout).toContain('polargrid-edge: a local PolarGrid');
    const named = await npx(['-p', '@polargrid/edge-emulator', 'polargrid-edge', '--help']);
    expect(named.stdout).toBe(unscoped.stdout);
  });

  it('serves and writes .env.local when started through npx', async () => {
    const child = spawn(
      'npx',
      ['--offline', '@polargrid/edge-emulator', '--base-port', '0', '--write-env', '.env.local'],
      { cwd: project, env: npmEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    try {
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('POLARGRID_EDGE_URLS=')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`npx exited early (${code}): ${out}${err}`)));
      });
      const env = Object.fromEntries(
        (await readFile(join(project, '.env.local'), 'utf8'))
          .trim()
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
      expect(Object.keys(env)).toEqual([
        'POLARGRID_API_KEY',
        'POLARGRID_AUTOROUTER_URL',
        'POLARGRID_EDGE_URLS',
      ]);
      expect(out).toContain(`export POLARGRID_AUTOROUTER_URL='${env.POLARGRID_AUTOROUTER_URL}'`);
      const route = await fetch(`${env.POLARGRID_AUTOROUTER_URL}/v1/route`);
      expect(((await route.json()) as { region: string }).region).toBe('yto-01');
      // MP3 speech: the encoder dependency resolves in a user's install.
      const yvr = /yvr-02=([^,]+)/.exec(env.POLARGRID_EDGE_URLS ?? '')?.[1];
      const speech = await fetch(`${yvr}/v1/audio/speech`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${env.POLARGRID_API_KEY}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          model: 'kokoro-82m',
          input: 'Hi',
          voice: 'af_bella',
          response_format: 'mp3',
        }),
      });
      expect(speech.headers.get('content-type')).toBe('audio/mpeg');
      expect([...new Uint8Array(await speech.arrayBuffer()).subarray(0, 2)]).toEqual([0xff, 0xf3]);
    } finally {
      // npx runs the bin in a child of its own: end the whole process group (if still there).
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    }
  });

  it('the CommonJS entry serves MP3 too (the encoder is loaded with import())', async () => {
    const script = `
      const { startEdgeEmulator } = require('@polargrid/edge-emulator');
      startEdgeEmulator().then(async (e) => {
        const res = await fetch(e.edgeURLs['yvr-02'] + '/v1/audio/speech', {
          method: 'POST',
          headers: { authorization: 'Bearer ' + e.apiKey, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'kokoro-82m', input: 'Hi', voice: 'af_bella', response_format: 'mp3' }),
        });
        const bytes = new Uint8Array(await res.arrayBuffer());
        console.log(res.status, res.headers.get('content-type'), bytes[0], bytes[1]);
        await e.close();
      });`;
    const { stdout } = await runCommand(process.execPath, ['-e', script], {
      cwd: project,
      timeoutMs: 60_000,
    });
    expect(stdout.trim()).toBe('200 audio/mpeg 255 243');
  });
});
