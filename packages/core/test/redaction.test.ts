import { describe, expect, it } from 'vitest';
import { resolveApiKey } from '../src/auth/api-key.js';
import { ValidationError } from '../src/errors/error-classes.js';
import { errorFromResponse } from '../src/errors/from-response.js';
import { PolarGridError } from '../src/errors/polargrid-error.js';
import { redactDeep, redactHeaders, redactSecrets, registerSecret } from '../src/errors/redact.js';
import { streamErrorFrom } from '../src/stream/stream-error.js';
import { createDebugLog } from '../src/util/logger.js';
import { PolarGridEdge } from '../src/index.js';

/** Keys of shapes the old `pg_[\w-]{4,}` pattern got wrong or missed. */
const ODD_KEYS = ['pg_live.AbC.def', 'pg_AbC+d/e=', 'pg_ключ_секрет_42', 'pg_x.y-z_0~9:a%2Fb'];

describe('redactSecrets', () => {
  it.each(ODD_KEYS)('removes %s whole, in running text, JSON and headers', (key) => {
    for (const text of [
      `bad key ${key}`,
      `{"key":"${key}","n":1}`,
      `Authorization: Bearer ${key}`,
      `key=${key}&x=1`,
      `(${key})`,
    ]) {
      const out = redactSecrets(text);
      expect(out, text).not.toContain(key);
      // No tail of the key is left behind either.
      expect(out, text).not.toContain(key.slice(4));
    }
  });

  it('keeps the text around a key and leaves non-keys alone', () => {
    expect(redactSecrets('key "pg_live.AbC.def", then more')).toBe(
      'key "pg_[redacted]", then more',
    );
    expect(redactSecrets('Bearer abc.def-ghi')).toBe('Bearer [redacted]');
    expect(redactSecrets('mypg_thing and a_pg_field stay')).toBe('mypg_thing and a_pg_field stay');
  });

  it('removes a registered key verbatim, even with characters that end the pattern', () => {
    const key = 'pg_q"u,o;t{e}d\\k';
    registerSecret(key);
    for (const text of [
      `raw ${key} end`,
      JSON.stringify({ echoed: key }),
      `url?key=${encodeURIComponent(key)}`,
    ]) {
      const out = redactSecrets(text);
      expect(out, text).not.toContain('u,o;t{e}d');
      expect(out, text).not.toContain(encodeURIComponent('u,o;t{e}d'));
    }
  });

  it('a registered secret without the pg_ prefix is redacted too', () => {
    registerSecret('sk-proxy-secret-7781');
    expect(redactSecrets('proxy token sk-proxy-secret-7781 refused')).toBe(
      'proxy token [redacted] refused',
    );
  });
});

describe('redactDeep and redactHeaders', () => {
  it('redacts every string of nested details without touching the input', () => {
    const key = 'pg_live.AbC.def';
    const input = {
      error: { message: `bad ${key}` },
      items: [[{ echo: key }], `Bearer ${key}`, 3, null, true],
      pg_model_type: 'llm',
    };
    const out = redactDeep(input);
    expect(JSON.stringify(out)).not.toContain('AbC.def');
    expect(out.items[2]).toBe(3);
    // PolarGrid's own field names stay readable.
    expect(out.pg_model_type).toBe('llm');
    expect(input.error.message).toContain(key);
  });

  it('a registered key used as a field name is redacted too', () => {
    const key = 'pg_registered.Field.Key';
    registerSecret(key);
    expect(Object.keys(redactDeep({ [key]: 1 }))).toEqual(['pg_[redacted]']);
  });

  it('keeps __proto__ a plain key and cycles as cycles', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":"pg_abc.def"}}') as object;
    const out = redactDeep(parsed) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    const cyclic: Record<string, unknown> = { k: 'pg_cyc.le' };
    cyclic.self = cyclic;
    const copy = redactDeep(cyclic);
    expect(copy.self).toBe(copy);
    expect(copy.k).toBe('pg_[redacted]');
  });

  it('replaces credential headers whole and redacts key-shaped values elsewhere', () => {
    expect(
      redactHeaders({
        Authorization: 'Basic dXNlcjpwYXNz',
        'set-cookie': 'session=abc',
        'x-api-key': 'anything',
        'x-echo': 'Bearer pg_AbC+d/e=',
        'x-request-id': 'req-1',
      }),
    ).toEqual({
      Authorization: '[redacted]',
      'set-cookie': '[redacted]',
      'x-api-key': '[redacted]',
      'x-echo': 'Bearer [redacted]',
      'x-request-id': 'req-1',
    });
  });
});

describe('errors never carry the key (rule 2)', () => {
  const key = 'pg_AbC+d/e=';
  const ctx = { region: 'yto-01', model: 'qwen-3.8-27b' };

  it('an HTTP error: message, body, details, headers, url and JSON', () => {
    const body = JSON.stringify({
      error: { message: `invalid key ${key}`, details: [{ seen: [key, { deeper: key }] }] },
    });
    const error = errorFromResponse(
      401,
      { 'x-echo-authorization': `Bearer ${key}`, 'set-cookie': 'sid=1' },
      body,
      { ...ctx, url: `http://edge/v1/chat?key=${key}` },
    );
    const shown = [
      error.message,
      error.responseBody,
      JSON.stringify(error.details),
      JSON.stringify(error.headers),
      error.url,
      JSON.stringify(error),
      String(error.stack),
    ];
    for (const text of shown) expect(text).not.toContain('AbC+d');
    expect(error.headers['set-cookie']).toBe('[redacted]');
  });

  it('a 2xx or in-stream {"error": …}: details are redacted deep', () => {
    const payload = { message: 'nope', code: 'bad_key', echo: { keys: [[key], `Bearer ${key}`] } };
    const error = streamErrorFrom(payload, { region: 'r' }, 200);
    expect(JSON.stringify(error.details)).not.toContain('AbC+d');
    expect(error.details).toMatchObject({
      code: 'bad_key',
      echo: { keys: [['pg_[redacted]'], 'Bearer [redacted]'] },
    });
    // The payload the decoder parsed is not modified under it.
    expect(payload.echo.keys[0]?.[0]).toBe(key);
  });

  it('a key the client was built with is redacted whatever its shape', () => {
    const odd = 'pg_x"odd,key}';
    new PolarGridEdge({ apiKey: odd, baseURL: 'http://127.0.0.1:1' });
    const error = new PolarGridError({ message: `server said ${odd}`, details: { k: odd } });
    expect(error.message).not.toContain('odd,key');
    expect(JSON.stringify(error.details)).not.toContain('odd,key');
  });

  it('a ValidationError keeps its param and shows it in JSON', () => {
    const error = new ValidationError({ message: 'm', code: 'invalid_request', param: 'stop' });
    expect(error.param).toBe('stop');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'ValidationError',
      param: 'stop',
    });
  });

  it('a server 422 names the parameter from FastAPI loc', () => {
    const error = errorFromResponse(
      422,
      {},
      '{"detail":[{"loc":["body","temperature"],"msg":"too hot"}]}',
      ctx,
    );
    expect(error).toMatchObject({ name: 'ValidationError', param: 'temperature' });
  });
});

describe('debug logger', () => {
  it('redacts the line and its data', () => {
    const lines: [string, unknown][] = [];
    const log = createDebugLog((line, data) => lines.push([line, data]));
    log('sending with pg_live.AbC.def', {
      headers: { authorization: 'Bearer pg_live.AbC.def' },
      n: 1,
    });
    expect(JSON.stringify(lines)).not.toContain('AbC.def');
    expect(lines[0]?.[1]).toEqual({ headers: { authorization: 'Bearer [redacted]' }, n: 1 });
  });
});

describe('the registry of secrets', () => {
  it('remembers the 32 most recent keys (rotating key functions do not grow it for ever)', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `sk-rotated-${String(i).padStart(3, '0')}`);
    for (const key of keys) registerSecret(key);
    expect(redactSecrets(keys[39] ?? '')).toBe('[redacted]');
    expect(redactSecrets(keys[8] ?? '')).toBe('[redacted]');
    // The oldest were forgotten (these have no key shape, so nothing else catches them).
    expect(redactSecrets(keys[0] ?? '')).toBe(keys[0]);
  });
});

describe('what is registered', () => {
  it('a malformed placeholder key is refused and not registered (ordinary words stay)', async () => {
    await expect(resolveApiKey('test')).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(() => new PolarGridEdge({ apiKey: 'test', baseURL: 'http://127.0.0.1:1' })).toThrow();
    expect(redactSecrets('a test message')).toBe('a test message');
  });
});
