import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { streamText } from 'ai';
import type { DemoStep } from '../context.ts';
import { StreamTimer, formatMetrics } from '../metrics.ts';
import { info, streamWriter } from '../output.ts';

export const AI_SDK_PROMPT = 'Name one benefit of model-aware routing.';

/** Step 6: the same kind of streamed chat through the Vercel AI SDK provider. */
export const aiSdkStep: DemoStep = {
  id: 'ai-sdk',
  title: 'AI SDK: streamText with createPolarGrid',
  async run({ target, models }) {
    const polargrid = createPolarGrid({ ...target.options });
    info(`user: ${AI_SDK_PROMPT}`);
    const timer = new StreamTimer();
    let failure: unknown;
    const result = streamText({
      model: polargrid(models.chat),
      prompt: AI_SDK_PROMPT,
      maxOutputTokens: 120,
      onError: ({ error }) => {
        failure = error;
      },
    });
    const out = streamWriter('  │ ');
    let text = '';
    for await (const delta of result.textStream) {
      timer.token();
      text += delta;
      out.write(delta);
    }
    out.end();
    if (failure) throw failure;
    const usage = await result.usage;
    const metrics = timer.finish(usage.outputTokens);
    info(`finish: ${await result.finishReason}; ${formatMetrics(metrics)}`);
    if (!text.trim()) throw new Error('streamText produced no text');
    return { summary: `${text.length} characters via streamText`, metrics };
  },
};
