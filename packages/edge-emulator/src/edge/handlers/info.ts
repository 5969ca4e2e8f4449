import { modelType } from '../../catalog.js';
import { sendDetail, sendJson } from '../../http/respond.js';
import type { RequestContext } from '../request-context.js';

/** `GET /health`: unauthenticated, V3 shape (§4.6). */
export function handleHealth(ctx: RequestContext): void {
  sendJson(ctx.res, 200, {
    status: 'healthy',
    node: `pg-edge-${ctx.edge.region}`,
    runtime: 'kata',
    timestamp: new Date().toISOString().replace('Z', ''),
    features: { dynamic_loading: true, huggingface_support: true },
    backend: {
      healthy: true,
      info: {
        name: 'triton',
        version: '2.67.0',
        extensions: ['classification', 'sequence', 'model_repository'],
      },
    },
  });
}

/** `GET /v1/models`: the models on this edge. */
export function handleModels(ctx: RequestContext): void {
  sendJson(ctx.res, 200, {
    object: 'list',
    data: ctx.edge.models.map((id) => ({
      id,
      object: 'model',
      created: 1_767_225_600,
      owned_by: 'polargrid',
      pg_model_type: modelType(id),
    })),
  });
}

/** `GET /v1/models/status` (§4.4). */
export function handleModelStatus(ctx: RequestContext): void {
  sendJson(ctx.res, 200, {
    loaded: [...ctx.edge.models],
    loading_status: Object.fromEntries(ctx.edge.models.map((id) => [id, 'loaded'])),
    repository: '/models',
  });
}

/** Model management and GPU endpoints: operator-only, so every customer key gets 403. */
export function handleOperator(ctx: RequestContext): void {
  sendDetail(ctx.res, 403, 'This endpoint requires operator (superadmin) credentials');
}
