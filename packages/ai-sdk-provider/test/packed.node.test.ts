/**
 * The provider as a user gets it, in Node and in Chromium: `@polargrid/core` and this package are
 * packed (`pnpm pack`, as `changeset publish` would), installed with `ai` and its peers from the
 * registry into an empty project outside the monorepo, and both AI SDK voice entry points,
 * `experimental_streamSpeech` and `experimental_streamTranscribe`, run against the edge emulator on
 * loopback (test/packed/voice-scenario.ts):
 * - Node runs the scenario from that project (`node node-entry.mjs`);
 * - for Chromium, esbuild (the project's own) bundles it for `platform: 'browser'`, which fails on
 *   any Node built-in, and a page on its own loopback origin runs it against the emulator
 *   (cross-origin: the emulator answers CORS).
 * Both report the same facts; `expectVoiceFacts` holds them to the same rules.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { OggOpusDecoder } from 'ogg-opus-decoder';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killChildren, runCommand } from '../../../scripts/ci/child-process.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/ci/chromium.js';
import { SENTENCES, type ScenarioOptions, type VoiceFacts } from './packed/voice-scenario.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const PROVIDER_DIR = here('..');
const CORE_DIR = here('../../core');
const SCENARIO_DIR = here('./packed');
const TEXT = SENTENCES.join(' ');

/** pnpm as this run was started (`pnpm test` sets npm_execpath), else the repo's pinned pnpm. */
async function pnpm(args: string[], cwd: string) {
  const execpath = process.env.npm_execpath;
  if (execpath?.includes('pnpm')) {
    return runCommand(process.execPath, [execpath, ...args], { cwd, timeoutMs: 60_000 });
  }
  const root = JSON.parse(await readFile(here('../../../package.json'), 'utf8'));
  return runCommand('npx', ['-y', root.packageManager as string, ...args], {
    cwd,
    timeoutMs: 120_000,
  });
}

/** Packs a workspace package into `dir` (pnpm turns `workspace:^` into a version); the tarball name. */
async function pack(packageDir: string, dir: string): Promise<string> {
  if (!existsSync(join(packageDir, 'dist/index.js'))) {
    throw new Error(`${packageDir} is not built: run the build first (pnpm test does).`);
  }
  const { stdout } = await pnpm(['pack', '--json', '--pack-destination', dir], packageDir);
  return (JSON.parse(stdout) as { filename: string }).filename;
}

let project = '';
let emulator: EdgeEmulator;
let pageServer: Server;
let pageOrigin = '';
let browser: Browser;
let page: Page;
let bundledInputs: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'polargrid-packed-voice-'));
  const [core, provider] = await Promise.all([
    pack(CORE_DIR, project),
    pack(PROVIDER_DIR, project),
  ]);
  const devDeps = JSON.parse(await readFile(join(PROVIDER_DIR, 'package.json'), 'utf8'))
    .devDependencies as Record<string, string>;
  const coreDevDeps = JSON.parse(await readFile(join(CORE_DIR, 'package.json'), 'utf8'))
    .devDependencies as Record<string, string>;
  const manifest = {
    name: 'packed-voice-app',
    private: true,
    type: 'module',
    dependencies: {
      '@polargrid/ai-sdk-provider': `file:./${provider.split('/').pop()}`,
      '@polargrid/core': `file:./${core.split('/').pop()}`,
      // The versions the repo itself uses.
      ai: devDeps.ai,
      zod: devDeps.zod,
      esbuild: coreDevDeps.esbuild,
    },
    // The provider asks for @polargrid/core ^0.1.0: the packed one, never the registry's.
    overrides: { '@polargrid/core': '$@polargrid/core' },
  };
  await writeFile(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // A user's npm (see child-process.ts for why the environment matters); bounded, so a registry
  // that does not answer fails this test with npm's own words instead of hanging the run.
  await runCommand(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--ignore-scripts',
      '--fetch-retries=1',
      '--fetch-timeout=30000',
    ],
    { cwd: project, timeoutMs: 150_000 },
  );
  for (const file of ['voice-scenario.ts', 'node-entry.mjs', 'page-entry.mjs']) {
    await copyFile(join(SCENARIO_DIR, file), join(project, file));
  }
  // The browser bundle, by the project's own esbuild: `platform: 'browser'` resolves the packages'
  // browser entries and fails on any `node:` import.
  await runCommand(
    join(project, 'node_modules/.bin/esbuild'),
    [
      'page-entry.mjs',
      '--bundle',
      '--platform=browser',
      '--format=esm',
      '--outfile=page.js',
      '--metafile=page.meta.json',
      '--log-level=error',
    ],
    { cwd: project, timeoutMs: 60_000 },
  );
  bundledInputs = Object.keys(
    (JSON.parse(await readFile(join(project, 'page.meta.json'), 'utf8')) as { inputs: object })
      .inputs,
  );

  // Realistic pacing: 150 ms to the first token and to the first speech byte, 40 tokens/s.
  emulator = await startEdgeEmulator({ timing: { ttftMs: 150, tokensPerSecond: 40 } });

  const html =
    '<!doctype html><title>packed voice</title><script type="module" src="/page.js"></script>';
  const bundle = await readFile(join(project, 'page.js'));
  pageServer = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;

  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  page = await browser.newPage();
  // Uncaught errors only: the console also logs the Opus request's expected 400.
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(pageOrigin);
  await page.waitForFunction(() => 'runVoiceScenario' in globalThis, undefined, {
    timeout: 20_000,
  });
}, 180_000);

afterAll(async () => {
  killChildren();
  await browser?.close().catch(() => {});
  pageServer?.closeAllConnections();
  await new Promise((resolve) => pageServer?.close(resolve));
  await emulator?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

const scenarioOptions = (browserPage: boolean): ScenarioOptions => ({
  apiKey: emulator.apiKey,
  autorouterURL: emulator.autorouterURL,
  edgeURLs: emulator.edgeURLs,
  ...(browserPage ? { dangerouslyAllowBrowser: true } : {}),
});

/** The facts both runtimes must show. */
function expectVoiceFacts(facts: VoiceFacts): void {
  const { speech, transcription, opus } = facts;
  // Speech: 24 kHz PCM in many parts, sentence after sentence, and it says the text in order (the
  // emulator's speech decodes back to its text, so any reordered or lost chunk would show).
  expect(speech.sentences).toBe(SENTENCES.length);
  expect(speech.parts.length).toBeGreaterThan(2 * SENTENCES.length);
  expect(new Set(speech.parts.map((p) => p.format))).toEqual(new Set(['audio/pcm;rate=24000']));
  const ids = speech.parts.map((p) => Number(p.id));
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  expect(new Set(ids)).toEqual(new Set([0, 1, 2]));
  expect(speech.heard).toBe(TEXT);
  // The first sentence is spoken while the rest of the text is still being written.
  expect(speech.parts[0]?.atMs).toBeLessThan(speech.textEndedAtMs);

  // Transcription: deltas while the audio is still coming in, one final part per spoken sentence,
  // and the text equals the whole recording's non-streamed transcript.
  expect(transcription.finals).toEqual([...SENTENCES]);
  expect(transcription.deltas.map((d) => d.delta).join('')).toBe(transcription.whole);
  expect(transcription.text).toBe(transcription.whole);
  expect(transcription.whole).toBe(TEXT);
  expect(transcription.deltas[0]?.atMs).toBeLessThan(transcription.audioEndedAtMs);

  // Opus: asked for as PolarGrid documents it, streamed as real Ogg Opus labelled audio/opus,
  // which the emulator's speech-to-text hears as the text it was asked to say.
  expect(opus.error).toBeNull();
  expect(opus.parts).toEqual(['audio audio/opus']);
  expect(opus.heard).toBe('Opus, please.');
}

/**
 * The Opus bytes decode with a decoder that shares no code with the emulator or the core
 * (wasm-audio-decoders' Ogg demuxer and libopus build): an Ogg Opus stream, no decode errors,
 * and exactly as long as the speech it carries.
 */
async function expectRealOpus(base64: string): Promise<void> {
  const bytes = Uint8Array.from(Buffer.from(base64, 'base64'));
  expect(Buffer.from(bytes.subarray(0, 4)).toString('latin1')).toBe('OggS');
  const decoder = new OggOpusDecoder();
  await decoder.ready;
  try {
    const decoded = await decoder.decodeFile(bytes);
    expect(decoded.errors).toEqual([]);
    expect(decoded.sampleRate).toBe(48_000);
    // "Opus, please." is 22,080 samples of the emulator's voice at 24 kHz (46 whole 20 ms
    // packets): 44,160 at 48 kHz, less the 312-sample pre-skip its OpusHead declares.
    expect(decoded.samplesDecoded).toBe(2 * 22_080 - 312);
    const peak = (decoded.channelData[0] ?? new Float32Array(0)).reduce(
      (m, s) => Math.max(m, Math.abs(s)),
      0,
    );
    expect(peak).toBeGreaterThan(0.2);
  } finally {
    decoder.free();
  }
}

/** The speech requests that asked for Opus: streamed, `response_format: 'opus'`. */
const opusRequests = (origin: string | undefined) =>
  emulator.requests.filter(
    (r) =>
      r.path === '/v1/audio/speech' &&
      r.headers.origin === origin &&
      (r.body as { response_format?: string } | undefined)?.response_format === 'opus',
  );

let nodeFacts: VoiceFacts | undefined;

describe('the packed provider with ai@7, against the emulator', { timeout: 60_000 }, () => {
  it('the browser bundle is built from the installed tarballs, not the workspace', () => {
    const fromTarball = (name: string) =>
      bundledInputs.filter((input) => input.startsWith(`node_modules/@polargrid/${name}/dist/`));
    expect(fromTarball('ai-sdk-provider').length).toBeGreaterThan(0);
    expect(fromTarball('core').length).toBeGreaterThan(0);
    expect(bundledInputs.filter((input) => input.includes('/src/'))).toEqual([]);
  });

  it('Node: experimental_streamSpeech and experimental_streamTranscribe', async () => {
    emulator.resetRequests();
    const { stdout } = await runCommand(
      process.execPath,
      ['node-entry.mjs', JSON.stringify(scenarioOptions(false))],
      { cwd: project, timeoutMs: 50_000 },
    );
    nodeFacts = JSON.parse(stdout) as VoiceFacts;
    expectVoiceFacts(nodeFacts);
    await expectRealOpus(nodeFacts.opus.base64);
    expect(opusRequests(undefined)).toHaveLength(1);
    expect(opusRequests(undefined)[0]?.body).toMatchObject({ stream: true });
  });

  it('Chromium: the same, from a page on another origin', async () => {
    emulator.resetRequests();
    const facts = await page.evaluate(
      (options) =>
        (
          globalThis as unknown as {
            runVoiceScenario(o: ScenarioOptions): Promise<VoiceFacts>;
          }
        ).runVoiceScenario(options),
      scenarioOptions(true),
    );
    expect(pageErrors).toEqual([]);
    expectVoiceFacts(facts);
    await expectRealOpus(facts.opus.base64);
    // Every request came from the page, cross-origin; the audio is byte for byte Node's.
    expect(emulator.requests.length).toBeGreaterThan(0);
    expect(emulator.requests.every((r) => r.headers.origin === pageOrigin)).toBe(true);
    expect(opusRequests(pageOrigin)).toHaveLength(1);
    if (nodeFacts) expect(facts.speech.sha256).toBe(nodeFacts.speech.sha256);
  });

  it('Chromium: without dangerouslyAllowBrowser the core refuses the key before any request', async () => {
    emulator.resetRequests();
    const refusal = await page.evaluate(
      (options) =>
        (
          globalThis as unknown as { keyRefusal(o: ScenarioOptions): Promise<string | null> }
        ).keyRefusal(options),
      scenarioOptions(false),
    );
    expect(refusal).toContain('Refusing to use a PolarGrid API key in a browser page');
    expect(emulator.requests).toEqual([]);
  });
});
