/**
 * Runs every contender of a cell `reps` times, one fresh process per run, rotating the order
 * each repetition so drift (thermal, background load) spreads over everyone.
 */
import type { Job } from '../child/protocol.ts';
import type { ContenderKind } from '../contenders.ts';
import type { Cell, Entry } from '../results.ts';
import { type ChildOutcome, runChild } from '../spawn.ts';
import { spread } from '../stats.ts';

export interface CellContender {
  id: string;
  label: string;
  kind: ContenderKind;
}

export interface CellSpec<R> {
  id: string;
  title: string;
  what: string;
  metrics: Cell['metrics'];
  floorId?: string;
  contenders: CellContender[];
  reps: number;
  timeoutMs?: number;
  job: (contender: CellContender) => Job;
  /** Metric values of one successful run. */
  extract: (result: R, outcome: ChildOutcome<R> & { status: 'ok' }) => Record<string, number>;
  /** Called before each run (e.g. to reset server counters). */
  before?: (contender: CellContender) => void | Promise<void>;
  /** Extra metrics from the parent side, after each run. */
  after?: (contender: CellContender) => Record<string, number>;
  log?: (line: string) => void;
}

const RETRY_UNAVAILABLE_MS = 15_000;

export function rotate<T>(items: T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export async function runCell<R>(spec: CellSpec<R>): Promise<Cell> {
  const entries = new Map<string, Entry>();
  for (const c of spec.contenders) {
    entries.set(c.id, {
      id: c.id,
      label: c.label,
      kind: c.kind,
      status: 'ok',
      samples: {},
      metrics: {},
      ratios: {},
    });
  }
  for (let rep = 0; rep < spec.reps; rep++) {
    for (const c of rotate(spec.contenders, rep)) {
      const entry = entries.get(c.id)!;
      if (entry.status !== 'ok') continue;
      await spec.before?.(c);
      let outcome = await runChild<R>(spec.job(c), { timeoutMs: spec.timeoutMs });
      for (let retry = 0; retry < 2 && outcome.status === 'unavailable'; retry++) {
        // Other work may be rebuilding a workspace package (its dist/ briefly missing): retry
        // before calling the contender unavailable.
        spec.log?.(
          `  ${spec.id} ${c.id}: unavailable, retrying in ${RETRY_UNAVAILABLE_MS / 1000} s`,
        );
        await new Promise((resolve) => setTimeout(resolve, RETRY_UNAVAILABLE_MS));
        outcome = await runChild<R>(spec.job(c), { timeoutMs: spec.timeoutMs });
      }
      if (outcome.status !== 'ok') {
        entry.status = outcome.status;
        entry.reason = outcome.reason;
        spec.log?.(`  ${spec.id} ${c.id}: ${outcome.status} — ${outcome.reason}`);
        continue;
      }
      const values = { ...spec.extract(outcome.result, outcome), ...spec.after?.(c) };
      for (const [key, value] of Object.entries(values)) {
        const list = entry.samples[key] ?? [];
        list.push(value);
        entry.samples[key] = list;
      }
    }
    spec.log?.(`  ${spec.id}: repetition ${rep + 1}/${spec.reps} done`);
  }
  const floor = spec.floorId ? entries.get(spec.floorId) : undefined;
  for (const entry of entries.values()) {
    for (const [key, values] of Object.entries(entry.samples)) {
      entry.metrics[key] = spread(values);
    }
  }
  for (const entry of entries.values()) {
    if (floor?.status !== 'ok' || entry.status !== 'ok') continue;
    for (const [key, s] of Object.entries(entry.metrics)) {
      const base = floor.metrics[key]?.median;
      if (base && Number.isFinite(base) && base > 0) entry.ratios[key] = s.median / base;
    }
  }
  return {
    id: spec.id,
    title: spec.title,
    what: spec.what,
    metrics: spec.metrics,
    floorId: spec.floorId,
    entries: [...entries.values()],
  };
}
