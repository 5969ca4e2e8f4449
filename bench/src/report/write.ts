/**
 * Writes docs/benchmarks.md, the SVG chart and bench/results/latest.json from one run's results.
 * `pnpm --filter bench report` re-renders the page from latest.json (e.g. after editing
 * findings-notes.md) without re-running anything.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProfileRow, Results, TargetRow } from '../results.ts';
import { renderMarkdown } from './markdown.ts';
import { cpuPerChunkSvg } from './svg.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BENCH = fileURLToPath(new URL('../..', import.meta.url));
export const RESULTS_FILE = `${BENCH}results/latest.json`;

/** Which profiles explain which missed target (the first id is ours). */
export const PROFILE_FOR: Record<string, string[]> = {
  'core import time': ['import-core'],
  'core streaming': ['ours-core', 'floor'],
  'AI SDK provider doStream': ['ours-provider-dostream', 'aisdk-compat-dostream'],
  'streamText over our provider': ['ours-provider-streamtext', 'anchor-streamtext'],
  'ChatPolarGrid.stream': ['ours-langchain', 'anchor-basechat'],
};

export function embeddingsRatio(results: Results): number | undefined {
  return results.cells.find((c) => c.id === 'embeddings')?.entries.find((e) => e.id === 'ours-core')
    ?.ratios.wallMs;
}

function autoFindings(results: Results): string[] {
  const rows: TargetRow[] = results.targets;
  const profs: ProfileRow[] = results.profiles;
  const out: string[] = [];
  for (const t of rows) {
    if (t.status === 'met') out.push(`**${t.name}**: met (${t.actual}; goal ${t.target}).`);
    else if (t.status === 'not measured') {
      out.push(`**${t.name}**: not measured in this run${t.note ? ` — ${t.note}` : ''}.`);
    } else {
      const ids = PROFILE_FOR[t.name] ?? [];
      const p = profs.find((x) => x.id === ids[0]);
      const hot = p
        ? ` Profile: ${p.byPackage
            .slice(0, 4)
            .map((x) => `${x.name} ${x.percent.toFixed(0)}%`)
            .join(', ')}; hottest functions ${p.topFunctions
            .slice(0, 4)
            .map((f) => `\`${f.name}\` (${f.percent.toFixed(0)}%)`)
            .join(', ')}.`
        : '';
      const core =
        t.name === 'core browser bundle'
          ? results.bundles.find((b) => b.id === 'core-stream')
          : undefined;
      const inputs = core?.topInputs?.length
        ? ` Largest inputs (minified): ${core.topInputs
            .slice(0, 4)
            .map(
              (i) =>
                `\`${i.path.replace(/^packages\/core\/src\//, '')}\` ${(i.bytes / 1024).toFixed(1)} KiB`,
            )
            .join(', ')}.`
        : '';
      out.push(`**${t.name}**: MISSED — ${t.actual} against ${t.target}.${hot}${inputs}`);
    }
  }
  const embedRatio = embeddingsRatio(results);
  if (embedRatio !== undefined && embedRatio > 1.5) {
    const p = profs.find((x) => x.id === 'embed-ours-core');
    out.push(
      `**embeddings** (no target): our core takes ${embedRatio.toFixed(2)}× the floor's wall time per 64 × 1536 request.${
        p
          ? ` Profile: hottest ${p.topFunctions
              .slice(0, 4)
              .map((f) => `\`${f.name}\` (${f.percent.toFixed(0)}%)`)
              .join(', ')}.`
          : ''
      }`,
    );
  }
  return out;
}

export function writeReport(results: Results): void {
  const notesPath = `${BENCH}findings-notes.md`;
  const notes = existsSync(notesPath) ? readFileSync(notesPath, 'utf8') : '';
  mkdirSync(`${BENCH}results`, { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  const m = results.machine;
  const subtitle = `${m.cpu}, ${m.cores} cores, Node ${m.node}, ${results.generatedAt.slice(0, 16)}Z, ${results.mode}`;
  writeFileSync(
    `${ROOT}docs/benchmarks-cpu-per-chunk.svg`,
    cpuPerChunkSvg(
      results.cells.filter((c) => ['bulk', 'paced', 'concurrent'].includes(c.id)),
      subtitle,
    ),
  );
  writeFileSync(`${ROOT}docs/benchmarks.md`, renderMarkdown(results, notes, autoFindings(results)));
}
