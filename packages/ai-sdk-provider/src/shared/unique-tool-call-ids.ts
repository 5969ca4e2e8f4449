import { generateId } from '@ai-sdk/provider-utils';

/**
 * Keeps tool-call ids unique within one response. Some OpenAI-compatible servers give parallel
 * calls the same id (pitfall 5); `ai` matches tool results to calls by id, so a repeated id would
 * make one call's result answer another. The core passes server ids through as sent (and only
 * generates one when none came), so the provider, which owns the contract with `ai`, renames
 * repeats: the first call keeps the server's id, later ones get a fresh `call_…` id.
 */
export class UniqueToolCallIds {
  private readonly used = new Set<string>();
  private readonly byIndex = new Map<number, string>();

  /** The id to report for the call at `index` whose server id is `id` (stable per index). */
  assign(index: number, id: string): string {
    const known = this.byIndex.get(index);
    if (known !== undefined) return known;
    let unique = id;
    while (unique === '' || this.used.has(unique)) unique = `call_${generateId()}`;
    this.used.add(unique);
    this.byIndex.set(index, unique);
    return unique;
  }
}
