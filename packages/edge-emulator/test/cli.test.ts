import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_HELP, runCli } from '../src/cli-main.js';

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

describe('polargrid-edge CLI', () => {
  it('prints export lines for the client env and applies the flags', async () => {
    const lines: string[] = [];
    const emulator = await runCli(
      ['--ttft', '0', '--tps', '0', '--rate-limit', '1', '--api-key', 'pg_cli_test_key'],
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
  });

  it.skipIf(!existsSync(DIST_CLI))('runs as a bin until SIGTERM (needs a build)', async () => {
    const child = spawn(process.execPath, [BIN, '--tps', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.split('\n').filter((l) => l.startsWith('export ')).length === 3) resolve();
      });
      child.on('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    const env = exports(out.trim().split('\n'));
    expect((await fetch(`${env.POLARGRID_AUTOROUTER_URL}/v1/route`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${env.POLARGRID_AUTOROUTER_URL}/v1/route`)).rejects.toThrow();
  });
});
