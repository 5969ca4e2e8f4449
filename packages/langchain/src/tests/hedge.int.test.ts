/**
 * Hedged first tokens reach LangChain like every other core option: `ChatPolarGrid.stream` gets
 * the hedge's answer, once, and `response_metadata` says which edge answered and that it was a
 * hedge. The first edge is a purpose-built server that answers headers and never a token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ChatPolarGrid } from '../chat_models.js';
import { useEmulator } from './emulator.js';

const emulator = useEmulator();
let stuck: Server;
let stuckURL: string;
let stuckClosed = 0;

beforeAll(async () => {
  stuck = createServer((req, res) => {
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
});

describe('hedge', () => {
  test('ChatPolarGrid.stream answers from the hedge and says so in response_metadata', async () => {
    const { apiKey, edgeURLs } = emulator.current.clientOptions();
    const plain = new ChatPolarGrid({ apiKey, edgeURLs, region: 'yul-01', maxRetries: 0 });
    const expected = (await plain.invoke('Say hello')).text;

    const model = new ChatPolarGrid({
      apiKey,
      region: 'yto-01',
      edgeURLs: { 'yto-01': stuckURL, 'yul-01': edgeURLs['yul-01']! },
      fallbackRegions: ['yul-01'],
      hedge: { delay: 100, budget: 1 },
      maxRetries: 0,
    });
    let text = '';
    let metadata: Record<string, unknown> = {};
    for await (const chunk of await model.stream('Say hello')) {
      text += chunk.text;
      metadata = { ...metadata, ...chunk.response_metadata };
    }
    expect(text).toBe(expected);
    expect(metadata).toMatchObject({ region: 'yul-01', hedged: true });
    const until = Date.now() + 2_000;
    while (stuckClosed < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(stuckClosed).toBe(1);
  });
});
