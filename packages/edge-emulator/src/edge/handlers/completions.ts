import { sendDetail } from '../../http/respond.js';
import { type ChatPlan, planChat } from '../../model/chat-plan.js';
import { checkModel } from '../model-check.js';
import { newId, type RequestContext } from '../request-context.js';
import { computeDelay, sendBody } from '../respond-body.js';
import { readSampling, samplingHeaders } from '../sampling.js';
import { metadataBeforeDone, metadataFrame, SSE_HEADERS } from '../sse-common.js';
import { type Frame, type PlayTimings, playFrames, sseData } from '../stream-player.js';
import { Validator } from '../validation.js';

function promptText(prompt: unknown): string | undefined {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && prompt.every((p) => typeof p === 'string')) return prompt.join('\n');
  return undefined;
}

/** `POST /v1/completions`: text completions, mirroring the chat sampling parameters (§4.2). */
export async function handleCompletions(ctx: RequestContext): Promise<void> {
  const v = new Validator(ctx.json);
  const model = v.string('model', true);
  v.required('prompt');
  const sampling = readSampling(v);
  const stream = v.boolean('stream') ?? false;
  const prompt = promptText(v.body.prompt);
  if (v.body.prompt != null && prompt === undefined) {
    v.errors.push({
      loc: ['body', 'prompt'],
      msg: 'Input should be a valid string',
      type: 'string_type',
    });
  }
  if (!v.ok) return sendDetail(ctx.res, 422, v.errors);
  if (sampling && 'detail' in sampling) return sendDetail(ctx.res, 400, sampling.detail);
  if (!model || !sampling || prompt === undefined) return;
  if (!checkModel(ctx, model, 'llm')) return;

  const plan = planChat({
    turns: [{ role: 'user', text: prompt }],
    maxTokens: sampling.maxTokens,
    stop: sampling.stop,
    enableThinking: false,
    tools: [],
    toolChoice: { mode: 'none' },
    responseFormat: { type: 'text' },
  });
  const usage = usageOf(plan);
  const common = {
    id: newId('cmpl-'),
    object: 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model,
  };
  const headers = samplingHeaders(sampling);
  if (!stream) {
    await computeDelay(ctx, plan.completionTokens);
    const body = {
      ...common,
      choices: [{ index: 0, text: plan.content, logprobs: null, finish_reason: plan.finishReason }],
      usage,
    };
    return sendBody(ctx, 200, JSON.stringify(body), {
      'content-type': 'application/json',
      ...headers,
    });
  }
  const chunk = (text: string, finish: string | null) =>
    sseData({ ...common, choices: [{ index: 0, text, logprobs: null, finish_reason: finish }] });
  const frames: Frame[] = plan.pieces.map((p) => ({ phase: 'content', text: chunk(p, null) }));
  frames.push({ phase: 'tail', text: chunk('', plan.finishReason) });
  const options = (v.body.stream_options ?? {}) as Record<string, unknown>;
  if (options.include_usage === true) {
    frames.push({ phase: 'tail', text: sseData({ ...common, choices: [], usage }) });
  }
  const timings: PlayTimings = {
    startedAt: ctx.startedAt,
    firstContentAt: undefined,
    lastContentAt: undefined,
  };
  const meta = metadataFrame(ctx, timings);
  const done: Frame = { phase: 'tail', text: sseData('[DONE]') };
  if (meta) frames.push(...(metadataBeforeDone(ctx) ? [meta, done] : [done, meta]));
  else frames.push(done);
  ctx.res.writeHead(200, { ...SSE_HEADERS, ...headers });
  ctx.res.flushHeaders();
  await playFrames(ctx.res, frames, ctx.pacing, ctx.fault, timings);
}

function usageOf(plan: ChatPlan) {
  return {
    prompt_tokens: plan.promptTokens,
    completion_tokens: plan.completionTokens,
    total_tokens: plan.promptTokens + plan.completionTokens,
  };
}
