/**
 * The one-command start (`pnpm start` → `scripts/serve.mjs`): without a key it starts the edge
 * emulator in-process and serves the production build against it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../scripts/serve.mjs';

let child: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  await ensureBuilt({ stdio: 'inherit' });
});

afterAll(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child?.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

function startServe(): Promise<string> {
  // No POLARGRID_* variables: the default path (emulator in-process), whatever the shell has.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('POLARGRID_')),
  ) as NodeJS.ProcessEnv;
  child = spawn(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'serve.mjs')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString('utf8');
      const url = /next-chat is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    child?.stdout?.on('data', onData);
    child?.stderr?.on('data', onData);
    child?.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}:\n${output}`)));
  });
}

describe('scripts/serve.mjs', () => {
  it('starts the emulator in-process and serves the app against it', async () => {
    const url = await startServe();
    expect(output).toMatch(/Edge emulator: autorouter http:\/\/127\.0\.0\.1:\d+/);

    const models = await fetch(`${url}/api/models`).then((r) => r.json());
    expect(models.region).toBe('yto-01');
    expect(models.models.map((m: { id: string }) => m.id)).toContain('qwen-3.8-27b');

    const res = await fetch(`${url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Say hello' }] }],
      }),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const body = await res.text();
    expect(body).toContain('"type":"text-delta"');
    expect(body).toContain('"region":"yto-01"');
  });
});
