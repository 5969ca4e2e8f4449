/**
 * The shape of the hostile-edge suite: each rule of issue 13 holds cases; each case is one
 * misbehaving server, checked on every surface the rule applies to (one row per case × surface).
 */
import type { CellResult } from './checks.ts';

export interface HostileCase {
  /** Stable id for known-issue gating, e.g. `1a`. */
  id: string;
  /** What the edge does wrong. */
  edge: string;
  /** The outcome the rule demands, as written in the doc. */
  expected: string;
  surfaces: readonly string[];
  /** Runs one cell: starts its own servers, drives the surface, closes the servers. */
  run(surface: string): Promise<CellResult>;
  /** The cells capture process-wide output (console, warnings): run them one at a time. */
  sequential?: boolean;
}

export interface HostileRule {
  n: number;
  title: string;
  cases: HostileCase[];
}

/** Deadlines every hostile cell configures: short, so a hang shows in well under a second. */
export const TIMEOUT_MS = 500;
export const IDLE_MS = 300;
/** A call still running after this is reported as hung and aborted. */
export const CELL_LIMIT_MS = 4000;
/** "Within the deadlines": the configured timeouts plus generous slack for a loaded 2-core CI. */
export const PROMPT_END_MS = 2500;
