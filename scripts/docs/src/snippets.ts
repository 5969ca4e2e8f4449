import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CodeBlock, codeBlocks, isTypeScript } from './code-blocks.js';
import { docFiles, repoRoot } from './doc-files.js';

/** A TypeScript block written out as a module file of its own. */
export interface Snippet {
  block: CodeBlock;
  /** Absolute path of the written file. */
  path: string;
}

/**
 * Where snippet files are written: inside this package (git-ignored), so that their bare imports
 * resolve to the workspace packages and the libraries this package depends on, as they would in
 * a user's project.
 */
export const snippetDir = join(repoRoot, 'scripts/docs/.snippets');

/** Every TypeScript block of every doc page. */
export function typeScriptBlocks(): CodeBlock[] {
  return docFiles().flatMap((file) =>
    codeBlocks(file, readFileSync(join(repoRoot, file), 'utf8')).filter(isTypeScript),
  );
}

/**
 * Writes each block to `.snippets/<purpose>/<page>/L<line>.ts(x)` (one folder per test file, as
 * test files run in parallel). `export {}` makes every block a module, as a file in a user's ESM
 * project is: top-level `await` works and names do not leak between blocks.
 */
export function writeSnippets(blocks: CodeBlock[], purpose: string): Snippet[] {
  const root = join(snippetDir, purpose);
  rmSync(root, { recursive: true, force: true });
  return blocks.map((block) => {
    const dir = join(root, block.file.replaceAll('/', '__'));
    mkdirSync(dir, { recursive: true });
    const extension = block.lang === 'tsx' ? 'tsx' : 'ts';
    const path = join(dir, `L${block.line}.${extension}`);
    writeFileSync(path, `${block.code}\nexport {};\n`);
    return { block, path };
  });
}
