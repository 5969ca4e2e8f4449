import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Fault, numParam, parseFaultHeader } from '../faults/fault-kinds.js';
import { LoopbackServer } from '../http/loopback-server.js';
import { parseJson, readBody } from '../http/read-body.js';
import {
  INVALID_KEY,
  modelNotLoaded,
  RATE_LIMITED,
  sendDetail,
  sendJson,
} from '../http/respond.js';
import type { EmulatorState } from '../state.js';
import { handleChat } from './handlers/chat.js';
import { handleCompletions } from './handlers/completions.js';
import { handleEmbeddings } from './handlers/embeddings.js';
import { handleHealth, handleModels, handleModelStatus, handleOperator } from './handlers/info.js';
import { handleSpeech } from './handlers/speech.js';
import { LatencyProfile } from './latency-profile.js';
import { PersonaPlexEndpoint } from './personaplex/personaplex-socket.js';
import { handlePoll, handleTranscription } from './handlers/transcriptions.js';
import {
  type EdgeInfo,
  lowerHeaders,
  newId,
  pacingFor,
  type RequestContext,
} from './request-context.js';

type Handler = (ctx: RequestContext) => void | Promise<void>;

const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  '/health': { GET: handleHealth },
  '/v1/chat/completions': { POST: handleChat },
  '/v1/completions': { POST: handleCompletions },
  '/v1/embeddings': { POST: handleEmbeddings },
  '/v1/models': { GET: handleModels },
  '/v1/models/status': { GET: handleModelStatus },
  '/v1/models/load': { POST: handleOperator },
  '/v1/models/unload': { POST: handleOperator },
  '/v1/models/unload-all': { POST: handleOperator },
  '/v1/gpu/status': { GET: handleOperator },
  '/v1/gpu/memory': { GET: handleOperator },
  '/v1/gpu/purge': { POST: handleOperator },
  '/v1/audio/speech': { POST: handleSpeech },
  '/v1/audio/transcriptions': { POST: handleTranscription, GET: handlePoll },
};

/** Faults that replace the whole response before any header is written. */
function answerFault(ctx: RequestContext, fault: Fault): boolean {
  const { res } = ctx;
  switch (fault.kind) {
    case 'rate-limit': {
      const retryAfter = numParam(fault, 'retryAfter', 1);
      sendJson(res, 429, RATE_LIMITED, { 'retry-after': String(retryAfter) });
      return true;
    }
    case 'server-error': {
      const status = numParam(fault, 'status', 500);
      const reasons: Record<number, string> = {
        500: 'Internal Server Error',
        502: 'Bad Gateway',
        503: 'Service Unavailable',
        504: 'Gateway Timeout',
      };
      sendDetail(res, status, reasons[status] ?? 'Server Error');
      return true;
    }
    case 'reset-before-headers':
    case 'edge-dead':
      ctx.req.socket.resetAndDestroy();
      return true;
    case 'cloudfront-403':
      sendJson(res, 403, { Message: null });
      return true;
    case 'billing':
      sendDetail(res, 402, 'Billing access denied');
      return true;
    case 'model-not-loaded': {
      const model = (ctx.json as { model?: unknown } | undefined)?.model ?? ctx.query.model;
      sendJson(res, 404, modelNotLoaded(String(model ?? 'unknown')));
      return true;
    }
    default:
      return false;
  }
}

function bearer(headers: Record<string, string>): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return match?.[1]?.trim();
}

/** One emulated edge: its own loopback server, region id and model list. */
export class EdgeServer {
  readonly info: EdgeInfo;
  readonly server: LoopbackServer;
  /** How slow this edge is on purpose (replaced by `setEdgeLatency`). */
  latency: LatencyProfile;
  readonly #state: EmulatorState;

  constructor(info: EdgeInfo, state: EmulatorState, latency?: LatencyProfile) {
    this.info = info;
    this.#state = state;
    this.latency = latency ?? new LatencyProfile();
    this.server = new LoopbackServer((req, res) => this.#handle(req, res), state.access);
    const personaPlex = new PersonaPlexEndpoint(state, info.region);
    this.server.onUpgrade((req, socket, head) => personaPlex.upgrade(req, socket, head));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = lowerHeaders(req);
    const body = await readBody(req);
    const contentType = headers['content-type'] ?? '';
    const isJson = contentType === '' || contentType.includes('json');
    const parsed = isJson && body.length > 0 ? parseJson(body) : undefined;
    const json = parsed?.ok ? parsed.value : undefined;
    const query = Object.fromEntries(url.searchParams);
    const state = this.#state;
    state.requests.push({
      target: this.info.region,
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      headers,
      body: json,
      bodyBytes: body.length,
      at: startedAt,
    });
    const requestId = newId('req_');
    res.setHeader('x-request-id', requestId);

    let fault: Fault | undefined;
    const header = headers['x-pg-emulator-fault'];
    if (header) {
      const parsedFault = parseFaultHeader(header);
      if ('error' in parsedFault) return sendDetail(res, 400, parsedFault.error);
      fault = parsedFault;
    }
    fault ??= state.rules.take(this.info.region, url.pathname, () => true);

    const pacing = pacingFor(state, headers);
    pacing.ttftMs = this.latency.ttftFor(pacing.ttftMs);
    const ctx: RequestContext = {
      req,
      res,
      edge: this.info,
      state,
      url,
      path: url.pathname,
      query,
      headers,
      body,
      json,
      requestId,
      fault,
      pacing,
      startedAt,
    };
    if (fault && answerFault(ctx, fault)) return;

    const route = ROUTES[url.pathname];
    if (!route) return sendDetail(res, 404, 'Not Found');
    const handler = route[req.method ?? 'GET'];
    if (!handler) return sendDetail(res, 405, 'Method Not Allowed');

    if (url.pathname.startsWith('/v1/')) {
      const key = bearer(headers);
      if (!key || !state.keyIsValid(key)) return sendJson(res, 401, INVALID_KEY);
      const limit = state.rateLimiter.hit(key, startedAt);
      if (!limit.ok) {
        return sendJson(res, 429, RATE_LIMITED, { 'retry-after': String(limit.retryAfter) });
      }
    }
    if (parsed && !parsed.ok) {
      return sendDetail(res, 422, [
        {
          loc: ['body', 0],
          msg: 'JSON decode error',
          type: 'json_invalid',
          ctx: { error: parsed.error },
        },
      ]);
    }
    // Only model work waits in the edge's line; health and model lists answer at once.
    if (req.method !== 'POST') return handler(ctx);
    const release = await this.latency.acquire();
    try {
      await handler(ctx);
    } finally {
      release();
    }
  }
}
