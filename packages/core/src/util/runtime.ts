/**
 * A browser main thread (a page), as opposed to a worker, Node, Deno or an edge runtime.
 * Workers have no `window`/`document`, so keys held there are not exposed to page scripts.
 */
export function isBrowserPage(): boolean {
  const scope = globalThis as { window?: unknown; document?: unknown };
  return scope.window !== undefined && scope.document !== undefined;
}
