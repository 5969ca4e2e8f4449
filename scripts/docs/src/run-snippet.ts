import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import ts from 'typescript';
import type { Snippet } from './snippets.js';

/** What a finished (or killed) snippet process left behind. */
export interface RunResult {
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Runs a snippet as a user would run their file: its own Node process, the types stripped
 * (TypeScript's transpiler, so any Node version works), the environment given, its folder as the
 * working directory. A snippet still running after `timeoutMs` is killed: a block that does not
 * end by itself (an emulator never closed, a stream never read to its end) is a defect.
 */
export function runSnippet(
  snippet: Snippet,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<RunResult> {
  const js = ts.transpileModule(`${snippet.block.code}\nexport {};\n`, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.ReactJSX,
    },
  }).outputText;
  const file = snippet.path.replace(/\.tsx?$/, '.mjs');
  writeFileSync(file, js);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], {
      cwd: file.slice(0, file.lastIndexOf('/')),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Uint8Array) => {
      stdout += data;
    });
    child.stderr.on('data', (data: Uint8Array) => {
      stderr += data;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, timedOut, stdout, stderr });
    });
  });
}
