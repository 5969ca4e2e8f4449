import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { SmokeConfig, SmokeReport } from '../../../scripts/runtimes/smoke/chat.ts';
import { SCRIPTS_DIR } from './paths.ts';
import type { RuntimeSpec } from './table.ts';

const PREFIX = 'POLARGRID_SMOKE_REPORT ';

/** The command that runs one runtime's bundle with a config. */
export function commandFor(
  spec: RuntimeSpec,
  dir: string | undefined,
  bundle: string,
  config: SmokeConfig,
): { file: string; args: string[] } {
  const json = JSON.stringify(config);
  const bin = (name: string) => join(dir ?? '', 'node_modules/.bin', name);
  switch (spec.name) {
    case 'node24':
      return { file: process.execPath, args: [bundle, json] };
    case 'node22':
    case 'node20':
      return { file: bin('node'), args: [bundle, json] };
    case 'bun':
      return { file: bin('bun'), args: ['run', bundle, json] };
    case 'deno':
      return {
        file: bin('deno'),
        // `--allow-sys=hostname`: `ai` itself (its gateway's @vercel/oidc) reads os.hostname() at
        // import time; our packages need only net and env.
        args: [
          'run',
          '--allow-net',
          '--allow-env',
          '--allow-read',
          '--allow-sys=hostname',
          bundle,
          json,
        ],
      };
    case 'workerd':
      return {
        file: process.execPath,
        args: [join(SCRIPTS_DIR, 'hosts/workerd.mjs'), dir ?? '', bundle, json],
      };
    case 'edge-runtime':
      return {
        file: process.execPath,
        args: [join(SCRIPTS_DIR, 'hosts/edge-runtime.mjs'), dir ?? '', bundle, json],
      };
  }
}

export interface RunResult {
  report: SmokeReport | undefined;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one runtime as a child process (hard timeout) and parses its report line. */
export function runRuntime(
  spec: RuntimeSpec,
  dir: string | undefined,
  bundle: string,
  config: SmokeConfig,
  timeoutMs = 60_000,
): Promise<RunResult> {
  const { file, args } = commandFor(spec, dir, bundle, config);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Deno keeps its npm/cache dirs in the runtime cache, not in $HOME.
      env: { ...process.env, DENO_DIR: join(dir ?? '', 'deno-dir'), NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(PREFIX));
      const report = line ? (JSON.parse(line.slice(PREFIX.length)) as SmokeReport) : undefined;
      resolve({ report, exitCode, stdout, stderr });
    });
  });
}
