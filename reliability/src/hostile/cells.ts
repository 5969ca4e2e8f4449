/** Running one chat cell: a fresh hostile server, one call on one surface, the checks. */
import { SENTINEL_KEY } from '../security/secrets.ts';
import { type ChatCall, type ChatView, type HostileConnection, runChat } from './chat-surfaces.ts';
import { type CellResult, describeChat } from './checks.ts';
import { type HostileHandler, type HostileServer, startHostileServer } from './hostile-server.ts';
import { CELL_LIMIT_MS, IDLE_MS, TIMEOUT_MS } from './rule.ts';

export interface ChatCellOptions {
  conn?: Partial<HostileConnection>;
  call?: Partial<ChatCall>;
  /** The cell checks a duration: show it in the doc. */
  timed?: boolean;
}

/** The connection every cell uses unless it says otherwise: the server as an explicit edge. */
export function connectionTo(server: HostileServer, extra: Partial<HostileConnection> = {}) {
  return {
    apiKey: SENTINEL_KEY,
    baseURL: server.url,
    timeout: TIMEOUT_MS,
    streamIdleTimeout: IDLE_MS,
    ...extra,
  };
}

export async function chatCell(
  surface: string,
  handler: HostileHandler,
  options: ChatCellOptions,
  check: (view: ChatView, server: HostileServer) => string[],
): Promise<CellResult> {
  const server = await startHostileServer(handler);
  try {
    const view = await runChat(
      surface as Parameters<typeof runChat>[0],
      connectionTo(server, options.conn),
      {
        prompt: 'Say hello.',
        limitMs: CELL_LIMIT_MS,
        ...options.call,
      },
    );
    return {
      observed: describeChat(view, server.requests.length, options.timed),
      problems: check(view, server),
    };
  } finally {
    await server.close();
  }
}
