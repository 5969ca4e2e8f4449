/** Runs the example's `src/main.ts` as a child process (the way `pnpm start` does) and collects its output. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const root = join(import.meta.dirname, '..');

export function runExample(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<RunResult> {
  // Start from a clean PolarGrid environment so a developer's real key never leaks into the test.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('POLARGRID_')),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', 'src/main.ts', ...args],
      { cwd: root, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
