// Measurement fixture (temporary, for the bundle-size work of this session): the modules a
// browser app pulls in to stream one chat completion (config, routing, transport, errors,
// validation, decoding), wired by hand from internals. Measure with
//   pnpm exec node scripts/size.mjs --lib scripts/chat-path-probe.ts --entry streamChat --top 40
import { resolveConfig } from '../src/client/config.js';
import type { PolarGridClientOptions } from '../src/client/options.js';
import { prepareChat } from '../src/endpoints/validate.js';
import { send } from '../src/http/transport.js';
import { Router } from '../src/routing/router.js';
import { decodeChatStream } from '../src/stream/chat-stream-decoder.js';
import { createDebugLog } from '../src/util/logger.js';
import type { ChatCompletionRequest } from '../src/api/chat-types.js';

export async function streamChat(options: PolarGridClientOptions, body: ChatCompletionRequest) {
  const { apiKey, ...config } = resolveConfig(options);
  const log = createDebugLog(options.debug);
  const router = new Router({ fetch, ...config, log });
  const sent = await send(
    {
      fetch,
      router,
      apiKey,
      headers: options.headers,
      timeout: config.timeout,
      maxRetries: config.maxRetries,
      maxFailovers: config.maxFailovers,
      clientHeader: 'polargrid-core',
      log,
    },
    {
      method: 'POST',
      path: '/v1/chat/completions',
      json: prepareChat(body, true),
      auth: true,
      model: body.model,
    },
  );
  return decodeChatStream(sent.response.body as ReadableStream<Uint8Array>, {
    region: sent.meta.region,
    requestId: sent.meta.requestId,
    idleTimeoutMs: config.streamIdleTimeout,
  });
}
