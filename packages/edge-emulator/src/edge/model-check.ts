import { type ModelType, modelType } from '../catalog.js';
import { modelNotLoaded, sendDetail, sendJson } from '../http/respond.js';
import type { RequestContext } from './request-context.js';

/**
 * Checks that this edge serves `model` and that it is of the right kind; answers the error itself
 * (404 "Model not loaded", or 400 for a model of the wrong type) and returns false otherwise.
 */
export function checkModel(ctx: RequestContext, model: string, want: ModelType): boolean {
  if (!ctx.edge.models.includes(model)) {
    sendJson(ctx.res, 404, modelNotLoaded(model));
    return false;
  }
  const type = modelType(model);
  if (type !== want) {
    sendDetail(ctx.res, 400, `Model ${model} is a ${type} model and cannot serve this endpoint`);
    return false;
  }
  return true;
}
