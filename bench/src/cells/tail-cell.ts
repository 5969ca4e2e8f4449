/**
 * Tail latency: three emulator edges, the routed one (`yto-01`) slowed 10× for 20 % of its
 * requests. Time to first token over many streamed requests, with and without hedging, against
 * `@ai-sdk/openai-compatible` pinned to the routed edge, and all edges healthy for reference.
 */
import { startEdgeEmulator } from '@polargrid/edge-emulator';
import type { TailResult } from '../child/protocol.ts';
import type { BenchConfig } from '../config.ts';
import type { Cell } from '../results.ts';
import { runCell } from './run-cell.ts';

/** The slow edge: what a queue behind long prompts looks like from a client. */
const SLOW = { slowFraction: 0.2, slowMultiplier: 10, jitter: 0.2 } as const;
/** Every edge's ordinary spread. */
const HEALTHY = { jitter: 0.2 } as const;

/** The `p` quantile (0–1) of `values`. */
export function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

export async function tailCell(config: BenchConfig, log: (l: string) => void): Promise<Cell> {
  const { requests, concurrency, ttftMs } = config.tail;
  const emulator = await startEdgeEmulator({ timing: { ttftMs, tokensPerSecond: 0 } });
  const model = 'qwen-3.8-27b';
  const chatRequests = () =>
    emulator.requests.filter((r) => r.target !== 'autorouter' && r.path === '/v1/chat/completions')
      .length;
  try {
    return await runCell<TailResult>({
      id: 'tail',
      title: 'Tail latency: one edge slow for 20 % of its requests',
      what: `The edge emulator with three edges, base time to first token ${ttftMs} ms ±20 %. In the slow runs the autorouter's edge (\`yto-01\`) takes 10× as long for 20 % of its requests (seeded, so every contender meets the same sequence). ${requests} streamed chat requests per process, ${concurrency} at a time, after one warm-up; time from the call to the first text delta. Ours is autorouted (the edge memory on, as always); "hedged" adds \`hedge: true\` (auto delay: the 0.9 quantile of that edge's first tokens, at least twice their median; 5 % budget). \`@ai-sdk/openai-compatible\` has no routing, so it is pinned to the edge the autorouter hands out. Extra requests: requests the edges received beyond one per call, as a share of calls.`,
      metrics: [
        { key: 'p50', label: 'p50 first token', unit: 'ms', digits: 1 },
        { key: 'p95', label: 'p95', unit: 'ms', digits: 1 },
        { key: 'p99', label: 'p99', unit: 'ms', digits: 1 },
        { key: 'extraPercent', label: 'extra requests', unit: '%', digits: 2 },
        { key: 'hedgeWinPercent', label: 'answers from a hedge', unit: '%', digits: 2 },
      ],
      floorId: 'healthy',
      contenders: [
        { id: 'healthy', label: 'ours: all edges healthy, no hedge', kind: 'floor' },
        { id: 'slow', label: 'ours: slow edge, no hedge', kind: 'ours' },
        { id: 'slow-hedged', label: 'ours: slow edge, hedged', kind: 'ours' },
        { id: 'compatible', label: '@ai-sdk/openai-compatible: slow edge', kind: 'peer' },
      ],
      reps: config.mode === 'full' ? 3 : 1,
      timeoutMs: 600_000,
      log,
      before: (c) => {
        // A fresh seeded profile per run: every contender meets the same slow requests.
        for (const region of Object.keys(emulator.edgeURLs)) {
          emulator.setEdgeLatency(
            region,
            region === 'yto-01' && c.id !== 'healthy' ? SLOW : HEALTHY,
          );
        }
        emulator.resetRequests();
      },
      job: (c) => ({
        kind: 'tail',
        client:
          c.id === 'compatible' ? 'compatible' : c.id === 'slow-hedged' ? 'ours-hedged' : 'ours',
        clientOptions: emulator.clientOptions(),
        pinnedURL: emulator.edgeURLs['yto-01']!,
        model,
        requests,
        concurrency,
      }),
      extract: (r) => ({
        p50: quantile(r.firstTokenMs, 0.5),
        p95: quantile(r.firstTokenMs, 0.95),
        p99: quantile(r.firstTokenMs, 0.99),
        hedgeWinPercent: (100 * r.hedgeWins) / r.firstTokenMs.length,
      }),
      // The warm-up request is one call too.
      after: () => ({ extraPercent: (100 * (chatRequests() - (requests + 1))) / (requests + 1) }),
    });
  } finally {
    await emulator.close();
  }
}
