import {
  AIMessage,
  AIMessageChunk,
  ChatMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { describe, expect, test } from 'vitest';
import { toWireMessages } from '../messages.js';

const TEXT_ONLY = { model: 'qwen-3.8-27b', imageInputs: false };
const VISION = { model: 'vision-model', imageInputs: true };

describe('toWireMessages', () => {
  test('roles: system stays system (never developer), human → user, ai → assistant', () => {
    expect(
      toWireMessages(
        [
          new SystemMessage('s'),
          new HumanMessage('h'),
          new AIMessage('a'),
          new ChatMessage('d', 'developer'),
        ],
        TEXT_ONLY,
      ),
    ).toEqual([
      { role: 'system', content: 's' },
      { role: 'user', content: 'h' },
      { role: 'assistant', content: 'a' },
      { role: 'system', content: 'd' },
    ]);
  });

  test('AI tool calls become assistant.tool_calls with content null; tool results keep their id', () => {
    const wire = toWireMessages(
      [
        new AIMessage({
          content: '',
          tool_calls: [
            { type: 'tool_call', id: 'abc123', name: 'AdderTool', args: { a: 1, b: 2 } },
          ],
        }),
        new ToolMessage('{"result":3}', 'abc123', 'AdderTool'),
      ],
      TEXT_ONLY,
    );
    expect(wire).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'abc123',
            type: 'function',
            function: { name: 'AdderTool', arguments: '{"a":1,"b":2}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'abc123', content: '{"result":3}' },
    ]);
  });

  test('tolerates tool_use blocks in AI content (Anthropic-style history)', () => {
    const [wire] = toWireMessages(
      [
        new AIMessage({
          content: [
            { type: 'text', text: 'some text' },
            { type: 'tool_use', id: 'x', name: 'AdderTool', input: { a: 1, b: 2 } },
          ],
          tool_calls: [{ type: 'tool_call', id: 'x', name: 'AdderTool', args: { a: 1, b: 2 } }],
        }),
      ],
      TEXT_ONLY,
    );
    expect(wire).toMatchObject({ role: 'assistant', content: 'some text' });
    expect(wire).toHaveProperty('tool_calls.0.id', 'x');
  });

  test('reasoning blocks of earlier answers are not echoed back', () => {
    const [wire] = toWireMessages(
      [
        new AIMessageChunk({
          content: [
            { type: 'reasoning', reasoning: 'hmm', index: 0 },
            { type: 'text', text: 'Hi', index: 1 },
          ],
        }),
      ],
      TEXT_ONLY,
    );
    expect(wire).toEqual({ role: 'assistant', content: 'Hi' });
  });

  test('text blocks (also source_type text) collapse into a string', () => {
    const [wire] = toWireMessages(
      [
        new HumanMessage({
          content: [
            { type: 'text', text: 'Hello ' },
            { type: 'text', source_type: 'text', text: 'there' },
          ],
        }),
      ],
      TEXT_ONLY,
    );
    expect(wire).toEqual({ role: 'user', content: 'Hello there' });
  });

  test('images: a clear error before any network for text-only models; parts for vision models', () => {
    const message = new HumanMessage({
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image', mimeType: 'image/png', data: 'AAAA' },
      ],
    });
    expect(() => toWireMessages([message], TEXT_ONLY)).toThrow(
      /Image content is not supported by model "qwen-3.8-27b"/,
    );
    expect(toWireMessages([message], VISION)).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        ],
      },
    ]);
  });

  test('audio and files are refused with a clear error', () => {
    const audio = new HumanMessage({
      content: [{ type: 'audio', mimeType: 'audio/wav', data: 'AAAA' }],
    });
    expect(() => toWireMessages([audio], TEXT_ONLY)).toThrow(/Audio content is not supported/);
  });

  test('unknown roles are refused', () => {
    expect(() => toWireMessages([new ChatMessage('x', 'wizard')], TEXT_ONLY)).toThrow(
      /unsupported message role "wizard"/,
    );
  });
});
