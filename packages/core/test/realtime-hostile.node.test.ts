import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { connectPersonaPlex } from '../src/realtime/connect.js';
import { OggOpusWriter } from '../src/realtime/ogg.js';
import { drain } from './helpers/personaplex-audio.js';

const KEY = 'pg_hostile_test_key_0123456789';
const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A purpose-built PersonaPlex server on loopback that does what `behave` says with each socket. */
async function hostile(
  behave: (ws: WebSocket) => void,
): Promise<{ url: string; offered: string[] }> {
  const offered: string[] = [];
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => {
      offered.push(...protocols);
      return [...protocols][0] ?? false;
    },
  });
  servers.push(server);
  server.on('connection', behave);
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, offered };
}

const handshake = Buffer.of(0x00);
const audioFrame = (page: Uint8Array) => Buffer.concat([Buffer.of(0x01), page]);
/** The server's header pages and one audio page, as real frames. */
function serverPages(): Buffer[] {
  const writer = new OggOpusWriter({ serial: 42, inputSampleRate: 24_000 });
  return writer.audioPages([Uint8Array.of(0xf8, 1, 2, 3)]).map(audioFrame);
}

/**
 * The timers the realtime code started and that are still pending: `setTimeout` is wrapped to
 * remember each timer created from `src/realtime/` until it fires or is cleared.
 */
const pending = new Set<unknown>();
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
beforeAll(() => {
  globalThis.setTimeout = ((fn: () => void, ms?: number, ...args: unknown[]) => {
    const ours = new Error().stack?.includes('/src/realtime/') ?? false;
    const handle: unknown = realSetTimeout(
      () => {
        pending.delete(handle);
        fn();
      },
      ms,
      ...args,
    );
    if (ours) pending.add(handle);
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle: Parameters<typeof clearTimeout>[0]) => {
    pending.delete(handle);
    realClearTimeout(handle);
  }) as typeof clearTimeout;
});
afterAll(() => {
  globalThis.setTimeout = realSetTimeout;
  globalThis.clearTimeout = realClearTimeout;
});

const shown = (error: unknown) =>
  `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 5 })}`;

/** Runs a session against `url` to its end; checks nothing of ours is left running, nor the key shown. */
async function sessionEnd(
  url: string,
  limits: { idleTimeout?: number; handshakeTimeout?: number; maxFrameBytes?: number } = {},
) {
  pending.clear();
  let error: unknown;
  let events: unknown[] = [];
  try {
    const session = await connectPersonaPlex({
      apiKey: KEY,
      baseURL: url,
      handshakeTimeout: 1_000,
      idleTimeout: 1_000,
      ...limits,
    });
    ({ events, error } = await drain(session));
  } catch (caught) {
    error = caught;
  }
  expect(pending.size).toBe(0);
  // No socket left open: the client closed it, so every hostile server sees its sockets go.
  await expect
    .poll(() => servers.reduce((open, server) => open + server.clients.size, 0), { timeout: 2_000 })
    .toBe(0);
  expect(shown(error)).not.toContain(KEY);
  expect(shown(error)).not.toContain('hostile_test_key');
  return { error, events };
}

describe('PersonaPlex against hostile edges', () => {
  it('sends the key only as the bearer subprotocol', async () => {
    const server = await hostile((ws) => {
      ws.send(handshake);
      ws.close(1000);
    });
    await sessionEnd(server.url);
    expect(server.offered).toEqual([`bearer.${KEY}`]);
  });

  it('a stalled socket (handshake, then nothing) ends with TimeoutError "stalled"', async () => {
    const server = await hostile((ws) => ws.send(handshake));
    const started = Date.now();
    const { error } = await sessionEnd(server.url, { idleTimeout: 300 });
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'stream_stalled' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('a socket that stalls mid-reply ends the same way, after the audio it did send', async () => {
    const server = await hostile((ws) => {
      ws.send(handshake);
      for (const frame of serverPages()) ws.send(frame);
    });
    const { error, events } = await sessionEnd(server.url, { idleTimeout: 300 });
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'stream_stalled' });
    expect(events).toEqual([{ type: 'audio', packet: Uint8Array.of(0xf8, 1, 2, 3), samples: 960 }]);
  });

  it('a never-ready handshake ends with TimeoutError "handshake_timeout"', async () => {
    const server = await hostile(() => {});
    const { error } = await sessionEnd(server.url, { handshakeTimeout: 300 });
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'handshake_timeout' });
  });

  it('an oversized frame ends with StreamError "frame_too_large"', async () => {
    const server = await hostile((ws) => {
      ws.send(handshake);
      ws.send(Buffer.alloc(5_000, 0x02));
    });
    const { error } = await sessionEnd(server.url, { maxFrameBytes: 4_096 });
    expect(error).toMatchObject({ name: 'StreamError', code: 'frame_too_large' });
  });

  it.each([
    ['a text message', (ws: WebSocket) => ws.send('{"type":"hello"}')],
    ['an empty message', (ws: WebSocket) => ws.send(Buffer.alloc(0))],
    ['text that is not UTF-8', (ws: WebSocket) => ws.send(Buffer.of(0x02, 0xff, 0xfe))],
    [
      'audio that is not Ogg',
      (ws: WebSocket) => ws.send(Buffer.concat([Buffer.of(0x01), Buffer.from('RIFF0000WAVE')])),
    ],
    [
      'an Ogg page with a bad CRC',
      (ws: WebSocket) => {
        const [head] = serverPages();
        if (head) head[head.length - 1] = (head[head.length - 1] ?? 0) ^ 0xff;
        ws.send(head ?? Buffer.alloc(0));
      },
    ],
    [
      'audio that starts without OpusHead',
      (ws: WebSocket) => ws.send(serverPages()[2] ?? Buffer.alloc(0)),
    ],
  ])('a malformed frame (%s) ends with StreamError "malformed_frame"', async (_name, send) => {
    const server = await hostile((ws) => {
      ws.send(handshake);
      send(ws);
    });
    const { error } = await sessionEnd(server.url);
    expect(error).toMatchObject({ name: 'StreamError', code: 'malformed_frame' });
  });

  it('a close mid-reply ends with StreamInterruptedError, with the code and the audio before it', async () => {
    const server = await hostile((ws) => {
      ws.send(handshake);
      for (const frame of serverPages()) ws.send(frame);
      ws.send(Buffer.concat([Buffer.of(0x02), Buffer.from(' Hel')]));
      ws.close(1011, 'model crashed');
    });
    const { error, events } = await sessionEnd(server.url);
    expect(error).toMatchObject({
      name: 'StreamInterruptedError',
      code: 'closed_mid_session',
      details: { closeCode: 1011, closeReason: 'model crashed' },
    });
    expect(events).toEqual([
      { type: 'audio', packet: Uint8Array.of(0xf8, 1, 2, 3), samples: 960 },
      { type: 'text', text: ' Hel' },
    ]);
  });

  it('a dropped TCP connection mid-reply ends with StreamInterruptedError', async () => {
    const server = await hostile((ws) => {
      ws.send(handshake);
      for (const frame of serverPages()) ws.send(frame);
      setTimeout(() => ws.terminate(), 20);
    });
    const { error } = await sessionEnd(server.url);
    expect(error).toMatchObject({ name: 'StreamInterruptedError', code: 'closed_mid_session' });
  });

  it('an error frame ends with StreamError "edge_error" carrying the message, with any key in it redacted', async () => {
    const server = await hostile((ws) => {
      ws.send(handshake);
      ws.send(Buffer.concat([Buffer.of(0x05), Buffer.from(`GPU fell over (key ${KEY})`)]));
    });
    const { error } = await sessionEnd(server.url);
    expect(error).toMatchObject({ name: 'StreamError', code: 'edge_error' });
    expect((error as Error).message).toContain('GPU fell over (key pg_[redacted])');
  });

  it('an error frame or a close before the handshake fails the connection, typed', async () => {
    const refusing = await hostile((ws) => ws.close(4001, `bad key ${KEY}`));
    const refused = await sessionEnd(refusing.url);
    expect(refused.error).toMatchObject({ name: 'AuthenticationError', code: 'invalid_api_key' });
    const closing = await hostile((ws) => ws.close(1011, 'prompt failed'));
    expect((await sessionEnd(closing.url)).error).toMatchObject({
      name: 'NetworkError',
      code: 'closed_before_ready',
    });
    const erring = await hostile((ws) =>
      ws.send(Buffer.concat([Buffer.of(0x05), Buffer.from('no GPU')])),
    );
    expect((await sessionEnd(erring.url)).error).toMatchObject({
      name: 'StreamError',
      code: 'edge_error',
    });
  });

  it('nothing listening is a NetworkError "websocket_upgrade_failed"', async () => {
    const server = await hostile(() => {});
    const { url } = server;
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
    const { error } = await sessionEnd(url);
    expect(error).toMatchObject({ name: 'NetworkError', code: 'websocket_upgrade_failed' });
  });

  it('unknown and control kinds are reported as events, not acted on; a repeated handshake is ignored', async () => {
    const server = await hostile((ws) => {
      ws.send(handshake);
      ws.send(Buffer.of(0x09, 1, 2));
      ws.send(handshake);
      ws.send(Buffer.of(0x03, 0x01));
      ws.send(Buffer.concat([Buffer.of(0x04), Buffer.from('{"instance_name":"x"}')]));
      ws.close(1000);
    });
    const { events } = await sessionEnd(server.url);
    expect(events).toEqual([
      { type: 'unknown', kind: 9 },
      { type: 'unknown', kind: 3 },
      { type: 'metadata', json: '{"instance_name":"x"}' },
    ]);
  });
});
