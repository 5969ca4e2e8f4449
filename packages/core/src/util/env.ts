/**
 * Reads an environment variable where the runtime has one (Node, Bun, Deno with `process`
 * compatibility, Vercel Edge). Returns `undefined` on runtimes without `process` (browsers,
 * Workers) instead of throwing, and treats an empty value as unset.
 */
export function getEnv(name: string): string | undefined {
  try {
    const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
    // An empty value is unset.
    return proc?.env?.[name] || undefined;
  } catch {
    // Deno without --allow-env throws on access; that is the same as "not set".
    return undefined;
  }
}
