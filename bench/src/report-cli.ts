/** `pnpm --filter bench report`: re-renders the page and chart from bench/results/latest.json. */
import { readFileSync } from 'node:fs';
import type { Results } from './results.ts';
import { RESULTS_FILE, writeReport } from './report/write.ts';

const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Results;
writeReport(results);
process.stdout.write(`re-rendered docs/benchmarks.md and the chart from ${RESULTS_FILE}\n`);
