import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EdgeServer } from './edge/edge-server.js';
import { lowerHeaders, newId } from './edge/request-context.js';
import { clientGone } from './edge/stream-player.js';
import { type Fault, numParam, parseFaultHeader } from './faults/fault-kinds.js';
import { LoopbackServer } from './http/loopback-server.js';
import { readBody } from './http/read-body.js';
import { RATE_LIMITED, sendDetail, sendJson, sleep } from './http/respond.js';
import type { EmulatorState } from './state.js';

export interface AutorouterConfig {
  edges: () => readonly EdgeServer[];
  defaultRegion: string;
  routeTTL: number;
  routeAroundDownEdges: boolean;
}

const CLOUDFRONT_403 = { Message: null };

/**
 * The autorouter: `GET /v1/route` → `{region, name, endpoint, ttl}`. Like the real one behind
 * CloudFront, anything else answers 403 `{"Message": null}`.
 */
export function createAutorouter(state: EmulatorState, config: AutorouterConfig): LoopbackServer {
  return new LoopbackServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = lowerHeaders(req);
    const body = await readBody(req);
    const query = Object.fromEntries(url.searchParams);
    state.requests.push({
      target: 'autorouter',
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      headers,
      body: undefined,
      bodyBytes: body.length,
      at: Date.now(),
    });
    res.setHeader('x-amz-cf-id', newId('', 16));

    let fault: Fault | undefined;
    const header = headers['x-pg-emulator-fault'];
    if (header) {
      const parsed = parseFaultHeader(header);
      if ('error' in parsed) return sendDetail(res, 400, parsed.error);
      fault = parsed;
    }
    fault ??= state.rules.take('autorouter', url.pathname, () => true);
    if (fault) {
      switch (fault.kind) {
        case 'autorouter-slow':
          await sleep(numParam(fault, 'ms', 3000), clientGone(res));
          if (res.destroyed) return;
          break;
        case 'autorouter-dead':
          if (fault.params.status !== undefined) {
            return sendJson(res, numParam(fault, 'status', 503), CLOUDFRONT_403);
          }
          req.socket.resetAndDestroy();
          return;
        case 'reset-before-headers':
          req.socket.resetAndDestroy();
          return;
        case 'cloudfront-403':
          return sendJson(res, 403, CLOUDFRONT_403);
        case 'server-error':
          return sendJson(res, numParam(fault, 'status', 503), CLOUDFRONT_403);
        case 'rate-limit':
          return sendJson(res, 429, RATE_LIMITED, {
            'retry-after': String(numParam(fault, 'retryAfter', 1)),
          });
        default:
          break;
      }
    }

    if (req.method !== 'GET' || url.pathname !== '/v1/route') {
      return sendJson(res, 403, CLOUDFRONT_403);
    }
    const model = url.searchParams.get('model');
    let candidates = config.edges();
    if (config.routeAroundDownEdges) candidates = candidates.filter((e) => e.server.listening);
    if (model) candidates = candidates.filter((e) => e.info.models.includes(model));
    const chosen = model
      ? candidates[0]
      : (candidates.find((e) => e.info.region === config.defaultRegion) ?? candidates[0]);
    if (!chosen) {
      const message = model ? `No edge serves model ${model}` : 'No edge available';
      return sendJson(res, 404, { detail: message });
    }
    sendJson(
      res,
      200,
      {
        region: chosen.info.region,
        name: chosen.info.name,
        endpoint: chosen.server.url,
        ttl: config.routeTTL,
      },
      { 'cache-control': `max-age=${config.routeTTL}` },
    );
  }, state.access);
}
