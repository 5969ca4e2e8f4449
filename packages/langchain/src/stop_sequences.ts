import { ValidationError } from '@polargrid/core';

/** PolarGrid's documented limit on `stop`. */
export const MAX_STOP_SEQUENCES = 4;

/**
 * Normalises `stop` to the array PolarGrid takes, refusing more than four sequences with a typed
 * error at once (at construction or when the call's parameters are built), before the network.
 *
 * @param owner - the class named in the message (`ChatPolarGrid`, `PolarGridLLM`)
 */
export function normaliseStop(
  stop: string[] | string | undefined,
  owner: string,
): string[] | undefined {
  if (stop === undefined) return undefined;
  const list = typeof stop === 'string' ? [stop] : stop;
  if (list.length > MAX_STOP_SEQUENCES) {
    throw new ValidationError({
      message: `${owner}: at most ${MAX_STOP_SEQUENCES} stop sequences are allowed (got ${list.length}).`,
      code: 'invalid_request',
      details: { param: 'stop' },
    });
  }
  return list;
}
