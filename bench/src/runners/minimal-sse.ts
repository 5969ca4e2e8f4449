/**
 * The floor: the least work that still reads an OpenAI chat stream correctly. Splits decoded
 * text into lines, takes `data:` lines, parses each JSON payload once. No event names, no
 * retry fields, no multi-line data: a real client needs those; the floor shows what they cost.
 */
import type { Tally } from '../tally.ts';

interface WireChunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
}

export class MinimalSSE {
  private buffer = '';
  private readonly onData: (data: string) => void;

  constructor(onData: (data: string) => void) {
    this.onData = onData;
  }

  push(text: string): void {
    const buf = this.buffer + text;
    let start = 0;
    let nl = buf.indexOf('\n', start);
    while (nl !== -1) {
      const end = nl > start && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (buf.startsWith('data:', start)) {
        const from = buf.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
        this.onData(buf.slice(from, end));
      }
      start = nl + 1;
      nl = buf.indexOf('\n', start);
    }
    this.buffer = start === 0 ? buf : buf.slice(start);
  }
}

/** Applies one `data:` payload to the tally; returns false at `[DONE]`. */
export function applyChunk(data: string, tally: Tally): boolean {
  if (data === '[DONE]') return false;
  const chunk = JSON.parse(data) as WireChunk;
  const choice = chunk.choices?.[0];
  if (choice) {
    const content = choice.delta?.content;
    if (content) tally.text(content);
    if (choice.finish_reason) tally.finish(choice.finish_reason);
  }
  if (chunk.usage) {
    tally.usage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens, chunk.usage.total_tokens);
  }
  return true;
}

/** POSTs the chat request and returns the streamed body, or throws on a non-2xx answer. */
export async function postChat(
  url: string,
  apiKey: string,
  body: string,
): Promise<ReadableStream<Uint8Array>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body,
  });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status} from ${url}`);
  return res.body;
}
