import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolarGrid } from '../src/index.js';

let emulator: EdgeEmulator;
/** An edge that answers a stream's headers, then never sends a token. */
let stuck: Server;
let stuckURL: string;
let stuckRequests = 0;
let stuckClosed = 0;

beforeAll(async () => {
  emulator = await startEdgeEmulator();
  stuck = createServer((req, res) => {
    stuckRequests++;
    req.resume();
    res.on('close', () => {
      if (!res.writableFinished) stuckClosed++;
    });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': waiting for a GPU\n\n');
  });
  await new Promise<void>((resolve) => stuck.listen(0, '127.0.0.1', resolve));
  stuckURL = `http://127.0.0.1:${(stuck.address() as AddressInfo).port}`;
});
afterAll(async () => {
  stuck.closeAllConnections();
  await new Promise((resolve) => stuck.close(resolve));
  await emulator.close();
});

describe('hedged first tokens through streamText', () => {
  it('answers from the hedge, says so in the provider metadata, and closes the stuck edge', async () => {
    const plain = streamText({
      model: createPolarGrid({ ...emulator.clientOptions(), region: 'yul-01' })('qwen-3.8-27b'),
      prompt: 'Say hello',
    });
    const expected = await plain.text;

    const pg = createPolarGrid({
      apiKey: emulator.apiKey,
      region: 'yto-01',
      edgeURLs: { 'yto-01': stuckURL, 'yul-01': emulator.edgeURLs['yul-01']! },
      fallbackRegions: ['yul-01'],
      hedge: { delay: 100, budget: 1 },
    });
    const result = streamText({ model: pg('qwen-3.8-27b'), prompt: 'Say hello' });
    expect(await result.text).toBe(expected);
    expect(await result.finishReason).toBe('stop');
    expect((await result.providerMetadata)?.polargrid).toMatchObject({
      region: 'yul-01',
      hedged: true,
    });
    expect(stuckRequests).toBe(1);
    const until = Date.now() + 2_000;
    while (stuckClosed < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(stuckClosed).toBe(1);
  });
});
