import { startEdgeEmulator } from '@polargrid/edge-emulator';
import type { TestProject } from 'vitest/node';

/** What tests get from `inject('emulator')`: enough to build a provider pointed at it. */
export interface InjectedEmulator {
  autorouterURL: string;
  edgeURLs: Record<string, string>;
  apiKey: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    emulator: InjectedEmulator;
  }
}

/**
 * One edge emulator for the whole run, shared by the node and edge-runtime projects (the
 * edge-runtime sandbox cannot start servers, so the URLs are passed in with `provide`).
 * Faults are asked for per request with the `x-pg-emulator-fault` header, so tests stay
 * independent; tests that count requests start their own emulator in a `.node.test.ts` file.
 */
export default async function setup(project: TestProject) {
  const emulator = await startEdgeEmulator();
  project.provide('emulator', {
    autorouterURL: emulator.autorouterURL,
    edgeURLs: emulator.edgeURLs,
    apiKey: emulator.apiKey,
  });
  return async () => {
    await emulator.close();
  };
}
