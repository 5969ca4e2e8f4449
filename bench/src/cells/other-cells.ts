/** Import time, embeddings, autorouter single-flight and failover cells. */
import { startEdgeEmulator } from '@polargrid/edge-emulator';
import type {
  AutorouterResult,
  EmbedResult,
  FailoverResult,
  ImportResult,
} from '../child/protocol.ts';
import type { BenchConfig } from '../config.ts';
import type { Cell } from '../results.ts';
import { median } from '../stats.ts';
import type { BenchServer } from '../wire/server.ts';
import { type CellContender, runCell } from './run-cell.ts';

export const IMPORT_TARGETS: (CellContender & { specifier: string })[] = [
  { id: 'core', label: '@polargrid/core', kind: 'ours', specifier: '@polargrid/core' },
  {
    id: 'provider',
    label: '@polargrid/ai-sdk-provider',
    kind: 'ours',
    specifier: '@polargrid/ai-sdk-provider',
  },
  {
    id: 'langchain',
    label: '@polargrid/langchain',
    kind: 'ours',
    specifier: '@polargrid/langchain',
  },
  {
    id: 'eventsource-parser',
    label: 'eventsource-parser',
    kind: 'peer',
    specifier: 'eventsource-parser',
  },
  { id: 'openai', label: 'openai', kind: 'peer', specifier: 'openai' },
  {
    id: 'aisdk-compat',
    label: '@ai-sdk/openai-compatible',
    kind: 'peer',
    specifier: '@ai-sdk/openai-compatible',
  },
  { id: 'ai', label: 'ai', kind: 'peer', specifier: 'ai' },
  {
    id: 'langchain-openai',
    label: '@langchain/openai',
    kind: 'peer',
    specifier: '@langchain/openai',
  },
];

export function importCell(config: BenchConfig, log: (l: string) => void): Promise<Cell> {
  return runCell<ImportResult>({
    id: 'import',
    title: 'Import time in a fresh process',
    what: "`await import(specifier)` timed with `performance.now()` inside a fresh Node process (ESM entry, nothing else imported but the harness's small child entry). No floor: the ratio column is omitted.",
    metrics: [{ key: 'importMs', label: 'import', unit: 'ms', digits: 1 }],
    contenders: IMPORT_TARGETS,
    reps: config.importReps,
    log,
    job: (c) => ({
      kind: 'import',
      specifier: IMPORT_TARGETS.find((t) => t.id === c.id)!.specifier,
    }),
    extract: (r) => ({ importMs: r.importMs }),
  });
}

export const EMBEDDERS: (CellContender & { module: string })[] = [
  { id: 'floor', label: 'floor: fetch + JSON.parse', kind: 'floor', module: 'floor.ts' },
  {
    id: 'openai',
    label: 'openai SDK embeddings.create (base64)',
    kind: 'peer',
    module: 'openai-sdk.ts',
  },
  {
    id: 'aisdk-compat',
    label: '@ai-sdk/openai-compatible doEmbed',
    kind: 'peer',
    module: 'ai-sdk-compatible.ts',
  },
  {
    id: 'ours-core',
    label: 'ours: createEmbeddings(edge)',
    kind: 'ours',
    module: 'ours-core.ts',
  },
  {
    id: 'ours-provider',
    label: 'ours: PolarGrid provider doEmbed',
    kind: 'ours',
    module: 'ours-provider.ts',
  },
];

export function embeddingsCell(
  config: BenchConfig,
  server: BenchServer,
  log: (l: string) => void,
): Promise<Cell> {
  const { count, dims, warmups, requests } = config.embeddings;
  return runCell<EmbedResult>({
    id: 'embeddings',
    title: `Embeddings: ${count} inputs × ${dims} dimensions per request`,
    what: `A loopback \`/v1/embeddings\` answering ${count} vectors of ${dims} floats (float JSON, or base64 float32 when the client asks for it, as the openai SDK does). Per process: ${warmups} warm-up requests, then the median of ${requests} sequential requests. Every answer is validated (count, dimensions, checksum of all values).`,
    metrics: [
      { key: 'wallMs', label: 'wall per request', unit: 'ms', digits: 2 },
      { key: 'cpuMs', label: 'CPU per request', unit: 'ms', digits: 2 },
    ],
    floorId: 'floor',
    contenders: EMBEDDERS,
    reps: config.reps,
    log,
    job: (c) => ({
      kind: 'embed',
      module: EMBEDDERS.find((e) => e.id === c.id)!.module,
      baseURL: server.baseURL('embed'),
      expected: server.embeddings!.expected,
      warmups,
      requests,
    }),
    extract: (r) => ({ wallMs: median(r.wallMs), cpuMs: median(r.cpuUs) / 1000 }),
  });
}

export function autorouterCell(
  config: BenchConfig,
  server: BenchServer,
  log: (l: string) => void,
): Promise<Cell> {
  const n = config.autorouter.requests;
  return runCell<AutorouterResult>({
    id: 'autorouter',
    title: `Autorouter single-flight: ${n.toLocaleString('en')} concurrent first requests`,
    what: `A fresh client fires ${n.toLocaleString('en')} streamed chat requests at once with nothing cached; the loopback autorouter counts lookups. The naive client asks the autorouter before every request (what a hand-rolled integration does). Streams are ${server.streams.ttft.expected.textDeltas} chunks and validated.`,
    metrics: [
      { key: 'lookups', label: 'autorouter lookups', unit: '', digits: 0 },
      { key: 'wallMs', label: 'wall for all', unit: 'ms', digits: 0 },
    ],
    contenders: [
      { id: 'ours', label: 'ours: PolarGridEdge (TTL cache + single-flight)', kind: 'ours' },
      { id: 'naive', label: 'naive: lookup per request, then fetch', kind: 'peer' },
    ],
    reps: config.reps,
    log,
    before: () => server.resetCounters(),
    job: (c) => ({
      kind: 'autorouter',
      mode: c.id === 'ours' ? 'ours' : 'naive',
      autorouterURL: server.autorouterURL,
      requests: n,
      expected: server.streams.ttft.expected,
    }),
    extract: (r) => ({ wallMs: r.wallMs }),
    after: () => ({ lookups: server.routeLookups() }),
  });
}

export async function failoverCell(config: BenchConfig, log: (l: string) => void): Promise<Cell> {
  const emulator = await startEdgeEmulator({ timing: { ttftMs: 0, tokensPerSecond: 0 } });
  const model = 'qwen-3.8-27b';
  try {
    return await runCell<FailoverResult>({
      id: 'failover',
      title: 'Failover: first request when the routed edge is dead',
      what: `The edge emulator (autorouter + 3 edges on loopback). The autorouter sends a fresh client to \`yto-01\`; with \`setEdgeDown('yto-01', true)\` its port refuses connections and the core must fail over. Time from the call to the end of a streamed answer, first request of a fresh client (median of ${config.failover.requests} per process, each with a new client, after one unmeasured request that pays the process's own first-fetch set-up); "healthy" is the same with every edge up.`,
      metrics: [
        { key: 'wallMs', label: 'first request, to finish', unit: 'ms', digits: 2 },
        { key: 'attempts', label: 'attempts', unit: '', digits: 0 },
      ],
      floorId: 'healthy',
      contenders: [
        { id: 'healthy', label: 'ours: all edges up', kind: 'floor' },
        { id: 'edge-down', label: 'ours: routed edge (yto-01) down', kind: 'ours' },
      ],
      reps: config.reps,
      log,
      before: (c) => emulator.setEdgeDown('yto-01', c.id === 'edge-down'),
      job: () => ({
        kind: 'failover',
        clientOptions: emulator.clientOptions(),
        model,
        requests: config.failover.requests,
      }),
      extract: (r) => ({ wallMs: median(r.wallMs), attempts: median(r.attempts) }),
    });
  } finally {
    await emulator.setEdgeDown('yto-01', false).catch(() => undefined);
    await emulator.close();
  }
}
