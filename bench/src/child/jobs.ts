/** What a child process does for each job kind. Measurements are taken here, in the child. */
import { Tally, validateStream } from '../tally.ts';
import type { ChatStreamer, CreateStreamer, RunnerConfig } from '../runners/types.ts';
import type { EmbedderModule } from '../runners/embed/types.ts';
import { validateEmbeddings } from '../runners/embed/types.ts';
import { BENCH_MODEL, type ExpectedStream } from '../wire/chunks.ts';
import type {
  AutorouterJob,
  AutorouterResult,
  ChildMessage,
  ColdResult,
  EmbedJob,
  EmbedResult,
  FailoverJob,
  FailoverResult,
  ImportJob,
  ImportResult,
  Job,
  StreamJob,
  TailJob,
  TailResult,
  StreamResult,
  TtftJob,
  TtftResult,
} from './protocol.ts';

type Core = typeof import('@polargrid/core');

async function loadCore(): Promise<Pick<Core, 'PolarGridEdge' | 'streamChatCompletion'>> {
  const core = (await import('@polargrid/core')) as Partial<Core>;
  if (typeof core.PolarGridEdge !== 'function' || typeof core.streamChatCompletion !== 'function') {
    const err = new Error('@polargrid/core exports no PolarGridEdge yet');
    err.name = 'ModuleUnavailable';
    throw err;
  }
  return { PolarGridEdge: core.PolarGridEdge, streamChatCompletion: core.streamChatCompletion };
}

export const BENCH_API_KEY = 'pg_bench_key_0123456789';

class ValidationFailed extends Error {
  override name = 'ValidationFailed';
}

async function loadStreamer(module: string, baseURL: string): Promise<ChatStreamer> {
  const mod = (await import(`../runners/${module}`)) as { createStreamer: CreateStreamer };
  if (typeof mod.createStreamer !== 'function') {
    const err = new Error(`${module} exports no createStreamer`);
    err.name = 'ModuleUnavailable';
    throw err;
  }
  const config: RunnerConfig = { baseURL, apiKey: BENCH_API_KEY, model: BENCH_MODEL };
  return mod.createStreamer(config);
}

async function readValidated(
  streamer: ChatStreamer,
  expected: ExpectedStream,
  onFirstText?: () => void,
): Promise<Tally> {
  const tally = new Tally();
  tally.onFirstText = onFirstText;
  await streamer(tally);
  const problems = validateStream(tally.summary(), expected);
  if (problems.length > 0) throw new ValidationFailed(problems.join('; '));
  return tally;
}

async function streamJob(job: StreamJob): Promise<StreamResult> {
  const warm = await loadStreamer(job.module, job.warmBaseURL);
  for (let i = 0; i < job.warmups; i++) await readValidated(warm, job.warmExpected);
  const streamer = await loadStreamer(job.module, job.baseURL);
  const tallies: Tally[] = [];
  const profiler = job.cpuProfileFile ? await startProfiler() : undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let round = 0; round < (job.rounds ?? 1); round++) {
    const runs: Promise<void>[] = [];
    for (let i = 0; i < job.concurrency; i++) {
      const tally = new Tally();
      tallies.push(tally);
      runs.push(streamer(tally));
    }
    await Promise.all(runs);
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (profiler && job.cpuProfileFile) await profiler.stop(job.cpuProfileFile);
  let textDeltas = 0;
  for (const tally of tallies) {
    const problems = validateStream(tally.summary(), job.expected);
    if (problems.length > 0) throw new ValidationFailed(problems.join('; '));
    textDeltas += tally.textDeltas;
  }
  return { cpuUs: cpu.user + cpu.system, wallMs, textDeltas };
}

/**
 * The V8 sampling profiler (what `node --cpu-prof` uses) over the inspector, so a profile covers
 * only the measured part and not start-up, imports or warm-up.
 */
async function startProfiler(): Promise<{ stop(file: string): Promise<void> }> {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function timeToFirst(streamer: ChatStreamer, expected: ExpectedStream): Promise<number> {
  let first = Number.NaN;
  const t0 = performance.now();
  await readValidated(streamer, expected, () => {
    first = performance.now() - t0;
  });
  return first;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ttftJob(job: TtftJob): Promise<TtftResult> {
  const streamer = await loadStreamer(job.module, job.baseURL);
  const firstMs = await timeToFirst(streamer, job.expected);
  for (let i = 0; i < job.warmups; i++) await readValidated(streamer, job.expected);
  const idleMs: number[] = [];
  for (let i = 0; i < job.idle; i++) {
    await sleep(job.idleGapMs);
    idleMs.push(await timeToFirst(streamer, job.expected));
  }
  const backToBackMs: number[] = [];
  const profiler = job.cpuProfileFile ? await startProfiler() : undefined;
  for (let i = 0; i < job.backToBack; i++) {
    backToBackMs.push(await timeToFirst(streamer, job.expected));
  }
  if (profiler && job.cpuProfileFile) await profiler.stop(job.cpuProfileFile);
  return { firstMs, idleMs, backToBackMs };
}

async function coldJob(
  job: Job & { kind: 'cold' },
  send: (m: ChildMessage) => Promise<void>,
): Promise<ColdResult> {
  const streamer = await loadStreamer(job.module, job.baseURL);
  const importedAt = performance.now();
  let firstTokenAt = Number.NaN;
  let sent: Promise<void> = Promise.resolve();
  await readValidated(streamer, job.expected, () => {
    firstTokenAt = performance.now();
    sent = send({ type: 'first-token', at: firstTokenAt });
  });
  await sent;
  return { importedAt, firstTokenAt };
}

async function importJob(job: ImportJob): Promise<ImportResult> {
  const profiler = job.cpuProfileFile ? await startProfiler() : undefined;
  const t0 = performance.now();
  await import(job.specifier);
  const importMs = performance.now() - t0;
  if (profiler && job.cpuProfileFile) await profiler.stop(job.cpuProfileFile);
  return { importMs };
}

async function embedJob(job: EmbedJob): Promise<EmbedResult> {
  const mod = (await import(`../runners/embed/${job.module}`)) as EmbedderModule;
  const embed = await mod.createEmbedder({
    baseURL: job.baseURL,
    apiKey: BENCH_API_KEY,
    model: 'bench-embed',
  });
  const inputs = Array.from({ length: job.expected.count }, (_, i) => `document number ${i}`);
  const check = async () => {
    const vectors = await embed(inputs);
    const problems = validateEmbeddings(vectors, job.expected);
    if (problems.length > 0) throw new ValidationFailed(problems.join('; '));
  };
  for (let i = 0; i < job.warmups; i++) await check();
  const wallMs: number[] = [];
  const cpuUs: number[] = [];
  const profiler = job.cpuProfileFile ? await startProfiler() : undefined;
  for (let i = 0; i < job.requests; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const vectors = await embed(inputs);
    wallMs.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpuUs.push(cpu.user + cpu.system);
    const problems = validateEmbeddings(vectors, job.expected);
    if (problems.length > 0) throw new ValidationFailed(problems.join('; '));
  }
  if (profiler && job.cpuProfileFile) await profiler.stop(job.cpuProfileFile);
  return { wallMs, cpuUs };
}

async function autorouterJob(job: AutorouterJob): Promise<AutorouterResult> {
  let streamer: ChatStreamer;
  if (job.mode === 'ours') {
    const { PolarGridEdge, streamChatCompletion } = await loadCore();
    const client = new PolarGridEdge({
      autorouterURL: job.autorouterURL,
      apiKey: BENCH_API_KEY,
      maxRetries: 0,
      // Never fall back to the real PolarGrid edges from a benchmark.
      fallbackRegions: [],
    });
    streamer = async (tally) => {
      const { events } = await streamChatCompletion(client, {
        model: BENCH_MODEL,
        messages: [{ role: 'user', content: 'hi' }],
      });
      for await (const event of events) {
        if (event.type === 'text-delta') tally.text(event.text);
        else if (event.type === 'usage') {
          tally.usage(
            event.usage.promptTokens,
            event.usage.completionTokens,
            event.usage.totalTokens,
          );
        } else if (event.type === 'finish') tally.finish(event.reason);
        else if (event.type === 'error') throw event.error;
      }
    };
  } else {
    // A naive client: asks the autorouter before every request, then streams like the floor.
    const floor = await import('../runners/floor.ts');
    streamer = async (tally) => {
      const res = await fetch(`${job.autorouterURL}/v1/route`);
      const route = (await res.json()) as { endpoint: string };
      const read = floor.createStreamer({
        baseURL: `${route.endpoint}/v1`,
        apiKey: BENCH_API_KEY,
        model: BENCH_MODEL,
      });
      await read(tally);
    };
  }
  const t0 = performance.now();
  const tallies = await Promise.all(
    Array.from({ length: job.requests }, async () => {
      const tally = new Tally();
      await streamer(tally);
      return tally;
    }),
  );
  const wallMs = performance.now() - t0;
  for (const tally of tallies) {
    const problems = validateStream(tally.summary(), job.expected);
    if (problems.length > 0) throw new ValidationFailed(problems.join('; '));
  }
  return { wallMs };
}

async function failoverJob(job: FailoverJob): Promise<FailoverResult> {
  const { PolarGridEdge, streamChatCompletion } = await loadCore();
  const wallMs: number[] = [];
  const attempts: number[] = [];
  const regions: string[] = [];
  // Request 0 pays the process's own first-fetch set-up (undici, JIT), which is not failover
  // cost: it is made and validated like the others, then dropped.
  for (let i = 0; i <= job.requests; i++) {
    // A fresh client each time: failover on a first request, with nothing cached.
    const client = new PolarGridEdge({ ...job.clientOptions, maxRetries: 0 });
    const t0 = performance.now();
    const { meta, events } = await streamChatCompletion(client, {
      model: job.model,
      messages: [{ role: 'user', content: 'hello' }],
    });
    let finished = false;
    for await (const event of events) {
      if (event.type === 'finish') finished = event.reason === 'stop' || event.reason === 'length';
      if (event.type === 'error') throw event.error;
    }
    const elapsed = performance.now() - t0;
    if (!finished) throw new ValidationFailed('failover stream did not finish normally');
    if (i === 0) continue;
    wallMs.push(elapsed);
    attempts.push(meta.attempts);
    regions.push(meta.region);
  }
  return { wallMs, attempts, regions };
}

/** Short answers: the tail cell measures first tokens, not the emulator's writing. */
const TAIL_MAX_TOKENS = 16;

/** Reads one streamed request to its end; resolves with the time to its first text delta. */
type TailRequest = () => Promise<{ firstMs: number; hedged: boolean }>;

async function tailRequester(job: TailJob): Promise<TailRequest> {
  const messages = [{ role: 'user' as const, content: 'hello' }];
  if (job.client === 'compatible') {
    const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
    const model = createOpenAICompatible({
      name: 'bench',
      baseURL: `${job.pinnedURL}/v1`,
      apiKey: job.clientOptions.apiKey,
    }).chatModel(job.model);
    return async () => {
      const t0 = performance.now();
      const { stream } = await model.doStream({
        prompt: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
        maxOutputTokens: TAIL_MAX_TOKENS,
      });
      let firstMs: number | undefined;
      for await (const part of stream) {
        if (part.type === 'text-delta' && firstMs === undefined) firstMs = performance.now() - t0;
      }
      if (firstMs === undefined) throw new ValidationFailed('compatible stream had no text');
      return { firstMs, hedged: false };
    };
  }
  const { PolarGridEdge, streamChatCompletion } = await loadCore();
  const client = new PolarGridEdge({
    ...job.clientOptions,
    maxRetries: 0,
    ...(job.client === 'ours-hedged' ? { hedge: true } : {}),
  });
  return async () => {
    const t0 = performance.now();
    const { meta, events } = await streamChatCompletion(client, {
      model: job.model,
      messages,
      max_tokens: TAIL_MAX_TOKENS,
    });
    let firstMs: number | undefined;
    for await (const event of events) {
      if (event.type === 'text-delta' && firstMs === undefined) firstMs = performance.now() - t0;
      if (event.type === 'error') throw event.error;
    }
    if (firstMs === undefined) throw new ValidationFailed('stream had no text');
    return { firstMs, hedged: (meta as { hedged?: boolean }).hedged === true };
  };
}

async function tailJob(job: TailJob): Promise<TailResult> {
  const request = await tailRequester(job);
  await request(); // warm-up: the process's first fetch set-up is not tail latency
  const firstTokenMs: number[] = [];
  let hedgeWins = 0;
  let next = 0;
  const worker = async () => {
    while (next < job.requests) {
      next++;
      const { firstMs, hedged } = await request();
      firstTokenMs.push(firstMs);
      if (hedged) hedgeWins++;
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  return { firstTokenMs, hedgeWins };
}

export async function runJob(job: Job, send: (m: ChildMessage) => Promise<void>): Promise<unknown> {
  switch (job.kind) {
    case 'tail':
      return tailJob(job);
    case 'stream':
      return streamJob(job);
    case 'ttft':
      return ttftJob(job);
    case 'cold':
      return coldJob(job, send);
    case 'import':
      return importJob(job);
    case 'embed':
      return embedJob(job);
    case 'autorouter':
      return autorouterJob(job);
    case 'failover':
      return failoverJob(job);
  }
}
