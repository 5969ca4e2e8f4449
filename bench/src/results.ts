/** The shape of `bench/results/latest.json` (and what the report is written from). */
import type { ContenderKind } from './contenders.ts';
import type { Spread } from './stats.ts';

export type Status = 'ok' | 'failed' | 'unavailable';

/** One contender in one cell: per-metric spread over repetitions, and ratios to the floor. */
export interface Entry {
  id: string;
  label: string;
  kind: ContenderKind;
  status: Status;
  reason?: string;
  /** Raw per-repetition values, by metric. */
  samples: Record<string, number[]>;
  metrics: Record<string, Spread>;
  /** median / the floor's median from the same run, by metric. */
  ratios: Record<string, number>;
}

export interface Cell {
  id: string;
  title: string;
  what: string;
  /** Metric keys in display order, with units. */
  metrics: { key: string; label: string; unit: string; digits: number }[];
  /** The entry every ratio is against (absent when the cell has no floor). */
  floorId?: string;
  entries: Entry[];
}

export interface BundleRow {
  id: string;
  label: string;
  kind: ContenderKind;
  entry: string;
  minBytes: number;
  gzipBytes: number;
  topInputs?: { path: string; bytes: number }[];
  status: Status;
  reason?: string;
}

export interface TargetRow {
  name: string;
  target: string;
  actual: string;
  status: 'met' | 'missed' | 'not measured';
  note?: string;
}

export interface ProfileRow {
  id: string;
  label: string;
  file: string;
  totalMs: number;
  topFunctions: { name: string; where: string; selfMs: number; percent: number }[];
  byPackage: { name: string; selfMs: number; percent: number }[];
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started and when it ended (other work on the box). */
  loadAverage: { start: number; end: number };
}

export interface Results {
  generatedAt: string;
  mode: 'full' | 'quick';
  durationS: number;
  machine: Machine;
  versions: Record<string, string>;
  config: unknown;
  cells: Cell[];
  bundles: BundleRow[];
  targets: TargetRow[];
  profiles: ProfileRow[];
}
