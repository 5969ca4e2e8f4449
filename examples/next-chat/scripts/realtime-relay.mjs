/**
 * The realtime page's relay: a WebSocket server next to the Next server (Next.js route handlers
 * cannot accept WebSockets). Each browser socket of `useRealtime` is handed to
 * `relayPersonaPlex`, which holds the key (POLARGRID_API_KEY, or the emulator's) and speaks
 * PersonaPlex to the edge. The page learns the relay's URL from POLARGRID_REALTIME_RELAY_URL.
 */
import { relayPersonaPlex } from '@polargrid/ai-sdk-provider/realtime-relay';
import { WebSocketServer } from 'ws';

/**
 * Starts the relay on a free loopback port. `env` holds the PolarGrid settings (the emulator's
 * POLARGRID_* variables, or none for real PolarGrid from the process environment).
 */
export async function startRealtimeRelay({ env = {}, port = 0 } = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 256 * 1024 });
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const settings = {
    apiKey: env.POLARGRID_API_KEY ?? process.env.POLARGRID_API_KEY,
    // The emulator's yto-01 edge when it runs; otherwise PolarGrid's default PersonaPlex region.
    baseURL: env.POLARGRID_PERSONAPLEX_URL ?? process.env.POLARGRID_PERSONAPLEX_URL,
  };
  server.on('connection', (socket) => {
    void relayPersonaPlex(socket, {
      ...settings,
      onError: (error) => console.error(`[realtime relay] ${error.name}: ${error.message}`),
    });
  });
  const url = `ws://127.0.0.1:${server.address().port}`;
  const close = () =>
    new Promise((resolve) => {
      for (const client of server.clients) client.terminate();
      server.close(() => resolve());
    });
  return { url, close };
}
