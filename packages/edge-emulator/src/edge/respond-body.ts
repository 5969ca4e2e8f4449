import { numParam } from '../faults/fault-kinds.js';
import { sleep } from '../http/respond.js';
import type { RequestContext } from './request-context.js';
import { clientGone } from './stream-player.js';

/**
 * Sends a complete (non-stream) body, honouring the in-response faults that make sense for it:
 * `reset-mid-stream` cuts the body half-way, `stall` stops after the headers.
 */
export async function sendBody(
  ctx: RequestContext,
  status: number,
  body: Buffer | string,
  headers: Record<string, string | number>,
): Promise<void> {
  const { res, fault } = ctx;
  if (res.destroyed) return;
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-length': bytes.length, ...headers });
  if (fault?.kind === 'reset-mid-stream') {
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    await sleep(25);
    res.socket?.resetAndDestroy?.();
    res.destroy();
    return;
  }
  if (fault?.kind === 'stall') {
    const gone = clientGone(res);
    const ms = numParam(fault, 'ms', Number.POSITIVE_INFINITY);
    res.flushHeaders();
    if (Number.isFinite(ms)) await sleep(ms, gone);
    else await new Promise<void>((resolve) => gone.addEventListener('abort', () => resolve()));
    if (gone.aborted) return;
  }
  res.end(bytes);
}

/** Simulated compute time of a non-stream answer: TTFT plus the time to produce the tokens. */
export function computeDelay(ctx: RequestContext, tokens: number): Promise<void> {
  const { ttftMs, tokensPerSecond } = ctx.pacing;
  const rest = tokensPerSecond > 0 ? (Math.max(0, tokens - 1) * 1000) / tokensPerSecond : 0;
  return sleep(ttftMs + rest, clientGone(ctx.res));
}
