// Runs inside the temp project newest.mjs installs (the packed packages beside the newest `ai` and
// `@langchain/core` from the registry): provokes the errors each surface throws against the edge
// emulator and checks them with `instanceof` against the frameworks' own classes. Prints one line
// per case and exits 1 if any fails.
import { createServer } from 'node:http';
import { InvalidArgumentError } from '@ai-sdk/provider';
import { ContextOverflowError, ModelAbortError } from '@langchain/core/errors';
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { startEdgeEmulator } from '@polargrid/edge-emulator';
import { ChatPolarGrid } from '@polargrid/langchain';
import {
  AISDKError,
  APICallError,
  generateText,
  LoadAPIKeyError,
  NoSuchModelError,
  streamText,
} from 'ai';

const emulator = await startEdgeEmulator({ timing: { ttftMs: 0, tokensPerSecond: 200 } });
// An edge whose every answer is the 400 a real edge sends for a prompt over the model's window
// (the emulator counts no context).
const overflowServer = createServer((_req, res) => {
  res.writeHead(400, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      error: {
        message: "This model's maximum context length is 262144 tokens.",
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
      },
    }),
  );
});
await new Promise((resolve) => overflowServer.listen(0, '127.0.0.1', resolve));
const overflowEdge = `http://127.0.0.1:${overflowServer.address().port}`;
const options = emulator.clientOptions();
const pg = createPolarGrid(options);
let failures = 0;

async function check(label, provoke, ...classes) {
  let error;
  try {
    await provoke();
  } catch (e) {
    error = e;
  }
  const misses = classes.filter((cls) => !(error instanceof cls)).map((cls) => cls.name);
  const ok = error !== undefined && misses.length === 0;
  if (!ok) failures++;
  const got = error === undefined ? 'no error' : `${error?.constructor?.name}: ${error?.message}`;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${label}: instanceof ${classes.map((c) => c.name).join(' & ')}` +
      (ok ? '' : ` (not ${misses.join(', ') || '…'}; got ${got.slice(0, 160)})`),
  );
}

/** The error part of a streamed call (streamText reports errors in the stream, not by throwing). */
async function streamError(result) {
  for await (const part of result.fullStream) if (part.type === 'error') throw part.error;
}

try {
  // AI SDK: what the provider throws (its own classes must be the ones `ai` exports).
  await check(
    'generateText, a model no edge serves (404)',
    () => generateText({ model: pg('no-such-model'), prompt: 'Hi', maxRetries: 0 }),
    APICallError,
    AISDKError,
  );
  await check(
    'streamText, a model no edge serves (404)',
    () =>
      streamError(
        streamText({ model: pg('no-such-model'), prompt: 'Hi', maxRetries: 0, onError: () => {} }),
      ),
    APICallError,
  );
  await check(
    'generateText, an edge answering 500 (emulator fault)',
    () =>
      generateText({
        model: pg('qwen-3.8-27b'),
        prompt: 'Hi',
        headers: { 'x-pg-emulator-fault': 'server-error' },
        maxRetries: 0,
      }),
    APICallError,
  );
  await check(
    'provider.imageModel (PolarGrid has none)',
    () => pg.imageModel('any'),
    NoSuchModelError,
  );
  await check(
    'no API key at all',
    () =>
      generateText({
        model: createPolarGrid({ ...options, apiKey: undefined })('qwen-3.8-27b'),
        prompt: 'Hi',
        maxRetries: 0,
      }),
    LoadAPIKeyError,
  );
  await check(
    'five stop sequences (refused before the network)',
    () =>
      generateText({
        model: pg('qwen-3.8-27b'),
        prompt: 'Hi',
        stopSequences: ['a', 'b', 'c', 'd', 'e'],
        maxRetries: 0,
      }),
    InvalidArgumentError,
    AISDKError,
  );

  // LangChain: the classes the integration builds must be the app's @langchain/core's.
  await check(
    'ChatPolarGrid, a prompt over the model window',
    () =>
      new ChatPolarGrid({ apiKey: options.apiKey, baseURL: overflowEdge, maxRetries: 0 }).invoke(
        'Hello',
      ),
    ContextOverflowError,
  );
  await check(
    'ChatPolarGrid.invoke aborted mid-answer (streaming callbacks)',
    async () => {
      const slow = new ChatPolarGrid({ ...options, maxRetries: 0 });
      const controller = new AbortController();
      let tokens = 0;
      await slow.invoke('Tell me a long story', {
        signal: controller.signal,
        callbacks: [
          {
            lc_prefer_streaming: true,
            handleLLMNewToken() {
              if (++tokens === 3) controller.abort();
            },
          },
        ],
      });
    },
    ModelAbortError,
  );
} finally {
  await emulator.close();
  overflowServer.close();
}
console.log(failures === 0 ? 'all cases passed' : `${failures} case(s) failed`);
process.exitCode = failures === 0 ? 0 : 1;
