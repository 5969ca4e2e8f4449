/**
 * Bundle size: esbuild, browser platform, ESM, minified, tree-shaken, then gzip -9. "whole entry"
 * re-exports everything the package's main entry exports (a worst case); the "streaming chat"
 * rows import only what a browser app streaming chat needs (for the core: a `PolarGridEdge` and
 * the `streamChatCompletion` function; `PolarGrid` from `@polargrid/core/sdk` is the official-SDK
 * shape with every endpoint as a method).
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ContenderKind } from '../contenders.ts';
import type { BundleRow } from '../results.ts';

interface BundleEntry {
  id: string;
  label: string;
  kind: ContenderKind;
  entry: string;
  source: string;
}

export const BUNDLE_ENTRIES: BundleEntry[] = [
  {
    id: 'core',
    label: '@polargrid/core',
    kind: 'ours',
    entry: 'whole entry',
    source: "export * from '@polargrid/core';",
  },
  {
    id: 'core-stream',
    label: '@polargrid/core',
    kind: 'ours',
    entry: 'streaming chat (PolarGridEdge + streamChatCompletion)',
    source: "export { PolarGridEdge, streamChatCompletion } from '@polargrid/core';",
  },
  {
    id: 'core-sdk',
    label: '@polargrid/core',
    kind: 'ours',
    entry: 'PolarGrid from ./sdk (every endpoint as a method)',
    source: "export { PolarGrid } from '@polargrid/core/sdk';",
  },
  {
    id: 'provider',
    label: '@polargrid/ai-sdk-provider',
    kind: 'ours',
    entry: 'whole entry',
    source: "export * from '@polargrid/ai-sdk-provider';",
  },
  {
    id: 'langchain',
    label: '@polargrid/langchain',
    kind: 'ours',
    entry: 'whole entry',
    source: "export * from '@polargrid/langchain';",
  },
  {
    id: 'eventsource-parser',
    label: 'eventsource-parser',
    kind: 'peer',
    entry: 'whole entry',
    source: "export * from 'eventsource-parser';",
  },
  {
    id: 'openai',
    label: 'openai',
    kind: 'peer',
    entry: 'whole entry',
    source: "export * from 'openai'; export { default } from 'openai';",
  },
  {
    id: 'openai-stream',
    label: 'openai',
    kind: 'peer',
    entry: 'streaming chat (OpenAI client)',
    source: "export { default } from 'openai';",
  },
  {
    id: 'aisdk-compat',
    label: '@ai-sdk/openai-compatible',
    kind: 'peer',
    entry: 'whole entry',
    source: "export * from '@ai-sdk/openai-compatible';",
  },
  {
    id: 'langchain-openai',
    label: '@langchain/openai',
    kind: 'peer',
    entry: 'whole entry',
    source: "export * from '@langchain/openai';",
  },
];

const CORE_SOURCE_ENTRY =
  "export { PolarGridEdge, streamChatCompletion } from '../packages/core/src/index.ts';";

const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface BundleSize {
  minBytes: number;
  gzipBytes: number;
  /** Largest contributors to the minified output (bytes before gzip), for the findings. */
  topInputs: { path: string; bytes: number }[];
}

function shortPath(path: string): string {
  const nm = path.lastIndexOf('node_modules/');
  if (nm !== -1) return path.slice(nm + 'node_modules/'.length);
  const pk = path.indexOf('packages/');
  return pk !== -1 ? path.slice(pk) : path;
}

export async function measureBundle(source: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir: BENCH_DIR, loader: 'js' },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = result.outputFiles[0].contents;
  const output = Object.values(result.metafile.outputs)[0];
  const topInputs = Object.entries(output?.inputs ?? {})
    .map(([path, info]) => ({ path: shortPath(path), bytes: info.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 12);
  return {
    minBytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    topInputs,
  };
}

export async function bundleCell(log: (l: string) => void): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  for (const e of BUNDLE_ENTRIES) {
    try {
      const size = await measureBundle(e.source);
      if (e.id === 'core-stream') {
        // Bundling the sources shows which modules of the chat path the bytes are.
        try {
          size.topInputs = (await measureBundle(CORE_SOURCE_ENTRY)).topInputs;
        } catch {
          // keep the dist breakdown
        }
      }
      rows.push({ id: e.id, label: e.label, kind: e.kind, entry: e.entry, status: 'ok', ...size });
    } catch (error) {
      const message = (error as Error).message.split('\n').slice(0, 3).join(' ');
      log(`  bundle ${e.id}: failed — ${message}`);
      rows.push({
        id: e.id,
        label: e.label,
        kind: e.kind,
        entry: e.entry,
        status: /Could not resolve "@polargrid/.test(message) ? 'unavailable' : 'failed',
        reason: message.slice(0, 300),
        minBytes: Number.NaN,
        gzipBytes: Number.NaN,
      });
    }
  }
  return rows;
}
