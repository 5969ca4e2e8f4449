import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from '../faults/fault-kinds.js';
import type { EmulatorState } from '../state.js';
import type { Pacing } from './stream-player.js';

/** The edge a request arrived at. */
export interface EdgeInfo {
  region: string;
  name: string;
  models: string[];
}

/** Everything a handler needs about one request. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  edge: EdgeInfo;
  state: EmulatorState;
  url: URL;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  requestId: string;
  /** A fault to apply inside the response (stream faults), if any. */
  fault: Fault | undefined;
  pacing: Pacing;
  startedAt: number;
}

export function newId(prefix: string, bytes = 12): string {
  return `${prefix}${randomBytes(bytes).toString('hex')}`;
}

export function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Pacing from the emulator timing, overridden by `x-pg-emulator-timing: ttft=…;tps=…;tts=…`. */
export function pacingFor(state: EmulatorState, headers: Record<string, string>): Pacing {
  const pacing = { ...state.timing };
  const header = headers['x-pg-emulator-timing'];
  if (header) {
    for (const part of header.split(';')) {
      const [key, value] = part.split('=').map((s) => s.trim());
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) continue;
      if (key === 'ttft' || key === 'ttftMs') pacing.ttftMs = n;
      if (key === 'tps' || key === 'tokensPerSecond') pacing.tokensPerSecond = n;
      if (key === 'tts' || key === 'speechFirstByteMs') pacing.speechFirstByteMs = n;
    }
  }
  return pacing;
}
