/**
 * Keeping the API key out of everything this package shows: error messages, bodies, details,
 * headers and debug lines. Two nets, both applied to every string:
 *
 * - the exact keys in use, registered when a client is built or a key function is resolved
 *   (so a key of any shape is caught, even one with quotes or commas in it);
 * - the shape of a key or a bearer token: `pg_` or `Bearer ` followed by anything up to
 *   whitespace, a quote or a delimiter, whatever characters it has (`pg_live.AbC.def`,
 *   `pg_AbC+d/e=`, `pg_ключ`).
 */

/** What a redacted key looks like: the prefix stays, so a reader still sees "a PolarGrid key was here". */
export const REDACTED_KEY = 'pg_[redacted]';
const REDACTED = '[redacted]';

/**
 * Characters that end a key or token in running text: whitespace, quotes, brackets, and the
 * separators of JSON, headers and query strings. Dots, slashes, `+`, `=`, `%`, `:`, `-`, `_` and
 * letters of any script are kept, because real keys and tokens contain them.
 */
const TOKEN_BODY = String.raw`[^\s"'\x60,;&<>()[\]{}\\]+`;

/** `pg_…` not glued to a preceding letter, digit or underscore (`xpg_` is not a key). */
const KEY_PATTERN = new RegExp(String.raw`(?<![\p{L}\p{N}_])pg_${TOKEN_BODY}`, 'gu');
/** `Bearer <token>`, unless the token was already replaced (by a registered key). */
const BEARER_PATTERN = new RegExp(
  String.raw`\b(Bearer\s+)(?!pg_\[redacted\]|\[redacted\])${TOKEN_BODY}`,
  'giu',
);

/** How many distinct secrets are remembered; the oldest is forgotten first (key rotation). */
const MAX_SECRETS = 32;

/** The secrets in use, oldest first, each with the forms it may be echoed in. */
const secrets = new Map<string, readonly string[]>();

/** The forms a server may echo a key in: as is, JSON-escaped and URL-encoded. */
function echoForms(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  // Longest first, so a longer form is never half-replaced by a shorter one.
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Remembers a secret (an API key) so that {@link redactSecrets} removes it verbatim wherever it
 * appears. Called for the configured key when a client is built and for a key when a key
 * function returns it. Blank values are ignored.
 */
export function registerSecret(secret: string): void {
  if (secret.trim() === '') return;
  // Re-adding moves the secret to the newest end.
  secrets.delete(secret);
  secrets.set(secret, echoForms(secret));
  if (secrets.size > MAX_SECRETS) {
    const oldest = secrets.keys().next().value;
    if (oldest !== undefined) secrets.delete(oldest);
  }
}

/** Replaces every registered key, anything shaped like a PolarGrid key and every bearer token. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [secret, forms] of secrets) {
    const replacement = secret.startsWith('pg_') ? REDACTED_KEY : REDACTED;
    for (const form of forms) out = out.split(form).join(replacement);
  }
  return out.replace(BEARER_PATTERN, `$1${REDACTED}`).replace(KEY_PATTERN, REDACTED_KEY);
}

/** Headers whose whole value is a credential, whatever it looks like. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
]);

/**
 * A copy of `headers` safe to attach to errors and results: credential headers (authorization,
 * cookies, API-key headers) are replaced whole, and every other value goes through
 * {@link redactSecrets}. Names are kept as given.
 */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = CREDENTIAL_HEADERS.has(name.toLowerCase()) ? REDACTED : redactSecrets(value);
  }
  return out;
}

/** Whether `value` is an array or a plain object (what JSON parsing produces). */
function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A deep copy of parsed data with every string (object keys included) passed through
 * {@link redactSecrets}. Arrays and plain objects are copied; other values are returned as they
 * are. Cycles are kept as cycles.
 */
export function redactDeep<T>(value: T): T {
  const copies = new WeakMap<object, unknown>();
  const visit = (item: unknown): unknown => {
    if (typeof item === 'string') return redactSecrets(item);
    if (typeof item !== 'object' || item === null || !isPlainContainer(item)) return item;
    const seen = copies.get(item);
    if (seen !== undefined) return seen;
    if (Array.isArray(item)) {
      const copy: unknown[] = [];
      copies.set(item, copy);
      for (const element of item) copy.push(visit(element));
      return copy;
    }
    const copy: Record<string, unknown> = {};
    copies.set(item, copy);
    for (const [key, entry] of Object.entries(item)) {
      // Defined, not assigned: a `__proto__` key stays a plain key.
      Object.defineProperty(copy, redactSecrets(key), {
        value: visit(entry),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  };
  return visit(value) as T;
}
