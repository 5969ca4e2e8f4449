import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import {
  createChatCompletion,
  listServedModels,
  getServedModel,
  PolarGridEdge,
} from '../src/index.js';

let emulator: EdgeEmulator;
/** An edge serving a model PolarGrid added after this package was released. */
let newModelEdge: TestServer;

beforeAll(async () => {
  emulator = await startEdgeEmulator();
  newModelEdge = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        object: 'list',
        data: [
          {
            id: 'qwen-4.0-70b',
            object: 'model',
            pg_model_type: 'llm',
            context_length: 131_072,
            capabilities: { tools: true, reasoning: true },
          },
          { id: 'mystery-model', object: 'model' },
          { id: 'qwen-3.8-27b', object: 'model', pg_model_type: 'llm', context_length: 65_536 },
          { object: 'model', note: 'an entry without an id is not a model' },
        ],
      }),
    );
  });
});
afterAll(async () => {
  await emulator.close();
  await newModelEdge.close();
});
afterEach(async () => {
  for (const region of Object.keys(emulator.edgeURLs)) await emulator.setEdgeDown(region, false);
  emulator.resetRequests();
});

const modelListRequests = () =>
  emulator.requests.filter((r) => r.target !== 'autorouter' && r.path === '/v1/models');

describe('the live model catalogue', () => {
  it('lists what every edge serves, with the regions serving each model', async () => {
    const client = new PolarGridEdge(emulator.clientOptions());
    const served = await listServedModels(client);
    const byId = new Map(served.map((m) => [m.id, m]));
    expect(byId.get('qwen-3.8-27b')?.regions.sort()).toEqual(['yto-01', 'yul-01', 'yvr-02']);
    expect(byId.get('kokoro-82m')?.regions).toEqual(['yvr-02']);
    expect(byId.get('qwen-3.8-27b')).toMatchObject({
      type: 'chat',
      source: 'built-in',
      capabilities: { tools: true },
    });
    expect(await getServedModel(client, 'qwen-3.5-27b')).toBeUndefined();
    // The key went to the edges (never to the autorouter).
    for (const r of modelListRequests()) expect(r.headers.authorization).toMatch(/^Bearer pg_/);
    for (const r of emulator.requests.filter((x) => x.target === 'autorouter')) {
      expect(r.headers.authorization).toBeUndefined();
    }
  });

  it('asks each edge once for many concurrent callers, then answers from its cache', async () => {
    const client = new PolarGridEdge(emulator.clientOptions());
    await Promise.all(Array.from({ length: 20 }, () => listServedModels(client)));
    expect(modelListRequests()).toHaveLength(3);
    await listServedModels(client);
    expect(modelListRequests()).toHaveLength(3);
  });

  it('leaves out an edge that does not answer, and asks it again next time', async () => {
    const client = new PolarGridEdge({ ...emulator.clientOptions(), discoveryTimeout: 500 });
    await emulator.setEdgeDown('yvr-02', true);
    const without = await listServedModels(client);
    expect(without.find((m) => m.id === 'kokoro-82m')).toBeUndefined();
    await emulator.setEdgeDown('yvr-02', false);
    const withIt = await listServedModels(client);
    expect(withIt.find((m) => m.id === 'kokoro-82m')?.regions).toEqual(['yvr-02']);
  });

  it("takes a new model's capabilities from the edge, and never guesses unknown ones", async () => {
    const client = new PolarGridEdge({
      apiKey: emulator.apiKey,
      baseURL: newModelEdge.url,
    });
    const added = await getServedModel(client, 'qwen-4.0-70b');
    expect(added).toMatchObject({
      regions: ['custom'],
      type: 'chat',
      source: 'live',
      capabilities: { tools: true, reasoning: true, vision: false, contextWindow: 131_072 },
    });
    expect(await getServedModel(client, 'mystery-model')).toMatchObject({
      source: 'none',
      capabilities: undefined,
    });
    // What the edge states wins over the built-in table.
    expect(await getServedModel(client, 'qwen-3.8-27b')).toMatchObject({
      source: 'live+built-in',
      capabilities: { contextWindow: 65_536, tools: true },
    });
    expect((await listServedModels(client)).map((m) => m.id)).not.toContain(undefined);
  });
});

describe('a model no edge serves', () => {
  const ask = (client: PolarGridEdge) =>
    createChatCompletion(client, {
      model: 'qwen-9.9-nowhere',
      messages: [{ role: 'user', content: 'hi' }],
    }).catch((e: unknown) => e);

  it('is that error after one autorouter request, pointing to the live catalogue', async () => {
    const client = new PolarGridEdge({ ...emulator.clientOptions(), maxRetries: 0 });
    const error = await ask(client);
    expect(error).toMatchObject({ name: 'NotFoundError', code: 'model_not_served' });
    expect((error as Error).message).toMatch(/listServedModels\(\) lists the models served now/);
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]?.target).toBe('autorouter');
  });

  it('names what is served when the catalogue has a recent answer, still sending nothing more', async () => {
    const client = new PolarGridEdge({ ...emulator.clientOptions(), maxRetries: 0 });
    await listServedModels(client);
    emulator.resetRequests();
    const error = await ask(client);
    expect((error as Error).message).toMatch(/Served now: .*qwen-3\.8-27b/);
    const served = (error as { details: { servedModels: { id: string }[] } }).details.servedModels;
    expect(served.map((m) => m.id)).toContain('kokoro-82m');
    expect(emulator.requests).toHaveLength(1);
  });
});
