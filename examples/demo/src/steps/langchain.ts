import { HumanMessage } from '@langchain/core/messages';
import { ChatPolarGrid } from '@polargrid/langchain';
import type { DemoStep } from '../context.ts';
import { StreamTimer, formatMetrics } from '../metrics.ts';
import { info, streamWriter } from '../output.ts';

export const LANGCHAIN_PROMPT = 'Give a one-line tip for keeping streaming latency low.';

/** Step 7: streaming through LangChain's ChatPolarGrid. */
export const langchainStep: DemoStep = {
  id: 'langchain',
  title: 'LangChain: ChatPolarGrid.stream',
  async run({ target, models }) {
    const chat = new ChatPolarGrid({ model: models.chat, maxTokens: 120, ...target.options });
    info(`user: ${LANGCHAIN_PROMPT}`);
    const timer = new StreamTimer();
    const out = streamWriter('  │ ');
    let text = '';
    let tokens: number | undefined;
    for await (const chunk of await chat.stream([new HumanMessage(LANGCHAIN_PROMPT)])) {
      const piece = typeof chunk.content === 'string' ? chunk.content : '';
      if (piece) {
        timer.token();
        text += piece;
        out.write(piece);
      }
      tokens = chunk.usage_metadata?.output_tokens ?? tokens;
    }
    out.end();
    const metrics = timer.finish(tokens);
    info(formatMetrics(metrics));
    if (!text.trim()) throw new Error('ChatPolarGrid streamed no text');
    return { summary: `${text.length} characters via ChatPolarGrid`, metrics };
  },
};
