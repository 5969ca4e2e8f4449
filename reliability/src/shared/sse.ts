/** Builders for OpenAI-compatible chat stream bytes, as a PolarGrid edge sends them. */
const encoder = new TextEncoder();

export function chunkEvent(delta: Record<string, unknown>, finish: string | null = null): string {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-fuzz',
    object: 'chat.completion.chunk',
    created: 1764000000,
    model: 'qwen-3.8-27b',
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;
}

/** A complete, valid stream whose content deltas are `texts`. */
export function validStream(texts: readonly string[], finish = 'stop'): string {
  return (
    chunkEvent({ role: 'assistant', content: '' }) +
    texts.map((t) => chunkEvent({ content: t })).join('') +
    chunkEvent({}, finish) +
    'data: [DONE]\n\n'
  );
}

export const utf8 = (s: string): Uint8Array => encoder.encode(s);

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
