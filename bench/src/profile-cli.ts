/**
 * `pnpm --filter bench profile <contender-id> [chunks]`: runs one contender's bulk stream job
 * under `node --cpu-prof` and prints its hot spots. The .cpuprofile lands in
 * bench/results/profiles/<id>/ (open it in Chrome DevTools → Performance, or speedscope).
 */
import { fileURLToPath } from 'node:url';
import { CONTENDERS, contender } from './contenders.ts';
import { profileJob } from './profile.ts';
import { startBenchServer } from './wire/server.ts';

const id = process.argv[2];
if (!id) {
  process.stderr.write(
    `usage: profile <contender-id> [chunks]\nids: ${CONTENDERS.map((c) => c.id).join(', ')}\n`,
  );
  process.exit(2);
}
const chunks = Number(process.argv[3] ?? 20_000);
const c = contender(id);
const server = await startBenchServer({
  scenarios: { bulk: { chunks, mode: 'bulk' }, warm: { chunks: 2_000, mode: 'bulk' } },
});
try {
  const row = await profileJob(
    id,
    c.label,
    {
      kind: 'stream',
      module: c.module,
      baseURL: server.baseURL('bulk'),
      expected: server.streams.bulk.expected,
      warmups: 3,
      warmBaseURL: server.baseURL('warm'),
      warmExpected: server.streams.warm.expected,
      concurrency: 1,
      rounds: 5,
    },
    fileURLToPath(new URL('../results/profiles', import.meta.url)),
  );
  if ('error' in row) {
    process.stderr.write(`${row.error}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(
      `${row.label}: ${row.totalMs.toFixed(0)} ms busy (${row.file})\n\nby package:\n`,
    );
    for (const p of row.byPackage) {
      process.stdout.write(`  ${p.percent.toFixed(1).padStart(5)}%  ${p.name}\n`);
    }
    process.stdout.write('\nhottest functions (self time):\n');
    for (const f of row.topFunctions) {
      process.stdout.write(`  ${f.percent.toFixed(1).padStart(5)}%  ${f.name}  ${f.where}\n`);
    }
  }
} finally {
  await server.close();
}
