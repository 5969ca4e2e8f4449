import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, beforeAll } from 'vitest';

/**
 * Starts one edge emulator for the calling test file (in `beforeAll`) and closes it afterwards.
 * Per-file emulators keep `emulator.requests` in the test's own process, so tests can read what
 * went on the wire.
 */
export function useEmulator(): { readonly current: EdgeEmulator } {
  const holder: { current?: EdgeEmulator } = {};
  beforeAll(async () => {
    holder.current = await startEdgeEmulator();
  });
  afterAll(async () => {
    await holder.current?.close();
  });
  return {
    get current(): EdgeEmulator {
      if (!holder.current) throw new Error('emulator not started');
      return holder.current;
    },
  };
}
