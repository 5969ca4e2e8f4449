/**
 * One soak stream read through each surface, reduced to how it ended. The core reads
 * `PolarGridEdge` events; the AI SDK reads `streamText`'s full stream (errors arrive as parts);
 * LangChain reads `ChatPolarGrid.stream` (errors are thrown).
 */
import { createPolarGrid, type PolarGridProvider } from '@polargrid/ai-sdk-provider';
import { PolarGridEdge, streamChatCompletion } from '@polargrid/core';
import { ChatPolarGrid } from '@polargrid/langchain';
import { streamText } from 'ai';

export const SOAK_SURFACES = ['core', 'ai', 'langchain'] as const;
export type SoakSurface = (typeof SOAK_SURFACES)[number];

export interface StreamEnd {
  kind: 'complete' | 'interrupted' | 'stream-error' | 'rejected' | 'finished-other';
  text: string;
  reason?: string;
  error?: unknown;
}

export interface SoakClients {
  core: PolarGridEdge;
  ai: PolarGridProvider;
  langchain: ChatPolarGrid;
}

export interface SoakConnection {
  apiKey: string;
  autorouterURL: string;
  edgeURLs: Record<string, string>;
  fetch: typeof fetch;
}

/** Retries on every surface: the core's own, `ai`'s `maxRetries`, LangChain's `maxRetries`. */
export const SOAK_RETRIES = 2;
/**
 * The stall fault is caught by `streamIdleTimeout`. `timeout` (to response headers) is the
 * default: since a timeout after the request was sent is no longer retried (issue 13, rule 6), a
 * tight one would turn a loaded CI machine's slowness into failures this soak is not about.
 */
const TIMEOUTS = { streamIdleTimeout: 1000, timeout: 30_000 };

export function soakClients(conn: SoakConnection): SoakClients {
  return {
    core: new PolarGridEdge({ ...conn, ...TIMEOUTS, maxRetries: SOAK_RETRIES }),
    ai: createPolarGrid({ ...conn, ...TIMEOUTS }),
    langchain: new ChatPolarGrid({ ...conn, ...TIMEOUTS, maxRetries: SOAK_RETRIES }),
  };
}

const MODEL = 'qwen-3.8-27b';

function failedEnd(text: string, error: unknown): StreamEnd {
  return { kind: text === '' ? 'rejected' : 'stream-error', text, error };
}

async function viaCore(
  clients: SoakClients,
  headers: Record<string, string>,
  prompt: string,
  signal: AbortSignal,
): Promise<StreamEnd> {
  let text = '';
  try {
    const { events } = await streamChatCompletion(
      clients.core,
      { model: MODEL, messages: [{ role: 'user', content: prompt }] },
      { headers, signal },
    );
    const reader = events.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { kind: 'finished-other', text, reason: 'no terminal event' };
      if (value.type === 'text-delta') text += value.text;
      else if (value.type === 'finish') {
        reader.releaseLock();
        if (value.reason === 'stop') return { kind: 'complete', text };
        if (value.reason === 'interrupted')
          return { kind: 'interrupted', text, reason: value.interruption?.message };
        return { kind: 'finished-other', text, reason: value.reason };
      } else if (value.type === 'error') {
        return { kind: 'stream-error', text, error: value.error };
      }
    }
  } catch (error) {
    return failedEnd(text, error);
  }
}

async function viaAi(
  clients: SoakClients,
  headers: Record<string, string>,
  prompt: string,
  signal: AbortSignal,
): Promise<StreamEnd> {
  let text = '';
  let error: unknown;
  let finish: string | undefined;
  try {
    const result = streamText({
      model: clients.ai(MODEL),
      prompt,
      headers,
      abortSignal: signal,
      maxRetries: SOAK_RETRIES,
      onError: () => {},
    });
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') text += part.text;
      else if (part.type === 'error') error ??= part.error;
      else if (part.type === 'finish') finish = part.finishReason;
    }
  } catch (thrown) {
    error ??= thrown;
  }
  if (error !== undefined) return failedEnd(text, error);
  if (finish === 'stop') return { kind: 'complete', text };
  if (finish === 'interrupted') return { kind: 'interrupted', text };
  return { kind: 'finished-other', text, reason: finish };
}

async function viaLangChain(
  clients: SoakClients,
  headers: Record<string, string>,
  prompt: string,
  signal: AbortSignal,
): Promise<StreamEnd> {
  let text = '';
  let finish: string | undefined;
  try {
    const stream = await clients.langchain.stream(prompt, { headers, signal });
    for await (const chunk of stream) {
      if (typeof chunk.content === 'string') text += chunk.content;
      const reason = chunk.response_metadata?.finish_reason;
      if (typeof reason === 'string') finish = reason;
    }
  } catch (error) {
    return failedEnd(text, error);
  }
  if (finish === 'stop') return { kind: 'complete', text };
  if (finish === 'interrupted') return { kind: 'interrupted', text };
  return { kind: 'finished-other', text, reason: finish };
}

export const READERS: Record<
  SoakSurface,
  (
    clients: SoakClients,
    headers: Record<string, string>,
    prompt: string,
    signal: AbortSignal,
  ) => Promise<StreamEnd>
> = { core: viaCore, ai: viaAi, langchain: viaLangChain };
