import { globSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (this package lives in `scripts/docs`). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Every page a reader may copy code from: each README of the repository and every Markdown or
 * MDX page under `docs/` or a package's `docs/` folder. Paths are relative to the repository root.
 */
export function docFiles(): string[] {
  const patterns = ['**/README.md', 'docs/**/*.md', 'docs/**/*.mdx', 'packages/*/docs/**/*.mdx'];
  const exclude = (path: string) =>
    path.includes('node_modules') ||
    path.startsWith('.') ||
    path.includes('/.') ||
    path.includes('/dist/') ||
    // Generated pages: the bench writes them, and their code (if any) is not for copying.
    path.startsWith('docs/api/') ||
    path === 'docs/benchmarks.md';
  const found = patterns.flatMap((pattern) => globSync(pattern, { cwd: repoRoot, exclude }));
  return [...new Set(found)].sort();
}
