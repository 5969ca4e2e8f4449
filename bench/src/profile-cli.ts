/**
 * `pnpm --filter bench profile <contender-id> [chunks]`: runs one contender's bulk stream job
 * under the V8 sampling profiler and prints its hot spots.
 * `pnpm --filter bench profile <contender-id> --ttft [requests]`: the same for its time-to-first-
 * token job, profiling only the back-to-back requests (per-request overhead; 500 by default).
 * The .cpuprofile lands in bench/results/profiles/<id>.cpuprofile (or <id>-ttft.cpuprofile); open
 * it in Chrome DevTools → Performance, or speedscope.
 */
import { fileURLToPath } from 'node:url';
import type { StreamJob, TtftJob } from './child/protocol.ts';
import { benchConfig } from './config.ts';
import { CONTENDERS, contender } from './contenders.ts';
import { profileJob } from './profile.ts';
import { startBenchServer } from './wire/server.ts';

const args = process.argv.slice(2);
const ttft = args.includes('--ttft');
const [id, count] = args.filter((a) => !a.startsWith('--'));
if (!id) {
  process.stderr.write(
    `usage: profile <contender-id> [chunks]\n       profile <contender-id> --ttft [requests]\nids: ${CONTENDERS.map((c) => c.id).join(', ')}\n`,
  );
  process.exit(2);
}
const c = contender(id);
const { ttft: ttftConfig } = benchConfig(false);
const server = await startBenchServer({
  scenarios: ttft
    ? { ttft: { chunks: ttftConfig.chunks, mode: 'bulk' } }
    : {
        bulk: { chunks: Number(count ?? 20_000), mode: 'bulk' },
        warm: { chunks: 2_000, mode: 'bulk' },
      },
});
const job: StreamJob | TtftJob = ttft
  ? {
      kind: 'ttft',
      module: c.module,
      baseURL: server.baseURL('ttft'),
      expected: server.streams.ttft.expected,
      warmups: ttftConfig.warmups,
      idle: 0,
      idleGapMs: 0,
      backToBack: Number(count ?? 500),
    }
  : {
      kind: 'stream',
      module: c.module,
      baseURL: server.baseURL('bulk'),
      expected: server.streams.bulk.expected,
      warmups: 3,
      warmBaseURL: server.baseURL('warm'),
      warmExpected: server.streams.warm.expected,
      concurrency: 1,
      rounds: 5,
    };
try {
  const row = await profileJob(
    ttft ? `${id}-ttft` : id,
    c.label,
    job,
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
