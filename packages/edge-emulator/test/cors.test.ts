import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeEmulator, startEdgeEmulator } from '../src/index.js';

// A page on another origin calls the autorouter and an edge straight from the browser (the
// provider's Chromium test does it for real); these are the headers its fetches depend on.
let emulator: EdgeEmulator;
beforeAll(async () => {
  emulator = await startEdgeEmulator();
});
afterAll(() => emulator.close());

const ORIGIN = 'http://127.0.0.1:5173';

describe('CORS for browser pages', () => {
  it('answers a preflight with the asked-for method and headers, without recording it', async () => {
    emulator.resetRequests();
    const res = await fetch(`${emulator.edgeURLs['yvr-02']}/v1/audio/speech`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(emulator.requests).toEqual([]);
  });

  it('allows the origin and exposes the headers on answers, errors included', async () => {
    const route = await fetch(`${emulator.autorouterURL}/v1/route`, {
      headers: { origin: ORIGIN },
    });
    expect(route.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const denied = await fetch(`${emulator.edgeURLs['yto-01']}/v1/models`, {
      headers: { origin: ORIGIN },
    });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(denied.headers.get('access-control-expose-headers')).toBe('*');
  });

  it('adds nothing to requests without an Origin (servers, SDKs)', async () => {
    const res = await fetch(`${emulator.autorouterURL}/v1/route`);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const options = await fetch(`${emulator.autorouterURL}/v1/route`, { method: 'OPTIONS' });
    expect(options.status).toBe(403);
  });
});
