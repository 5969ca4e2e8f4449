/**
 * Reads an environment variable where the runtime has one (Node, Bun, Deno with `process`
 * compatibility, Vercel Edge). Returns `undefined` on runtimes without `process` (browsers,
 * Workers) instead of throwing, and treats an empty value as unset.
 */
export function getEnv(name: string): string | undefined {
  try {
    const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
    const value = proc?.env?.[name];
    return value === undefined || value === '' ? undefined : value;
  } catch {
    // Deno without --allow-env throws on access; that is the same as "not set".
    return undefined;
  }
}
