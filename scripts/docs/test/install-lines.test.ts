/**
 * The pages a newcomer follows from an empty folder name, in their install lines, every package
 * their snippets import, and the majors that go together (`ai@7` with `@ai-sdk/react@4`): a
 * snippet importing a package no line installs fails at its first run (issue 22).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeBlocks, isShell, isTypeScript } from '../src/code-blocks.js';
import { repoRoot } from '../src/doc-files.js';
import { commandsOf } from '../src/shell-commands.js';

const PAGES = ['docs/getting-started.md', 'docs/integrations/langchain.mdx'];
/** What `create-next-app` installs by itself. */
const SCAFFOLDED = ['next', 'react', 'react-dom'];
/** The major each framework package must be named with. */
const MAJORS: Record<string, string> = { ai: '^7', '@ai-sdk/react': '^4' };

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; relative, aliased, built-in: none. */
function packageOf(specifier: string): string | undefined {
  if (/^(\.|\/|@\/|node:)/.test(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Package specs (`name` or `name@range`) named by install commands in shell blocks and `<Snippet>`s. */
function installed(text: string, file: string): string[] {
  const lines = codeBlocks(file, text)
    .filter(isShell)
    .flatMap((block) => commandsOf(block.code));
  for (const m of text.matchAll(/<Snippet text="([^"]+)"/g)) lines.push(m[1]!.split(/\s+/));
  const specs: string[] = [];
  for (const words of lines) {
    const [tool, verb, ...rest] = words;
    if (
      (tool === 'npm' && (verb === 'install' || verb === 'i')) ||
      (tool !== 'npm' && verb === 'add')
    )
      specs.push(...rest.filter((w) => !w.startsWith('-')));
    // `npm pkg set dependencies.ai=^7`
    if (tool === 'npm' && verb === 'pkg' && rest[0] === 'set')
      for (const w of rest.slice(1)) {
        const dep = /^'?dependencies\.([^=]+)=([^']+)'?$/.exec(w);
        if (dep) specs.push(`${dep[1]}@${dep[2]}`);
      }
  }
  return specs;
}

const nameOf = (spec: string) => spec.replace(/(?<=.)@.*$/, '');

describe('install lines of the pages a newcomer follows', () => {
  for (const page of PAGES) {
    const text = readFileSync(join(repoRoot, page), 'utf8');
    const specs = installed(text, page);
    const names = new Set(specs.map(nameOf));
    if (/create-next-app/.test(text)) for (const name of SCAFFOLDED) names.add(name);

    it(`${page}: every package a snippet imports is installed by a line of the page`, () => {
      const imported = new Set(
        codeBlocks(page, text)
          .filter(isTypeScript)
          .flatMap((block) => [...block.code.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1]!))
          .map(packageOf)
          .filter((name): name is string => name !== undefined),
      );
      expect(imported.size).toBeGreaterThan(0);
      expect([...imported].filter((name) => !names.has(name))).toEqual([]);
    });

    it(`${page}: framework packages are named with the majors that go together`, () => {
      for (const spec of specs) {
        const major = MAJORS[nameOf(spec)];
        if (major) expect(spec, `${spec} names no major`).toBe(`${nameOf(spec)}@${major}`);
      }
    });
  }
});
