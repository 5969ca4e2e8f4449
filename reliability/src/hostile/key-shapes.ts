/**
 * Keys in every shape the library accepts (`pg_` then anything without whitespace), and the
 * search for any part of one: the whole key, the key without its prefix, and each long segment
 * between punctuation (so `pg_[redacted].AbC9…` still counts as a leak of the dotted key).
 */
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { leakViews, SENTINEL_KEY } from '../security/secrets.ts';

export const KEY_SHAPES: readonly { label: string; key: string }[] = [
  { label: 'plain', key: SENTINEL_KEY },
  { label: 'dotted', key: 'pg_live.AbC9xYz7Qw.def4Rt8Uy1' },
  { label: 'base64-like', key: 'pg_AbCdEf12+GhIjKl34/MnOpQr56=' },
];

export function keyNeedles(key: string): string[] {
  const secret = key.replace(/^pg_/, '');
  const segments = secret.split(/[._+/=-]/).filter((s) => s.length >= 6);
  return [key, secret, ...segments];
}

export function containsSecret(text: string, needles: readonly string[]): boolean {
  return needles.some((n) => text.includes(n));
}

/** What `console.error(value)` prints, captured from a real console writing into memory. */
export function consoleErrorOutput(value: unknown): string {
  let out = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  new Console({ stdout: sink, stderr: sink }).error(value);
  return out;
}

/**
 * Every printed or serialised view of `value` that shows a secret: JSON.stringify, toJSON(),
 * util.inspect (with hidden fields too), String, message, stack, cause, console.error output,
 * and for an error also its `details`, `responseBody` and `headers` on their own.
 */
export function secretViews(value: unknown, needles: readonly string[]): string[] {
  const views: Record<string, string> = {
    ...leakViews(value),
    'console.error': consoleErrorOutput(value),
  };
  if (typeof value === 'object' && value !== null) {
    const fields = value as { details?: unknown; responseBody?: unknown; headers?: unknown };
    for (const field of ['details', 'responseBody', 'headers'] as const)
      if (fields[field] !== undefined)
        views[field] =
          `${JSON.stringify(fields[field]) ?? ''} ${inspect(fields[field], { depth: 8 })}`;
  }
  return Object.entries(views)
    .filter(([, text]) => containsSecret(text, needles))
    .map(([name]) => name);
}

/** The error itself and every error it wraps (`cause`, `lastError`, `errors`). */
export function errorChain(error: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (e: unknown, depth: number) => {
    if (depth > 6 || typeof e !== 'object' || e === null || out.includes(e)) return;
    out.push(e);
    const loose = e as { cause?: unknown; lastError?: unknown; errors?: unknown };
    visit(loose.cause, depth + 1);
    visit(loose.lastError, depth + 1);
    if (Array.isArray(loose.errors)) for (const inner of loose.errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return out;
}
