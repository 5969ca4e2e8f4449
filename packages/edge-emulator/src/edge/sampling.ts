import type { Validator } from './validation.js';

/** Sampling parameters after server defaults (§4.1: 150 / 0.7 / 0.9). */
export interface Sampling {
  maxTokens: number;
  temperature: number;
  topP: number;
  stop: string[];
  /** Names of the parameters the server filled in because the request omitted them. */
  defaulted: string[];
}

export const SERVER_DEFAULTS = { max_tokens: 150, temperature: 0.7, top_p: 0.9 } as const;

/** Validates and applies defaults; returns a string error for `stop` (FastAPI string detail). */
export function readSampling(v: Validator): Sampling | { detail: string } | undefined {
  const defaulted: string[] = [];
  const maxTokens = v.number('max_tokens', 1, 4096, true);
  const temperature = v.number('temperature', 0, 2);
  const topP = v.number('top_p', 0, 1);
  v.number('frequency_penalty', -2, 2);
  v.number('presence_penalty', -2, 2);
  v.number('top_k', -1, 1_000_000, true);
  const rawStop = v.body.stop;
  let stop: string[] = [];
  if (typeof rawStop === 'string') stop = [rawStop];
  else if (Array.isArray(rawStop)) {
    if (rawStop.length > 4) return { detail: 'stop: at most 4 stop sequences are allowed' };
    if (!rawStop.every((s) => typeof s === 'string')) {
      return { detail: 'stop: every stop sequence must be a string' };
    }
    stop = rawStop as string[];
  } else if (rawStop !== undefined && rawStop !== null) {
    return { detail: 'stop must be a string or an array of at most 4 strings' };
  }
  if (!v.ok) return undefined;
  if (v.body.max_tokens == null) defaulted.push('max_tokens');
  if (v.body.temperature == null) defaulted.push('temperature');
  if (v.body.top_p == null) defaulted.push('top_p');
  return {
    maxTokens: maxTokens ?? SERVER_DEFAULTS.max_tokens,
    temperature: temperature ?? SERVER_DEFAULTS.temperature,
    topP: topP ?? SERVER_DEFAULTS.top_p,
    stop,
    defaulted,
  };
}

/** Headers that expose what was applied, so tests can detect a parameter the client dropped (D5). */
export function samplingHeaders(s: Sampling): Record<string, string> {
  return {
    'x-pg-emulator-applied': `max_tokens=${s.maxTokens};temperature=${s.temperature};top_p=${s.topP}`,
    'x-pg-emulator-defaulted': s.defaulted.join(',') || 'none',
  };
}
