/** Response headers as a plain object (the Fetch `Headers` class already lower-cases names). */
export function headersToRecord(headers: Headers): Record<string, string> {
  return Object.fromEntries(headers);
}

/** Well-known request-id headers, most specific first. */
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
  const others = Object.keys(headers).filter((name) => /request-?id$/.test(name));
  for (const name of [...PREFERRED, ...others]) if (headers[name]) return headers[name];
  return undefined;
}
