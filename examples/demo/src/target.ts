/**
 * Decides where the demo sends its requests:
 * - the in-process edge emulator (default; `POLARGRID_EMULATOR=1` forces it even with a key), or
 * - real PolarGrid (or whatever `POLARGRID_AUTOROUTER_URL` / `POLARGRID_EDGE_URLS` point at) when
 *   `POLARGRID_API_KEY` is set and no emulator was asked for.
 */
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';

export interface ConnectionOptions {
  apiKey?: string;
  autorouterURL?: string;
  edgeURLs?: Record<string, string>;
}

export interface DemoTarget {
  kind: 'emulator' | 'polargrid';
  /** Spread into any PolarGrid client (empty: the clients read the environment). */
  options: ConnectionOptions;
  label: string;
  emulator: EdgeEmulator | undefined;
  close(): Promise<void>;
}

/** Realistic pacing for the emulator (about what PolarGrid's docs report), or none with `--fast`. */
export function demoTiming(fast: boolean) {
  return fast ? { ttftMs: 0, tokensPerSecond: 0 } : { ttftMs: 120, tokensPerSecond: 60 };
}

export async function demoTarget(env: NodeJS.ProcessEnv, fast: boolean): Promise<DemoTarget> {
  const forced = env.POLARGRID_EMULATOR === '1' || env.POLARGRID_EMULATOR === 'true';
  if (env.POLARGRID_API_KEY && !forced) {
    const where = env.POLARGRID_AUTOROUTER_URL ?? 'https://autorouter.polargrid.ai';
    return {
      kind: 'polargrid',
      options: {},
      label: `PolarGrid (autorouter ${where})`,
      emulator: undefined,
      close: async () => {},
    };
  }
  const emulator = await startEdgeEmulator({ timing: demoTiming(fast) });
  return {
    kind: 'emulator',
    options: emulator.clientOptions(),
    label: `local edge emulator (autorouter ${emulator.autorouterURL}, ${emulator.edges.length} edges)`,
    emulator,
    close: () => emulator.close(),
  };
}
