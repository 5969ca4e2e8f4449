import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli-main.js';
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

/** A request with a Host header of our choosing (fetch may not set Host). */
function requestWithHost(url: string, host: string, origin?: string) {
  return new Promise<{ status: number; body: string; allowOrigin: string | undefined }>(
    (resolve, reject) => {
      const req = request(url, { headers: { host, ...(origin ? { origin } : {}) } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => {
          body += d.toString();
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            allowOrigin: res.headers['access-control-allow-origin'] as string | undefined,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('only pages and names the developer meant (issue 21, rule 7)', () => {
  it('refuses a page on any non-loopback origin: no CORS headers, 403, nothing recorded', async () => {
    emulator.resetRequests();
    for (const origin of [
      'https://evil.example',
      'http://localhost.evil.example',
      'http://127.0.0.1.evil.example:4100',
      'http://10.0.0.2:3000',
      'null',
    ]) {
      const preflight = await fetch(`${emulator.edgeURLs['yto-01']}/v1/chat/completions`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status, origin).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const simple = await fetch(`${emulator.autorouterURL}/v1/route`, { headers: { origin } });
      expect(simple.status, origin).toBe(403);
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
      expect(await simple.text()).toContain('--cors-origin');
    }
    expect(emulator.requests).toEqual([]);
  });

  it('allows every loopback page, any scheme of http(s), any port', async () => {
    for (const origin of [
      'http://localhost:3000',
      'https://localhost',
      'http://127.0.0.1:5173',
      'http://127.45.6.7:8080',
      'http://[::1]:4173',
    ]) {
      const res = await fetch(`${emulator.autorouterURL}/v1/route`, { headers: { origin } });
      expect(res.status, origin).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    }
  });

  it('refuses a Host that is not a loopback name (DNS rebinding), before anything else', async () => {
    emulator.resetRequests();
    const port = new URL(emulator.autorouterURL).port;
    const rebound = await requestWithHost(
      `${emulator.autorouterURL}/v1/route`,
      `rebind.evil.example:${port}`,
    );
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('--allow-host');
    // Same-origin for the rebinding page, so the Origin check alone would not catch it.
    const sameOrigin = await requestWithHost(
      `${emulator.edgeURLs['yto-01']}/v1/models`,
      'rebind.evil.example',
      'http://rebind.evil.example',
    );
    expect(sameOrigin.status).toBe(403);
    expect(emulator.requests).toEqual([]);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, '127.9.9.9']) {
      expect((await requestWithHost(`${emulator.autorouterURL}/v1/route`, host)).status, host).toBe(
        200,
      );
    }
  });
});

describe('corsOrigins and allowedHosts widen it', () => {
  it('allows the named origins and hosts, and `*` allows any', async () => {
    const wide = await startEdgeEmulator({
      corsOrigins: ['https://app.example.test/'],
      allowedHosts: ['devbox.internal'],
    });
    const any = await startEdgeEmulator({ corsOrigins: ['*'], allowedHosts: ['*'] });
    try {
      const named = await fetch(`${wide.autorouterURL}/v1/route`, {
        headers: { origin: 'https://app.example.test' },
      });
      expect(named.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
      const other = await fetch(`${wide.autorouterURL}/v1/route`, {
        headers: { origin: 'https://other.example.test' },
      });
      expect(other.status).toBe(403);
      expect(
        (await requestWithHost(`${wide.autorouterURL}/v1/route`, 'devbox.internal:4100')).status,
      ).toBe(200);
      expect(
        (await requestWithHost(`${wide.autorouterURL}/v1/route`, 'other.internal')).status,
      ).toBe(403);

      const star = await requestWithHost(
        `${any.autorouterURL}/v1/route`,
        'anything.example',
        'https://any.example',
      );
      expect(star.status).toBe(200);
      expect(star.allowOrigin).toBe('https://any.example');
    } finally {
      await Promise.all([wide.close(), any.close()]);
    }
  });

  it('the CLI passes --cors-origin and --allow-host (repeatable)', async () => {
    const emulatorFromCli = await runCli(
      [
        '--base-port',
        '0',
        '--cors-origin',
        'https://a.example',
        '--cors-origin',
        'https://b.example',
        '--allow-host',
        'devbox.internal',
      ],
      () => {},
      () => {},
    );
    try {
      const url = `${emulatorFromCli?.autorouterURL}/v1/route`;
      for (const origin of ['https://a.example', 'https://b.example'])
        expect((await fetch(url, { headers: { origin } })).status).toBe(200);
      expect((await fetch(url, { headers: { origin: 'https://c.example' } })).status).toBe(403);
      expect((await requestWithHost(url, 'devbox.internal')).status).toBe(200);
    } finally {
      await emulatorFromCli?.close();
    }
  });
});
