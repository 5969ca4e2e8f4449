import type { Tally } from '../tally.ts';

/** Where a runner sends its requests. `baseURL` ends in `/v1`. */
export interface RunnerConfig {
  baseURL: string;
  apiKey: string;
  model: string;
}

/** Reads one chat stream to the end, reporting into `tally`; throws on any error. */
export type ChatStreamer = (tally: Tally) => Promise<void>;

/** Every chat runner module exports `createStreamer`: builds its client once per process. */
export type CreateStreamer = (config: RunnerConfig) => ChatStreamer | Promise<ChatStreamer>;

/** The request body every hand-written runner sends (what the SDKs send, near enough). */
export function chatBody(model: string): string {
  return JSON.stringify({
    model,
    messages: [{ role: 'user', content: 'Say something long.' }],
    stream: true,
    stream_options: { include_usage: true },
  });
}
