import { describe, expect, it } from 'vitest';
import { parseJSON } from '../src/util/safe-json.js';

describe('parseJSON', () => {
  it('drops prototype-polluting keys, also with whitespace before the colon', () => {
    const parsed = parseJSON(
      '{"a":{"__proto__" : {"polluted":true}},"constructor":{"prototype":{"x":1}},"b":[1,2]}',
    ) as Record<string, unknown>;
    expect(parsed).toEqual({ a: {}, b: [1, 2] });
    expect(Object.getPrototypeOf(parsed.a)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops a key spelled with unicode escapes', () => {
    const parsed = parseJSON('{"\\u005f_proto__":{"polluted":true},"ok":"caf\\u00e9"}');
    expect(parsed).toEqual({ ok: 'café' });
  });

  it('parses ordinary bodies exactly like JSON.parse', () => {
    const text = JSON.stringify({
      data: [{ embedding: [0.1, -2e-7, 3] }],
      note: 'a "quoted" word',
    });
    expect(parseJSON(text)).toEqual(JSON.parse(text));
    expect(() => parseJSON('{bad')).toThrow(SyntaxError);
  });
});
