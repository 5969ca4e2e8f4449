import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Emulator handle data, or null when the emulator package is not built yet. */
    emulator: { autorouterURL: string; edgeURLs: Record<string, string>; apiKey: string } | null;
  }
}

interface EmulatorHandle {
  autorouterURL: string;
  edgeURLs: Record<string, string>;
  apiKey: string;
  close(): Promise<void>;
}

/**
 * Starts one edge emulator for the whole run (both projects) and hands its URLs to tests with
 * `provide`. Tests that need per-test fault rules start their own emulator in Node.
 */
export default async function setup(project: TestProject) {
  let handle: EmulatorHandle | undefined;
  try {
    // A variable specifier: the emulator may not be built yet, and typecheck must not depend on it.
    const specifier = '@polargrid/edge-emulator';
    const mod = (await import(specifier)) as {
      startEdgeEmulator?: (options?: Record<string, unknown>) => Promise<EmulatorHandle>;
    };
    if (typeof mod.startEdgeEmulator === 'function') handle = await mod.startEdgeEmulator();
  } catch {
    handle = undefined;
  }
  project.provide(
    'emulator',
    handle
      ? { autorouterURL: handle.autorouterURL, edgeURLs: handle.edgeURLs, apiKey: handle.apiKey }
      : null,
  );
  return async () => {
    await handle?.close();
  };
}
