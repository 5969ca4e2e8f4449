import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEdgeEmulator } from '@polargrid/edge-emulator';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Runs the demo as a child process (the same Node that runs the tests) and collects its output. */
function runDemo(args: string[], env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('POLARGRID_')),
  );
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', MAIN, ...args],
      { env: { ...clean, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('demo', () => {
  it('runs every step end to end against the in-process emulator and exits 0', async () => {
    const { code, stdout, stderr } = await runDemo(['--fast'], {
      POLARGRID_EMULATOR: '1',
      // A key in the environment must not switch to real PolarGrid when the emulator is forced.
      POLARGRID_API_KEY: 'pg_not_a_real_key_123',
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Target: local edge emulator');
    // Routing: the region and why.
    expect(stdout).toMatch(/chat \(qwen-3\.8-27b\) → yto-01 Toronto/);
    expect(stdout).toMatch(/speech \(kokoro-82m\) → yvr-02 Vancouver/);
    expect(stdout).toContain('why: the autorouter chose it');
    // Streamed chat, with timings.
    expect(stdout).toContain('why does running inference at the edge lower latency?');
    expect(stdout).toMatch(/TTFT \d+ ms, [\d.]+ tokens\/s, \d+ tokens/);
    // The agent ran both tools and answered with their results.
    expect(stdout).toContain('ran get_weather({"city":"Toronto"}) → Toronto:');
    expect(stdout).toContain('ran get_local_time({"city":"Vancouver"})');
    expect(stdout).toMatch(/get_weather returned: Toronto: -?\d+°C/);
    // Retrieval ranks the autorouter document first.
    expect(stdout).toMatch(/1\. [\d.]+ {2}The autorouter picks the nearest edge region/);
    // Speech → transcription round trip.
    expect(stdout).toContain('round trip: the transcript matches the original text');
    // Adapters.
    expect(stdout).toContain('AI SDK: streamText with createPolarGrid');
    expect(stdout).toContain('LangChain: ChatPolarGrid.stream');
    expect(stdout).toContain('All 7 steps passed.');
  });

  it('uses the environment (real-PolarGrid path) and exits 1 with a clear message when a step fails', async () => {
    const emulator = await startEdgeEmulator();
    emulator.inject({ kind: 'model-not-loaded', path: '/v1/embeddings' });
    try {
      const { code, stdout, stderr } = await runDemo(['--fast', '--only=route,retrieval'], {
        ...emulator.env,
        POLARGRID_EMBEDDING_MODEL: 'pg-embed-v1',
      });
      expect(stdout).toContain('Target: PolarGrid (autorouter http://127.0.0.1:');
      expect(stdout).toMatch(/✓ route: chat: yto-01 via autorouter/);
      expect(stdout).toMatch(/✗ retrieval: FAILED — .*pg-embed-v1/);
      expect(stderr).toContain('Demo failed: 1 step(s) failed: retrieval');
      expect(code).toBe(1);
      // The key went to edges only, never to the autorouter.
      const routerCalls = emulator.requests.filter((r) => r.target === 'autorouter');
      expect(routerCalls.length).toBeGreaterThan(0);
      expect(routerCalls.every((r) => r.headers.authorization === undefined)).toBe(true);
      expect(
        emulator.requests.some((r) => r.headers.authorization === `Bearer ${emulator.apiKey}`),
      ).toBe(true);
    } finally {
      await emulator.close();
    }
  });

  it('skips retrieval against real PolarGrid when no embedding model is configured', async () => {
    const emulator = await startEdgeEmulator();
    try {
      const { code, stdout } = await runDemo(['--fast', '--only=retrieval'], { ...emulator.env });
      expect(code).toBe(0);
      expect(stdout).toContain('skipped — PolarGrid lists no embedding model yet');
    } finally {
      await emulator.close();
    }
  });
});
