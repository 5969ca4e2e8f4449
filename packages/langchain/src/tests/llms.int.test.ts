/**
 * PolarGridLLM (text completions) against the edge emulator.
 */
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { describe, expect, test } from 'vitest';
import { PolarGridLLM } from '../llms.js';
import { useEmulator } from './emulator.js';

const emulator = useEmulator();
const newLLM = (extra: ConstructorParameters<typeof PolarGridLLM>[0] = {}) =>
  new PolarGridLLM({ ...emulator.current.clientOptions(), maxRetries: 0, ...extra });
const lastBody = () =>
  emulator.current.requests.filter((r) => r.path === '/v1/completions').at(-1)?.body as Record<
    string,
    unknown
  >;

describe('PolarGridLLM', () => {
  test('more than 4 stop sequences: the core ValidationError on the call (configured or per call), no request', async () => {
    // The limit is checked once, in the core, before any request (it used to be repeated here, at
    // construction too).
    const five = ['a', 'b', 'c', 'd', 'e'];
    const typed = expect.objectContaining({
      name: 'ValidationError',
      code: 'invalid_request',
      param: 'stop',
    });
    const before = emulator.current.requests.length;
    await expect(newLLM({ stop: five }).invoke('Once upon a time')).rejects.toThrow(typed);
    await expect(newLLM().invoke('Once upon a time', { stop: five })).rejects.toThrow(typed);
    expect(emulator.current.requests.length).toBe(before);
    await newLLM({ stop: ['x'] }).invoke('Once upon a time');
    expect(lastBody()).toMatchObject({ stop: ['x'] });
  });

  test('invoke returns the completion; sampling values go on the wire', async () => {
    const text = await newLLM({ maxTokens: 32, temperature: 0 }).invoke('Once upon a time');
    expect(typeof text).toBe('string');
    expect(text).not.toBe('');
    expect(lastBody()).toMatchObject({
      model: 'qwen-3.8-27b',
      prompt: 'Once upon a time',
      max_tokens: 32,
      temperature: 0,
    });
  });

  test('stream yields the text in pieces and reports tokens with {chunk}', async () => {
    const tokens: string[] = [];
    const handler = BaseCallbackHandler.fromMethods({
      handleLLMNewToken(token, _i, _r, _p, _t, fields) {
        if (fields?.chunk) tokens.push(token);
      },
    });
    const pieces: string[] = [];
    for await (const piece of await newLLM().stream('Once upon a time', { callbacks: [handler] })) {
      pieces.push(piece);
    }
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).not.toBe('');
    expect(tokens.join('')).toBe(pieces.join(''));
    expect(lastBody().stream).toBe(true);
  });

  test('a mid-stream error surfaces as a typed error after partial text', async () => {
    const llm = newLLM({ headers: { 'x-pg-emulator-fault': 'stream-error;afterChunks=2' } });
    const pieces: string[] = [];
    const error = await (async () => {
      for await (const piece of await llm.stream('Once upon a time')) pieces.push(piece);
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StreamError' });
  });

  test('serialisation keeps the key out', () => {
    const llm = newLLM();
    expect(JSON.stringify(llm)).not.toContain(emulator.current.apiKey);
  });
});
