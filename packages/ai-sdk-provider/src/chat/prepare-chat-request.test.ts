import {
  InvalidArgumentError,
  type LanguageModelV4CallOptions,
  type LanguageModelV4FunctionTool,
} from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { createPolarGrid } from '../polargrid-provider.js';
import { prepareChatRequest } from './prepare-chat-request.js';

const prompt: LanguageModelV4CallOptions['prompt'] = [
  { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
];

/**
 * A chat model whose fetch records every call and fails: the core's validation must reject
 * before any of them.
 */
function offlineModel(modelId: string) {
  const calls: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    calls.push(String(input));
    throw new Error('network used');
  }) as typeof globalThis.fetch;
  const model = createPolarGrid({
    apiKey: 'pg_unit_test_key_123456',
    baseURL: 'http://127.0.0.1:9',
    fetch,
  })(modelId);
  return { model, calls };
}

const weatherTool: LanguageModelV4FunctionTool = {
  type: 'function',
  name: 'weather',
  description: 'Weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
};

describe('prepareChatRequest', () => {
  it('sends every defined sampling value, including 0 (D5)', async () => {
    const { body, warnings } = await prepareChatRequest('qwen-3.8-27b', {
      prompt,
      maxOutputTokens: 0,
      temperature: 0,
      topP: 0,
      topK: 0,
      frequencyPenalty: 0,
      presencePenalty: 0,
      seed: 0,
      stopSequences: ['END'],
    });
    expect(warnings).toEqual([]);
    expect(body).toEqual({
      model: 'qwen-3.8-27b',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 0,
      temperature: 0,
      top_p: 0,
      top_k: 0,
      frequency_penalty: 0,
      presence_penalty: 0,
      seed: 0,
      stop: ['END'],
    });
  });

  it('leaves unset values out', async () => {
    const { body } = await prepareChatRequest('qwen-3.8-27b', { prompt });
    expect(Object.keys(body).sort()).toEqual(['messages', 'model']);
  });

  it('maps polargrid provider options and lets them override call settings', async () => {
    const { body } = await prepareChatRequest('qwen-3.8-27b', {
      prompt,
      topK: 5,
      tools: [weatherTool],
      providerOptions: {
        polargrid: {
          topK: 40,
          enableThinking: true,
          user: 'u-1',
          parallelToolCalls: false,
          extraBody: { repetition_penalty: 1.1 },
        },
      },
    });
    expect(body).toMatchObject({
      top_k: 40,
      enable_thinking: true,
      user: 'u-1',
      parallel_tool_calls: false,
      repetition_penalty: 1.1,
    });
  });

  it('rejects bad provider options and too many stop sequences before any network call', async () => {
    await expect(
      prepareChatRequest('qwen-3.8-27b', { prompt, providerOptions: { polargrid: { topK: 'x' } } }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      prepareChatRequest('qwen-3.8-27b', { prompt, providerOptions: { polargrid: { tpoK: 3 } } }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    // The stop-sequence limit is the core's: checked on the call, before the network.
    const { model, calls } = offlineModel('qwen-3.8-27b');
    const error = await Promise.resolve(
      model.doGenerate({ prompt, stopSequences: ['a', 'b', 'c', 'd', 'e'] }),
    ).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: 'stopSequences' });
    expect(calls).toEqual([]);
  });

  it('names the bad provider option and the valid ones', async () => {
    const unknown = await prepareChatRequest('qwen-3.8-27b', {
      prompt,
      providerOptions: { polargrid: { tpoK: 3 } },
    }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ argument: 'providerOptions.polargrid' });
    expect((unknown as Error).message).toContain('unknown option "tpoK"');
    expect((unknown as Error).message).toMatch(/Valid options: topK, enableThinking, user,/);
    const badValue = await prepareChatRequest('qwen-3.8-27b', {
      prompt,
      providerOptions: { polargrid: { topK: 'x' } },
    }).catch((e: unknown) => e);
    expect((badValue as Error).message).toMatch(/topK: .*expected number/);
  });

  it('maps the V4 reasoning option onto enable_thinking', async () => {
    const none = await prepareChatRequest('qwen-3.8-27b', { prompt, reasoning: 'none' });
    expect(none.body.enable_thinking).toBe(false);
    expect(none.warnings).toEqual([]);

    const def = await prepareChatRequest('qwen-3.8-27b', { prompt, reasoning: 'provider-default' });
    expect('enable_thinking' in def.body).toBe(false);

    const high = await prepareChatRequest('qwen-3.8-27b', { prompt, reasoning: 'high' });
    expect(high.body.enable_thinking).toBe(true);
    expect(high.warnings).toEqual([
      expect.objectContaining({ type: 'compatibility', feature: 'reasoning' }),
    ]);

    const explicit = await prepareChatRequest('qwen-3.8-27b', {
      prompt,
      reasoning: 'high',
      providerOptions: { polargrid: { enableThinking: false } },
    });
    expect(explicit.body.enable_thinking).toBe(false);
    expect(explicit.warnings).toEqual([]);
  });

  it('maps function tools and every tool choice; warns on provider tools', async () => {
    const base = {
      prompt,
      tools: [weatherTool, { ...weatherTool, name: 'strict_one', strict: true }],
    };
    const auto = await prepareChatRequest('qwen-3.8-27b', {
      ...base,
      toolChoice: { type: 'auto' },
    });
    expect(auto.body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'weather',
          description: 'Weather for a city',
          parameters: weatherTool.inputSchema,
        },
      },
      {
        type: 'function',
        function: {
          name: 'strict_one',
          description: 'Weather for a city',
          parameters: weatherTool.inputSchema,
          strict: true,
        },
      },
    ]);
    expect(auto.body.tool_choice).toBe('auto');
    for (const type of ['none', 'required'] as const) {
      const r = await prepareChatRequest('qwen-3.8-27b', { ...base, toolChoice: { type } });
      expect(r.body.tool_choice).toBe(type);
    }
    const named = await prepareChatRequest('qwen-3.8-27b', {
      ...base,
      toolChoice: { type: 'tool', toolName: 'weather' },
    });
    expect(named.body.tool_choice).toEqual({ type: 'function', function: { name: 'weather' } });

    const provider = await prepareChatRequest('qwen-3.8-27b', {
      prompt,
      tools: [{ type: 'provider', id: 'openai.web_search', name: 'web_search', args: {} }],
    });
    expect(provider.body.tools).toBeUndefined();
    expect(provider.warnings).toEqual([
      expect.objectContaining({
        type: 'unsupported',
        feature: 'provider-defined tool openai.web_search',
      }),
    ]);
  });

  it('warns that tool input examples are not sent, instead of dropping them silently', async () => {
    const { body, warnings } = await prepareChatRequest('qwen-3.8-27b', {
      prompt,
      tools: [{ ...weatherTool, inputExamples: [{ input: { city: 'Oslo' } }] }],
    });
    expect(JSON.stringify(body.tools)).not.toContain('Oslo');
    expect(warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'inputExamples of tool weather' }),
    ]);
  });

  it('refuses tools for a model whose capability data says it has none', async () => {
    // The capability check is the core's: on the call, before the network. Every catalogue
    // model without tool calling is also retired, and the core refuses a retired model first
    // (`model`); the mapping of its tools refusal to UnsupportedFunctionalityError is tested in
    // polargrid-error.test.ts.
    const { model, calls } = offlineModel('qwen-3.5-9b');
    const attempts: Array<() => PromiseLike<unknown>> = [
      () => model.doGenerate({ prompt, tools: [weatherTool] }),
      () => model.doStream({ prompt, tools: [weatherTool] }),
    ];
    for (const attempt of attempts) {
      const error = await Promise.resolve(attempt()).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ argument: 'model' });
      expect((error as Error).message).toMatch(/retired/);
    }
    expect(calls).toEqual([]);
    // Unknown ids are not refused: the edge decides.
    const unknown = await prepareChatRequest('qwen-9.9-pilot', { prompt, tools: [weatherTool] });
    expect(unknown.body.tools).toHaveLength(1);
  });

  it('maps JSON output to json_schema, or json_object with a warning', async () => {
    const schema = { type: 'object' as const, properties: { a: { type: 'number' as const } } };
    const withSchema = await prepareChatRequest('qwen-3.8-27b', {
      prompt,
      responseFormat: { type: 'json', schema, name: 'thing', description: 'A thing' },
    });
    expect(withSchema.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'thing', description: 'A thing', schema, strict: true },
    });
    expect(withSchema.warnings).toEqual([]);

    const loose = await prepareChatRequest('qwen-3.8-27b', {
      prompt,
      responseFormat: { type: 'json', schema },
      providerOptions: { polargrid: { strictJsonSchema: false } },
    });
    expect(loose.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema, strict: false },
    });

    const noSchema = await prepareChatRequest('qwen-3.8-27b', {
      prompt,
      responseFormat: { type: 'json' },
    });
    expect(noSchema.body.response_format).toEqual({ type: 'json_object' });
    expect(noSchema.warnings).toEqual([
      expect.objectContaining({ type: 'compatibility', feature: 'responseFormat' }),
    ]);
  });
});
