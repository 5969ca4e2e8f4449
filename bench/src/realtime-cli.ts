/**
 * `pnpm --filter bench realtime`: runs the realtime cell alone (`--quick` for 2 repetitions),
 * puts it into bench/results/latest.json in place of the previous run of that cell, and
 * re-renders docs/benchmarks.md from it. The full bench (`pnpm bench`) runs it too.
 */
import { readFileSync } from 'node:fs';
import { realtimeCell } from './cells/realtime-cell.ts';
import { benchConfig } from './config.ts';
import { RESULTS_FILE, writeReport } from './report/write.ts';
import type { Results } from './results.ts';

const config = benchConfig(process.argv.includes('--quick'));
const log = (line: string) => process.stdout.write(`${line}\n`);
log(`realtime cell: ${config.reps} repetitions`);
const cell = await realtimeCell(config, log);
for (const entry of cell.entries) {
  const m = entry.metrics.replyMs;
  log(
    `  ${entry.label}: median ${m?.median.toFixed(0)} ms (samples ${entry.samples.replyMs?.map((v) => v.toFixed(0)).join(', ')})`,
  );
}
const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Results;
const at = results.cells.findIndex((c) => c.id === cell.id);
if (at === -1) results.cells.push(cell);
else results.cells[at] = cell;
writeReport(results);
log(`wrote the realtime cell into ${RESULTS_FILE} and docs/benchmarks.md`);
