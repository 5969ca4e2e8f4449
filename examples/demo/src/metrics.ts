/** Time to first token and tokens per second of one generation, measured on the client. */
export interface GenerationMetrics {
  ttftMs: number | undefined;
  tokensPerSecond: number | undefined;
  tokens: number | undefined;
}

/** Measures a stream: call `token()` on every content delta, `finish(tokens)` at the end. */
export class StreamTimer {
  readonly #start = performance.now();
  #first: number | undefined;
  #last: number | undefined;

  token(): void {
    const now = performance.now();
    this.#first ??= now;
    this.#last = now;
  }

  /** `tokens`: the completion token count reported by the server (usage), if any. */
  finish(tokens: number | undefined): GenerationMetrics {
    const ttftMs = this.#first === undefined ? undefined : this.#first - this.#start;
    const span =
      this.#first !== undefined && this.#last !== undefined ? this.#last - this.#first : 0;
    const tokensPerSecond =
      tokens !== undefined && tokens > 1 && span > 0 ? ((tokens - 1) * 1000) / span : undefined;
    return { ttftMs, tokensPerSecond, tokens };
  }
}

export function formatMetrics(m: GenerationMetrics): string {
  const parts: string[] = [];
  parts.push(`TTFT ${m.ttftMs === undefined ? 'n/a' : `${Math.round(m.ttftMs)} ms`}`);
  parts.push(
    m.tokensPerSecond === undefined ? 'tokens/s n/a' : `${m.tokensPerSecond.toFixed(1)} tokens/s`,
  );
  if (m.tokens !== undefined) parts.push(`${m.tokens} tokens`);
  return parts.join(', ');
}
