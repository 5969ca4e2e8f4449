/** Starts one runner child for one job and collects its answer. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, Job } from './child/protocol.ts';

const ENTRY = fileURLToPath(new URL('./child/entry.ts', import.meta.url));

export type ChildOutcome<R> =
  | {
      status: 'ok';
      result: R;
      firstTokenMs: number | undefined;
      childFirstTokenAt: number | undefined;
    }
  | { status: 'unavailable' | 'failed'; reason: string };

export interface SpawnOptions {
  timeoutMs?: number;
  /** Extra node flags for the child, e.g. `--cpu-prof`. */
  execArgv?: string[];
}

/**
 * Forks a fresh Node process for `job`. `firstTokenMs` is the parent's clock from just before
 * `fork()` to the child's first-token message (the cold-start figure).
 */
export function runChild<R>(job: Job, options: SpawnOptions = {}): Promise<ChildOutcome<R>> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let firstTokenMs: number | undefined;
    let childFirstTokenAt: number | undefined;
    let settled = false;
    const child = fork(ENTRY, [JSON.stringify(job)], {
      execArgv: ['--experimental-strip-types', '--no-warnings', ...(options.execArgv ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    const finish = (outcome: ChildOutcome<R>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ status: 'failed', reason: `timed out after ${options.timeoutMs ?? 120_000} ms` });
    }, options.timeoutMs ?? 120_000);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'first-token') {
        firstTokenMs ??= performance.now() - t0;
        childFirstTokenAt ??= message.at;
      } else if (message.type === 'result') {
        // Wait for exit so the next child never overlaps this one.
        child.once('exit', () =>
          finish({ status: 'ok', result: message.result as R, firstTokenMs, childFirstTokenAt }),
        );
      } else {
        child.once('exit', () => finish({ status: message.type, reason: message.reason }));
      }
    });
    child.on('exit', (code, signal) => {
      setImmediate(() =>
        finish({ status: 'failed', reason: `child exited (${code ?? signal}) without a result` }),
      );
    });
  });
}
