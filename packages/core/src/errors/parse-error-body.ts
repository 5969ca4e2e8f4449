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

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Text of a non-JSON body (an HTML error page): tags stripped, whitespace collapsed, clipped. */
export function textSnippet(text: string, max = 200): string {
  const plain = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max)}…` : plain;
}

function describeDetailItem(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  if (!isRecord(item)) return undefined;
  const msg = str(item.msg) ?? str(item.message);
  const loc = Array.isArray(item.loc) ? item.loc.filter((p) => p !== 'body').join('.') : undefined;
  if (!msg) return undefined;
  return loc ? `${loc}: ${msg}` : msg;
}

/**
 * Parses the three documented error-body shapes:
 * `{"error": {message, type, code}}`, FastAPI `{"detail": string | [...]}`, and CloudFront's
 * `{"Message": null}`. Anything else yields a text snippet as the message.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  const body = tryParseJSON(text);
  const result: ParsedErrorBody = {
    message: undefined,
    code: undefined,
    type: undefined,
    details: undefined,
    cdnBlocked: false,
  };
  if (!isRecord(body)) {
    const snippet = textSnippet(text);
    result.message = snippet === '' ? undefined : snippet;
    return result;
  }
  result.details = body;
  const err = body.error;
  if (isRecord(err)) {
    result.message = str(err.message);
    result.code = str(err.code) ?? (typeof err.code === 'number' ? String(err.code) : undefined);
    result.type = str(err.type);
    return result;
  }
  if (typeof err === 'string') {
    result.message = err;
    result.code = str(body.code);
    return result;
  }
  if ('detail' in body) {
    const detail = body.detail;
    if (typeof detail === 'string') result.message = detail;
    else if (Array.isArray(detail)) {
      result.details = detail;
      const parts = detail.map(describeDetailItem).filter((s): s is string => s !== undefined);
      result.message = parts.length ? parts.join('; ') : undefined;
    } else if (isRecord(detail)) {
      result.message = str(detail.message) ?? str(detail.msg);
      result.code = str(detail.code);
      result.type = str(detail.type);
    }
    return result;
  }
  if ('Message' in body) {
    result.message = str(body.Message);
    result.cdnBlocked = body.Message === null || result.message === undefined;
    return result;
  }
  result.message = str(body.message);
  result.code = str(body.code);
  result.type = str(body.type);
  return result;
}
