import type { RequestContext } from './request-context.js';
import type { Frame, PlayTimings } from './stream-player.js';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/** Where the `pg_metadata` frame goes relative to `data: [DONE]`. */
export function metadataBeforeDone(ctx: RequestContext): boolean {
  return (ctx.headers['x-pg-emulator-metadata'] ?? '').includes('before-done');
}

/**
 * The `pg_metadata` frame with server timings. Framing per request with
 * `x-pg-emulator-metadata: <framing>[;before-done]`: `event` (default: `event: pg_metadata` +
 * `data:`), `data` (a bare `data: {"object":"pg_metadata",…}` line) or `none`. By default it is
 * the closing line after `[DONE]` (so OpenAI-style clients, which stop at `[DONE]`, never see it);
 * `;before-done` puts it just before `[DONE]`.
 */
export function metadataFrame(ctx: RequestContext, timings: PlayTimings): Frame | undefined {
  const framing =
    (ctx.headers['x-pg-emulator-metadata'] ?? 'event').split(';')[0]?.trim() || 'event';
  if (framing === 'none') return undefined;
  const payload = () => {
    const now = Date.now() - timings.startedAt;
    return {
      inference_ttft_ms: timings.firstContentAt ?? now,
      inference_total_ms: timings.lastContentAt ?? now,
    };
  };
  if (framing === 'data') {
    return {
      phase: 'tail',
      text: () => `data: ${JSON.stringify({ object: 'pg_metadata', ...payload() })}\n\n`,
    };
  }
  return {
    phase: 'tail',
    text: () => `event: pg_metadata\ndata: ${JSON.stringify(payload())}\n\n`,
  };
}
