import type { EdgeClient } from '@polargrid/core';

/** What every PolarGrid model needs from its provider. */
export interface PolarGridModelConfig {
  /** Provider id reported to `ai`, e.g. `polargrid.chat`. */
  provider: string;
  /** The provider's one shared edge client (created on first use). */
  client: () => EdgeClient;
  /** Report token usage from streams (the core always requests it, D6). */
  includeUsage: boolean;
  /** Clock for response timestamps when the server sends none (tests inject one). */
  currentDate?: () => Date;
}
