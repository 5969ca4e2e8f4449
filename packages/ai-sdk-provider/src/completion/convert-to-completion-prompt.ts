import {
  InvalidPromptError,
  type LanguageModelV4Prompt,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';

/**
 * Flattens a chat prompt into one completion prompt, the way OpenAI-compatible providers do:
 * an optional leading system text, then `user:` / `assistant:` turns separated by blank lines,
 * ending with `assistant:` so the model continues as the assistant. `\nuser:` is added as a stop
 * sequence so the model does not write the next user turn itself.
 */
export function convertToCompletionPrompt(prompt: LanguageModelV4Prompt): {
  prompt: string;
  stopSequences: string[];
} {
  let text = '';
  let rest = prompt;
  const first = prompt[0];
  if (first?.role === 'system') {
    text += `${first.content}\n\n`;
    rest = prompt.slice(1);
  }

  for (const message of rest) {
    switch (message.role) {
      case 'system':
        throw new InvalidPromptError({
          prompt,
          message: `Unexpected system message in the middle of a completion prompt: ${message.content}`,
        });
      case 'user': {
        const parts = message.content.map((part) => {
          if (part.type === 'text') return part.text;
          throw new UnsupportedFunctionalityError({
            functionality: 'file parts in completion prompts',
          });
        });
        text += `user:\n${parts.join('')}\n\n`;
        break;
      }
      case 'assistant': {
        const parts = message.content.map((part) => {
          if (part.type === 'text') return part.text;
          if (part.type === 'reasoning') return '';
          throw new UnsupportedFunctionalityError({
            functionality: `${part.type} parts in completion prompts`,
          });
        });
        text += `assistant:\n${parts.join('')}\n\n`;
        break;
      }
      case 'tool':
        throw new UnsupportedFunctionalityError({
          functionality: 'tool messages in completion prompts',
        });
      default: {
        const unknown = message as { role: string };
        throw new UnsupportedFunctionalityError({ functionality: `message role ${unknown.role}` });
      }
    }
  }
  text += 'assistant:\n';
  return { prompt: text, stopSequences: ['\nuser:'] };
}
