import { isRecord, tryParseJSON } from '../util/safe-json.js';

/** What an error body said, whichever of PolarGrid's shapes it used. */
export interface ParsedErrorBody {
  message: string | undefined;
  code: string | undefined;
  type: string | undefined;
  /** FastAPI validation items, or the parsed body. */
  details: unknown;
  /** CloudFront/WAF's `{"Message": null}`. */
  cdnBlocked: boolean;
}

/** A non-empty string, or a finite number as a string (servers send numeric codes); else `undefined`. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  return Number.isFinite(value) ? String(value) : undefined;
}

/** `message` (or FastAPI's `msg`), `code` and `type` of an error object; all absent for anything else. */
export function errorFields(value: unknown): Pick<ParsedErrorBody, 'message' | 'code' | 'type'> {
  const record = isRecord(value) ? value : {};
  return {
    message: textOf(record.message) ?? textOf(record.msg),
    code: textOf(record.code),
    type: textOf(record.type),
  };
}

/** Text of a non-JSON body (an HTML error page): tags stripped, whitespace collapsed, clipped. */
export function textSnippet(text: string, max = 200): string {
  const plain = text
    .replace(/<(script|style)[\s\S]*?<\/\1>|<[^>]*>|&nbsp;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max)}…` : plain;
}

/** One FastAPI validation item as `loc: msg` (the leading `body` of `loc` dropped). */
function describeDetailItem(item: unknown): string | undefined {
  if (!isRecord(item)) return textOf(item);
  const { message } = errorFields(item);
  const loc = Array.isArray(item.loc) ? item.loc.filter((part) => part !== 'body').join('.') : '';
  return message && loc ? `${loc}: ${message}` : message;
}

/**
 * Parses the three documented error-body shapes:
 * `{"error": {message, type, code}}` (or `{"error": "text", "code": …}`), FastAPI
 * `{"detail": string | [...] | {...}}`, and CloudFront's `{"Message": null}`; a plain
 * `{message, code, type}` object is read too. Anything else yields a text snippet as the message.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  const parsedJSON = tryParseJSON(text);
  const body = isRecord(parsedJSON) ? parsedJSON : undefined;
  const { error, detail } = body ?? {};
  // What the error is: `error` when it is an object or a string, else FastAPI's `detail`.
  const inner = isRecord(error) || typeof error === 'string' ? error : detail;
  const parsed: ParsedErrorBody = {
    ...errorFields(isRecord(inner) ? inner : body),
    details: body,
    cdnBlocked: false,
  };
  if (!body) parsed.message = textSnippet(text) || undefined;
  else if (typeof inner === 'string') parsed.message = inner;
  else if (Array.isArray(inner)) {
    parsed.details = inner;
    parsed.message = inner.map(describeDetailItem).filter(Boolean).join('; ') || undefined;
  } else if (inner === undefined && 'Message' in body) {
    parsed.message = textOf(body.Message);
    parsed.cdnBlocked = parsed.message === undefined;
  }
  return parsed;
}
