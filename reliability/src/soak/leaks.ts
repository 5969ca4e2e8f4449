/** Counts of live handles by type (`TCPSocketWrap`, `Timeout`, …), from Node's own bookkeeping. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** Types whose count grew from `before` to `after`, as `type: before → after`. */
export function resourceGrowth(
  before: Record<string, number>,
  after: Record<string, number>,
): string[] {
  const grown: string[] = [];
  for (const [name, count] of Object.entries(after)) {
    const was = before[name] ?? 0;
    if (count > was) grown.push(`${name}: ${was} → ${count}`);
  }
  return grown;
}

/**
 * Waits (bounded) for handles to drain back to `before`: closed sockets and cleared timers leave
 * the list on a later tick, so one immediate look would report leaks that are not there.
 */
export async function settledGrowth(
  before: Record<string, number>,
  waitMs = 5000,
): Promise<string[]> {
  const until = Date.now() + waitMs;
  for (;;) {
    const grown = resourceGrowth(before, activeResources());
    if (grown.length === 0 || Date.now() >= until) return grown;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
