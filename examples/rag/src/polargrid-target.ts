/**
 * Where the example sends its requests. With `POLARGRID_API_KEY` set, the PolarGrid clients read
 * their settings from the environment (real PolarGrid, or whatever `POLARGRID_AUTOROUTER_URL` /
 * `POLARGRID_EDGE_URLS` point at). Without it, a local edge emulator is started in this process.
 */
import { startEdgeEmulator } from '@polargrid/edge-emulator';

export interface PolarGridTarget {
  /** Routing options to spread into `ChatPolarGrid` / `PolarGridEmbeddings` (empty: use env). */
  options: { apiKey?: string; autorouterURL?: string; edgeURLs?: Record<string, string> };
  label: string;
  close(): Promise<void>;
}

export async function polarGridTarget(
  timing = { ttftMs: 100, tokensPerSecond: 80 },
): Promise<PolarGridTarget> {
  if (process.env.POLARGRID_API_KEY) {
    const where = process.env.POLARGRID_AUTOROUTER_URL ?? 'https://autorouter.polargrid.ai';
    return { options: {}, label: `PolarGrid via ${where}`, close: async () => {} };
  }
  const emulator = await startEdgeEmulator({ timing });
  return {
    options: emulator.clientOptions(),
    label: `local edge emulator (${emulator.autorouterURL})`,
    close: () => emulator.close(),
  };
}
