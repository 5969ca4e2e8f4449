import { sendDetail } from '../../http/respond.js';
import { type ChatInput, type ChatPlan, argumentSlices, planChat } from '../../model/chat-plan.js';
import { toTurns } from '../../model/conversation.js';
import type { JsonSchema } from '../../model/schema-values.js';
import { toToolChoice, toToolSpecs } from '../../model/tool-selection.js';
import { checkModel } from '../model-check.js';
import { newId, type RequestContext } from '../request-context.js';
import { computeDelay, sendBody } from '../respond-body.js';
import { readSampling, type Sampling, samplingHeaders } from '../sampling.js';
import { type Frame, type PlayTimings, playFrames, sseData } from '../stream-player.js';
import { metadataBeforeDone, metadataFrame, SSE_HEADERS } from '../sse-common.js';
import { Validator } from '../validation.js';

const ROLES = new Set(['system', 'user', 'assistant', 'tool', 'developer']);

function readResponseFormat(v: Validator): ChatInput['responseFormat'] | undefined {
  const raw = v.body.response_format as Record<string, unknown> | undefined | null;
  if (raw == null) return { type: 'text' };
  if (raw.type === 'text') return { type: 'text' };
  if (raw.type === 'json_object') return { type: 'json_object' };
  if (raw.type === 'json_schema') {
    const js = (raw.json_schema ?? {}) as Record<string, unknown>;
    const schema = (js.schema ?? {}) as JsonSchema;
    return { type: 'json_schema', schema };
  }
  v.errors.push({
    loc: ['body', 'response_format', 'type'],
    msg: "Input should be 'text', 'json_object' or 'json_schema'",
    type: 'literal_error',
    input: raw.type,
  });
  return undefined;
}

function validateMessages(v: Validator, messages: unknown[]): string | undefined {
  if (messages.length === 0) return 'messages must contain at least one message';
  messages.forEach((m, i) => {
    const role = (m as Record<string, unknown> | null)?.role;
    if (typeof role !== 'string' || !ROLES.has(role)) {
      v.errors.push({
        loc: ['body', 'messages', i, 'role'],
        msg: "Input should be 'system', 'user', 'assistant' or 'tool'",
        type: 'literal_error',
        input: role,
      });
    }
  });
  const hasImage = messages.some((m) => {
    const content = (m as Record<string, unknown> | null)?.content;
    return (
      Array.isArray(content) && content.some((p) => (p as Record<string, unknown>)?.type !== 'text')
    );
  });
  return hasImage ? 'This model accepts text content parts only' : undefined;
}

/** `POST /v1/chat/completions`. */
export async function handleChat(ctx: RequestContext): Promise<void> {
  const v = new Validator(ctx.json);
  const model = v.string('model', true);
  const messages = v.array('messages', true);
  const sampling = readSampling(v);
  const stream = v.boolean('stream') ?? false;
  const enableThinking = v.boolean('enable_thinking') ?? false;
  v.array('tools');
  v.boolean('parallel_tool_calls');
  const responseFormat = readResponseFormat(v);
  const messageError = messages ? validateMessages(v, messages) : undefined;
  if (!v.ok) return sendDetail(ctx.res, 422, v.errors);
  if (sampling && 'detail' in sampling) return sendDetail(ctx.res, 400, sampling.detail);
  if (messageError) return sendDetail(ctx.res, 400, messageError);
  if (!model || !messages || !sampling || !responseFormat) return;
  if (!checkModel(ctx, model, 'llm')) return;

  const plan = planChat({
    turns: toTurns(messages),
    maxTokens: sampling.maxTokens,
    stop: sampling.stop,
    enableThinking,
    tools: toToolSpecs(v.body.tools),
    toolChoice: toToolChoice(v.body.tool_choice),
    parallelToolCalls: v.body.parallel_tool_calls !== false,
    responseFormat,
  });
  const toolFinish = ctx.headers['x-pg-emulator-tool-finish'] === 'stop' ? 'stop' : 'tool_calls';
  const finishReason = plan.finishReason === 'tool_calls' ? toolFinish : plan.finishReason;
  const common = { id: newId('chatcmpl-'), created: Math.floor(Date.now() / 1000), model };
  if (stream) {
    const options = (v.body.stream_options ?? {}) as Record<string, unknown>;
    return streamChat(ctx, plan, sampling, common, finishReason, options.include_usage === true);
  }
  await computeDelay(ctx, plan.completionTokens);
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: plan.toolCalls.length > 0 && plan.content === '' ? null : plan.content,
  };
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((c) => ({
      id: c.id,
      type: 'function',
      function: { name: c.name, arguments: c.arguments },
    }));
  }
  const body = {
    ...common,
    object: 'chat.completion',
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    usage: usageOf(plan),
  };
  await sendBody(ctx, 200, JSON.stringify(body), {
    'content-type': 'application/json',
    ...samplingHeaders(sampling),
  });
}

function usageOf(plan: ChatPlan) {
  return {
    prompt_tokens: plan.promptTokens,
    completion_tokens: plan.completionTokens,
    total_tokens: plan.promptTokens + plan.completionTokens,
  };
}

async function streamChat(
  ctx: RequestContext,
  plan: ChatPlan,
  sampling: Sampling,
  common: { id: string; created: number; model: string },
  finishReason: string,
  includeUsage: boolean,
): Promise<void> {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    sseData({
      ...common,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
  const frames: Frame[] = [{ phase: 'head', text: chunk({ role: 'assistant', content: '' }) }];
  for (const piece of plan.pieces)
    frames.push({ phase: 'content', text: chunk({ content: piece }) });
  plan.toolCalls.forEach((call, index) => {
    frames.push({
      phase: 'content',
      text: chunk({
        tool_calls: [
          { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
        ],
      }),
    });
    for (const slice of argumentSlices(call.arguments)) {
      frames.push({
        phase: 'content',
        text: chunk({ tool_calls: [{ index, function: { arguments: slice } }] }),
      });
    }
  });
  frames.push({ phase: 'tail', text: chunk({}, finishReason) });
  if (includeUsage) {
    frames.push({
      phase: 'tail',
      text: sseData({
        ...common,
        object: 'chat.completion.chunk',
        choices: [],
        usage: usageOf(plan),
      }),
    });
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
  ctx.res.writeHead(200, { ...SSE_HEADERS, ...samplingHeaders(sampling) });
  ctx.res.flushHeaders();
  await playFrames(ctx.res, frames, ctx.pacing, ctx.fault, timings);
}
