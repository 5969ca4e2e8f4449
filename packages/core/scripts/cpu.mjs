// CPU per chunk of the chat stream decoder against a floor (the least work that still reads an
// OpenAI chat stream: split lines, take `data:` lines, JSON.parse, read delta.content), both
// consumed the way an app would. Two settings, medians of several fresh runs each:
//   memory:   the SSE bytes come from an in-memory ReadableStream (64 KiB slices);
//   loopback: a node:http server on 127.0.0.1 writes them, read with fetch (the floor uses
//             fetch + minimal parser; ours uses streamChatCompletion over a PolarGridEdge).
// CPU is process.cpuUsage() (user+system) around request + consume, divided by content chunks.
// Imports the built dist (run `pnpm --filter @polargrid/core build` first).
//
// Measured (issue 12 rewrite: eventsource-parser, JSON.parse + prototype-key walk per chunk, no
// learned fast path; Node 24 on a 2-core machine under heavy shared load, load average 17-20,
// so single runs vary by ±20 %):
//   loopback (the bench's bulk setting): 1.4-1.5x the floor, where the previous build (with the
//     learned fast path, `--lib` on it in the same minutes) measured 1.05-1.15x;
//   memory: 1.45-1.7x the floor (default mix and --escaped alike: there is no fast path left).
// The budget (<= 1.3x) is missed here. The rise over the previous build is about one JSON.parse
// per chunk (what its fast path skipped); the rest over the floor was there before. Where the in-memory decoder's CPU goes
// (node --cpu-prof, self time): JSON.parse ~40 %, GC ~15 %, the prototype-key walk ~9 %, the
// decoder's own code (reader, chunk handler, think splitter) ~9 %, eventsource-parser ~6 %,
// TextDecoder ~4 %, the Web Streams event hop ~4 % plus its share of GC. The floor pays
// JSON.parse and TextDecoder too; what it does not pay is one event object and one stream read
// per chunk, the walk and the handler's rules.
//
// Usage: pnpm --filter @polargrid/core cpu [-- --chunks 20000 --runs 5 --only memory|loopback]
//        [--lib path/to/other/build.js] [--escaped] [--logprobs]
import { createServer } from 'node:http';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const CHUNKS = Number(arg('--chunks', '20000'));
const RUNS = Number(arg('--runs', '5'));
const ONLY = arg('--only', 'both');
// Another build to compare against (e.g. an older commit bundled to one ESM file).
const LIB = arg('--lib', undefined);
const { PolarGridEdge, streamChatCompletion } = await import(
  LIB === undefined ? '../dist/index.js' : new URL(LIB, `file://${process.cwd()}/`).href
);

// --escaped: every chunk's text needs a JSON escape (the default mix is the bench's).
const ESCAPED_ONLY = args.includes('--escaped');
// --logprobs: vLLM's (and the edge emulator's) chunk layout, `"logprobs": null` in each choice.
const LOGPROBS = args.includes('--logprobs');
function tokenText(i) {
  if (ESCAPED_ONLY) return ` "w${i % 1000}"`;
  if (i % 50 === 49) return ' end.\n';
  if (i % 17 === 0) return ` "q${i % 100}"`;
  return ` w${i % 1000}`;
}
function encodeStream(n) {
  const head = {
    id: 'chatcmpl-cpu',
    object: 'chat.completion.chunk',
    created: 1764000000,
    model: 'm',
  };
  const frame = (p) => `data: ${JSON.stringify(p)}\n\n`;
  const chunk = (delta, finish) =>
    frame({
      ...head,
      choices: [
        LOGPROBS
          ? { index: 0, delta, logprobs: null, finish_reason: finish }
          : { index: 0, delta, finish_reason: finish },
      ],
    });
  let s = chunk({ role: 'assistant', content: '' }, null);
  let length = 0;
  for (let i = 0; i < n; i++) {
    const t = tokenText(i);
    length += t.length;
    s += chunk({ content: t }, null);
  }
  s += chunk({}, 'stop');
  s += frame({
    ...head,
    choices: [],
    usage: { prompt_tokens: 12, completion_tokens: n, total_tokens: 12 + n },
  });
  s += 'data: [DONE]\n\n';
  return { bytes: new TextEncoder().encode(s), length };
}
const { bytes: WHOLE, length: EXPECTED_LENGTH } = encodeStream(CHUNKS);
const SLICE = 64 * 1024;

function memoryBody() {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= WHOLE.length) return c.close();
      c.enqueue(WHOLE.subarray(at, at + SLICE));
      at += SLICE;
    },
  });
}

/** The floor's parser (same as bench/src/runners/minimal-sse.ts). */
function minimalConsume(tally) {
  let buffer = '';
  return (text) => {
    const buf = buffer + text;
    let start = 0;
    let nl = buf.indexOf('\n', start);
    while (nl !== -1) {
      const end = nl > start && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (buf.startsWith('data:', start)) {
        const from = buf.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
        const data = buf.slice(from, end);
        if (data !== '[DONE]') {
          const chunk = JSON.parse(data);
          const choice = chunk.choices?.[0];
          if (choice) {
            const content = choice.delta?.content;
            if (content) tally.length += content.length;
            if (choice.finish_reason) tally.finish = choice.finish_reason;
          }
          if (chunk.usage) tally.total = chunk.usage.total_tokens;
        }
      }
      start = nl + 1;
      nl = buf.indexOf('\n', start);
    }
    buffer = start === 0 ? buf : buf.slice(start);
  };
}

async function floorRead(body, tally) {
  const decoder = new TextDecoder();
  const push = minimalConsume(tally);
  for await (const b of body) push(decoder.decode(b, { stream: true }));
}
async function oursRead(events, tally) {
  for await (const e of events) {
    if (e.type === 'text-delta') tally.length += e.text.length;
    else if (e.type === 'finish') {
      tally.finish = e.reason;
      tally.total = e.usage?.totalTokens;
    } else if (e.type === 'error') throw e.error;
  }
}

function check(name, tally) {
  if (tally.length !== EXPECTED_LENGTH || tally.finish !== 'stop' || tally.total !== 12 + CHUNKS) {
    throw new Error(
      `${name}: wrong result ${JSON.stringify(tally)} (text length ${EXPECTED_LENGTH})`,
    );
  }
}

async function measure(name, once) {
  await once(); // warm-up
  await once();
  const samples = [];
  for (let r = 0; r < RUNS; r++) {
    const tally = { length: 0, finish: undefined, total: undefined };
    const before = process.cpuUsage();
    await once(tally);
    const used = process.cpuUsage(before);
    check(name, tally);
    samples.push(((used.user + used.system) * 1000) / CHUNKS);
  }
  samples.sort((a, b) => a - b);
  return { name, median: samples[samples.length >> 1], min: samples[0], max: samples.at(-1) };
}
const fresh = () => ({ length: 0, finish: undefined, total: undefined });

function report(title, rows) {
  const floor = rows[0].median;
  console.log(`\n${title}: ${CHUNKS} chunks, median of ${RUNS} runs (ns of CPU per chunk)`);
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(34)} ${r.median.toFixed(0).padStart(6)} ns  (${r.min.toFixed(0)}–${r.max.toFixed(0)})  ${(r.median / floor).toFixed(2)}x floor`,
    );
  }
}

if (ONLY === 'both' || ONLY === 'memory') {
  // The public path with the body served from memory (no socket): request checks, then the decoder.
  const inMemory = new PolarGridEdge({
    baseURL: 'http://memory.invalid',
    apiKey: 'pg_cpubench',
    maxRetries: 0,
    fetch: async () =>
      new Response(memoryBody(), { headers: { 'content-type': 'text/event-stream' } }),
  });
  const rows = [];
  // Interleave the contenders so drift (turbo, GC, other load) hits both alike.
  for (let round = 0; round < 3; round++) {
    rows.push(await measure('floor: minimal parser', (t = fresh()) => floorRead(memoryBody(), t)));
    rows.push(
      await measure('ours: stream from memory', async (t = fresh()) => {
        const { events } = await streamChatCompletion(inMemory, {
          model: 'm',
          messages: [{ role: 'user', content: 'hi' }],
        });
        await oursRead(events, t);
      }),
    );
  }
  report('memory', pick(rows));
}

if (ONLY === 'both' || ONLY === 'loopback') {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      let at = 0;
      const write = () => {
        while (at < WHOLE.length) {
          const piece = WHOLE.subarray(at, at + SLICE);
          at += SLICE;
          if (!res.write(piece)) return void res.once('drain', write);
        }
        res.end();
      };
      write();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const client = new PolarGridEdge({ baseURL: base, apiKey: 'pg_cpubench', maxRetries: 0 });
  const request = JSON.stringify({
    model: 'm',
    stream: true,
    messages: [{ role: 'user', content: 'hi' }],
  });
  const rows = [];
  for (let round = 0; round < 3; round++) {
    rows.push(
      await measure('floor: fetch + minimal parser', async (t = fresh()) => {
        const res = await fetch(`${base}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer pg_cpubench' },
          body: request,
        });
        await floorRead(res.body, t);
      }),
    );
    rows.push(
      await measure('ours: streamChatCompletion', async (t = fresh()) => {
        const { events } = await streamChatCompletion(client, {
          model: 'm',
          messages: [{ role: 'user', content: 'hi' }],
        });
        await oursRead(events, t);
      }),
    );
  }
  server.close();
  report('loopback', pick(rows));
}

/** One row per contender: the round with the median median. */
function pick(rows) {
  const by = new Map();
  for (const r of rows) by.set(r.name, [...(by.get(r.name) ?? []), r]);
  return [...by.values()].map((rs) => rs.sort((a, b) => a.median - b.median)[rs.length >> 1]);
}
