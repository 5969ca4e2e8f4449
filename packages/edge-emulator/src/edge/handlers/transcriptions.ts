import { sendDetail } from '../../http/respond.js';
import type { RequestContext } from '../request-context.js';

export function handleTranscription(ctx: RequestContext): void {
  sendDetail(ctx.res, 501, 'Not implemented yet');
}

export function handlePoll(ctx: RequestContext): void {
  sendDetail(ctx.res, 501, 'Not implemented yet');
}
