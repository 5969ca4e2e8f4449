/**
 * The loopback site the browser voice test drives: a page that loads the built browser entry
 * (`dist/browser.js`, as a user's bundler would get it), the real server helpers on routes (as a
 * Next.js route handler would export them, here behind a small node:http adapter), and hostile
 * routes that stall, cut, or lie about their format.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { experimental_streamSpeech as streamSpeech } from 'ai';
import {
  createSpeechResponse,
  createTranscriptionRoute,
  type PolarGridProvider,
} from '../../src/index.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/** What a test can ask the hostile routes to do. */
export interface VoiceSite {
  url: string;
  /** Every body the server sent to the browser (the key must never be in one). */
  sentBodies: string[];
  close(): Promise<void>;
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>voice</title></head><body>
<script type="module">
import * as voice from '/dist/browser.js';
window.voice = voice;
window.voiceReady = true;
</script></body></html>`;

/** A Web `Request` for a node request (streamed body, like a route handler receives it). */
function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const controller = new AbortController();
  req.socket.once('close', () => controller.abort());
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

async function send(res: ServerResponse, response: Response, sent: string[]): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body === null) {
    res.end();
    return;
  }
  const decoder = new TextDecoder('latin1');
  let text = '';
  try {
    for await (const chunk of response.body) {
      text += decoder.decode(chunk, { stream: true });
      res.write(chunk);
    }
    res.end();
  } catch {
    // The body errored (a cut speech stream): cut the connection too, as a real server does.
    res.destroy();
  } finally {
    sent.push(text);
  }
}

function silence(ms: number): Uint8Array {
  return new Uint8Array(Math.round((ms / 1000) * 24_000) * 2);
}

export async function startVoiceSite(polargrid: PolarGridProvider): Promise<VoiceSite> {
  const sentBodies: string[] = [];
  const transcription = createTranscriptionRoute({
    model: polargrid.transcription('whisper-large-v3-turbo'),
    providerOptions: { polargrid: { language: 'en' } },
  });
  const stalls = new Set<ServerResponse>();
  const server: Server = createServer(async (req, res) => {
    const origin = `http://${req.headers.host}`;
    const url = new URL(req.url ?? '/', origin);
    try {
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      } else if (url.pathname.startsWith('/dist/')) {
        const name = url.pathname.slice('/dist/'.length);
        if (!/^[\w.-]+\.js$/.test(name)) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(DIST + name));
      } else if (url.pathname === '/api/speech') {
        const result = streamSpeech({
          model: polargrid.speech('kokoro-82m'),
          text: url.searchParams.get('text') ?? '',
          voice: 'af_bella',
          abortSignal: toRequest(req, origin).signal,
        });
        await send(res, createSpeechResponse(result.audioStream), sentBodies);
      } else if (url.pathname === '/api/transcribe') {
        const request = toRequest(req, origin);
        const handler = req.method === 'POST' ? transcription.POST : transcription.GET;
        await send(res, await handler(request), sentBodies);
      } else if (url.pathname === '/hostile/stall') {
        // Some audio, then nothing, ever (until the test ends).
        res.writeHead(200, { 'content-type': 'audio/pcm;rate=24000' });
        res.write(silence(200));
        stalls.add(res);
      } else if (url.pathname === '/hostile/cut') {
        res.writeHead(200, { 'content-type': 'audio/pcm;rate=24000' });
        res.write(silence(200));
        setTimeout(() => res.destroy(), 100);
      } else if (url.pathname === '/hostile/half-sample') {
        res.writeHead(200, { 'content-type': 'audio/pcm;rate=24000' });
        res.end(new Uint8Array(4801));
      } else if (url.pathname === '/hostile/rate') {
        res.writeHead(200, { 'content-type': `audio/pcm;rate=${url.searchParams.get('rate')}` });
        res.end(silence(100));
      } else if (url.pathname === '/hostile/transcribe-stall') {
        // A transcription route that opens the session, takes the audio, and never answers.
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          res.write('{"type":"ready"}\n');
          stalls.add(res);
        } else {
          req.resume();
          req.on('end', () => res.writeHead(204).end());
        }
      } else {
        res.writeHead(404).end();
      }
    } catch (error) {
      console.error('[voice-site]', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sentBodies,
    async close() {
      for (const res of stalls) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
