/**
 * LangChain v1 agents and LangGraph streaming on ChatPolarGrid, against the edge emulator.
 */
import { AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { createAgent, providerStrategy, toolStrategy } from 'langchain';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ChatPolarGrid } from '../chat_models.js';
import { useEmulator } from './emulator.js';
import { weatherTool } from './fixtures.js';

const emulator = useEmulator();
const model = () =>
  new ChatPolarGrid({ ...emulator.current.clientOptions(), temperature: 0, maxRetries: 0 });
const QUESTION = "What's the weather like in San Francisco right now?";

function types(messages: BaseMessage[]): string[] {
  return messages.map((m) => m.getType());
}

function expectUniqueIds(messages: BaseMessage[]) {
  const ids = messages.map((m) => m.id);
  expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
}

describe('createAgent (langchain v1)', () => {
  test('tool loop end to end: human > ai(tool call) > tool > ai(answer), unique ids', async () => {
    const agent = createAgent({ model: model(), tools: [weatherTool] });
    const result = await agent.invoke({ messages: [{ role: 'user', content: QUESTION }] });
    expect(types(result.messages)).toEqual(['human', 'ai', 'tool', 'ai']);
    const [, call, toolResult, answer] = result.messages;
    expect((call as AIMessageChunk).tool_calls?.[0]).toMatchObject({
      name: 'get_current_weather',
      args: { location: 'San Francisco' },
    });
    expect(toolResult!.text).toContain('70 degrees');
    expect(answer!.text).not.toBe('');
    expectUniqueIds(result.messages);
  });

  test('responseFormat toolStrategy: structured response through a forced tool call', async () => {
    const Weather = z.object({
      location: z.string().describe('The city'),
      temperature: z.number().describe('Degrees Fahrenheit'),
    });
    const agent = createAgent({
      model: model(),
      tools: [weatherTool],
      responseFormat: toolStrategy(Weather),
    });
    emulator.current.resetRequests();
    const result = await agent.invoke({ messages: [{ role: 'user', content: QUESTION }] });
    // The weather tool ran first; its result fed the forced structured-output call.
    const toolMessages = result.messages.filter((m) => m.getType() === 'tool');
    expect(toolMessages[0]?.text).toContain('70 degrees');
    expect(result.structuredResponse).toEqual({ location: expect.any(String), temperature: 70 });
    // The final model call forced a tool (`any` → `required`) instead of sending response_format.
    const bodies = emulator.current.requests
      .filter((r) => r.path === '/v1/chat/completions')
      .map((r) => r.body as Record<string, unknown>);
    expect(bodies.some((b) => b.tool_choice === 'required')).toBe(true);
    expect(bodies.every((b) => b.response_format === undefined)).toBe(true);
  });

  test('responseFormat providerStrategy: response_format json_schema on the wire', async () => {
    const Weather = z.object({
      location: z.string().describe('The city'),
      temperature: z.number().describe('Degrees Fahrenheit'),
    });
    const agent = createAgent({
      model: model(),
      tools: [weatherTool],
      responseFormat: providerStrategy(Weather),
    });
    emulator.current.resetRequests();
    const result = await agent.invoke({ messages: [{ role: 'user', content: QUESTION }] });
    expect(Weather.safeParse(result.structuredResponse).success).toBe(true);
    const bodies = emulator.current.requests
      .filter((r) => r.path === '/v1/chat/completions')
      .map((r) => r.body as Record<string, unknown>);
    expect(bodies.at(-1)?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { schema: { type: 'object', required: ['location', 'temperature'] } },
    });
  });
});

describe('LangGraph streaming', () => {
  test('streamMode "messages" streams the tool call as tool_call_chunks', async () => {
    const agent = createAgent({ model: model(), tools: [weatherTool] });
    const chunks: AIMessageChunk[] = [];
    for await (const [message] of await agent.stream(
      { messages: [{ role: 'user', content: QUESTION }] },
      { streamMode: 'messages' },
    )) {
      if (AIMessageChunk.isInstance(message)) chunks.push(message);
    }
    const toolChunks = chunks.flatMap((c) => c.tool_call_chunks ?? []);
    expect(toolChunks.length).toBeGreaterThan(1);
    expect(toolChunks[0]).toMatchObject({ name: 'get_current_weather' });
    // Tool args arrive in slices, not only in the aggregate.
    expect(toolChunks.filter((t) => t.args).length).toBeGreaterThanOrEqual(1);
    expect(chunks.some((c) => typeof c.content === 'string' && c.content.length > 0)).toBe(true);
  });

  test('streamEvents v3: the run completes and the tool call is streamed as an event', async () => {
    // Counts calls of the native event path, to show LangGraph v3 uses it (not core's bridge).
    class CountingModel extends ChatPolarGrid {
      nativeCalls = 0;
      override async *_streamChatModelEvents(
        ...args: Parameters<ChatPolarGrid['_streamChatModelEvents']>
      ) {
        this.nativeCalls++;
        yield* super._streamChatModelEvents(...args);
      }
    }
    const counting = new CountingModel({ ...emulator.current.clientOptions(), maxRetries: 0 });
    const agent = createAgent({ model: counting, tools: [weatherTool] });
    const run = await agent.streamEvents(
      { messages: [{ role: 'user', content: QUESTION }] },
      { version: 'v3' },
    );
    const toolCallNames: string[] = [];
    const texts: string[] = [];
    const consume = (async () => {
      for await (const handle of run.messages) {
        for (const call of await handle.toolCalls) toolCallNames.push(call.name);
        texts.push(await handle.text);
      }
    })();
    const output = (await run.output) as { messages: BaseMessage[] };
    await consume;
    expect(types(output.messages)).toEqual(['human', 'ai', 'tool', 'ai']);
    expect(toolCallNames).toEqual(['get_current_weather']);
    expect(texts.at(-1)).not.toBe('');
    expect(counting.nativeCalls).toBe(2);
  });

  test('model.streamEvents() (native protocol) returns the tool call and usage', async () => {
    // LangChain's own stream matcher (registered in setup.ts) agrees.
    await expect(model().streamEvents(QUESTION, { tools: [weatherTool] })).toHaveStreamToolCalls([
      { name: 'get_current_weather', args: { location: 'San Francisco' } },
    ]);
    const stream = model().streamEvents(QUESTION, { tools: [weatherTool] });
    const calls = await stream.toolCalls;
    expect(calls.map((c) => c.name)).toEqual(['get_current_weather']);
    const message = await stream;
    expect(message.tool_calls?.[0]).toMatchObject({ name: 'get_current_weather' });
    expect(message.usage_metadata?.total_tokens).toBeGreaterThan(0);
    expect(message.response_metadata.model_provider).toBe('polargrid');
  });

  test('bindTools(...).streamEvents(input) without options: the native stream with tools applied (pitfall 19)', async () => {
    const bound = model().bindTools([weatherTool]);
    const stream = bound.streamEvents(QUESTION);
    expect(await stream.toolCalls).toMatchObject([{ name: 'get_current_weather' }]);
    const message = await stream;
    expect(message.usage_metadata?.total_tokens).toBeGreaterThan(0);
    // A chained withConfig keeps both the tools and the binding's behaviour.
    const chained = bound.withConfig({ tool_choice: 'get_current_weather' });
    expect(await chained.streamEvents(QUESTION).toolCalls).toHaveLength(1);
    const wire = emulator.current.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
    expect(wire?.body).toMatchObject({
      tools: [{ function: { name: 'get_current_weather' } }],
      tool_choice: { type: 'function', function: { name: 'get_current_weather' } },
    });
    // version v2 still gives core's callback-based events.
    const v2: string[] = [];
    for await (const event of bound.streamEvents(QUESTION, { version: 'v2' })) v2.push(event.event);
    expect(v2[0]).toBe('on_chat_model_start');
    expect(v2.at(-1)).toBe('on_chat_model_end');
  });
});
