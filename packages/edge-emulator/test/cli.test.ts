import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_HELP, DEFAULT_BASE_PORT, runCli } from '../src/cli-main.js';

const BIN = fileURLToPath(new URL('../bin/polargrid-edge.js', import.meta.url));
const DIST_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function exports(lines: string[]): Record<string, string> {
  return Object.fromEntries(
    lines.map((line) => {
      const match = /^export (\w+)='(.*)'$/.exec(line);
      if (!match) throw new Error(`not an export line: ${line}`);
      return [match[1], match[2]];
    }),
  );
}

const portOf = (url: string | undefined) => Number(new URL(url ?? 'http://x').port);
const edgePorts = (edgeURLs: string | undefined) =>
  (edgeURLs ?? '').split(',').map((pair) => portOf(pair.slice(pair.indexOf('=') + 1)));

/** Whether `count` consecutive loopback ports from `base` can be listened on right now. */
async function portsFree(base: number, count: number): Promise<boolean> {
  const servers = [];
  try {
    for (let port = base; port < base + count; port++) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      servers.push(server);
    }
    return true;
  } catch {
    return false;
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

/** A base port with the three ports after it free (other suites share this machine). */
async function freeBase(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    if (await portsFree(base, 4)) return base;
  }
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Spawns the bin; resolves with its export lines once it serves, or rejects with its stderr. */
function spawnBin(args: string[]): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n').filter((l) => l.startsWith('export '));
      if (lines.length === 3) resolve({ child, env: exports(lines) });
    });
    child.on('exit', (code) => reject(new Error(`exited early (${code}): ${out}${err}`)));
  });
}

describe('polargrid-edge CLI', () => {
  it('prints export lines for the client env and applies the flags', async () => {
    const lines: string[] = [];
    const emulator = await runCli(
      [
        '--base-port',
        '0',
        '--ttft',
        '0',
        '--tps',
        '0',
        '--rate-limit',
        '1',
        '--api-key',
        'pg_cli_test_key',
      ],
      (l) => lines.push(l),
    );
    try {
      const env = exports(lines);
      expect(Object.keys(env)).toEqual([
        'POLARGRID_API_KEY',
        'POLARGRID_AUTOROUTER_URL',
        'POLARGRID_EDGE_URLS',
      ]);
      expect(env.POLARGRID_API_KEY).toBe('pg_cli_test_key');
      const route = await fetch(`${env.POLARGRID_AUTOROUTER_URL}/v1/route`);
      expect(((await route.json()) as { region: string }).region).toBe('yto-01');
      const yto = /yto-01=(http:\/\/127\.0\.0\.1:\d+)/.exec(env.POLARGRID_EDGE_URLS ?? '')?.[1];
      const headers = { authorization: 'Bearer pg_cli_test_key' };
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await fetch(`${yto}/v1/models`, { headers })).status);
      expect(statuses).toContain(429);
    } finally {
      await emulator?.close();
    }
  });

  it('prints help and rejects bad numbers', async () => {
    const lines: string[] = [];
    expect(await runCli(['--help'], (l) => lines.push(l))).toBeUndefined();
    expect(lines).toEqual([CLI_HELP]);
    await expect(runCli(['--ttft', 'soon'], () => {})).rejects.toThrow(
      '--ttft must be a non-negative number',
    );
    await expect(runCli(['--base-port', '65534'], () => {})).rejects.toThrow(
      'ports must be integers from 0 to 65535',
    );
  });

  it('documents one npx command, the default ports and every flag in --help', () => {
    expect(DEFAULT_BASE_PORT).toBe(4100);
    expect(CLI_HELP).toContain('Usage: npx @polargrid/edge-emulator [options]');
    // One way to start it (the `polargrid-edge` bin still works; packed.test.ts runs both).
    expect(CLI_HELP).not.toContain('npx -p');
    expect(CLI_HELP).toContain('(default 4100; 0 = any free ports)');
    for (const flag of ['--write-env <path>', '--force', '--cors-origin <o>', '--allow-host <h>'])
      expect(CLI_HELP).toContain(flag);
  });

  it('listens on the base port and the three after it', async () => {
    const base = await freeBase();
    const lines: string[] = [];
    const emulator = await runCli(['--base-port', String(base)], (l) => lines.push(l));
    try {
      const env = exports(lines);
      expect(portOf(env.POLARGRID_AUTOROUTER_URL)).toBe(base);
      expect(edgePorts(env.POLARGRID_EDGE_URLS)).toEqual([base + 1, base + 2, base + 3]);
      expect((await fetch(`${env.POLARGRID_AUTOROUTER_URL}/v1/route`)).status).toBe(200);
      // A second emulator on the same ports says why it cannot start (and leaves nothing open).
      await expect(runCli(['--base-port', String(base)], () => {})).rejects.toThrow(
        /already in use .*--base-port/,
      );
    } finally {
      await emulator?.close();
    }
  });

  it('--port and --edge-ports override the base port', async () => {
    const base = await freeBase();
    const lines: string[] = [];
    const emulator = await runCli(
      ['--base-port', '0', '--port', String(base + 3), '--edge-ports', `${base},${base + 1}`],
      (l) => lines.push(l),
    );
    try {
      const env = exports(lines);
      expect(portOf(env.POLARGRID_AUTOROUTER_URL)).toBe(base + 3);
      const [yto, yul, yvr] = edgePorts(env.POLARGRID_EDGE_URLS);
      expect([yto, yul]).toEqual([base, base + 1]);
      expect(yvr).toBeGreaterThan(0); // the third edge took any free port (base 0)
    } finally {
      await emulator?.close();
    }
  });

  it('--write-env writes our three lines and keeps every other line, across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'polargrid-edge-env-'));
    const file = join(dir, '.env.local');
    await writeFile(
      file,
      [
        '# my app',
        'OPENAI_API_KEY=sk-keep-me',
        'POLARGRID_AUTOROUTER_URL=http://127.0.0.1:1',
        'POLARGRID_REGION=toronto',
        'export POLARGRID_API_KEY=pg_emulator_demo_key',
        '',
      ].join('\n'),
    );
    const base = await freeBase();
    const args = ['--base-port', String(base), '--write-env', file, '--api-key', 'pg_env_file_key'];
    const notes: string[] = [];
    try {
      const first = await runCli(
        args,
        () => {},
        (l) => notes.push(l),
      );
      await first?.close();
      const written = await readFile(file, 'utf8');
      const edges = `yto-01=http://127.0.0.1:${base + 1},yul-01=http://127.0.0.1:${base + 2},yvr-02=http://127.0.0.1:${base + 3}`;
      expect(written).toBe(
        [
          '# my app',
          'OPENAI_API_KEY=sk-keep-me',
          `POLARGRID_AUTOROUTER_URL=http://127.0.0.1:${base}`,
          'POLARGRID_REGION=toronto',
          'export POLARGRID_API_KEY=pg_env_file_key',
          `POLARGRID_EDGE_URLS=${edges}`,
          '',
        ].join('\n'),
      );
      expect(notes).toEqual([
        `polargrid-edge: wrote POLARGRID_API_KEY, POLARGRID_AUTOROUTER_URL, POLARGRID_EDGE_URLS to ${file}`,
      ]);
      // A restart on the same (default or given) ports leaves the file as it was.
      const second = await runCli(
        args,
        () => {},
        () => {},
      );
      await second?.close();
      expect(await readFile(file, 'utf8')).toBe(written);
      // A missing file is created with just our lines.
      const fresh = join(dir, 'new.env');
      const third = await runCli(
        ['--base-port', '0', '--write-env', fresh],
        () => {},
        () => {},
      );
      await third?.close();
      expect((await readFile(fresh, 'utf8')).split('\n').map((l) => l.split('=')[0])).toEqual([
        'POLARGRID_API_KEY',
        'POLARGRID_AUTOROUTER_URL',
        'POLARGRID_EDGE_URLS',
        '',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync(DIST_CLI))(
    'exits 1 without serving, says on stderr what it would replace, and leaves a real key alone (needs a build)',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'polargrid-edge-refuse-'));
      try {
        const file = join(dir, '.env.local');
        const original = 'export POLARGRID_API_KEY=pg_live_0123456789abcdef\n';
        await writeFile(file, original);
        const child = spawn(process.execPath, [BIN, '--base-port', '0', '--write-env', file], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.push(child);
        let out = '';
        let err = '';
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
        });
        child.stderr?.on('data', (d: Buffer) => {
          err += d.toString();
        });
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
        expect(code).toBe(1);
        expect(out).toBe('');
        expect(err).toContain(`polargrid-edge: not writing ${file}`);
        expect(err).toContain('POLARGRID_API_KEY="pg_live_…"');
        expect(err).toContain('--force');
        expect(err).not.toContain('0123456789abcdef');
        expect(await readFile(file, 'utf8')).toBe(original);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(!existsSync(DIST_CLI))('runs as a bin until SIGTERM (needs a build)', async () => {
    const { child, env } = await spawnBin(['--tps', '0', '--base-port', '0']);
    expect((await fetch(`${env.POLARGRID_AUTOROUTER_URL}/v1/route`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${env.POLARGRID_AUTOROUTER_URL}/v1/route`)).rejects.toThrow();
  });

  it.skipIf(!existsSync(DIST_CLI))(
    `serves on ${DEFAULT_BASE_PORT}-${DEFAULT_BASE_PORT + 3} without flags (needs a build)`,
    async (ctx) => {
      // Another polargrid-edge (a developer's, or a parallel suite's) may hold the default ports.
      if (!(await portsFree(DEFAULT_BASE_PORT, 4))) ctx.skip();
      const { child, env } = await spawnBin([]);
      expect(env.POLARGRID_AUTOROUTER_URL).toBe(`http://127.0.0.1:${DEFAULT_BASE_PORT}`);
      expect(edgePorts(env.POLARGRID_EDGE_URLS)).toEqual([4101, 4102, 4103]);
      child.kill('SIGTERM');
    },
  );

  it.skipIf(!existsSync(DIST_CLI))(
    'a port in use ends the bin with exit 1 and a hint',
    async () => {
      const base = await freeBase();
      const first = await spawnBin(['--base-port', String(base)]);
      const error = await spawnBin(['--base-port', String(base)]).catch((e: Error) => e);
      expect(String(error)).toMatch(/exited early \(1\).*already in use/s);
      first.child.kill('SIGTERM');
    },
  );
});
