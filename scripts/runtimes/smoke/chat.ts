/**
 * The one smoke scenario every runtime runs: stream a chat from the emulator through each
 * requested surface and report what arrived. It uses only what the packages promise to run on
 * (fetch, Web Streams), so any runtime-specific breakage shows up here.
 */
export type Surface = 'core' | 'ai-sdk' | 'langchain';

export interface SmokeConfig {
  /** Spread into every client: `apiKey`, `autorouterURL`, `edgeURLs` of a running emulator. */
  options: { apiKey: string; autorouterURL: string; edgeURLs: Record<string, string> };
  model: string;
  prompt: string;
  surfaces: Surface[];
}

export type SurfaceOutcome =
  | { ok: true; text: string; finish: string; deltas: number }
  | { ok: false; error: string };

export interface SmokeReport {
  runtime: string;
  outcomes: Partial<Record<Surface, SurfaceOutcome>>;
}

/** Names the runtime from its globals, so a report proves where it ran. */
export function detectRuntime(): string {
  const g = globalThis as Record<string, unknown>;
  const deno = g.Deno as { version?: { deno?: string } } | undefined;
  if (deno?.version?.deno) return `deno ${deno.version.deno}`;
  const bun = g.Bun as { version?: string } | undefined;
  if (bun?.version) return `bun ${bun.version}`;
  if (typeof g.EdgeRuntime === 'string') return `edge-runtime (${g.EdgeRuntime})`;
  const ua = (g.navigator as { userAgent?: string } | undefined)?.userAgent;
  if (ua === 'Cloudflare-Workers') return 'workerd';
  const proc = g.process as { versions?: { node?: string } } | undefined;
  if (proc?.versions?.node) return `node ${proc.versions.node}`;
  return `unknown (${ua ?? 'no user agent'})`;
}

export type Runner = (config: SmokeConfig) => Promise<SurfaceOutcome>;

/** Runs every requested surface; one surface failing never hides another's result. */
export async function runSmoke(
  config: SmokeConfig,
  runners: Partial<Record<Surface, Runner>>,
): Promise<SmokeReport> {
  const outcomes: SmokeReport['outcomes'] = {};
  for (const surface of config.surfaces) {
    const runner = runners[surface];
    if (!runner) {
      outcomes[surface] = {
        ok: false,
        error: `surface ${surface} is not bundled for this runtime`,
      };
      continue;
    }
    try {
      outcomes[surface] = await runner(config);
    } catch (error) {
      const e = error as { name?: string; message?: string };
      outcomes[surface] = {
        ok: false,
        error: `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`,
      };
    }
  }
  return { runtime: detectRuntime(), outcomes };
}

/** Marks the report line in a process's stdout, so other output cannot be mistaken for it. */
export const REPORT_PREFIX = 'POLARGRID_SMOKE_REPORT ';
