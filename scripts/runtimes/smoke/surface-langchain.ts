import { ChatPolarGrid } from '@polargrid/langchain';
import type { Runner } from './chat.ts';

/** Streams through LangChain's `ChatPolarGrid.stream`. */
export const viaLangChain: Runner = async (config) => {
  const model = new ChatPolarGrid({ model: config.model, ...config.options });
  let text = '';
  let deltas = 0;
  let finish = 'none';
  const stream = await model.stream(config.prompt);
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (typeof value.content === 'string' && value.content.length > 0) {
      text += value.content;
      deltas += 1;
    }
    const reason = value.response_metadata?.finish_reason;
    if (typeof reason === 'string') finish = reason;
  }
  return { ok: true, text, finish, deltas };
};
