/**
 * The CI soaks, each in its own Node process with --expose-gc (so heap is measured after
 * collection and vitest's own handles do not blur the leak check): 500 streams through the core
 * with 5% seeded faults, and 300 through the AI SDK provider and LangChain with 10%.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSection } from '../src/report/sections.ts';
import { activeResources, settledGrowth } from '../src/soak/leaks.ts';
import { checkEnd, type SoakReport } from '../src/soak/run-soak.ts';

const root = join(import.meta.dirname, '..');
const reports: { title: string; report: SoakReport }[] = [];

function runSoakCli(args: string[]): SoakReport {
  const run = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--experimental-strip-types',
      '--no-warnings',
      'src/soak/cli.ts',
      ...args,
      '--json',
    ],
    { cwd: root, encoding: 'utf8', timeout: 150_000 },
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('SOAK_REPORT '));
  expect(line, `exit ${run.status}\n${run.stdout}\n${run.stderr}`).toBeDefined();
  const report = JSON.parse(line!.slice('SOAK_REPORT '.length)) as SoakReport;
  expect(run.status, JSON.stringify(report.violations)).toBe(report.ok ? 0 : 1);
  return report;
}

function expectHealthy(report: SoakReport, streams: number): void {
  expect(report.violations).toEqual([]);
  expect(report.unhandled).toEqual([]);
  expect(report.leakedResources).toEqual([]);
  expect(report.heap.gc).toBe(true);
  expect(report.heap.growth).toBeLessThan(report.options.heapGrowthLimit);
  expect(report.completed).toBe(streams);
  // The faults really happened and produced each kind of end.
  expect(streams - (report.faults.none ?? 0)).toBeGreaterThan(10);
  expect(report.outcomes.interrupted).toBeGreaterThan(0);
  expect(report.outcomes.rejected).toBeGreaterThan(0);
  expect(report.outcomes['stream-error']).toBeGreaterThan(0);
  expect(report.ok).toBe(true);
}

const mb = (n: number | undefined) =>
  n === undefined ? '–' : `${(n / 1024 / 1024).toFixed(1)} MiB`;
/** Sorted by name: the counts are seeded, but their order is the order streams happened to end. */
const list = (r: Record<string, number>) =>
  Object.entries(r)
    .filter(([k]) => k !== 'none')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

afterAll(() => {
  const table = (title: string, report: SoakReport) => [
    `### ${title}`,
    '',
    `${report.options.streams} streams via ${report.options.surfaces.join(', ')}, concurrency ${report.options.concurrency}, ${Math.round(report.options.faultRate * 100)}% seeded faults (seed ${report.options.seed}).`,
    '',
    '| Check | Result |',
    '|---|---|',
    `| streams completed | ${report.completed} / ${report.options.streams} |`,
    `| outcomes | ${list(report.outcomes)} |`,
    `| faults dealt | ${list(report.faults)} |`,
    `| violations | ${report.violationCount === 0 ? 'none ✓' : `✗ ${report.violations.join('; ')}`} |`,
    `| unhandled rejections / exceptions | ${report.unhandled.length === 0 ? 'none ✓' : `✗ ${report.unhandled.join('; ')}`} |`,
    `| handles left open (getActiveResourcesInfo) | ${report.leakedResources.length === 0 ? 'none ✓' : `✗ ${report.leakedResources.join('; ')}`} |`,
    // The MiB themselves change on every run (they go to the test log): the doc says whether the
    // growth stayed under the limit, so a test run leaves the committed doc as it was.
    `| heap growth after GC, warm-up → end | ${report.heap.growth !== undefined && report.heap.growth < report.options.heapGrowthLimit ? `under +${mb(report.options.heapGrowthLimit)} ✓` : `${mb(report.heap.warmUp)} → ${mb(report.heap.end)}, over +${mb(report.options.heapGrowthLimit)} ✗`} |`,
    '',
  ];
  for (const { title, report } of reports)
    console.log(
      `[soak] ${title}: heap after GC ${mb(report.heap.warmUp)} → ${mb(report.heap.end)} (limit +${mb(report.options.heapGrowthLimit)})`,
    );
  writeSection(
    'soak',
    [
      '## Soak (CI size)',
      '',
      'Chat streams against the emulator on loopback, a seeded share of them faulted (some only on',
      'the first attempt, which a retry or failover must hide). Every stream is checked against what',
      'its fault must produce: exactly the reference text; a prefix and `interrupted`; a prefix and a',
      'typed error; a typed rejection. The full run is `pnpm --filter reliability soak` (10,000',
      'streams; see reliability/README.md).',
      '',
      ...reports.flatMap(({ title, report }) => table(title, report)),
    ].join('\n'),
  );
});

describe('soak', () => {
  it('500 streams through the core, 5% faults: every stream ends as its fault requires, no leaks, flat heap', () => {
    const report = runSoakCli(['--streams', '500', '--time-limit-s', '90']);
    reports.push({ title: 'Core', report });
    expectHealthy(report, 500);
  }, 150_000);

  it('300 streams through the AI SDK provider and LangChain, 10% faults: the same guarantees', () => {
    const report = runSoakCli([
      '--streams',
      '300',
      '--surfaces',
      'ai,langchain',
      '--fault-rate',
      '0.1',
      '--time-limit-s',
      '90',
    ]);
    reports.push({ title: 'Adapters', report });
    expectHealthy(report, 300);
    expect(report.bySurface).toEqual({ ai: 150, langchain: 150 });
  }, 150_000);

  it('the end checks catch lost, reordered or mistyped output', () => {
    const ref = 'alpha beta gamma';
    expect(checkEnd({ kind: 'complete', text: ref }, { outcome: 'complete' }, ref)).toBeUndefined();
    expect(
      checkEnd({ kind: 'complete', text: 'alpha gamma' }, { outcome: 'complete' }, ref),
    ).toMatch(/differs/);
    expect(
      checkEnd({ kind: 'interrupted', text: 'beta' }, { outcome: 'interrupted' }, ref),
    ).toMatch(/prefix/);
    expect(
      checkEnd(
        { kind: 'rejected', text: '', error: new Error('plain') },
        { outcome: 'rejected', errorName: 'RateLimitError', status: 429 },
        ref,
      ),
    ).toMatch(/expected RateLimitError/);
  });

  it('the leak check sees a handle left open', async () => {
    const before = activeResources();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    expect(await settledGrowth(before, 200)).not.toEqual([]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await settledGrowth(before, 2000)).toEqual([]);
  });
});
