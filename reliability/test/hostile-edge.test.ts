/**
 * The hostile-edge suite (issue 13): for every rule, small loopback servers that each misbehave
 * in one way, driven through every surface the rule applies to. One row per case × surface,
 * expected next to observed, written to docs/reliability.md.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type CellResult, withoutPorts } from '../src/hostile/checks.ts';
import { CELL_LIMIT_MS, IDLE_MS, PROMPT_END_MS, TIMEOUT_MS } from '../src/hostile/rule.ts';
import { HOSTILE_RULES } from '../src/hostile/rules/index.ts';
import { gate } from '../src/report/known-issues.ts';
import { cell, writeSection } from '../src/report/sections.ts';

const rows: string[] = [];
const tally = { pass: 0, fail: 0 };

afterAll(() => {
  writeSection(
    'hostile-edge',
    [
      '## Hostile edge (issues 13 and 21)',
      '',
      'Small `node:http` servers on loopback, each misbehaving in exactly one way, against every',
      'surface a rule applies to: the core (`streamChatCompletion`/`createChatCompletion` on a',
      '`PolarGridEdge`, `createSpeech`/`streamSpeech`, `transcribe`/`transcribeAsync`), the AI SDK provider',
      '(`streamText`/`generateText`/`generateSpeech`/`transcribe` with `createPolarGrid`) and `ChatPolarGrid`',
      `(\`stream\`/\`invoke\`). Every cell configures \`timeout: ${TIMEOUT_MS}\` and`,
      `\`streamIdleTimeout: ${IDLE_MS}\` and keeps each framework's default retry policy; a call with no`,
      `outcome after ${CELL_LIMIT_MS} ms is aborted and reported as HUNG. "Within the deadlines" means`,
      `${PROMPT_END_MS} ms. Request counts are what reached the server. Rows marked "control" show`,
      "behaviour that already held; rules 1–13 are issue 13's, rules 14–17 issue 21's: bad audio",
      'headers and options, hedging that saves answers (three loopback edges), bounded caches, no',
      'prototype lookups on server data. Where a surface has no such call (the catalogue, the',
      'router under every surface), the core is the surface.',
      '',
      `${tally.pass} of ${tally.pass + tally.fail} cells hold.`,
      '',
      '| Rule | Edge | Surface | Expected | Observed | ✓ |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
});

describe('hostile edge', () => {
  for (const rule of HOSTILE_RULES) {
    it(`rule ${rule.n}: ${rule.title}`, async () => {
      const failures: string[] = [];
      for (const hostileCase of rule.cases) {
        const results: CellResult[] = [];
        if (hostileCase.sequential) {
          for (const surface of hostileCase.surfaces) results.push(await hostileCase.run(surface));
        } else {
          results.push(...(await Promise.all(hostileCase.surfaces.map((s) => hostileCase.run(s)))));
        }
        hostileCase.surfaces.forEach((surface, i) => {
          const result = results[i]!;
          const verdict = gate(`hostile-edge/${hostileCase.id}/${surface}`, result.problems);
          if (result.problems.length === 0) tally.pass++;
          else tally.fail++;
          rows.push(
            `| ${rule.n}. ${cell(rule.title)} | ${cell(hostileCase.edge)} | ${cell(surface)} | ${cell(hostileCase.expected)} | ${cell(withoutPorts(result.observed))} | ${cell(withoutPorts(verdict.mark))} |`,
          );
          if (verdict.failing.length > 0)
            failures.push(`${hostileCase.id} ${surface}: ${verdict.failing.join('; ')}`);
        });
      }
      expect(failures).toEqual([]);
    }, 120_000);
  }
});
