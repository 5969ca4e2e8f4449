import type { EdgeEmulator } from '../src/index.js';

export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** Splits an SSE body into events (enough for asserting what the emulator wrote). */
export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      return { event, data: data.join('\n') };
    });
}

/** The JSON chunks of a chat stream (skipping [DONE], pg_metadata and non-JSON lines). */
export function chunksOf(events: SseEvent[]): Record<string, unknown>[] {
  return events.flatMap((e) => {
    if (e.event !== undefined || e.data === '[DONE]') return [];
    try {
      const parsed = JSON.parse(e.data) as Record<string, unknown>;
      return parsed.object === 'pg_metadata' ? [] : [parsed];
    } catch {
      return [];
    }
  });
}

export type ChatChunk = {
  choices: { delta: Record<string, unknown>; finish_reason: string | null }[];
  usage?: Record<string, number>;
};

export function contentOf(chunks: Record<string, unknown>[]): string {
  return (chunks as ChatChunk[])
    .map((c) => (c.choices[0]?.delta?.content as string | undefined) ?? '')
    .join('');
}

export function client(emulator: EdgeEmulator, region = 'yto-01') {
  const base = emulator.edgeURLs[region] as string;
  const auth = { authorization: `Bearer ${emulator.apiKey}` };
  return {
    base,
    post(path: string, body: unknown, headers: Record<string, string> = {}) {
      return fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth, ...headers },
        body: JSON.stringify(body),
      });
    },
    get(path: string, headers: Record<string, string> = {}) {
      return fetch(base + path, { headers: { ...auth, ...headers } });
    },
    chat(body: Record<string, unknown>, headers: Record<string, string> = {}) {
      return this.post('/v1/chat/completions', { model: 'qwen-3.8-27b', ...body }, headers);
    },
  };
}

export const user = (content: string) => [{ role: 'user', content }];
