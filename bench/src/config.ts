/** Cell sizes for the full run and the quick smoke run (`BENCH_QUICK=1` or `--quick`). */

export interface BenchConfig {
  mode: 'full' | 'quick';
  reps: number;
  bulk: { chunks: number; rounds: number; warmups: number; warmChunks: number };
  paced: { chunks: number; paceMs: number };
  concurrent: { streams: number; chunks: number };
  ttft: { chunks: number; warmups: number; idle: number; idleGapMs: number; backToBack: number };
  importReps: number;
  embeddings: { count: number; dims: number; warmups: number; requests: number };
  autorouter: { requests: number };
  failover: { requests: number };
  /** Tail latency: streamed requests per contender, and how many run at once. */
  tail: { requests: number; concurrency: number; ttftMs: number };
  /** Profile (node --cpu-prof) our runners that miss a target, and name the hot spots. */
  profile: boolean;
}

export function benchConfig(quick: boolean): BenchConfig {
  if (quick) {
    return {
      mode: 'quick',
      reps: 2,
      bulk: { chunks: 5_000, rounds: 2, warmups: 1, warmChunks: 500 },
      paced: { chunks: 300, paceMs: 1 },
      concurrent: { streams: 20, chunks: 500 },
      ttft: { chunks: 16, warmups: 3, idle: 1, idleGapMs: 100, backToBack: 5 },
      importReps: 3,
      embeddings: { count: 64, dims: 1536, warmups: 1, requests: 3 },
      autorouter: { requests: 1_000 },
      failover: { requests: 2 },
      tail: { requests: 300, concurrency: 8, ttftMs: 40 },
      profile: false,
    };
  }
  return {
    mode: 'full',
    reps: 5,
    bulk: { chunks: 20_000, rounds: 5, warmups: 3, warmChunks: 2_000 },
    paced: { chunks: 2_000, paceMs: 1 },
    concurrent: { streams: 100, chunks: 2_000 },
    ttft: { chunks: 16, warmups: 10, idle: 3, idleGapMs: 250, backToBack: 20 },
    importReps: 9,
    embeddings: { count: 64, dims: 1536, warmups: 3, requests: 20 },
    autorouter: { requests: 1_000 },
    failover: { requests: 5 },
    tail: { requests: 2_000, concurrency: 8, ttftMs: 40 },
    profile: true,
  };
}
