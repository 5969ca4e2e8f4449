import { AIMessageChunk, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import {
  polarGridFieldsFromResponseMetadata,
  tapLangGraphMetadata,
  type UIMessageChunkLike,
} from '../ui/langgraph_metadata.js';

/** The AI SDK UI chunks this test feeds (structurally what `ai`'s `UIMessageChunk`s are). */
type UIMessageChunk = UIMessageChunkLike & Record<string, unknown>;

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

function fromArray<T>(items: T[]): ReadableStream<T> {
  return new ReadableStream({
    start(controller) {
      for (const item of items) controller.enqueue(item);
      controller.close();
    },
  });
}

const edgeMeta = {
  model_provider: 'polargrid',
  region: 'yul-01',
  region_name: 'Montreal',
  request_id: 'req_42',
  server_timings: { inference_ttft_ms: 12, inference_total_ms: 90 },
};

describe('polarGridFieldsFromResponseMetadata', () => {
  it('reads ChatPolarGrid response_metadata', () => {
    expect(polarGridFieldsFromResponseMetadata(edgeMeta)).toEqual({
      region: 'yul-01',
      regionName: 'Montreal',
      requestId: 'req_42',
      serverTtftMs: 12,
    });
  });

  it('ignores metadata without PolarGrid fields', () => {
    expect(polarGridFieldsFromResponseMetadata({ model_provider: 'other' })).toEqual({});
    expect(polarGridFieldsFromResponseMetadata(undefined)).toEqual({});
  });
});

describe('tapLangGraphMetadata', () => {
  it('passes graph events through unchanged and adds metadata chunks to the UI stream', async () => {
    // A LangGraph ['values', 'messages'] run: a tool-calling model call, a tool, a final answer.
    const events: unknown[] = [
      ['values', { messages: [new HumanMessage('hi')] }],
      [
        'messages',
        [
          new AIMessageChunk({
            id: 'm1',
            content: '',
            response_metadata: edgeMeta,
            usage_metadata: { input_tokens: 10, output_tokens: 4, total_tokens: 14 },
          }),
          {},
        ],
      ],
      ['messages', [new ToolMessage({ content: '{}', tool_call_id: 'c1', name: 't' }), {}]],
      ['messages', [new AIMessageChunk({ id: 'm2', content: 'Hel' }), {}]],
      [
        'messages',
        [
          new AIMessageChunk({
            id: 'm2',
            content: 'lo',
            response_metadata: { ...edgeMeta, request_id: 'req_43' },
            usage_metadata: { input_tokens: 20, output_tokens: 2, total_tokens: 22 },
          }),
          {},
        ],
      ],
    ];
    const tap = tapLangGraphMetadata(fromArray(events), { backend: 'langchain' }, 0);
    const passed = await collect(tap.graphStream);
    expect(passed).toEqual(events);

    const ui: UIMessageChunk[] = [
      { type: 'start' },
      { type: 'text-start', id: 'm2' },
      { type: 'text-delta', id: 'm2', delta: 'Hello' },
      { type: 'text-end', id: 'm2' },
      { type: 'finish' },
    ];
    const out = await collect(tap.decorate(fromArray(ui)));
    expect(out[0]).toEqual({ type: 'start', messageMetadata: { backend: 'langchain' } });

    const metadata = out.filter((c) => c.type === 'message-metadata');
    // The TTFT once (first text token), then the totals right before finish.
    expect(metadata).toHaveLength(2);
    expect(metadata[0]).toMatchObject({ messageMetadata: { ttftMs: expect.any(Number) } });
    expect(out.at(-2)).toEqual({
      type: 'message-metadata',
      messageMetadata: {
        region: 'yul-01',
        regionName: 'Montreal',
        requestId: 'req_43',
        serverTtftMs: 12,
        steps: 2,
        inputTokens: 30,
        outputTokens: 6,
        totalTokens: 36,
      },
    });
    expect(out.at(-1)).toEqual({ type: 'finish' });
  });

  it('counts the first tool-call argument slice as the first token', async () => {
    const toolChunk = new AIMessageChunk({
      id: 'm1',
      content: '',
      tool_call_chunks: [
        { type: 'tool_call_chunk', id: 'c1', name: 'get_weather', args: '{', index: 0 },
      ],
    });
    const emptyChunk = new AIMessageChunk({ id: 'm0', content: '' });
    const tap = tapLangGraphMetadata(
      fromArray<unknown>([
        ['messages', [emptyChunk, {}]],
        ['messages', [toolChunk, {}]],
      ]),
      {},
      0,
    );
    const ui = tap.decorate(
      fromArray<UIMessageChunk>([{ type: 'start' }, { type: 'start-step' }, { type: 'finish' }]),
    );
    const [out] = await Promise.all([collect(ui), collect(tap.graphStream)]);
    expect(
      out.filter((c) => c.type === 'message-metadata' && 'ttftMs' in (c.messageMetadata as object)),
    ).toHaveLength(1);
  });

  it('cancels the graph stream when the UI side cancels (client abort)', async () => {
    let cancelled = false;
    const source = new ReadableStream<unknown>({
      pull(controller) {
        controller.enqueue(['messages', [new AIMessageChunk({ id: 'x', content: 'a' }), {}]]);
      },
      cancel() {
        cancelled = true;
      },
    });
    const tap = tapLangGraphMetadata(source, {}, 0);
    const reader = tap.graphStream.getReader();
    await reader.read();
    await reader.cancel('client went away');
    expect(cancelled).toBe(true);
  });
});
