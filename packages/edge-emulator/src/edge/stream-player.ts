import type { ServerResponse } from 'node:http';
import { type Fault, numParam, strParam } from '../faults/fault-kinds.js';
import { sleep } from '../http/respond.js';

/**
 * One SSE frame. `content` frames are paced by the model timing and count as tokens; `tail`
 * frames (final chunk, usage, pg_metadata, [DONE]) are dropped by the `no-finish` fault.
 */
export interface Frame {
  phase: 'head' | 'content' | 'tail';
  text: string | (() => string);
}

export interface Pacing {
  ttftMs: number;
  tokensPerSecond: number;
  /** Streamed speech: delay before the first audio chunk. */
  speechFirstByteMs: number;
}

/** When the first and last content frames were written (ms since the request started). */
export interface PlayTimings {
  startedAt: number;
  firstContentAt: number | undefined;
  lastContentAt: number | undefined;
}

export function sseData(payload: unknown): string {
  return `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
}

/** An abort signal that fires when the client goes away before the response finished. */
export function clientGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * Writes frames with the model's pacing and applies a stream fault (`reset-mid-stream`, `stall`,
 * `malformed-chunk`, `stream-error`, `no-finish`) at the chunk count it names.
 */
export async function playFrames(
  res: ServerResponse,
  frames: readonly Frame[],
  pacing: Pacing,
  fault: Fault | undefined,
  timings: PlayTimings,
): Promise<void> {
  const gone = clientGone(res);
  const after = fault
    ? numParam(fault, 'afterChunks', fault.kind === 'malformed-chunk' ? 1 : 2)
    : 0;
  const perToken = pacing.tokensPerSecond > 0 ? 1000 / pacing.tokensPerSecond : 0;
  let written = 0;
  let contentSeen = 0;
  for (const frame of frames) {
    if (gone.aborted) return;
    if (fault?.kind === 'no-finish' && frame.phase === 'tail') break;
    if (fault && written === after) {
      const stop = await applyMidStreamFault(res, fault, gone);
      if (stop) return;
    }
    if (frame.phase === 'content') {
      await sleep(contentSeen === 0 ? pacing.ttftMs : perToken, gone);
      if (gone.aborted) return;
      const now = Date.now() - timings.startedAt;
      timings.firstContentAt ??= now;
      timings.lastContentAt = now;
      contentSeen += 1;
    }
    res.write(typeof frame.text === 'function' ? frame.text() : frame.text);
    written += 1;
  }
  if (fault && written === after && fault.kind !== 'no-finish') {
    if (await applyMidStreamFault(res, fault, gone)) return;
  }
  res.end();
}

/** Returns true when the stream must stop here. */
async function applyMidStreamFault(
  res: ServerResponse,
  fault: Fault,
  gone: AbortSignal,
): Promise<boolean> {
  switch (fault.kind) {
    case 'reset-mid-stream':
      // Let what was written reach the client first: an RST discards unread data.
      await sleep(25);
      res.socket?.resetAndDestroy?.();
      res.destroy();
      return true;
    case 'stall': {
      const ms = numParam(fault, 'ms', Number.POSITIVE_INFINITY);
      if (Number.isFinite(ms)) await sleep(ms, gone);
      else await new Promise<void>((resolve) => gone.addEventListener('abort', () => resolve()));
      return gone.aborted;
    }
    case 'malformed-chunk':
      res.write('data: {not json\n\n');
      return false;
    case 'stream-error':
      res.write(
        sseData({
          error: {
            message: strParam(fault, 'message', 'Inference backend error'),
            type: strParam(fault, 'type', 'server_error'),
            code: strParam(fault, 'code', 'inference_error'),
          },
        }),
      );
      res.end();
      return true;
    default:
      return false;
  }
}
