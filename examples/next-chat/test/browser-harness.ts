/**
 * The browser test's harness: the PolarGrid edge emulator in this process, the production build of
 * the app (`next build` when `.next` has none, then `next start`) pointed at it, and Debian's
 * chromium driven by playwright-core.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { type EmulatorProxy, startEmulatorProxy } from './recording-proxy.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/ci/chromium.ts';
import { startRealtimeRelay } from '../scripts/realtime-relay.mjs';
import { appDir, ensureBuilt, startNextServer } from '../scripts/serve.mjs';

export { CHROMIUM_PATH };
export const RESULTS_DIR = join(appDir as string, 'test-results');

interface NextServer {
  url: string;
  logs: string[];
  close(): Promise<void>;
}

export interface Harness {
  emulator: EdgeEmulator;
  /** Sits between the Next server and the emulator; records callers hanging up mid-response. */
  proxy: EmulatorProxy;
  server: NextServer;
  context: BrowserContext;
  page: Page;
  /** Every response body the browser received, for the "key never reaches the browser" check. */
  browserBodies: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra Chromium flags (e.g. a fake microphone). */
  chromiumArgs?: readonly string[];
  /** Permissions granted to the page (e.g. `microphone`). */
  permissions?: string[];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  await ensureBuilt({ stdio: 'inherit' });
  await mkdir(RESULTS_DIR, { recursive: true });
  // Real-ish pacing so streaming is observable: 150 ms to the first token, then 40 tokens/s.
  const emulator = await startEdgeEmulator({ timing: { ttftMs: 150, tokensPerSecond: 40 } });
  const proxy = await startEmulatorProxy(emulator);
  // The realtime page's relay (a WebSocket server beside Next), holding the emulator's key.
  const relay = await startRealtimeRelay({
    env: {
      POLARGRID_API_KEY: emulator.apiKey,
      POLARGRID_PERSONAPLEX_URL: emulator.edgeURLs['yto-01'],
    },
  });
  const server = (await startNextServer({
    env: { ...proxy.env, POLARGRID_REALTIME_RELAY_URL: relay.url },
  })) as NextServer;
  const userDataDir = await mkdtemp(join(tmpdir(), 'next-chat-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.chromiumArgs ?? [])],
    permissions: options.permissions ?? [],
    viewport: { width: 1000, height: 760 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const browserBodies: string[] = [];
  page.on('response', (res) => {
    res
      .text()
      .then((body) => browserBodies.push(body))
      .catch(() => {
        // streamed or redirected bodies can be unavailable; the chat stream is read by the page
      });
  });
  return {
    emulator,
    proxy,
    server,
    context,
    page,
    browserBodies,
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
      await server.close();
      await relay.close();
      await proxy.close();
      await emulator.close();
    },
  };
}
