/** The chat-stream cells: bulk, paced, concurrent, time to first token, cold start. */
import type { ColdResult, StreamResult, TtftResult } from '../child/protocol.ts';
import type { BenchConfig } from '../config.ts';
import { CONTENDERS, contender } from '../contenders.ts';
import type { Cell } from '../results.ts';
import { median } from '../stats.ts';
import type { BenchServer } from '../wire/server.ts';
import { type CellContender, runCell } from './run-cell.ts';

const moduleOf = (c: CellContender) => contender(c.id).module;

const streamMetrics: Cell['metrics'] = [
  { key: 'cpuPerChunkUs', label: 'CPU per chunk', unit: 'µs', digits: 2 },
  { key: 'wallMs', label: 'wall', unit: 'ms', digits: 1 },
];

function streamCell(
  id: string,
  title: string,
  what: string,
  scenario: string,
  concurrency: number,
  rounds: number,
  config: BenchConfig,
  server: BenchServer,
  log: (line: string) => void,
  metrics: Cell['metrics'] = streamMetrics,
): Promise<Cell> {
  return runCell<StreamResult>({
    id,
    title,
    what,
    metrics,
    floorId: 'floor',
    contenders: CONTENDERS,
    reps: config.reps,
    timeoutMs: 300_000,
    log,
    job: (c) => ({
      kind: 'stream',
      module: moduleOf(c),
      baseURL: server.baseURL(scenario),
      expected: server.streams[scenario].expected,
      warmups: config.bulk.warmups,
      warmBaseURL: server.baseURL('warm'),
      warmExpected: server.streams.warm.expected,
      concurrency,
      rounds,
    }),
    extract: (r) => ({
      cpuPerChunkUs: r.cpuUs / r.textDeltas,
      wallMs: r.wallMs,
      cpuMs: r.cpuUs / 1000,
    }),
  });
}

export function bulkCell(config: BenchConfig, server: BenchServer, log: (l: string) => void) {
  return streamCell(
    'bulk',
    `Bulk: ${config.bulk.rounds} × ${config.bulk.chunks.toLocaleString('en')}-chunk streams as fast as the socket allows`,
    `${config.bulk.rounds} streams, read one after another, of ${config.bulk.chunks.toLocaleString('en')} content chunks each (plus role, finish, usage-only chunk and [DONE]) written in 64 KiB slices with backpressure. CPU is \`process.cpuUsage()\` in the runner around the requests and consume loops (all rounds), after ${config.bulk.warmups} validated warm-up streams of ${config.bulk.warmChunks.toLocaleString('en')} chunks.`,
    'bulk',
    1,
    config.bulk.rounds,
    config,
    server,
    log,
  );
}

export function pacedCell(config: BenchConfig, server: BenchServer, log: (l: string) => void) {
  return streamCell(
    'paced',
    `Paced stream: ${config.paced.chunks.toLocaleString('en')} chunks, one per ${config.paced.paceMs} ms`,
    'The shape of a real token stream: wall time is fixed by the server, so CPU per chunk is the figure that matters (it is what a busy server pays per token, and small reads make per-read overhead visible).',
    'paced',
    1,
    1,
    config,
    server,
    log,
  );
}

export function concurrentCell(config: BenchConfig, server: BenchServer, log: (l: string) => void) {
  const { streams, chunks } = config.concurrent;
  return streamCell(
    'concurrent',
    `${streams} concurrent streams × ${chunks.toLocaleString('en')} chunks`,
    `${streams} streams started together in one process; CPU per chunk over all ${(streams * chunks).toLocaleString('en')} chunks, wall until the last stream ends.`,
    'concurrent',
    streams,
    1,
    config,
    server,
    log,
  );
}

export function ttftCell(config: BenchConfig, server: BenchServer, log: (l: string) => void) {
  return runCell<TtftResult>({
    id: 'ttft',
    title: 'Time to first token',
    what: `Time from the call to the first non-empty text delta, on a ${config.ttft.chunks}-chunk stream whose first chunk is written as soon as the request body has arrived. "first" is the first request of a fresh process (new connection, cold code paths); "idle" is after ${config.ttft.warmups} warm-up requests and a ${config.ttft.idleGapMs} ms pause (median of ${config.ttft.idle} per process); "back-to-back" is the median of ${config.ttft.backToBack} consecutive requests.`,
    metrics: [
      { key: 'firstMs', label: 'first', unit: 'ms', digits: 2 },
      { key: 'idleMs', label: 'idle', unit: 'ms', digits: 3 },
      { key: 'backToBackMs', label: 'back-to-back', unit: 'ms', digits: 3 },
    ],
    floorId: 'floor',
    contenders: CONTENDERS,
    reps: config.reps,
    log,
    job: (c) => ({
      kind: 'ttft',
      module: moduleOf(c),
      baseURL: server.baseURL('ttft'),
      expected: server.streams.ttft.expected,
      warmups: config.ttft.warmups,
      idle: config.ttft.idle,
      idleGapMs: config.ttft.idleGapMs,
      backToBack: config.ttft.backToBack,
    }),
    extract: (r) => ({
      firstMs: r.firstMs,
      idleMs: median(r.idleMs),
      backToBackMs: median(r.backToBackMs),
    }),
  });
}

export function coldCell(config: BenchConfig, server: BenchServer, log: (l: string) => void) {
  return runCell<ColdResult>({
    id: 'cold',
    title: 'Cold start: process start → import → first token',
    what: 'Measured in the parent with `performance.now()` from just before `fork()` to the child\'s first-token IPC message. Includes Node start-up and the harness\'s own small child entry (identical for every contender); "import done" and "first token" are the child\'s own clock (ms since its process started).',
    metrics: [
      { key: 'coldMs', label: 'spawn → first token', unit: 'ms', digits: 1 },
      { key: 'importedAt', label: 'import done (child clock)', unit: 'ms', digits: 1 },
      { key: 'firstTokenAt', label: 'first token (child clock)', unit: 'ms', digits: 1 },
    ],
    floorId: 'floor',
    contenders: CONTENDERS,
    reps: config.reps,
    log,
    job: (c) => ({
      kind: 'cold',
      module: moduleOf(c),
      baseURL: server.baseURL('ttft'),
      expected: server.streams.ttft.expected,
    }),
    extract: (r, outcome) => ({
      coldMs: outcome.firstTokenMs ?? Number.NaN,
      importedAt: r.importedAt,
      firstTokenAt: r.firstTokenAt,
    }),
  });
}
