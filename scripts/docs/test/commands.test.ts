/**
 * Every `pnpm` and `npx` command a README or docs page shows in a shell block exists: the script
 * is in the package.json it runs in, the filtered package is in the workspace, and `npx` names
 * one of our packages' bins (or a pinned third-party tool), never a bare name the registry could
 * resolve to someone else's package. Inline `npx …` code in the prose is held to the same rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockLabel, codeBlocks, isShell } from '../src/code-blocks.js';
import { docFiles, repoRoot } from '../src/doc-files.js';
import { checkCommand, commandsOf, workspacePackages } from '../src/shell-commands.js';

const packages = workspacePackages();
const pages = docFiles().map((file) => ({
  file,
  text: readFileSync(join(repoRoot, file), 'utf8'),
}));

describe('shell commands in the docs', () => {
  const blocks = pages.flatMap(({ file, text }) => codeBlocks(file, text).filter(isShell));

  it('are found', () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  for (const block of blocks) {
    it(`${blockLabel(block)} names only scripts and bins that exist`, () => {
      const problems = commandsOf(block.code).flatMap((words) => checkCommand(words, packages));
      expect(problems).toEqual([]);
    });
  }

  it('inline `npx …` code names only our packages or pinned tools', () => {
    const problems = pages.flatMap(({ file, text }) =>
      [...text.matchAll(/`(npx [^`]+)`/g)].flatMap((match) =>
        commandsOf(match[1]!).flatMap((words) =>
          checkCommand(words, packages).map((problem) => `${file}: ${problem}`),
        ),
      ),
    );
    expect(problems).toEqual([]);
  });
});
