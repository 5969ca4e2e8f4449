/**
 * The six ways a user reaches a chat: the core's official-SDK surface (`PolarGrid.chatCompletion`
 * and `chatCompletionStream`), the AI SDK provider under `generateText` and `streamText`, and
 * LangChain's `ChatPolarGrid.invoke` and `.stream`. Each runs one prompt and reports what the user
 * saw in one shape, so a behaviour can be compared across surfaces.
 */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import type { PolarGridClientOptions } from '@polargrid/core';
import { PolarGrid } from '@polargrid/core/sdk';
import { ChatPolarGrid } from '@polargrid/langchain';
import { generateText, streamText } from 'ai';
import { type ErrorView, viewError } from './errors.ts';

export const SURFACES = [
  'core.chatCompletion',
  'core.chatCompletionStream',
  'ai.generateText',
  'ai.streamText',
  'langchain.invoke',
  'langchain.stream',
] as const;
export type SurfaceName = (typeof SURFACES)[number];

/** Connection options every surface accepts (the adapters take a subset of the core's). */
export type ConnectionOptions = Pick<
  PolarGridClientOptions,
  | 'region'
  | 'baseURL'
  | 'autorouterURL'
  | 'edgeURLs'
  | 'timeout'
  | 'streamIdleTimeout'
  | 'dangerouslyAllowBrowser'
> & {
  apiKey?: string;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  debug?: PolarGridClientOptions['debug'];
};

export interface ChatParams {
  model: string;
  prompt: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  stop?: string[];
}

export interface Observed {
  surface: SurfaceName;
  /** The call completed without throwing and without an error part. */
  ok: boolean;
  text: string;
  /** The finish reason as the surface words it (`stop`, `interrupted`, …). */
  finish: string | undefined;
  /** A terminal error seen by the user (thrown, or an error part/event). */
  error: ErrorView | undefined;
  rawError: unknown;
  /** The region that answered, when the surface exposes it. */
  region: string | undefined;
}

/** The per-surface retry knob, so a matrix cell can ask each framework for its own policy. */
export interface RunOptions {
  maxRetries?: number;
}

function base(surface: SurfaceName): Observed {
  return {
    surface,
    ok: false,
    text: '',
    finish: undefined,
    error: undefined,
    rawError: undefined,
    region: undefined,
  };
}

function failed(out: Observed, error: unknown): Observed {
  out.ok = false;
  out.rawError = error;
  out.error = viewError(error);
  const partial = (error as { partialText?: unknown }).partialText;
  if (typeof partial === 'string' && out.text === '') out.text = partial;
  return out;
}

async function coreChat(conn: ConnectionOptions, p: ChatParams, o: RunOptions): Promise<Observed> {
  const out = base('core.chatCompletion');
  const pg = new PolarGrid(conn);
  try {
    const res = await pg.chatCompletion(
      {
        model: p.model,
        messages: [{ role: 'user', content: p.prompt }],
        temperature: p.temperature,
        topP: p.topP,
        maxTokens: p.maxTokens,
        stop: p.stop,
      },
      { maxRetries: o.maxRetries },
    );
    out.text = res.choices[0]?.message?.content ?? '';
    out.finish = res.choices[0]?.finishReason ?? undefined;
    out.region = pg.getRegionId();
    out.ok = true;
    return out;
  } catch (error) {
    return failed(out, error);
  }
}

async function coreStream(
  conn: ConnectionOptions,
  p: ChatParams,
  o: RunOptions,
): Promise<Observed> {
  const out = base('core.chatCompletionStream');
  const pg = new PolarGrid(conn);
  try {
    for await (const chunk of pg.chatCompletionStream(
      {
        model: p.model,
        messages: [{ role: 'user', content: p.prompt }],
        temperature: p.temperature,
        topP: p.topP,
        maxTokens: p.maxTokens,
        stop: p.stop,
      },
      { maxRetries: o.maxRetries },
    )) {
      out.text += chunk.choices?.[0]?.delta?.content ?? '';
      out.finish = chunk.choices?.[0]?.finishReason ?? out.finish;
    }
    out.region = pg.getRegionId();
    out.ok = true;
    return out;
  } catch (error) {
    out.region = pg.getRegionId();
    if ((error as { name?: string }).name === 'StreamInterruptedError') out.finish = 'interrupted';
    return failed(out, error);
  }
}

function aiModel(conn: ConnectionOptions, model: string) {
  return createPolarGrid(conn)(model);
}

function regionOf(metadata: unknown): string | undefined {
  const pg = (metadata as { polargrid?: { region?: unknown } } | undefined)?.polargrid;
  return typeof pg?.region === 'string' ? pg.region : undefined;
}

/** The call settings both AI SDK surfaces pass (the same request as every other surface). */
function aiCall(conn: ConnectionOptions, p: ChatParams, o: RunOptions) {
  return {
    model: aiModel(conn, p.model),
    prompt: p.prompt,
    temperature: p.temperature,
    topP: p.topP,
    maxOutputTokens: p.maxTokens,
    stopSequences: p.stop,
    maxRetries: o.maxRetries,
  };
}

async function aiGenerate(
  conn: ConnectionOptions,
  p: ChatParams,
  o: RunOptions,
): Promise<Observed> {
  const out = base('ai.generateText');
  try {
    const result = await generateText(aiCall(conn, p, o));
    out.text = result.text;
    out.finish = result.finishReason;
    out.region = regionOf(result.providerMetadata);
    out.ok = true;
    return out;
  } catch (error) {
    return failed(out, error);
  }
}

async function aiStream(conn: ConnectionOptions, p: ChatParams, o: RunOptions): Promise<Observed> {
  const out = base('ai.streamText');
  let streamError: unknown;
  try {
    const result = streamText({
      ...aiCall(conn, p, o),
      onError: ({ error }) => {
        streamError ??= error;
      },
    });
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') out.text += part.text;
      else if (part.type === 'error') streamError ??= part.error;
      else if (part.type === 'finish') out.finish = part.finishReason;
      else if (part.type === 'finish-step') out.region ??= regionOf(part.providerMetadata);
    }
    if (streamError !== undefined) return failed(out, streamError);
    out.ok = true;
    return out;
  } catch (error) {
    return failed(out, streamError ?? error);
  }
}

function lcModel(conn: ConnectionOptions, p: ChatParams, o: RunOptions): ChatPolarGrid {
  const { debug: _debug, ...fields } = conn;
  return new ChatPolarGrid({
    ...fields,
    model: p.model,
    temperature: p.temperature,
    topP: p.topP,
    maxTokens: p.maxTokens,
    stop: p.stop,
    maxRetries: o.maxRetries,
  });
}

function lcFinish(metadata: Record<string, unknown> | undefined): string | undefined {
  const reason = metadata?.finish_reason;
  return typeof reason === 'string' ? reason : undefined;
}

async function lcInvoke(conn: ConnectionOptions, p: ChatParams, o: RunOptions): Promise<Observed> {
  const out = base('langchain.invoke');
  try {
    const message = await lcModel(conn, p, o).invoke(p.prompt);
    out.text =
      typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
    out.finish = lcFinish(message.response_metadata);
    out.region = message.response_metadata?.region as string | undefined;
    out.ok = true;
    return out;
  } catch (error) {
    return failed(out, error);
  }
}

async function lcStream(conn: ConnectionOptions, p: ChatParams, o: RunOptions): Promise<Observed> {
  const out = base('langchain.stream');
  try {
    const stream = await lcModel(conn, p, o).stream(p.prompt);
    for await (const chunk of stream) {
      if (typeof chunk.content === 'string') out.text += chunk.content;
      out.finish = lcFinish(chunk.response_metadata) ?? out.finish;
      const region = chunk.response_metadata?.region;
      if (typeof region === 'string') out.region = region;
    }
    out.ok = true;
    return out;
  } catch (error) {
    return failed(out, error);
  }
}

const RUNNERS: Record<
  SurfaceName,
  (conn: ConnectionOptions, p: ChatParams, o: RunOptions) => Promise<Observed>
> = {
  'core.chatCompletion': coreChat,
  'core.chatCompletionStream': coreStream,
  'ai.generateText': aiGenerate,
  'ai.streamText': aiStream,
  'langchain.invoke': lcInvoke,
  'langchain.stream': lcStream,
};

/** Runs one chat on one surface; never throws (construction errors are observed too). */
export async function runSurface(
  surface: SurfaceName,
  conn: ConnectionOptions,
  params: ChatParams,
  options: RunOptions = {},
): Promise<Observed> {
  try {
    return await RUNNERS[surface](conn, params, options);
  } catch (error) {
    return failed(base(surface), error);
  }
}
