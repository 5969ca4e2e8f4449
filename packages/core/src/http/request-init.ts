/**
 * What one request sends, built once before any attempt: headers (the client's, the call's, the
 * key, the client header), the body, the path with its query, and the timeouts that apply.
 */
import { resolveApiKey } from '../auth/api-key.js';
import { checkHeaders } from '../util/check-headers.js';
import type { RequestPlan, TransportConfig } from './transport-types.js';

/** A request ready to send to any candidate edge (`target` is appended to its endpoint). */
export interface PreparedRequest {
  headers: Record<string, string>;
  body: string | FormData | undefined;
  /** The path and query string. */
  target: string;
  /** The attempt's timeout (to the response headers, or to the whole body of a whole result). */
  timeout: number;
  /** Time to headers; an error body is read within it too. */
  headerTimeout: number;
  /** Only a GET is sent again after a timeout (see `send`). */
  resendable: boolean;
}

/**
 * Builds the request. The key is resolved (and validated) here, before any network call,
 * including the autorouter's; header values are checked before anything is sent.
 */
export async function prepareRequest(
  config: TransportConfig,
  plan: RequestPlan,
): Promise<PreparedRequest> {
  const options = plan.options ?? {};
  const key = plan.auth ? await resolveApiKey(config.apiKey) : undefined;
  const clientHeaders =
    typeof config.headers === 'function' ? await config.headers() : config.headers;
  checkHeaders(clientHeaders, 'headers');
  checkHeaders(options.headers, 'request headers');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...clientHeaders, ...options.headers }))
    if (value !== undefined) headers[name.toLowerCase()] = value;
  headers.accept = plan.accept ?? 'application/json';
  headers['x-polargrid-client'] = config.clientHeader;
  if (config.userAgentSuffix) {
    headers['user-agent'] = [headers['user-agent'], config.userAgentSuffix]
      .filter(Boolean)
      .join(' ');
  }
  // Only the client's key is ever sent, and only when the endpoint takes one.
  delete headers.authorization;
  if (key) headers.authorization = `Bearer ${key}`;
  if (plan.json !== undefined) headers['content-type'] = 'application/json';
  // URLSearchParams turns the numbers and booleans into text.
  const query = { ...config.queryParams, ...plan.query } as Record<string, string>;
  return {
    headers,
    body: plan.json !== undefined ? JSON.stringify(plan.json) : plan.form,
    target:
      Object.keys(query).length === 0 ? plan.path : `${plan.path}?${new URLSearchParams(query)}`,
    timeout: options.timeout ?? (plan.wholeResult ? config.generationTimeout : config.timeout),
    headerTimeout: options.timeout ?? config.timeout,
    resendable: plan.method === 'GET',
  };
}
