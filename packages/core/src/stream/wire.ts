/** Readers for single values of untrusted wire JSON. */

/** A count or duration: a finite number, else `undefined` (never guessed). */
export function finite(value: unknown): number | undefined {
  return Number.isFinite(value) ? (value as number) : undefined;
}

/** A string that is not empty, else `undefined`. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
