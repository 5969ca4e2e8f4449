/**
 * What the browser page does with the AI SDK provider under `ai`'s `streamText` (bundled as
 * `ai-sdk.js`, and imported directly in Node for the comparison). Plain JSON in and out.
 */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { streamText } from 'ai';
import { type Connection, type ErrorView, runtimeLabel, viewError } from './scenarios-core.ts';

export interface AiSdkOutcome {
  runtime: string;
  text: string;
  deltas: number;
  finish: string;
  /** What `streamText` reported through `onError`, if anything. */
  error: ErrorView | undefined;
}

async function run(
  settings: Parameters<typeof createPolarGrid>[0],
  model: string,
  prompt: string,
): Promise<AiSdkOutcome> {
  const polargrid = createPolarGrid(settings);
  let failure: unknown;
  const result = streamText({
    model: polargrid(model),
    prompt,
    onError: ({ error }) => {
      failure = error;
    },
  });
  let text = '';
  let deltas = 0;
  for await (const delta of result.textStream) {
    text += delta;
    deltas += 1;
  }
  const finish = await Promise.resolve(result.finishReason).then(String, () => 'rejected');
  return {
    runtime: runtimeLabel(),
    text,
    deltas,
    finish,
    error: failure === undefined ? undefined : viewError(failure),
  };
}

/** `streamText` with the provider, opted in to browser use. */
export function streamWithAiSdk(
  conn: Connection,
  model: string,
  prompt: string,
  debug = false,
): Promise<AiSdkOutcome> {
  return run({ ...conn, dangerouslyAllowBrowser: true, debug }, model, prompt);
}

/** The same without the opt-in: in a page the provider must refuse the key, typed. */
export function streamWithoutOptIn(
  conn: Connection,
  model: string,
  prompt: string,
): Promise<AiSdkOutcome> {
  return run({ ...conn }, model, prompt);
}

export interface AiSdkAbortOutcome {
  /** `onAbort` ran: `ai` recognised the abort as an abort. */
  onAbortCalled: boolean;
  /** `fullStream` part types after the first text delta. */
  partsAfterAbort: string[];
  /** What `onError` received, if anything (an abort should not be reported as a failure). */
  error: ErrorView | undefined;
}

/** `streamText` with an `abortSignal` that fires at the first text delta of a paced stream. */
export async function abortWithAiSdk(
  conn: Connection,
  model: string,
  prompt: string,
  debug = false,
): Promise<AiSdkAbortOutcome> {
  const polargrid = createPolarGrid({ ...conn, dangerouslyAllowBrowser: true, debug });
  const controller = new AbortController();
  let onAbortCalled = false;
  let failure: unknown;
  const result = streamText({
    model: polargrid(model),
    prompt,
    abortSignal: controller.signal,
    headers: { 'x-pg-emulator-timing': 'ttft=0;tps=20' },
    onAbort: () => {
      onAbortCalled = true;
    },
    onError: ({ error }) => {
      failure = error;
    },
  });
  const partsAfterAbort: string[] = [];
  try {
    for await (const part of result.fullStream) {
      if (controller.signal.aborted) partsAfterAbort.push(part.type);
      else if (part.type === 'text-delta') controller.abort();
    }
  } catch (error) {
    failure ??= error;
  }
  return {
    onAbortCalled,
    partsAfterAbort,
    error: failure === undefined ? undefined : viewError(failure),
  };
}
