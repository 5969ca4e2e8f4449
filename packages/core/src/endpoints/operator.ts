/**
 * Operator-only endpoints: model loading and GPU management. Ordinary keys get a 403
 * {@link PermissionError}; the request is still validated first.
 */
import { readJSON, sendRequest } from '../connection/edge-io.js';
import type { RequestOptions, WithMeta } from '../types/options.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import type {
  GPUMemoryStatus,
  GPUStatus,
  LoadModelRequest,
  LoadModelResponse,
  PurgeGPURequest,
  PurgeGPUResponse,
  UnloadAllModelsResponse,
  UnloadModelResponse,
} from '../types/operator-types.js';
import { invalid } from '../errors/builders.js';

async function operator<T>(
  edge: PolarGridEdge,
  method: 'GET' | 'POST',
  path: string,
  json: unknown,
  options: RequestOptions | undefined,
): Promise<WithMeta<T>> {
  const sent = await sendRequest(edge, {
    method,
    path,
    json: method === 'POST' ? (json ?? {}) : undefined,
    auth: true,
    options,
  });
  return readJSON<T>(sent);
}

/** `POST /v1/models/load`. @remarks operator-only. */
export function loadModel(
  edge: PolarGridEdge,
  body: LoadModelRequest,
  options?: RequestOptions,
): Promise<WithMeta<LoadModelResponse>> {
  if (!body?.model_name) return Promise.reject(invalid('model_name is required.', 'model_name'));
  return operator(edge, 'POST', '/v1/models/load', body, options);
}

/** `POST /v1/models/unload`. @remarks operator-only. */
export function unloadModel(
  edge: PolarGridEdge,
  body: { model_name: string },
  options?: RequestOptions,
): Promise<WithMeta<UnloadModelResponse>> {
  if (!body?.model_name) return Promise.reject(invalid('model_name is required.', 'model_name'));
  return operator(edge, 'POST', '/v1/models/unload', body, options);
}

/** `POST /v1/models/unload-all`. @remarks operator-only. */
export function unloadAllModels(
  edge: PolarGridEdge,
  options?: RequestOptions,
): Promise<WithMeta<UnloadAllModelsResponse>> {
  return operator(edge, 'POST', '/v1/models/unload-all', undefined, options);
}

/** `GET /v1/gpu/status`. @remarks operator-only. */
export function getGPUStatus(
  edge: PolarGridEdge,
  options?: RequestOptions,
): Promise<WithMeta<GPUStatus>> {
  return operator(edge, 'GET', '/v1/gpu/status', undefined, options);
}

/** `GET /v1/gpu/memory`. @remarks operator-only. */
export function getGPUMemory(
  edge: PolarGridEdge,
  options?: RequestOptions,
): Promise<WithMeta<GPUMemoryStatus>> {
  return operator(edge, 'GET', '/v1/gpu/memory', undefined, options);
}

/** `POST /v1/gpu/purge`: unloads all models and clears the cache. @remarks operator-only. */
export function purgeGPU(
  edge: PolarGridEdge,
  body: PurgeGPURequest = {},
  options?: RequestOptions,
): Promise<WithMeta<PurgeGPUResponse>> {
  return operator(edge, 'POST', '/v1/gpu/purge', body, options);
}
