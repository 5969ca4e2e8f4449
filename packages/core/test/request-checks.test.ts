import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../src/types/chat-types.js';
import { chatModelData } from '../src/catalog/chat-models.js';
import { checkPromptLength, MAX_BYTES_PER_TOKEN } from '../src/endpoints/prompt-length.js';
import { prepareChat } from '../src/endpoints/validate.js';
import {
  createChatCompletion,
  streamChatCompletion,
  createCompletion,
  streamCompletion,
  PolarGridEdge,
} from '../src/index.js';

// Nothing listens on port 1: a request that got past validation fails as a NetworkError.
const BASE = { apiKey: 'pg_test_key_1234', baseURL: 'http://127.0.0.1:1', maxRetries: 0 };
const client = new PolarGridEdge(BASE);
const CHAT = { model: 'qwen-3.8-27b', messages: [{ role: 'user' as const, content: 'Hi' }] };
const reachesNetwork = { name: 'NetworkError' };

/** Sends `body` as a whole and as a stream; both must fail with `expected` before the network. */
async function refusedBoth(body: unknown, expected: Record<string, unknown>): Promise<void> {
  const request = body as ChatCompletionRequest;
  await expect(createChatCompletion(client, request)).rejects.toMatchObject(expected);
  await expect(streamChatCompletion(client, request)).rejects.toMatchObject(expected);
}

describe('header values (rule 13)', () => {
  const smuggled = 'x\r\nauthorization: Bearer pg_stolen_secret_99';
  const badHeader = { name: 'ValidationError', code: 'invalid_header', param: 'headers' };

  it('a client header with CR/LF is refused at construction, without echoing the value', () => {
    let error: unknown;
    try {
      new PolarGridEdge({ ...BASE, headers: { 'x-trace': smuggled } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ ...badHeader, message: expect.stringContaining('x-trace') });
    expect(String((error as Error).message)).not.toContain('stolen');
    expect(JSON.stringify(error)).not.toContain('stolen');
  });

  it.each([
    ['CR/LF', 'a\r\nb'],
    ['a bare LF', 'a\nb'],
    ['NUL', 'a\0b'],
    ['a character fetch cannot send', 'ключ'],
  ])(
    'per-request headers with %s are a ValidationError, not a retried NetworkError',
    async (_l, value) => {
      const retrying = new PolarGridEdge({ ...BASE, maxRetries: 3 });
      const started = Date.now();
      await expect(
        createChatCompletion(retrying, CHAT, { headers: { 'x-trace': value } }),
      ).rejects.toMatchObject(badHeader);
      await expect(
        streamChatCompletion(retrying, CHAT, { headers: { 'x-trace': value } }),
      ).rejects.toMatchObject(badHeader);
      // No backoff was waited: nothing was sent, nothing retried.
      expect(Date.now() - started).toBeLessThan(400);
    },
  );

  it('a headers function is checked when it is resolved, per request', async () => {
    const lazy = new PolarGridEdge({ ...BASE, headers: async () => ({ 'x-trace': smuggled }) });
    await expect(createChatCompletion(lazy, CHAT)).rejects.toMatchObject(badHeader);
  });

  it('headers that would be dropped silently (a Headers instance, an array) and a bad clientName are refused', async () => {
    expect(
      () => new PolarGridEdge({ ...BASE, headers: new Headers({ 'x-a': 'b' }) as never }),
    ).toThrow(
      expect.objectContaining({ ...badHeader, message: expect.stringMatching(/plain object/) }),
    );
    await expect(
      createChatCompletion(client, CHAT, { headers: [['x-a', 'b']] as never }),
    ).rejects.toMatchObject(badHeader);
    expect(() => new PolarGridEdge({ ...BASE, clientName: 'app/1\r\nx-evil: 1' })).toThrow(
      expect.objectContaining({ ...badHeader, message: expect.stringMatching(/clientName/) }),
    );
  });

  it('an invalid header name is refused; undefined values and Latin-1 text pass', async () => {
    await expect(
      createChatCompletion(client, CHAT, { headers: { 'bad name': 'x' } }),
    ).rejects.toMatchObject(badHeader);
    await expect(
      createChatCompletion(client, CHAT, { headers: { 'x-a': undefined, 'x-b': 'café' } }),
    ).rejects.toMatchObject(reachesNetwork);
  });
});

describe('values JSON cannot carry (rule 13)', () => {
  it('reports NaN and Infinity as themselves, not as null', async () => {
    await refusedBoth(
      { ...CHAT, temperature: Number.NaN },
      {
        name: 'ValidationError',
        param: 'temperature',
        message: expect.stringMatching(/got NaN/),
      },
    );
    await refusedBoth(
      { ...CHAT, top_p: Number.POSITIVE_INFINITY },
      { param: 'top_p', message: expect.stringMatching(/got Infinity/) },
    );
    // A field without a range check is caught by the JSON check, by path.
    await refusedBoth(
      { ...CHAT, seed: Number.NaN },
      { name: 'ValidationError', param: 'seed', message: 'seed is NaN, which JSON cannot carry.' },
    );
  });

  it('refuses a BigInt anywhere in the body, naming its path', async () => {
    await refusedBoth(
      { ...CHAT, seed: 42n },
      {
        name: 'ValidationError',
        param: 'seed',
        message: expect.stringMatching(/^seed is a BigInt/),
      },
    );
    const tools = [
      {
        type: 'function',
        function: { name: 'f', parameters: { type: 'object', properties: { n: { default: 7n } } } },
      },
    ];
    await refusedBoth(
      { ...CHAT, tools },
      {
        param: 'tools',
        details: { path: 'tools[0].function.parameters.properties.n.default' },
        message: expect.stringMatching(/BigInt/),
      },
    );
  });

  it('refuses functions, symbols, Maps, cycles and undefined array items', async () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    for (const [extra, path, words] of [
      [{ user: () => 'u' }, 'user', /function/],
      [{ user: Symbol('u') }, 'user', /symbol/],
      [{ metadata: new Map([['a', 1]]) }, 'metadata', /Map/],
      [{ metadata: cyclic }, 'metadata.self', /cycle/],
      [{ messages: [CHAT.messages[0], undefined] }, 'messages[1]', /undefined/],
      [
        { messages: [{ role: 'user', content: [{ type: 'text', text: 1n }] }] },
        'messages[0].content[0].text',
        /BigInt/,
      ],
    ] as const) {
      await refusedBoth(
        { ...CHAT, ...extra },
        { name: 'ValidationError', details: { path }, message: expect.stringMatching(words) },
      );
    }
  });

  it('a shared (not cyclic) object, a Date and undefined fields are fine', async () => {
    const shared = { type: 'string' };
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'f', parameters: { properties: { a: shared, b: shared } } },
      },
    ];
    await expect(
      createChatCompletion(client, {
        ...CHAT,
        tools,
        user: undefined,
        created: new Date(0),
      } as never),
    ).rejects.toMatchObject(reachesNetwork);
  });
});

describe('one choice only (rule 11)', () => {
  it('n > 1 is refused before sending; n = 1 is sent', async () => {
    for (const n of [2, 5, 0, 1.5]) {
      await refusedBoth(
        { ...CHAT, n },
        { name: 'ValidationError', code: 'invalid_request', param: 'n', message: /n must be 1/ },
      );
    }
    await expect(
      createCompletion(client, { model: 'qwen-3.8-27b', prompt: 'x', n: 3 } as never),
    ).rejects.toMatchObject({ param: 'n' });
    await expect(createChatCompletion(client, { ...CHAT, n: 1 } as never)).rejects.toMatchObject(
      reachesNetwork,
    );
  });
});

describe('retired models (issue 14)', () => {
  it.each([
    ['qwen-3.5-27b', 'on 2026-08-20'],
    ['qwen-3.5-9b', 'on 2026-08-20'],
  ])('%s is refused before the network with the date and the replacement', async (model, date) => {
    const retired = {
      name: 'ValidationError',
      status: undefined,
      code: 'model_retired',
      param: 'model',
      message: `Model "${model}" was retired ${date} and no PolarGrid edge serves it; use "qwen-3.8-27b" instead.`,
      details: { retiredOn: '2026-08-20', replacement: 'qwen-3.8-27b' },
    };
    await refusedBoth({ ...CHAT, model }, retired);
    await expect(createCompletion(client, { model, prompt: 'x' })).rejects.toMatchObject(retired);
    await expect(streamCompletion(client, { model, prompt: 'x' })).rejects.toMatchObject(retired);
  });

  it('the current model and unknown ids reach the network (the edge decides)', async () => {
    await expect(createChatCompletion(client, CHAT)).rejects.toMatchObject(reachesNetwork);
    await expect(
      createChatCompletion(client, { ...CHAT, model: 'qwen-9.9-pilot' }),
    ).rejects.toMatchObject(reachesNetwork);
  });
});

describe('capabilities from the catalogue', () => {
  it('images to a model without vision are refused before the network', async () => {
    const messages = [
      {
        role: 'user' as const,
        content: [
          { type: 'text' as const, text: 'What is this?' },
          { type: 'image_url' as const, image_url: { url: 'https://example.com/cat.png' } },
        ],
      },
    ];
    await refusedBoth(
      { ...CHAT, messages },
      { name: 'ValidationError', code: 'images_not_supported', param: 'messages' },
    );
    // A model the catalogue does not know is left to the edge.
    await expect(
      createChatCompletion(client, { ...CHAT, model: 'qwen-3.6-35b-a3b', messages }),
    ).rejects.toMatchObject(reachesNetwork);
  });

  it('tools to a model whose data says it has none are refused; with tools they pass', () => {
    const tools = [{ type: 'function' as const, function: { name: 'f' } }];
    // Every catalogued chat model without tools is retired, so the refusal comes first for them.
    expect(() => prepareChat({ ...CHAT, model: 'qwen-3.5-9b', tools }, false)).toThrow(
      expect.objectContaining({ code: 'model_retired' }),
    );
    expect(chatModelData('qwen-3.5-9b')?.tools).toBe(false);
    expect(prepareChat({ ...CHAT, tools }, false).tools).toEqual(tools);
  });
});

/** About 4,900 tokens of ordinary English (roughly 4 characters per token). */
function longEnglishPrompt(): string {
  const paragraph =
    'The committee met on Tuesday to review the quarterly budget, and after a long discussion ' +
    'about staffing, travel and the cost of the new data centre, it agreed to postpone the ' +
    'decision on hiring until the auditors had finished their report. Several members asked ' +
    'for clearer figures on energy use, because the winter had been colder than expected. ';
  const text = Array.from({ length: 55 }, (_, i) => `${i + 1}. ${paragraph}`).join('\n');
  return text;
}

describe('pre-send length check (rule 8)', () => {
  it('a realistic 4.9k-token English prompt is never refused for an 8K-window model', () => {
    const prompt = longEnglishPrompt();
    // ~19.6k characters: ~4.9k tokens at English's ~4 characters per token.
    expect(prompt.length).toBeGreaterThan(19_000);
    expect(() =>
      checkPromptLength('an-8k-model', 8192, [{ role: 'user', content: prompt }]),
    ).not.toThrow();
  });

  it('a prompt that certainly exceeds the window is refused, counting UTF-8 bytes', () => {
    const bytesOver8k = 8192 * MAX_BYTES_PER_TOKEN + 1;
    expect(() =>
      checkPromptLength('an-8k-model', 8192, [{ role: 'user', content: 'a'.repeat(bytesOver8k) }]),
    ).toThrow(
      expect.objectContaining({
        name: 'ValidationError',
        code: 'context_length_exceeded',
        param: 'messages',
        message: expect.stringMatching(/too long for an-8k-model.*8192 tokens/),
      }),
    );
    // Counted by the UTF-16 length, a floor on the bytes: CJK text (3 bytes a character) is
    // refused once its characters alone pass the floor, and left to the edge before that.
    const cjkOver = '中'.repeat(bytesOver8k);
    expect(() =>
      checkPromptLength('an-8k-model', 8192, [
        { role: 'user', content: [{ type: 'text', text: cjkOver }] },
      ]),
    ).toThrow(expect.objectContaining({ code: 'context_length_exceeded' }));
    expect(() =>
      checkPromptLength('an-8k-model', 8192, [
        { role: 'user', content: '中'.repeat(Math.ceil(bytesOver8k / 3)) },
      ]),
    ).not.toThrow();
    // Exactly at the floor is not certain: the edge decides.
    expect(() =>
      checkPromptLength('an-8k-model', 8192, [
        { role: 'user', content: 'a'.repeat(8192 * MAX_BYTES_PER_TOKEN) },
      ]),
    ).not.toThrow();
  });

  it('through the client: the long English prompt reaches the network for the current model', async () => {
    const messages = [{ role: 'user' as const, content: longEnglishPrompt() }];
    await expect(createChatCompletion(client, { ...CHAT, messages })).rejects.toMatchObject(
      reachesNetwork,
    );
  });
});
