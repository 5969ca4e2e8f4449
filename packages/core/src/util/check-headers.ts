import { invalid } from '../errors/builders.js';

/** An HTTP header name: an RFC 9110 token. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What `fetch` refuses in a value (or what would split one header into two): CR, LF, NUL. */
const LINE_BREAK_OR_NUL = /[\r\n\0]/;
/** Header values are byte strings: `fetch` refuses any UTF-16 unit above U+00FF. */
const ABOVE_LATIN1 = /[\u0100-\uffff]/;

/** Whether `text` has a character an HTTP header cannot carry (anything above Latin-1). */
export function hasNonLatin1(text: string): boolean {
  return ABOVE_LATIN1.test(text);
}

/** An object literal (or one without a prototype), the only shape the headers options take. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Why a header value cannot be sent, or `undefined` when it can. Never quotes the value. */
function problemWith(value: unknown): string | undefined {
  if (typeof value !== 'string') return `is a ${typeof value}, not a string`;
  if (LINE_BREAK_OR_NUL.test(value)) return 'contains a line break (CR/LF) or NUL character';
  if (hasNonLatin1(value))
    return 'contains a character outside Latin-1, which HTTP headers cannot carry';
  return undefined;
}

/**
 * Refuses headers that `fetch` would reject (or that would smuggle a second header) with a
 * typed `ValidationError` before any network call, instead of a `TypeError` that looks
 * like a network failure and gets retried. `undefined` values mean "not set" and pass. The
 * message names the header and the option but never shows the value: it may be a credential.
 *
 * @param where - the option the headers came from, for the message (`headers`, `options.headers`)
 */
export function checkHeaders(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  where: string,
): void {
  if (headers === undefined) return;
  if (!isPlainObject(headers)) {
    // A `Headers` instance or an array of pairs would be read as an empty object and dropped.
    throw invalid(
      `${where} must be a plain object of header names to string values (not a Headers instance, an array or ${headers === null ? 'null' : typeof headers}).`,
      'headers',
      { code: 'invalid_header' },
    );
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const problem = HEADER_NAME.test(name)
      ? problemWith(value)
      : 'has a name that is not a valid HTTP header name';
    if (problem !== undefined) {
      throw invalid(
        `Header ${JSON.stringify(name)} in ${where} ${problem}; it cannot be sent.`,
        'headers',
        {
          code: 'invalid_header',
          details: { header: name },
        },
      );
    }
  }
}
