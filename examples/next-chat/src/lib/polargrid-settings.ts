/**
 * Routing settings for the route handlers, read from the server's environment.
 *
 * Server-only: the API key is read here and passed to the PolarGrid clients inside route handlers,
 * so it never reaches the browser bundle (`server-only` makes a client import a build error).
 */
import 'server-only';

export interface PolarGridSettings {
  apiKey: string | undefined;
  autorouterURL: string | undefined;
  baseURL: string | undefined;
  region: string | undefined;
}

/**
 * Read per request, so a restarted emulator (new ports) needs no rebuild. The edge URLs
 * (`POLARGRID_EDGE_URLS`) the core reads from the environment itself, also per client.
 */
export function polarGridSettings(): PolarGridSettings {
  const env = process.env;
  return {
    apiKey: env.POLARGRID_API_KEY || undefined,
    autorouterURL: env.POLARGRID_AUTOROUTER_URL || undefined,
    baseURL: env.POLARGRID_BASE_URL || undefined,
    region: env.POLARGRID_REGION || undefined,
  };
}
