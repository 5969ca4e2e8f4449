import { inject } from 'vitest';
import { createPolarGrid, type PolarGridProviderSettings } from '../src/index.js';

/** A provider pointed at the shared emulator from the global setup. */
export function emulatorProvider(settings: PolarGridProviderSettings = {}) {
  const emulator = inject('emulator');
  return createPolarGrid({
    apiKey: emulator.apiKey,
    autorouterURL: emulator.autorouterURL,
    edgeURLs: emulator.edgeURLs,
    ...settings,
  });
}

/** Per-request emulator fault (see the emulator's fault kinds). */
export function fault(spec: string): Record<string, string> {
  return { 'x-pg-emulator-fault': spec };
}

/** Drains an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
