/**
 * The runtimes the smoke tests cover, as data: where each comes from, which surfaces it must run
 * and how its bundle is built. The AI SDK provider needs Node ≥ 22 (its `engines`), so Node 20
 * covers the core and LangChain only; Bun, Deno, workerd and edge-runtime cover the core and the
 * AI SDK provider (LangChain targets server Node).
 */
import type { Surface } from '../../../scripts/runtimes/smoke/chat.ts';

export type RuntimeName =
  | 'node24'
  | 'node22'
  | 'node20'
  | 'bun'
  | 'deno'
  | 'workerd'
  | 'edge-runtime';

export type RuntimeKind = 'cli' | 'workerd' | 'edge';

export interface RuntimeSpec {
  name: RuntimeName;
  /** Directory under the runtime cache that `install.sh` fills (`undefined`: the repo's own Node 24). */
  installDir: string | undefined;
  kind: RuntimeKind;
  surfaces: Surface[];
  /** What the smoke report's runtime label must match, proving where it really ran. */
  expectLabel: RegExp;
  /** esbuild conditions, as the runtime's own bundler would use them. */
  conditions: string[];
}

export const RUNTIMES: readonly RuntimeSpec[] = [
  {
    name: 'node24',
    installDir: undefined,
    kind: 'cli',
    surfaces: ['core', 'ai-sdk', 'langchain'],
    expectLabel: /^node 24\./,
    conditions: ['node', 'import'],
  },
  {
    name: 'node22',
    installDir: 'node22',
    kind: 'cli',
    surfaces: ['core', 'ai-sdk', 'langchain'],
    expectLabel: /^node 22\./,
    conditions: ['node', 'import'],
  },
  {
    name: 'node20',
    installDir: 'node20',
    kind: 'cli',
    surfaces: ['core', 'langchain'],
    expectLabel: /^node 20\./,
    conditions: ['node', 'import'],
  },
  {
    name: 'bun',
    installDir: 'bun',
    kind: 'cli',
    surfaces: ['core', 'ai-sdk'],
    expectLabel: /^bun \d/,
    conditions: ['bun', 'node', 'import'],
  },
  {
    name: 'deno',
    installDir: 'deno',
    kind: 'cli',
    surfaces: ['core', 'ai-sdk'],
    expectLabel: /^deno \d/,
    conditions: ['deno', 'node', 'import'],
  },
  {
    name: 'workerd',
    installDir: 'miniflare',
    kind: 'workerd',
    surfaces: ['core', 'ai-sdk'],
    expectLabel: /^workerd$/,
    conditions: ['workerd', 'worker', 'browser', 'import'],
  },
  {
    name: 'edge-runtime',
    installDir: 'edge-runtime',
    kind: 'edge',
    surfaces: ['core', 'ai-sdk'],
    expectLabel: /^edge-runtime/,
    conditions: ['edge-light', 'worker', 'browser', 'import'],
  },
];
