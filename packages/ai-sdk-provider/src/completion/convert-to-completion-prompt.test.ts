import { InvalidPromptError, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { expect, it } from 'vitest';
import { convertToCompletionPrompt } from './convert-to-completion-prompt.js';

it('flattens system, user and assistant turns and ends with assistant:', () => {
  expect(
    convertToCompletionPrompt([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'not sent' },
          { type: 'text', text: 'Hello!' },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'More?' }] },
    ]),
  ).toEqual({
    prompt: 'Be brief.\n\nuser:\nHi\n\nassistant:\nHello!\n\nuser:\nMore?\n\nassistant:\n',
    stopSequences: ['\nuser:'],
  });
});

it('rejects what a completion prompt cannot carry', () => {
  expect(() =>
    convertToCompletionPrompt([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'system', content: 'late system' },
    ]),
  ).toThrow(InvalidPromptError);
  expect(() =>
    convertToCompletionPrompt([
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'a',
            toolName: 't',
            output: { type: 'text', value: 'x' },
          },
        ],
      },
    ]),
  ).toThrow(UnsupportedFunctionalityError);
  expect(() =>
    convertToCompletionPrompt([
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'a', toolName: 't', input: {} }],
      },
    ]),
  ).toThrow(UnsupportedFunctionalityError);
});
