/**
 * Docs are code. Every TypeScript block of every README and docs page:
 * - says whether it runs (```ts run) or why not (```ts no-run: needs a real key);
 * - type-checks with --strict against the workspace packages, as a file of a user's project;
 * - when marked `run`, runs to its end against the edge emulator (see run.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { blockLabel, runMode } from '../src/code-blocks.js';
import { typeScriptBlocks, writeSnippets } from '../src/snippets.js';
import { typeCheck } from '../src/typecheck.js';

const snippets = writeSnippets(typeScriptBlocks(), 'check');
const diagnostics = typeCheck(snippets);

describe('TypeScript blocks', () => {
  it('exist in the READMEs, the docs pages and the AI SDK page', () => {
    const pages = new Set(snippets.map((s) => s.block.file));
    expect(pages).toContain('README.md');
    expect(pages).toContain('packages/core/README.md');
    expect(pages).toContain('packages/ai-sdk-provider/README.md');
    expect(pages).toContain('packages/langchain/README.md');
    expect(snippets.length).toBeGreaterThan(40);
  });

  for (const snippet of snippets) {
    describe(blockLabel(snippet.block), () => {
      it('says whether it runs, and why not when it does not', () => {
        expect(runMode(snippet.block).kind, `fence info: "${snippet.block.info}"`).not.toBe(
          'undeclared',
        );
      });

      it('type-checks with --strict', () => {
        expect(diagnostics.get(snippet)).toEqual([]);
      });
    });
  }
});
