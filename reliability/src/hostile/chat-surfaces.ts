/**
 * The six chat surfaces of the hostile-edge suite, each reduced to what its user saw: text,
 * reasoning, tool calls, finish reason, warnings, the error (as thrown or as an error part) and
 * how long the call took. The core is driven through its endpoint functions
 * (`streamChatCompletion`/`createChatCompletion` on a `PolarGridEdge`), the AI SDK through
 * `generateText`/`streamText` with `createPolarGrid`, LangChain through `ChatPolarGrid`
 * `invoke`/`stream`. Every surface keeps its own default retry policy: counting what reaches the
 * server is part of what the suite checks.
 */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import {
  type ChatCompletionRequest,
  createChatCompletion,
  PolarGridEdge,
  streamChatCompletion,
} from '@polargrid/core';
import { ChatPolarGrid } from '@polargrid/langchain';
import { generateText, jsonSchema, streamText, type ToolSet, tool } from 'ai';

export const CHAT_SURFACES = [
  'core streamChatCompletion',
  'core createChatCompletion',
  'ai streamText',
  'ai generateText',
  'langchain stream',
  'langchain invoke',
] as const;
export type ChatSurface = (typeof CHAT_SURFACES)[number];

/**
 * `ChatPolarGrid({ streaming: true }).invoke`: an invoke that streams underneath. Not one of the
 * six surfaces; the rules about streams that must end run it too.
 */
export const LANGCHAIN_STREAMING_INVOKE = 'langchain invoke (streaming: true)';

export const STREAMING_SURFACES: readonly ChatSurface[] = [
  'core streamChatCompletion',
  'ai streamText',
  'langchain stream',
];
export const WHOLE_SURFACES: readonly ChatSurface[] = [
  'core createChatCompletion',
  'ai generateText',
  'langchain invoke',
];

/** Connection options every surface accepts. */
export interface HostileConnection {
  apiKey: string;
  baseURL?: string;
  autorouterURL?: string;
  edgeURLs?: Record<string, string>;
  timeout?: number;
  streamIdleTimeout?: number;
  headers?: Record<string, string>;
  /** Routing and hedging (issue 21's hedge cells): every surface passes them to the core. */
  region?: string;
  fallbackRegions?: string[];
  maxFailovers?: number;
  hedge?: { delay?: number; budget?: number };
}

export interface ChatCall {
  prompt: string;
  model?: string;
  /** Declare the tools `get_weather` and `get_time` (so tool calls can be answered). */
  tools?: boolean;
  temperature?: number;
  /** Extra headers for this call only. */
  callHeaders?: Record<string, string>;
  /** LangChain only. */
  reasoningMode?: 'separate' | 'strip';
  /** Extra wire fields of the request body (the core surfaces only), e.g. `{ n: 2 }`. */
  body?: Record<string, unknown>;
  /** Gives up after this many ms and reports the call as hung (it is aborted). */
  limitMs: number;
}

export interface ToolCallView {
  id: string;
  name: string;
  arguments: string;
}

export interface ChatView {
  /** A chat surface, or another call (speech, a transcription job) read the same way. */
  surface: string;
  ok: boolean;
  text: string;
  reasoning: string;
  finish: string | undefined;
  toolCalls: ToolCallView[];
  warnings: string[];
  error: unknown;
  /** What the call returned (result, response metadata, message), searched for leaked secrets. */
  raw: unknown;
  /** No outcome within the call's limit. */
  hung: boolean;
  ms: number;
}

export const DEFAULT_MODEL = 'qwen-3.8-27b';

const TOOL_DEFINITIONS = [
  { name: 'get_weather', description: 'Weather in a city' },
  { name: 'get_time', description: 'Time in a city' },
] as const;

const TOOL_SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string' } },
} as const;

function coreTools(): ChatCompletionRequest['tools'] {
  return TOOL_DEFINITIONS.map((t) => ({
    type: 'function' as const,
    function: { name: t.name, description: t.description, parameters: { ...TOOL_SCHEMA } },
  }));
}

function aiTools(): ToolSet {
  const set: ToolSet = {};
  for (const t of TOOL_DEFINITIONS)
    set[t.name] = tool({ description: t.description, inputSchema: jsonSchema({ ...TOOL_SCHEMA }) });
  return set;
}

export function blank(surface: string): ChatView {
  return {
    surface,
    ok: false,
    text: '',
    reasoning: '',
    finish: undefined,
    toolCalls: [],
    warnings: [],
    error: undefined,
    raw: undefined,
    hung: false,
    ms: 0,
  };
}

export function fail(view: ChatView, error: unknown): ChatView {
  view.ok = false;
  view.error ??= error;
  return view;
}

async function coreStream(conn: HostileConnection, call: ChatCall, signal: AbortSignal) {
  const view = blank('core streamChatCompletion');
  try {
    const edge = new PolarGridEdge(conn);
    const { events, meta } = await streamChatCompletion(
      edge,
      {
        model: call.model ?? DEFAULT_MODEL,
        messages: [{ role: 'user', content: call.prompt }],
        temperature: call.temperature,
        tools: call.tools ? coreTools() : undefined,
        ...call.body,
      },
      // Raw payloads too: a secret must not survive in any parsed payload either.
      { signal, headers: call.callHeaders, includeRaw: true },
    );
    const payloads: unknown[] = [];
    view.raw = { meta, payloads };
    for await (const event of events) {
      if (event.type === 'text-delta') view.text += event.text;
      else if (event.type === 'reasoning-delta') view.reasoning += event.text;
      else if (event.type === 'tool-call-end')
        view.toolCalls.push({ id: event.id, name: event.name, arguments: event.arguments });
      else if (event.type === 'finish') view.finish = event.reason;
      else if (event.type === 'error') view.error = event.error;
      else if (event.type === 'raw') payloads.push(event.data);
      else if ((event as { type: string }).type === 'warning')
        view.warnings.push(JSON.stringify(event));
    }
    view.ok = view.error === undefined && view.finish !== 'interrupted';
    return view;
  } catch (error) {
    return fail(view, error);
  }
}

async function coreCreate(conn: HostileConnection, call: ChatCall, signal: AbortSignal) {
  const view = blank('core createChatCompletion');
  try {
    const edge = new PolarGridEdge(conn);
    const completion = await createChatCompletion(
      edge,
      {
        model: call.model ?? DEFAULT_MODEL,
        messages: [{ role: 'user', content: call.prompt }],
        temperature: call.temperature,
        tools: call.tools ? coreTools() : undefined,
        ...call.body,
      },
      { signal, headers: call.callHeaders },
    );
    const { result } = completion;
    view.raw = completion;
    view.text = result.text;
    view.reasoning = result.reasoning;
    view.finish = result.finishReason;
    view.toolCalls = result.toolCalls.map((c) => ({
      id: c.id,
      name: c.name,
      arguments: c.arguments,
    }));
    const warnings = (result as { warnings?: unknown }).warnings;
    if (Array.isArray(warnings)) view.warnings = warnings.map((w) => JSON.stringify(w));
    view.ok = true;
    return view;
  } catch (error) {
    return fail(view, error);
  }
}

function aiSettings(conn: HostileConnection, call: ChatCall, signal: AbortSignal) {
  return {
    model: createPolarGrid(conn)(call.model ?? DEFAULT_MODEL),
    prompt: call.prompt,
    temperature: call.temperature,
    headers: call.callHeaders,
    tools: call.tools ? aiTools() : undefined,
    abortSignal: signal,
  };
}

function toolInput(input: unknown): string {
  return typeof input === 'string' ? input : JSON.stringify(input);
}

async function aiGenerate(conn: HostileConnection, call: ChatCall, signal: AbortSignal) {
  const view = blank('ai generateText');
  try {
    const result = await generateText(aiSettings(conn, call, signal));
    view.raw = {
      request: result.request,
      response: result.response,
      providerMetadata: result.providerMetadata,
    };
    view.text = result.text;
    view.reasoning = result.reasoningText ?? '';
    view.finish = result.finishReason;
    view.toolCalls = result.toolCalls.map((c) => ({
      id: c.toolCallId,
      name: c.toolName,
      arguments: toolInput(c.input),
    }));
    view.warnings = (result.warnings ?? []).map((w) => JSON.stringify(w));
    view.ok = true;
    return view;
  } catch (error) {
    return fail(view, error);
  }
}

async function aiStream(conn: HostileConnection, call: ChatCall, signal: AbortSignal) {
  const view = blank('ai streamText');
  try {
    const result = streamText({
      ...aiSettings(conn, call, signal),
      onError: ({ error }) => {
        view.error ??= error;
      },
    });
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') view.text += part.text;
      else if (part.type === 'reasoning-delta') view.reasoning += part.text;
      else if (part.type === 'tool-call')
        view.toolCalls.push({
          id: part.toolCallId,
          name: part.toolName,
          arguments: toolInput(part.input),
        });
      else if (part.type === 'error') view.error ??= part.error;
      else if (part.type === 'finish') view.finish = part.finishReason;
      else if (part.type === 'start-step')
        view.warnings.push(...part.warnings.map((w) => JSON.stringify(w)));
    }
    if (view.error === undefined) {
      const providerMetadata = await result.providerMetadata;
      view.raw = { response: await result.response, providerMetadata };
      // A V4 stream carries call warnings only at its start: what the edge sent later and the
      // decoder did not use is reported in the provider metadata, where the provider documents it.
      const late = (providerMetadata?.polargrid as { warnings?: unknown } | undefined)?.warnings;
      if (Array.isArray(late)) view.warnings.push(...late.map((w) => JSON.stringify(w)));
    }
    view.ok = view.error === undefined;
    return view;
  } catch (error) {
    return fail(view, error);
  }
}

function lcModel(conn: HostileConnection, call: ChatCall, streaming = false): ChatPolarGrid {
  return new ChatPolarGrid({
    ...conn,
    model: call.model ?? DEFAULT_MODEL,
    temperature: call.temperature,
    reasoningMode: call.reasoningMode,
    streaming,
  });
}

function lcTools() {
  return TOOL_DEFINITIONS.map((t) => ({
    type: 'function' as const,
    function: { name: t.name, description: t.description, parameters: { ...TOOL_SCHEMA } },
  }));
}

/** Reads text, reasoning, tool calls and finish reason off a LangChain message. */
/** The parts of a LangChain message this suite reads. */
interface LangChainMessage {
  text: string;
  additional_kwargs: Record<string, unknown>;
  response_metadata?: Record<string, unknown>;
}

function readMessage(view: ChatView, message: LangChainMessage) {
  view.raw = message;
  view.text = message.text;
  const kwargs = message.additional_kwargs as { reasoning_content?: unknown };
  if (typeof kwargs.reasoning_content === 'string') view.reasoning = kwargs.reasoning_content;
  const calls = (message as { tool_calls?: { id?: string; name: string; args: unknown }[] })
    .tool_calls;
  view.toolCalls = (calls ?? []).map((c) => ({
    id: c.id ?? '',
    name: c.name,
    arguments: JSON.stringify(c.args),
  }));
  const reason = message.response_metadata?.finish_reason;
  view.finish = typeof reason === 'string' ? reason : undefined;
  const warnings = message.response_metadata?.warnings;
  if (Array.isArray(warnings)) view.warnings = warnings.map((w) => JSON.stringify(w));
}

async function lcInvoke(
  conn: HostileConnection,
  call: ChatCall,
  signal: AbortSignal,
  streaming = false,
) {
  const view = blank(streaming ? LANGCHAIN_STREAMING_INVOKE : 'langchain invoke');
  try {
    const model = lcModel(conn, call, streaming);
    const message = await model.invoke(call.prompt, {
      signal,
      headers: call.callHeaders,
      tools: call.tools ? lcTools() : undefined,
    });
    readMessage(view, message);
    view.ok = true;
    return view;
  } catch (error) {
    return fail(view, error);
  }
}

async function lcStream(conn: HostileConnection, call: ChatCall, signal: AbortSignal) {
  const view = blank('langchain stream');
  try {
    const model = lcModel(conn, call);
    const stream = await model.stream(call.prompt, {
      signal,
      headers: call.callHeaders,
      tools: call.tools ? lcTools() : undefined,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    if (chunks.length > 0)
      readMessage(
        view,
        chunks.reduce((whole, next) => whole.concat(next)),
      );
    view.ok = true;
    return view;
  } catch (error) {
    return fail(view, error);
  }
}

const RUNNERS: Record<
  ChatSurface | typeof LANGCHAIN_STREAMING_INVOKE,
  (conn: HostileConnection, call: ChatCall, signal: AbortSignal) => Promise<ChatView>
> = {
  'core streamChatCompletion': coreStream,
  'core createChatCompletion': coreCreate,
  'ai streamText': aiStream,
  'ai generateText': aiGenerate,
  'langchain stream': lcStream,
  'langchain invoke': (conn, call, signal) => lcInvoke(conn, call, signal),
  [LANGCHAIN_STREAMING_INVOKE]: (conn, call, signal) => lcInvoke(conn, call, signal, true),
};

/**
 * Runs one call on one surface. Never throws. A call with no outcome within `call.limitMs` is
 * aborted and reported as hung (the caller's `signal`, when given, aborts it too).
 */
export async function runChat(
  surface: ChatSurface | typeof LANGCHAIN_STREAMING_INVOKE,
  conn: HostileConnection,
  call: ChatCall,
  signal?: AbortSignal,
): Promise<ChatView> {
  const limit = new AbortController();
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<ChatView>((resolve) => {
    timer = setTimeout(() => {
      limit.abort(new Error(`hostile-edge: no outcome within ${call.limitMs} ms`));
      resolve({ ...blank(surface), hung: true });
    }, call.limitMs);
  });
  const combined = signal ? AbortSignal.any([signal, limit.signal]) : limit.signal;
  try {
    const view = await Promise.race([
      RUNNERS[surface](conn, call, combined).catch((error: unknown) => fail(blank(surface), error)),
      hung,
    ]);
    view.ms = Math.round(performance.now() - started);
    return view;
  } finally {
    clearTimeout(timer);
  }
}
