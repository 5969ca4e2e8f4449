/** Readers for single values of untrusted wire JSON. */

/** A count or duration: a finite number, else `undefined` (never guessed). */
export function finite(value: unknown): number | undefined {
  return Number.isFinite(value) ? (value as number) : undefined;
}

/** A string that is not empty, else `undefined`. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Whether a `choices[]` entry is the answer: choice 0, or a choice without an index (servers
 * that send one choice may leave it out). Any other choice (`n > 1`) is never the answer.
 */
export function isAnswerChoice(choice: Record<string, unknown>): boolean {
  return choice.index === undefined || choice.index === null || choice.index === 0;
}
