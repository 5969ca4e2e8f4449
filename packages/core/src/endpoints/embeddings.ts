/** `POST /v1/embeddings`. */
import type { EmbeddingsRequest, EmbeddingsResponse } from '../types/other-types.js';
import { readJSON, sendRequest } from '../connection/edge-io.js';
import type { RequestOptions, WithMeta } from '../types/options.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import { prepareEmbeddings } from './validate.js';

/**
 * Embeddings with `encoding_format: 'float'`, routed with `?model=`. A 404 names the model and
 * region (PolarGrid's public catalogue lists no embedding model; D1).
 */
export async function createEmbeddings(
  edge: PolarGridEdge,
  body: EmbeddingsRequest,
  options?: RequestOptions,
): Promise<WithMeta<EmbeddingsResponse>> {
  const wire = prepareEmbeddings(body);
  const sent = await sendRequest(edge, {
    method: 'POST',
    path: '/v1/embeddings',
    json: wire,
    model: wire.model,
    auth: true,
    endpoint: 'embeddings',
    wholeResult: true,
    options,
  });
  return readJSON<EmbeddingsResponse>(sent, 'embeddings');
}
