import { sendDetail } from '../../http/respond.js';
import { embed, MAX_EMBEDDING_DIMS, toBase64 } from '../../model/embedding.js';
import { countTokens } from '../../model/tokenizer.js';
import { checkModel } from '../model-check.js';
import type { RequestContext } from '../request-context.js';
import { computeDelay, sendBody } from '../respond-body.js';
import { Validator } from '../validation.js';

/** Input as texts: a string, strings, or token id arrays (rendered as their numbers). */
function inputTexts(input: unknown): string[] | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((x) => typeof x === 'string')) return input as string[];
  if (input.every((x) => typeof x === 'number')) return [input.join(' ')];
  if (input.every((x) => Array.isArray(x) && x.every((n) => typeof n === 'number'))) {
    return (input as number[][]).map((ids) => ids.join(' '));
  }
  return undefined;
}

/** `POST /v1/embeddings` (OpenAI shape; D1). */
export async function handleEmbeddings(ctx: RequestContext): Promise<void> {
  const v = new Validator(ctx.json);
  const model = v.string('model', true);
  v.required('input');
  const dimensions = v.number('dimensions', 1, MAX_EMBEDDING_DIMS, true);
  const format = v.string('encoding_format') ?? 'float';
  if (!v.ok) return sendDetail(ctx.res, 422, v.errors);
  const texts = inputTexts(v.body.input);
  if (!texts) {
    return sendDetail(
      ctx.res,
      400,
      'input must be a non-empty string, array of strings or token arrays',
    );
  }
  if (format !== 'float' && format !== 'base64') {
    return sendDetail(ctx.res, 400, `encoding_format must be 'float' or 'base64', got '${format}'`);
  }
  if (texts.length > 2048) return sendDetail(ctx.res, 400, 'input may hold at most 2048 items');
  if (!model || !checkModel(ctx, model, 'embedding')) return;
  await computeDelay(ctx, 1);
  const tokens = texts.reduce((sum, t) => sum + countTokens(t), 0);
  const body = {
    object: 'list',
    data: texts.map((text, index) => {
      const vector = embed(text, dimensions);
      return {
        object: 'embedding',
        index,
        embedding: format === 'base64' ? toBase64(vector) : vector,
      };
    }),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
  await sendBody(ctx, 200, JSON.stringify(body), { 'content-type': 'application/json' });
}
