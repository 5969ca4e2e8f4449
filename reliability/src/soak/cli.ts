/**
 * `pnpm --filter reliability soak [--streams N] [--concurrency N] [--fault-rate R] [--seed N]
 * [--time-limit-s N] [--surfaces core,ai,langchain] [--json]`. Env fallbacks: SOAK_STREAMS,
 * SOAK_CONCURRENCY, SOAK_FAULT_RATE, SOAK_SEED, SOAK_TIME_LIMIT_S, SOAK_SURFACES. Exits 1 when any check fails. Run with `--expose-gc` (the package
 * script does) so heap growth is measured after collection.
 */
import { parseArgs } from 'node:util';
import { SOAK_SURFACES, type SoakSurface } from './readers.ts';
import { runSoak } from './run-soak.ts';

const { values } = parseArgs({
  options: {
    streams: { type: 'string' },
    concurrency: { type: 'string' },
    'fault-rate': { type: 'string' },
    seed: { type: 'string' },
    'time-limit-s': { type: 'string' },
    'heap-limit-mb': { type: 'string' },
    surfaces: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const num = (flag: string | undefined, env: string, fallback: number) => {
  const raw = flag ?? process.env[env];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${env} must be a number, got ${raw}`);
  return value;
};

const streams = num(values.streams, 'SOAK_STREAMS', 10_000);
const surfaces = (values.surfaces ?? process.env.SOAK_SURFACES ?? 'core')
  .split(',')
  .map((s) => s.trim());
for (const s of surfaces) {
  if (!(SOAK_SURFACES as readonly string[]).includes(s))
    throw new Error(`unknown surface ${s}; use ${SOAK_SURFACES.join(', ')}`);
}
const report = await runSoak({
  streams,
  concurrency: num(values.concurrency, 'SOAK_CONCURRENCY', 32),
  faultRate: num(values['fault-rate'], 'SOAK_FAULT_RATE', 0.05),
  seed: num(values.seed, 'SOAK_SEED', 20261125),
  timeLimitMs: num(values['time-limit-s'], 'SOAK_TIME_LIMIT_S', 600) * 1000,
  heapGrowthLimit: num(values['heap-limit-mb'], 'SOAK_HEAP_LIMIT_MB', 64) * 1024 * 1024,
  surfaces: surfaces as SoakSurface[],
  onProgress: values.json
    ? undefined
    : (done) => {
        if (done % 1000 === 0) console.error(`[soak] ${done}/${streams}`);
      },
});
if (values.json) console.log(`SOAK_REPORT ${JSON.stringify(report)}`);
else console.log(JSON.stringify(report, null, 2));
process.exitCode = report.ok ? 0 : 1;
