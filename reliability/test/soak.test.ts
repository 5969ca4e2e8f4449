/**
 * The CI soak: 500 streams with 5% seeded faults, run in its own Node process with --expose-gc
 * (so heap is measured after collection and vitest's own handles do not blur the leak check).
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSection } from '../src/report/sections.ts';
import { activeResources, settledGrowth } from '../src/soak/leaks.ts';
import { checkEnd, type SoakReport } from '../src/soak/run-soak.ts';

const root = join(import.meta.dirname, '..');

describe('soak', () => {
  it('500 streams, 5% faults: every stream ends as its fault requires, no leaks, flat heap', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '--experimental-strip-types',
        '--no-warnings',
        'src/soak/cli.ts',
        '--streams',
        '500',
        '--time-limit-s',
        '90',
        '--json',
      ],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    const line = run.stdout.split('\n').find((l) => l.startsWith('SOAK_REPORT '));
    expect(line, `exit ${run.status}\n${run.stdout}\n${run.stderr}`).toBeDefined();
    const report = JSON.parse(line!.slice('SOAK_REPORT '.length)) as SoakReport;
    const mb = (n: number | undefined) =>
      n === undefined ? '–' : `${(n / 1024 / 1024).toFixed(1)} MiB`;
    writeSection(
      'soak',
      [
        '## Soak (CI size)',
        '',
        `${report.options.streams} chat streams through \`EdgeClient\` against the emulator on loopback,`,
        `concurrency ${report.options.concurrency}, ${report.options.faultRate * 100}% seeded faults (seed ${report.options.seed}).`,
        'Every stream is checked against what its fault must produce (full reference text; a prefix and',
        '`interrupted`; a prefix and a typed error; a typed rejection). The full run is',
        '`pnpm --filter reliability soak` (10,000 streams; see reliability/README.md).',
        '',
        '| Check | Result |',
        '|---|---|',
        `| streams completed | ${report.completed} / ${report.options.streams} |`,
        `| outcomes | ${Object.entries(report.outcomes)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} |`,
        `| faults dealt | ${Object.entries(report.faults)
          .filter(([k]) => k !== 'none')
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} |`,
        `| violations | ${report.violationCount === 0 ? 'none ✓' : `✗ ${report.violations.join('; ')}`} |`,
        `| unhandled rejections / exceptions | ${report.unhandled.length === 0 ? 'none ✓' : `✗ ${report.unhandled.join('; ')}`} |`,
        `| handles left open (getActiveResourcesInfo) | ${report.leakedResources.length === 0 ? 'none ✓' : `✗ ${report.leakedResources.join('; ')}`} |`,
        `| heap after GC, warm-up → end | ${mb(report.heap.warmUp)} → ${mb(report.heap.end)} (limit +${mb(report.options.heapGrowthLimit)}) ${report.heap.growth !== undefined && report.heap.growth < report.options.heapGrowthLimit ? '✓' : '✗'} |`,
        '',
      ].join('\n'),
    );
    expect(report.violations).toEqual([]);
    expect(report.unhandled).toEqual([]);
    expect(report.leakedResources).toEqual([]);
    expect(report.heap.gc).toBe(true);
    expect(report.heap.growth).toBeLessThan(report.options.heapGrowthLimit);
    expect(report.completed).toBe(500);
    // The faults really happened and produced each kind of end.
    expect(500 - (report.faults.none ?? 0)).toBeGreaterThan(10);
    expect(report.outcomes.interrupted).toBeGreaterThan(0);
    expect(report.outcomes.rejected).toBeGreaterThan(0);
    expect(report.outcomes['stream-error']).toBeGreaterThan(0);
    expect(report.ok).toBe(true);
    expect(run.status).toBe(0);
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
