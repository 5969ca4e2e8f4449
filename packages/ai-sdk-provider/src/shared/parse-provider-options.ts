import { InvalidArgumentError, type SharedV4ProviderOptions } from '@ai-sdk/provider';
import type { z } from 'zod/v4';

/** One schema problem in words: an unknown option by name, a bad value with its option. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((key) => JSON.stringify(key)).join(', ');
    return `unknown option${issue.keys.length > 1 ? 's' : ''} ${names}`;
  }
  const at = issue.path.map(String).join('.');
  return at === '' ? issue.message : `${at}: ${issue.message}`;
}

/**
 * Reads `providerOptions.polargrid` with `schema` (a strict object: unknown options are errors).
 * A bad option is an `InvalidArgumentError` whose message names the offending option and lists
 * the valid ones, e.g. `Invalid providerOptions.polargrid: unknown option "tpoK". Valid options:
 * topK, enableThinking, …`.
 */
export function parsePolarGridProviderOptions<Schema extends z.ZodObject>(
  providerOptions: SharedV4ProviderOptions | undefined,
  schema: Schema,
): z.infer<Schema> | undefined {
  const value = providerOptions?.polargrid;
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(describeIssue).join('; ');
  throw new InvalidArgumentError({
    argument: 'providerOptions.polargrid',
    message: `Invalid providerOptions.polargrid: ${problems}. Valid options: ${Object.keys(schema.shape).join(', ')}.`,
    cause: result.error,
  });
}
