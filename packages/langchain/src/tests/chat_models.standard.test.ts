/**
 * LangChain's standard unit checks (U-1…U-8) for ChatPolarGrid, one vitest test per check with
 * upstream's pass condition. `@langchain/standard-tests` is not published on npm, so the checks
 * are reproduced here (see docs: langchain-integration reference §6.2). No network.
 */
import { HumanMessage } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ChatPolarGrid, type ChatPolarGridInput } from '../chat_models.js';
import { PersonTool, personSchema } from './fixtures.js';

/** Upstream merges `constructorArgs` over these defaults for unit checks. */
const UNIT_DEFAULTS = {
  temperature: 0,
  maxTokens: 100,
  timeout: 60,
  stopSequences: [],
  maxRetries: 2,
};
const constructorArgs: ChatPolarGridInput = { model: 'qwen-3.8-27b' };
const args = (): ChatPolarGridInput => ({ ...UNIT_DEFAULTS, ...constructorArgs });

// A fetch that fails loudly: unit checks never touch the network.
const offlineFetch = (async () => {
  throw new Error('network used in a unit check');
}) as typeof fetch;

describe('ChatPolarGrid standard unit checks', () => {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.POLARGRID_API_KEY;
    // As upstream: the key env var is set to "test" for unit checks.
    process.env.POLARGRID_API_KEY = 'test';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.POLARGRID_API_KEY;
    else process.env.POLARGRID_API_KEY = saved;
  });

  test('U-1 testChatModelInit', () => {
    const chatModel = new ChatPolarGrid(args());
    expect(chatModel).toBeDefined();
  });

  test('U-2 testChatModelInitApiKey', () => {
    const before = process.env.POLARGRID_API_KEY;
    process.env.POLARGRID_API_KEY = '';
    try {
      const chatModel = new ChatPolarGrid({ ...args(), apiKey: 'test' });
      expect(chatModel).toBeDefined();
    } finally {
      process.env.POLARGRID_API_KEY = before;
    }
  });

  test('U-3 testChatModelInitStreaming', () => {
    const chatModel = new ChatPolarGrid({ ...args(), streaming: true });
    expect(chatModel).toBeDefined();
  });

  test('U-4 testChatModelWithBindTools', () => {
    const chatModel = new ChatPolarGrid(args());
    const modelWithTools = chatModel.bindTools([new PersonTool()]);
    expect(modelWithTools).toBeDefined();
  });

  test('U-5 testChatModelWithStructuredOutput', () => {
    const chatModel = new ChatPolarGrid(args());
    const modelWithStructuredOutput = chatModel.withStructuredOutput(personSchema);
    expect(modelWithStructuredOutput).toBeDefined();
  });

  test('U-6 testStandardLangChainParams', () => {
    const chatModel = new ChatPolarGrid(args());
    const params = chatModel.getLsParams({} as never);
    expect(Object.keys(params).sort()).toEqual([
      'ls_max_tokens',
      'ls_model_name',
      'ls_model_type',
      'ls_provider',
      'ls_stop',
      'ls_temperature',
    ]);
  });

  test('U-7 testInvokeRespectsAbortSignal', async () => {
    const chatModel = new ChatPolarGrid({ ...args(), fetch: offlineFetch });
    const signal = AbortSignal.abort();
    await expect(chatModel.invoke([new HumanMessage('hello')], { signal })).rejects.toThrow();
  });

  test('U-8 testStreamRespectsAbortSignal', async () => {
    const chatModel = new ChatPolarGrid({ ...args(), fetch: offlineFetch });
    const signal = AbortSignal.abort();
    let chunks = 0;
    let threw = false;
    try {
      for await (const _chunk of await chatModel.stream([new HumanMessage('hello')], { signal })) {
        chunks++;
      }
    } catch {
      threw = true;
    }
    // Upstream accepts either a throw or an empty stream.
    expect(threw || chunks === 0).toBe(true);
  });
});
