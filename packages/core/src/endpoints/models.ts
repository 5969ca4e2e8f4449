/** The edge's model list, model status and health. */
import type { HealthStatus, ModelList, ModelStatus } from '../types/other-types.js';
import { readJSON, sendRequest } from '../connection/edge-io.js';
import type { RequestOptions, WithMeta } from '../types/options.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import { isRecord } from '../util/safe-json.js';

/** `GET /v1/models` on the edge a request for `model` would use (or the default route). */
export async function listModels(
  edge: PolarGridEdge,
  options?: RequestOptions & { model?: string },
): Promise<WithMeta<ModelList>> {
  const sent = await sendRequest(edge, {
    method: 'GET',
    path: '/v1/models',
    model: options?.model,
    auth: true,
    options,
  });
  const out = await readJSON<ModelList>(sent);
  const data = isRecord(out.data) && Array.isArray(out.data.data) ? out.data.data : [];
  return { data: { ...out.data, data }, meta: out.meta };
}

/** `GET /health` at the edge root. Unauthenticated: the key is not sent. */
export async function health(
  edge: PolarGridEdge,
  options?: RequestOptions,
): Promise<WithMeta<HealthStatus>> {
  const sent = await sendRequest(edge, { method: 'GET', path: '/health', auth: false, options });
  return readJSON<HealthStatus>(sent);
}

/** `GET /v1/models/status`: which models the edge has loaded. */
export async function getModelStatus(
  edge: PolarGridEdge,
  options?: RequestOptions,
): Promise<WithMeta<ModelStatus>> {
  const sent = await sendRequest(edge, {
    method: 'GET',
    path: '/v1/models/status',
    auth: true,
    options,
  });
  return readJSON<ModelStatus>(sent);
}
