/** The budgets (issue 12, "core rewritten to be read", and issue 16), judged against one run's results. */
import type { BundleRow, Cell, TargetRow } from './results.ts';
import { voiceTargets } from './voice-targets.ts';

function entry(cells: Cell[], cellId: string, id: string) {
  const e = cells.find((c) => c.id === cellId)?.entries.find((x) => x.id === id);
  return e && e.status === 'ok' ? e : undefined;
}

function cpu(cells: Cell[], cellId: string, id: string): number | undefined {
  return entry(cells, cellId, id)?.metrics.cpuPerChunkUs?.median;
}

const fmt = (x: number) => `${x.toFixed(2)}×`;

function ratioRow(
  cells: Cell[],
  name: string,
  ours: string,
  base: string,
  limit: number,
  baseLabel: string,
): TargetRow {
  const a = cpu(cells, 'bulk', ours);
  const b = cpu(cells, 'bulk', base);
  if (a === undefined || b === undefined) {
    const missing = a === undefined ? ours : base;
    const why = cells.find((c) => c.id === 'bulk')?.entries.find((x) => x.id === missing);
    return {
      name,
      target: `≤ ${limit}× ${baseLabel}`,
      actual: '—',
      status: 'not measured',
      note: why ? `${missing}: ${why.status}${why.reason ? ` (${why.reason})` : ''}` : undefined,
    };
  }
  const others = ['paced', 'concurrent']
    .map((cellId) => {
      const x = cpu(cells, cellId, ours);
      const y = cpu(cells, cellId, base);
      return x !== undefined && y !== undefined ? `${cellId} ${fmt(x / y)}` : undefined;
    })
    .filter(Boolean)
    .join(', ');
  return {
    name,
    target: `≤ ${limit}× ${baseLabel} (bulk CPU/chunk)`,
    actual: fmt(a / b),
    status: a / b <= limit ? 'met' : 'missed',
    note: others ? `same ratio in other cells: ${others}` : undefined,
  };
}

export function judgeTargets(cells: Cell[], bundles: BundleRow[]): TargetRow[] {
  const rows: TargetRow[] = [
    ratioRow(cells, 'core streaming', 'ours-core', 'floor', 1.3, 'floor'),
    ratioRow(cells, 'AI SDK provider doStream', 'ours-provider-dostream', 'floor', 1.5, 'floor'),
    ratioRow(
      cells,
      'streamText over our provider',
      'ours-provider-streamtext',
      'anchor-streamtext',
      1.1,
      'streamText + zero-validation model',
    ),
    ratioRow(
      cells,
      'ChatPolarGrid.stream',
      'ours-langchain',
      'anchor-basechat',
      1.1,
      'minimal BaseChatModel',
    ),
  ];
  rows.push(...perRequestTargets(cells));
  const imp = entry(cells, 'import', 'core')?.metrics.importMs;
  rows.push(
    imp
      ? {
          name: 'core import time',
          target: '≤ 15 ms (median, fresh process)',
          actual: `${imp.median.toFixed(2)} ms`,
          status: imp.median <= 15 ? 'met' : 'missed',
        }
      : { name: 'core import time', target: '≤ 15 ms', actual: '—', status: 'not measured' },
  );
  const whole = bundles.find((b) => b.id === 'core');
  const bundle = bundles.find((b) => b.id === 'core-stream');
  const sdk = bundles.find((b) => b.id === 'core-sdk');
  const kib = (row: BundleRow | undefined) =>
    row && row.status === 'ok' ? `${(row.gzipBytes / 1024).toFixed(1)} KiB` : '—';
  rows.push(
    bundle && bundle.status === 'ok'
      ? {
          name: 'core browser bundle',
          target: '≤ 14 KiB min+gzip (a browser app streaming chat)',
          actual: `${(bundle.gzipBytes / 1024).toFixed(1)} KiB`,
          status: bundle.gzipBytes <= 14 * 1024 ? 'met' : 'missed',
          note: `PolarGrid from ./sdk (every endpoint): ${kib(sdk)}; whole entry: ${kib(whole)}`,
        }
      : { name: 'core browser bundle', target: '≤ 14 KiB', actual: '—', status: 'not measured' },
  );
  const ar = entry(cells, 'autorouter', 'ours')?.metrics.lookups;
  rows.push(
    ar
      ? {
          name: 'autorouter single-flight',
          target: '1,000 concurrent first requests → 1 lookup',
          actual: ar.min === ar.max ? `${ar.max} lookup(s)` : `${ar.min}–${ar.max} lookups`,
          status: ar.max === 1 ? 'met' : 'missed',
        }
      : {
          name: 'autorouter single-flight',
          target: '1 lookup',
          actual: '—',
          status: 'not measured',
          note: cells.find((c) => c.id === 'autorouter')?.entries.find((e) => e.id === 'ours')
            ?.reason,
        },
  );
  rows.push(...tailTargets(cells));
  rows.push(...voiceTargets(cells));
  return rows;
}

/**
 * Per-request overhead: back-to-back time to first token through the core within 1.2× the
 * floor, and a cold start through the provider no slower than through openai-compatible.
 */
function perRequestTargets(cells: Cell[]): TargetRow[] {
  const b2b = (id: string) => entry(cells, 'ttft', id)?.metrics.backToBackMs?.median;
  const cold = (id: string) => entry(cells, 'cold', id)?.metrics.coldMs?.median;
  const rows: TargetRow[] = [];
  const ours = b2b('ours-core');
  const floor = b2b('floor');
  rows.push(
    ours !== undefined && floor !== undefined
      ? {
          name: 'core time to first token (back-to-back)',
          target: '≤ 1.2× floor',
          actual: `${fmt(ours / floor)} (${ours.toFixed(2)} vs ${floor.toFixed(2)} ms)`,
          status: ours / floor <= 1.2 ? 'met' : 'missed',
        }
      : {
          name: 'core time to first token (back-to-back)',
          target: '≤ 1.2× floor',
          actual: '—',
          status: 'not measured',
        },
  );
  const provider = cold('ours-provider-streamtext');
  const peer = cold('aisdk-compat-streamtext');
  rows.push(
    provider !== undefined && peer !== undefined
      ? {
          name: 'provider cold start (spawn → first token)',
          target: '≤ @ai-sdk/openai-compatible',
          actual: `${provider.toFixed(1)} vs ${peer.toFixed(1)} ms`,
          status: provider <= peer ? 'met' : 'missed',
        }
      : {
          name: 'provider cold start (spawn → first token)',
          target: '≤ openai-compatible',
          actual: '—',
          status: 'not measured',
        },
  );
  return rows;
}

/** Issue 16: hedged p99 within 1.3× the all-healthy p99, with at most 5 % extra requests. */
function tailTargets(cells: Cell[]): TargetRow[] {
  const healthy = entry(cells, 'tail', 'healthy')?.metrics;
  const hedged = entry(cells, 'tail', 'slow-hedged')?.metrics;
  const slow = entry(cells, 'tail', 'slow')?.metrics;
  if (!healthy?.p99 || !hedged?.p99 || !hedged.extraPercent) {
    return [
      {
        name: 'hedged tail latency',
        target: '≤ 1.3× healthy p99',
        actual: '—',
        status: 'not measured',
      },
    ];
  }
  const ratio = hedged.p99.median / healthy.p99.median;
  return [
    {
      name: 'hedged tail latency',
      target: 'p99 first token ≤ 1.3× the all-healthy p99, one edge slow',
      actual: `${fmt(ratio)} (${hedged.p99.median.toFixed(0)} vs ${healthy.p99.median.toFixed(0)} ms)`,
      status: ratio <= 1.3 ? 'met' : 'missed',
      note: slow?.p99 ? `without hedging: ${fmt(slow.p99.median / healthy.p99.median)}` : undefined,
    },
    {
      name: 'hedge budget',
      target: '≤ 5 % extra requests',
      actual: `${hedged.extraPercent.median.toFixed(2)} %`,
      status: hedged.extraPercent.median <= 5 ? 'met' : 'missed',
    },
  ];
}
