import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the shared emulator listens (spread into client options). */
    emulator: { autorouterURL: string; edgeURLs: Record<string, string>; apiKey: string };
  }
}

/**
 * Starts one edge emulator for the whole run (both projects) and hands its URLs to tests with
 * `provide`. Tests that need per-test fault rules start their own emulator in Node.
 * A failure to start is a failure of the run, never a silent skip.
 */
export default async function setup(project: TestProject) {
  const emulator: EdgeEmulator = await startEdgeEmulator();
  const { apiKey, autorouterURL, edgeURLs } = emulator.clientOptions();
  project.provide('emulator', { apiKey, autorouterURL, edgeURLs });
  return async () => {
    await emulator.close();
  };
}
