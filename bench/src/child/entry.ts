/**
 * A runner child process: one job (from argv[2], JSON), one answer over IPC, then exit.
 * Kept free of imports beyond the job's own so cold-start and import figures are the runner's.
 */
import type { ChildMessage, Job } from './protocol.ts';
import { runJob } from './jobs.ts';

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      process.stdout.write(`${JSON.stringify(message)}\n`);
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => resolve());
  });
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
try {
  const result = await runJob(job, send);
  await send({ type: 'result', result });
} catch (error) {
  const err = error as { code?: string; message?: string; name?: string };
  const unavailable =
    err.name === 'ModuleUnavailable' ||
    err.code === 'ERR_MODULE_NOT_FOUND' ||
    err.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' ||
    (err.name === 'SyntaxError' && /does not provide an export/.test(err.message ?? ''));
  await send({
    type: unavailable ? 'unavailable' : 'failed',
    reason: `${err.name ?? 'Error'}: ${err.message ?? String(error)}`.slice(0, 500),
  });
}
process.exit(0);
