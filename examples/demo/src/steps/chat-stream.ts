import type { DemoStep } from '../context.ts';
import { StreamTimer, formatMetrics } from '../metrics.ts';
import { info, streamWriter } from '../output.ts';
import { streamChatCompletion } from '@polargrid/core';

export const CHAT_PROMPT =
  'In two sentences, why does running inference at the edge lower latency?';

/** Step 2: a streamed chat, printed token by token as it arrives. */
export const chatStreamStep: DemoStep = {
  id: 'chat',
  title: 'Streamed chat (core PolarGridEdge)',
  async run({ client, models }) {
    info(`user: ${CHAT_PROMPT}`);
    const timer = new StreamTimer();
    const { meta, events } = await streamChatCompletion(client, {
      model: models.chat,
      messages: [{ role: 'user', content: CHAT_PROMPT }],
      max_tokens: 200,
      temperature: 0.7,
    });
    info(`streaming from ${meta.region} (${meta.routeSource}), request ${meta.requestId ?? 'n/a'}`);
    const out = streamWriter('  │ ');
    let text = '';
    let tokens: number | undefined;
    for await (const event of events) {
      if (event.type === 'text-delta') {
        timer.token();
        text += event.text;
        out.write(event.text);
      } else if (event.type === 'finish') {
        tokens = event.usage?.completionTokens;
        out.end();
        info(
          `finish: ${event.reason}${event.timings?.inferenceTtftMs !== undefined ? `, server TTFT ${event.timings.inferenceTtftMs} ms` : ''}`,
        );
      } else if (event.type === 'error') {
        out.end();
        throw event.error;
      }
    }
    if (!text.trim()) throw new Error('the model streamed no text');
    const metrics = timer.finish(tokens);
    info(formatMetrics(metrics));
    return { summary: `${text.length} characters streamed`, metrics };
  },
};
