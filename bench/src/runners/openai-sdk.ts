/** The `openai` SDK: `chat.completions.create({ stream: true })`. */
import OpenAI from 'openai';
import type { Tally } from '../tally.ts';
import type { ChatStreamer, RunnerConfig } from './types.ts';

export function createStreamer(config: RunnerConfig): ChatStreamer {
  const client = new OpenAI({ baseURL: config.baseURL, apiKey: config.apiKey, maxRetries: 0 });
  return async (tally: Tally) => {
    const stream = await client.chat.completions.create({
      model: config.model,
      messages: [{ role: 'user', content: 'Say something long.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice) {
        if (choice.delta?.content) tally.text(choice.delta.content);
        if (choice.finish_reason) tally.finish(choice.finish_reason);
      }
      if (chunk.usage) {
        const u = chunk.usage;
        tally.usage(u.prompt_tokens, u.completion_tokens, u.total_tokens);
      }
    }
  };
}
