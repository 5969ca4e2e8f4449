/**
 * Child processes for tests that run real tools (npm, pnpm, a packed app): every one is bounded in
 * time, reads no stdin, and dies with its process group, so a stuck tool fails its test with its
 * own last words instead of hanging the run and outliving it.
 *
 * Why a clean environment: a test started by `pnpm test` inherits pnpm's lifecycle variables
 * (`npm_config_globalconfig=~/.config/pnpm/rc`, `npm_config_*`, `npm_package_*`, `NODE_PATH`, …).
 * An `npm install` that sees them reads pnpm's rc file instead of the machine's own npm config,
 * so it loses what the machine set there (a registry's CA file, a proxy): on a machine whose npm
 * cache is cold it then retries the registry for minutes and looks hung. The same goes for PATH:
 * pnpm puts the repo's own Node first, and npm run by that Node looks for its global config
 * beside it, not where the machine's npm keeps it. A user's npm runs with none of those
 * variables and the machine's PATH; the tests' npm does the same.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { delimiter } from 'node:path';

/** `process.env` without what a package manager's lifecycle adds: what a user's shell would have. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm|pnpm)_/i.test(name)) continue;
    if (name === 'NODE_PATH' || name === 'INIT_CWD' || name === 'PNPM_SCRIPT_SRC_DIR') continue;
    env[name] = value;
  }
  const pathKey = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
  env[pathKey] = (env[pathKey] ?? '')
    .split(delimiter)
    .filter((dir) => !/node_modules[\\/]\.bin|node-gyp-bin/.test(dir))
    .join(delimiter);
  return {
    ...env,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...extra,
  };
}

export interface RunOptions {
  cwd: string;
  /** Killed (with its whole process group) after this long; the error names the command. */
  timeoutMs: number;
  /** Defaults to {@link userEnv}. */
  env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Negative pid: the child was started detached, so this reaches everything it started.
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Kills every child still running (for an `afterAll`; also done when the test process exits). */
export function killChildren(): void {
  for (const child of live) killGroup(child);
  live.clear();
}

process.once('exit', killChildren);

const tail = (text: string) => (text.length > 4000 ? `…${text.slice(-4000)}` : text);

/** Runs `file args` to completion; rejects on a non-zero exit or the timeout, with its output. */
export function runCommand(file: string, args: string[], options: RunOptions): Promise<RunResult> {
  const command = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? userEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    live.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      live.delete(child);
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      if (timedOut) {
        reject(
          new Error(
            `${command} did not finish in ${options.timeoutMs / 1000} s (killed). Its output:\n${tail(stdout + stderr)}`,
          ),
        );
      } else if (code !== 0) {
        reject(
          new Error(`${command} failed (${signal ?? `exit ${code}`}):\n${tail(stdout + stderr)}`),
        );
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}
