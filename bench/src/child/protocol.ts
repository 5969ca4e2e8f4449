/** Messages between the orchestrator and a runner child process. */
import type { ExpectedEmbeddings } from '../wire/embeddings.ts';
import type { ExpectedStream } from '../wire/chunks.ts';

export interface StreamJob {
  kind: 'stream';
  module: string;
  baseURL: string;
  expected: ExpectedStream;
  /** Warm-up streams read (and validated) before measuring, from `warmBaseURL`. */
  warmups: number;
  warmBaseURL: string;
  warmExpected: ExpectedStream;
  /** Streams read at once in the measured part. */
  concurrency: number;
  /** Rounds of `concurrency` streams read one after another in the measured part (default 1). */
  rounds?: number;
  /** Write a V8 CPU profile of the measured part (not warm-up, not start-up) to this file. */
  cpuProfileFile?: string;
}

export interface TtftJob {
  kind: 'ttft';
  module: string;
  baseURL: string;
  expected: ExpectedStream;
  warmups: number;
  idle: number;
  idleGapMs: number;
  backToBack: number;
  /** Write a V8 CPU profile of the back-to-back requests (the per-request overhead) to this file. */
  cpuProfileFile?: string;
}

export interface ColdJob {
  kind: 'cold';
  module: string;
  baseURL: string;
  expected: ExpectedStream;
}

export interface ImportJob {
  kind: 'import';
  specifier: string;
  /** Write a V8 CPU profile of the import to this file. */
  cpuProfileFile?: string;
}

export interface EmbedJob {
  kind: 'embed';
  module: string;
  baseURL: string;
  expected: ExpectedEmbeddings;
  warmups: number;
  requests: number;
  /** Write a V8 CPU profile of the measured requests to this file. */
  cpuProfileFile?: string;
}

export interface AutorouterJob {
  kind: 'autorouter';
  mode: 'ours' | 'naive';
  autorouterURL: string;
  requests: number;
  expected: ExpectedStream;
}

export interface FailoverJob {
  kind: 'failover';
  clientOptions: { apiKey: string; autorouterURL: string; edgeURLs: Record<string, string> };
  model: string;
  requests: number;
}

/**
 * Time to first token over many streamed requests against the emulator, `concurrency` at a
 * time: ours autorouted (optionally hedged), or `@ai-sdk/openai-compatible` pinned to one edge.
 */
export interface TailJob {
  kind: 'tail';
  client: 'ours' | 'ours-hedged' | 'compatible';
  clientOptions: { apiKey: string; autorouterURL: string; edgeURLs: Record<string, string> };
  /** The edge the peer is pinned to (the one the autorouter hands out). */
  pinnedURL: string;
  model: string;
  requests: number;
  concurrency: number;
}

export type Job =
  | TailJob
  | StreamJob
  | TtftJob
  | ColdJob
  | ImportJob
  | EmbedJob
  | AutorouterJob
  | FailoverJob;

export interface TailResult {
  /** Time to the first text delta of each request, in ms. */
  firstTokenMs: number[];
  /** Requests whose answer came from a hedge. */
  hedgeWins: number;
}

export interface StreamResult {
  cpuUs: number;
  wallMs: number;
  textDeltas: number;
}
export interface TtftResult {
  firstMs: number;
  idleMs: number[];
  backToBackMs: number[];
}
export interface ColdResult {
  /** Child clock (ms since its process start) when the runner module had loaded. */
  importedAt: number;
  firstTokenAt: number;
}
export interface ImportResult {
  importMs: number;
}
export interface EmbedResult {
  wallMs: number[];
  cpuUs: number[];
}
export interface AutorouterResult {
  wallMs: number;
}
export interface FailoverResult {
  wallMs: number[];
  attempts: number[];
  regions: string[];
}

export type ChildMessage =
  | { type: 'first-token'; at: number }
  | { type: 'result'; result: unknown }
  | { type: 'unavailable'; reason: string }
  | { type: 'failed'; reason: string };
