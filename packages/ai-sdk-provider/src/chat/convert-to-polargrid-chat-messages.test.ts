import { UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { convertToPolarGridChatMessages } from './convert-to-polargrid-chat-messages.js';

const text = { allowImages: false, reasoningEcho: 'omit' as const };
const vision = { allowImages: true, reasoningEcho: 'omit' as const };

describe('convertToPolarGridChatMessages', () => {
  it('sends system, text-only user content as a string and inlines text files', () => {
    const { messages, warnings } = convertToPolarGridChatMessages(
      [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Summarise:' },
            {
              type: 'file',
              mediaType: 'text/plain',
              filename: 'a.txt',
              data: { type: 'text', text: 'alpha' },
            },
            {
              type: 'file',
              mediaType: 'text/markdown',
              data: { type: 'data', data: new TextEncoder().encode('# beta') },
            },
          ],
        },
      ],
      text,
      'm',
    );
    expect(warnings).toEqual([]);
    expect(messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Summarise:\n\n<file name="a.txt">\nalpha\n</file>\n\n# beta' },
    ]);
  });

  it('sends images as image_url parts only where allowed', () => {
    const prompt = [
      {
        role: 'user' as const,
        content: [
          { type: 'text' as const, text: 'What is this?' },
          {
            type: 'file' as const,
            mediaType: 'image/png',
            data: { type: 'data' as const, data: new Uint8Array([1, 2, 3]) },
          },
          {
            type: 'file' as const,
            mediaType: 'image/jpeg',
            data: { type: 'url' as const, url: new URL('https://example.com/cat.jpg') },
          },
        ],
      },
    ];
    expect(convertToPolarGridChatMessages(prompt, vision, 'm').messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ],
      },
    ]);
    expect(() => convertToPolarGridChatMessages(prompt, text, 'qwen-3.5-9b')).toThrow(
      UnsupportedFunctionalityError,
    );
  });

  it('rejects files it cannot send (PDF, audio, URL text files)', () => {
    for (const part of [
      {
        type: 'file' as const,
        mediaType: 'application/pdf',
        data: { type: 'data' as const, data: 'AAAA' },
      },
      {
        type: 'file' as const,
        mediaType: 'audio/wav',
        data: { type: 'data' as const, data: 'AAAA' },
      },
      {
        type: 'file' as const,
        mediaType: 'text/plain',
        data: { type: 'url' as const, url: new URL('https://example.com/a.txt') },
      },
    ]) {
      expect(() =>
        convertToPolarGridChatMessages([{ role: 'user', content: [part] }], vision, 'm'),
      ).toThrow(UnsupportedFunctionalityError);
    }
  });

  it('maps assistant text, tool calls (stringified input) and reasoning per echo policy', () => {
    const prompt = [
      {
        role: 'assistant' as const,
        content: [
          { type: 'reasoning' as const, text: 'thinking' },
          { type: 'text' as const, text: 'Checking.' },
          {
            type: 'tool-call' as const,
            toolCallId: 'call_1',
            toolName: 'weather',
            input: { city: 'Oslo' },
          },
        ],
      },
    ];
    const toolCalls = [
      {
        id: 'call_1',
        type: 'function',
        function: { name: 'weather', arguments: '{"city":"Oslo"}' },
      },
    ];
    expect(convertToPolarGridChatMessages(prompt, text, 'm').messages).toEqual([
      { role: 'assistant', content: 'Checking.', tool_calls: toolCalls },
    ]);
    expect(
      convertToPolarGridChatMessages(prompt, { ...text, reasoningEcho: 'reasoning-content' }, 'm')
        .messages,
    ).toEqual([
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: toolCalls,
        reasoning_content: 'thinking',
      },
    ]);
    expect(
      convertToPolarGridChatMessages(prompt, { ...text, reasoningEcho: 'think-tags' }, 'm')
        .messages,
    ).toEqual([
      { role: 'assistant', content: '<think>thinking</think>Checking.', tool_calls: toolCalls },
    ]);
  });

  it('uses null content for an assistant turn with only tool calls', () => {
    const { messages } = convertToPolarGridChatMessages(
      [
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'c', toolName: 't', input: {} }],
        },
      ],
      text,
      'm',
    );
    expect(messages[0]).toMatchObject({ role: 'assistant', content: null });
  });

  it('maps every tool-result output type', () => {
    const result = (output: Parameters<typeof convertToPolarGridChatMessages>[0][number]) => output;
    const { messages, warnings } = convertToPolarGridChatMessages(
      [
        result({
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'a',
              toolName: 't',
              output: { type: 'text', value: 'sunny' },
            },
            {
              type: 'tool-result',
              toolCallId: 'b',
              toolName: 't',
              output: { type: 'json', value: { temp: 0 } },
            },
            {
              type: 'tool-result',
              toolCallId: 'c',
              toolName: 't',
              output: { type: 'execution-denied', reason: 'user said no' },
            },
            {
              type: 'tool-result',
              toolCallId: 'd',
              toolName: 't',
              output: { type: 'execution-denied' },
            },
            {
              type: 'tool-result',
              toolCallId: 'e',
              toolName: 't',
              output: { type: 'error-text', value: 'boom' },
            },
            {
              type: 'tool-result',
              toolCallId: 'f',
              toolName: 't',
              output: { type: 'error-json', value: { error: 'boom' } },
            },
            {
              type: 'tool-result',
              toolCallId: 'g',
              toolName: 't',
              output: {
                type: 'content',
                value: [
                  { type: 'text', text: 'line 1' },
                  { type: 'file', mediaType: 'text/plain', data: { type: 'text', text: 'line 2' } },
                  { type: 'custom' },
                ],
              },
            },
            { type: 'tool-approval-response', approvalId: 'x', approved: true },
          ],
        }),
      ],
      text,
      'm',
    );
    expect(messages).toEqual([
      { role: 'tool', tool_call_id: 'a', content: 'sunny' },
      { role: 'tool', tool_call_id: 'b', content: '{"temp":0}' },
      { role: 'tool', tool_call_id: 'c', content: 'user said no' },
      { role: 'tool', tool_call_id: 'd', content: 'Tool execution denied.' },
      { role: 'tool', tool_call_id: 'e', content: 'boom' },
      { role: 'tool', tool_call_id: 'f', content: '{"error":"boom"}' },
      { role: 'tool', tool_call_id: 'g', content: 'line 1\nline 2' },
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({
        type: 'unsupported',
        feature: 'tool result content part "custom"',
      }),
    ]);
  });

  it('rejects binary files in tool results and warns on assistant parts with no wire form', () => {
    expect(() =>
      convertToPolarGridChatMessages(
        [
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'a',
                toolName: 't',
                output: {
                  type: 'content',
                  value: [
                    { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'AAAA' } },
                  ],
                },
              },
            ],
          },
        ],
        vision,
        'm',
      ),
    ).toThrow(UnsupportedFunctionalityError);

    const { warnings } = convertToPolarGridChatMessages(
      [
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Here' },
            { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'AAAA' } },
          ],
        },
      ],
      vision,
      'm',
    );
    expect(warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'assistant message part "file"' }),
    ]);
  });
});
