/**
 * Every connection option reaches the core, the same for each LangChain class (they take the
 * core's options type and pass it through), against the edge emulator.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { ChatPolarGrid } from '../chat_models.js';
import { PolarGridEmbeddings } from '../embeddings.js';
import { PolarGridLLM } from '../llms.js';
import { useEmulator } from './emulator.js';

const emulator = useEmulator();
const connection = () => ({ ...emulator.current.clientOptions(), maxRetries: 0 });

afterEach(async () => {
  await emulator.current.clearFaults();
  emulator.current.resetRequests();
});

describe('connection options reach the core', () => {
  test('fallbackRegions decides where a request goes when the autorouter is down; debug logs it', async () => {
    emulator.current.inject({ kind: 'autorouter-dead' });
    const regions: unknown[] = [];
    for (const order of [
      ['yul-01', 'yto-01'],
      ['yto-01', 'yul-01'],
    ]) {
      const lines: string[] = [];
      const model = new ChatPolarGrid({
        ...connection(),
        fallbackRegions: order,
        debug: (line) => lines.push(line),
      });
      const reply = await model.invoke('Hi');
      regions.push(reply.response_metadata.region);
      expect(lines.some((line) => line.includes('Auto-routing failed'))).toBe(true);
    }
    expect(regions).toEqual(['yul-01', 'yto-01']);
  });

  test('maxFailovers: 0 keeps a request on a dead pinned edge; 1 lets it move on', async () => {
    await emulator.current.inject({ kind: 'edge-dead', region: 'yto-01' }).ready;
    const pinned = { ...connection(), region: 'yto-01', fallbackRegions: ['yul-01'] };
    await expect(
      new ChatPolarGrid({ ...pinned, maxFailovers: 0 }).invoke('Hi'),
    ).rejects.toMatchObject({ name: 'NetworkError' });
    const moved = await new ChatPolarGrid({ ...pinned, maxFailovers: 1 }).invoke('Hi');
    expect(moved.response_metadata.region).toBe('yul-01');
  });

  test('discoveryTimeout bounds the autorouter lookup', async () => {
    emulator.current.inject({ kind: 'autorouter-slow', ms: 5000 });
    const started = Date.now();
    const reply = await new ChatPolarGrid({
      ...connection(),
      discoveryTimeout: 200,
      fallbackRegions: ['yul-01'],
    }).invoke('Hi');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(reply.response_metadata.region).toBe('yul-01');
  });

  test('queryParams and userAgentSuffix reach edges only, from every class', async () => {
    const options = {
      ...connection(),
      queryParams: { 'api-version': '7' },
      userAgentSuffix: 'my-app/1.0',
    };
    await new ChatPolarGrid(options).invoke('Hi');
    await new PolarGridLLM(options).invoke('Hi');
    await new PolarGridEmbeddings(options).embedQuery('Hi');
    const { requests } = emulator.current;
    const edge = requests.filter((r) => r.target !== 'autorouter');
    expect(edge.map((r) => r.path).sort()).toEqual([
      '/v1/chat/completions',
      '/v1/completions',
      '/v1/embeddings',
    ]);
    for (const r of edge) {
      expect(r.query['api-version']).toBe('7');
      expect(r.headers['user-agent']).toContain('my-app/1.0');
      expect(r.headers['x-polargrid-client']).toContain('langchain/polargrid/');
    }
    const lookups = requests.filter((r) => r.target === 'autorouter');
    expect(lookups.length).toBeGreaterThan(0);
    for (const r of lookups) {
      expect(r.query['api-version']).toBeUndefined();
      expect(r.headers['user-agent'] ?? '').not.toContain('my-app/1.0');
    }
  });

  test('a missing key fails at construction for every class, naming POLARGRID_API_KEY', () => {
    const saved = process.env.POLARGRID_API_KEY;
    delete process.env.POLARGRID_API_KEY;
    try {
      const { apiKey: _none, ...withoutKey } = connection();
      for (const build of [
        () => new ChatPolarGrid(withoutKey),
        () => new PolarGridLLM(withoutKey),
        () => new PolarGridEmbeddings(withoutKey),
      ]) {
        expect(build).toThrow(
          expect.objectContaining({ name: 'ConfigurationError', code: 'missing_api_key' }),
        );
        expect(build).toThrow(/POLARGRID_API_KEY/);
      }
    } finally {
      if (saved !== undefined) process.env.POLARGRID_API_KEY = saved;
    }
  });
});
