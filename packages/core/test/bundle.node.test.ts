import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const sdkEntry = fileURLToPath(new URL('../src/sdk.ts', import.meta.url));

/** A minified browser bundle of `contents`, as an app's bundler would build it. */
function minified(contents: string) {
  return build({
    stdin: { contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}

/** Loads a minified bundle of `contents` into this process. */
async function importMinified<T>(contents: string): Promise<T> {
  const code = (await minified(contents)).outputFiles[0]?.text ?? '';
  return (await import(
    `data:text/javascript;base64,${btoa(unescape(encodeURIComponent(code)))}`
  )) as T;
}

/** The source modules esbuild keeps when a browser app imports `names` from the core, and the gzip size. */
async function bundleOf(
  names: string,
  from = entry,
): Promise<{ modules: string[]; gzipBytes: number }> {
  const result = await minified(`export { ${names} } from ${JSON.stringify(from)};`);
  const output = Object.values(result.metafile.outputs)[0];
  const modules = Object.entries(output?.inputs ?? {})
    .filter(([, info]) => info.bytesInOutput > 0)
    .map(([path]) => path.replace(/^(.*\/)?src\//, ''));
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { modules, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

async function modulesFor(names: string, from = entry): Promise<string[]> {
  return (await bundleOf(names, from)).modules;
}

/**
 * Regression guard for a browser app streaming chat, min+gzip. Issue 12 set a 14 KiB ceiling;
 * the chat path measures 20.1 KiB here (20,565 B; 19.9 KiB from `dist` in the bench) and misses
 * it. Where the bytes went since the 10.7 KiB of the size-golfed core (esbuild, minified, per
 * module): the plain decoder on `eventsource-parser` (+3.4 KB min), issue 13's hardening (the body
 * reader with deadlines and caps, redaction of every key shape, header and JSON-value checks,
 * retired models and capability checks, redirect refusal: about +12 KB min) and issue 16's edge
 * memory and hedging (+6 KB min). Each is plain code that a chat request may run; none was golfed
 * back. Code the chat path carries but never runs (other endpoints, the catalogue, the live
 * catalogue, voice, the SDK surface) is not in the bundle (the next test keeps it so); what is
 * left of the kind is about 0.4 KB min of embeddings hints in the shared transport and error
 * mapping. The miss is reported in docs/benchmarks.md and asked about in the issue notes; this
 * guard is the measured size plus about 2 %, so growth shows up at once. Issue 21 raised it from
 * 20.5 KiB: hedging that saves answers (the hedge only to an unused edge, the failover avoiding
 * it, content deciding the race, the most informative outcome when no leg has content, a debug
 * line for every decision) and the bounded route cache (+0.9 KiB gzip); issue 22 the final
 * "nothing answered" error with what was tried and the catalogue output limit (+0.55 KiB).
 */
const CHAT_PATH_BUDGET = 22.2 * 1024;

describe('size budget', () => {
  it(`a chat-streaming browser bundle stays within ${CHAT_PATH_BUDGET} B min+gzip`, async () => {
    const { gzipBytes } = await bundleOf('PolarGridEdge, streamChatCompletion');
    expect(gzipBytes).toBeLessThanOrEqual(CHAT_PATH_BUDGET);
  });
});

describe('tree-shaking by endpoint', () => {
  it('a chat-streaming app carries no other endpoint, no SDK surface and no catalogue', async () => {
    const modules = await modulesFor('PolarGridEdge, streamChatCompletion');
    expect(modules).toContain('endpoints/chat.ts');
    expect(modules).toContain('stream/chunk-handler.ts');
    for (const absent of [
      'endpoints/transcription.ts',
      'endpoints/speech.ts',
      'endpoints/embeddings.ts',
      'endpoints/operator.ts',
      'stream/transcription-stream.ts',
      'sdk/polargrid.ts',
      'catalog/models.ts',
    ]) {
      expect(modules, absent).not.toContain(absent);
    }
  });

  it('PolarGrid (./sdk) still brings every endpoint (it is the all-methods shape)', async () => {
    const modules = await modulesFor('PolarGrid', sdkEntry);
    for (const present of ['endpoints/transcription.ts', 'endpoints/operator.ts'])
      expect(modules).toContain(present);
  });
});

describe('error names in a minified bundle', () => {
  it('every error class keeps its name when the bundler renames the class', async () => {
    const { errors } = await importMinified<{ errors: Record<string, unknown> }>(
      `export * as errors from ${JSON.stringify(entry.replace(/index\.ts$/, 'errors/index.ts'))};`,
    );
    const classes = Object.entries(errors).filter(
      ([name, value]) => typeof value === 'function' && /^[A-Z]\w*Error$/.test(name),
    ) as [string, new (init: { message: string }) => Error][];
    expect(classes.length).toBeGreaterThanOrEqual(14);
    for (const [name, ErrorClass] of classes) {
      const error = new ErrorClass({ message: 'x' });
      expect(error.name, name).toBe(name);
      expect(JSON.parse(JSON.stringify(error)).name, name).toBe(name);
    }
  });
});

describe('client names in a minified bundle', () => {
  it('inspect shows PolarGridEdge / PolarGrid, not the bundler’s short names', async () => {
    const mod = await importMinified<Record<string, new (options: object) => object>>(
      `export { PolarGridEdge } from ${JSON.stringify(entry)}; export { PolarGrid } from ${JSON.stringify(sdkEntry)};`,
    );
    const key = 'pg_minified_name_check_123';
    for (const name of ['PolarGridEdge', 'PolarGrid']) {
      const Client = mod[name];
      if (Client === undefined) throw new Error(`${name} missing from the bundle`);
      const client = new Client({ apiKey: key, baseURL: 'https://edge.example' });
      const shown = (client as Record<symbol, () => string>)[
        Symbol.for('nodejs.util.inspect.custom')
      ]?.();
      expect(shown).toMatch(new RegExp(`^${name} \\{`));
      expect(shown).not.toContain(key);
    }
  });
});
