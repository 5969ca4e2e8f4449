/** Response headers as a plain object with lower-case names. */
export function headersToRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name.toLowerCase()] = value;
  });
  return out;
}

const PREFERRED = [
  'x-request-id',
  'x-pg-request-id',
  'request-id',
  'x-amzn-requestid',
  'x-amz-cf-id',
];

/**
 * The request id from whichever header carries it. PolarGrid does not document the name, so
 * well-known names come first and any other `*request-id` / `*requestid` header is accepted.
 */
export function requestIdFrom(headers: Record<string, string>): string | undefined {
  for (const name of PREFERRED) if (headers[name]) return headers[name];
  for (const [name, value] of Object.entries(headers)) {
    if (/request-?id$/.test(name) && value) return value;
  }
  return undefined;
}
