import { chatModelData } from '../catalog/chat-models.js';

/**
 * The output limit a request goes out with (D5). PolarGrid's server default is 150 tokens, which
 * cuts answers (and JSON objects) mid-way for a caller who set nothing, as no limit is the
 * default elsewhere (OpenAI). So a request without `max_tokens` gets the model's own limit from
 * the catalogue; a value the caller set is kept as given (0 included, and then refused by the
 * range check like any other out-of-range value). A model the catalogue does not know, or whose
 * limit it does not state, is left to the server's default: a guessed limit could be refused.
 */
export function withModelOutputLimit<T extends { model: string; max_tokens?: number | undefined }>(
  body: T,
): T {
  if (body.max_tokens !== undefined) return body;
  const limit = chatModelData(body.model)?.maxOutputTokens;
  return limit === undefined ? body : { ...body, max_tokens: limit };
}
