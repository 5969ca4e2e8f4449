import { TimeoutError } from '../errors/error-classes.js';
import type { ResponseMeta } from '../client/options.js';

/**
 * Reads a whole response body as text, failing with a {@link TimeoutError} (code
 * `stream_stalled`) when no bytes arrive for `idleMs`. `Response.text()` would wait forever on an
 * edge that sent its headers and then stalled; streams already have this guard, so a
 * non-streamed body gets the same one. `idleMs` 0 disables it.
 */
export async function readBodyText(
  response: Response,
  idleMs: number,
  meta: ResponseMeta,
): Promise<string> {
  const body = response.body;
  if (body === null || idleMs <= 0) return response.text();
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = () =>
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new TimeoutError({
            message: `PolarGrid edge ${meta.region} stopped sending its response: no bytes for ${idleMs} ms.`,
            code: 'stream_stalled',
            region: meta.region,
            requestId: meta.requestId,
            headers: meta.headers,
          }),
        );
      }, idleMs);
    });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), stalled()]);
      clearTimeout(timer);
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    reader.releaseLock();
  }
}
