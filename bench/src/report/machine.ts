/** The machine and the package versions a run used. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Machine } from '../results.ts';

const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));

export function machine(loadAtStart: number): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { start: loadAtStart, end: loadavg()[0] },
  };
}

export const VERSIONED_PACKAGES = [
  '@polargrid/core',
  '@polargrid/ai-sdk-provider',
  '@polargrid/langchain',
  '@polargrid/edge-emulator',
  'eventsource-parser',
  'openai',
  '@ai-sdk/openai-compatible',
  '@ai-sdk/provider',
  '@ai-sdk/provider-utils',
  'ai',
  '@langchain/core',
  '@langchain/openai',
  'esbuild',
];

export function versions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of VERSIONED_PACKAGES) {
    try {
      const pkg = JSON.parse(
        readFileSync(`${BENCH_DIR}/node_modules/${name}/package.json`, 'utf8'),
      ) as { version: string };
      out[name] = pkg.version;
    } catch {
      out[name] = 'not installed';
    }
  }
  return out;
}

export function loadNow(): number {
  return loadavg()[0];
}
