import { sendDetail } from '../../http/respond.js';
import type { RequestContext } from '../request-context.js';

export function handleSpeech(ctx: RequestContext): void {
  sendDetail(ctx.res, 501, 'Not implemented yet');
}
