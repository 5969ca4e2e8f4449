/**
 * Where a key may and may not appear. The sentinel key is long and unique, so a search for it (and
 * for its secret part alone, which catches a stripped `pg_` prefix) has no false positives.
 */
import { inspect } from 'node:util';

export const SENTINEL_KEY = 'pg_SENTINEL_s3cr3t_9f8e7d6c5b4a';
const NEEDLES = [SENTINEL_KEY, 'SENTINEL_s3cr3t_9f8e7d6c5b4a', btoa(SENTINEL_KEY)];

export function containsKey(text: string): boolean {
  return NEEDLES.some((n) => text.includes(n));
}

/** JSON.stringify that survives cycles and BigInts (a failing stringify is itself reported). */
function stringify(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_k, v: unknown) => {
        if (typeof v === 'bigint') return String(v);
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) return '[cycle]';
          seen.add(v);
        }
        return v;
      }) ?? ''
    );
  } catch (error) {
    return `stringify threw: ${String(error)}`;
  }
}

/** Every way a user might print or serialise an object, each checked for the key. */
export function leakViews(value: unknown): Record<string, string> {
  const views: Record<string, string> = {
    'JSON.stringify': stringify(value),
    'util.inspect': inspect(value, { depth: 8, showHidden: false, getters: false }),
    'util.inspect(showHidden)': inspect(value, { depth: 4, showHidden: true }),
    String: (() => {
      try {
        return String(value);
      } catch (error) {
        return `String threw: ${String(error)}`;
      }
    })(),
  };
  const toJSON = (value as { toJSON?: () => unknown } | null)?.toJSON;
  if (typeof toJSON === 'function') views['toJSON()'] = stringify(toJSON.call(value));
  if (value instanceof Error) {
    views.message = value.message;
    views.stack = value.stack ?? '';
    views.cause = inspect(value.cause, { depth: 6 });
  }
  return views;
}

/** Names of the views of `value` that contain the key. */
export function leakingViews(value: unknown): string[] {
  return Object.entries(leakViews(value))
    .filter(([, text]) => containsKey(text))
    .map(([name]) => name);
}

export interface CapturedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A fetch that records what leaves the process (URL, headers, a string body), then sends it. */
export function recordingFetch(into: CapturedRequest[], next: typeof fetch = fetch): typeof fetch {
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).forEach(
      (v, k) => {
        headers[k] = v;
      },
    );
    const body =
      typeof init?.body === 'string' ? init.body : init?.body ? `[${typeof init.body}]` : '';
    into.push({ url, headers, body });
    return next(input, init);
  };
  return wrapped as typeof fetch;
}

/** Problems with one captured request: the key only in `authorization`, and only to edges. */
export function requestLeaks(req: CapturedRequest, isEdge: boolean): string[] {
  const problems: string[] = [];
  if (containsKey(req.url)) problems.push(`key in URL ${req.url.slice(0, 80)}`);
  if (containsKey(req.body)) problems.push(`key in body to ${req.url}`);
  for (const [name, value] of Object.entries(req.headers)) {
    if (!containsKey(value)) continue;
    if (name !== 'authorization') problems.push(`key in header ${name}`);
    else if (!isEdge) problems.push(`key sent to non-edge ${req.url}`);
    else if (value !== `Bearer ${SENTINEL_KEY}`)
      problems.push('authorization is not exactly `Bearer <key>`');
  }
  if (isEdge && req.headers.authorization !== `Bearer ${SENTINEL_KEY}`)
    problems.push(`edge request without the key: ${req.url}`);
  return problems;
}
