import { sendDetail } from '../../http/respond.js';
import type { RequestContext } from '../request-context.js';

/** `POST /v1/embeddings` (placeholder until the embedding model lands). */
export function handleEmbeddings(ctx: RequestContext): void {
  sendDetail(ctx.res, 501, 'Not implemented yet');
}
