import type { ChatStreamEvent } from '../events.js';

const encoder = new TextEncoder();

/** A body that yields the given pieces (strings are UTF-8 encoded), then ends or fails. */
export function bodyOf(
  pieces: ReadonlyArray<string | Uint8Array>,
  end: { error?: unknown; hang?: boolean } = {},
): ReadableStream<Uint8Array> & { cancelled: Promise<unknown> } {
  let i = 0;
  let onCancel: (reason: unknown) => void = () => {};
  const cancelled = new Promise<unknown>((resolve) => {
    onCancel = resolve;
  });
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < pieces.length) {
        const piece = pieces[i++] as string | Uint8Array;
        controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
        return;
      }
      if (end.error !== undefined) controller.error(end.error);
      else if (end.hang === true) return new Promise<void>(() => {});
      else controller.close();
    },
    cancel(reason) {
      onCancel(reason);
    },
  });
  return Object.assign(stream, { cancelled });
}

/** SSE text of `data:` events for each payload (objects are JSON-encoded). */
export function sse(...payloads: Array<unknown>): string {
  return payloads.map((p) => `data: ${typeof p === 'string' ? p : JSON.stringify(p)}\n\n`).join('');
}

/** A chat chunk with a delta and optional finish reason. */
export function chunk(delta: Record<string, unknown>, finish: string | null = null): unknown {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'qwen-3.5-9b',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

export async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

export function textOf(events: ChatStreamEvent[]): string {
  return events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
}

export function reasoningOf(events: ChatStreamEvent[]): string {
  return events.map((e) => (e.type === 'reasoning-delta' ? e.text : '')).join('');
}

export function last<T>(items: T[]): T {
  return items[items.length - 1] as T;
}
