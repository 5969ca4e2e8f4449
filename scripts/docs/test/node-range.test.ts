/**
 * Each published package's README states the Node range its package.json `engines` declares, and
 * no other: "Node ≥ 22" in a README whose package says `>=20` (or the reverse) sends users to the
 * wrong runtime.
 */
import { globSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/doc-files.js';

/** "Node ≥ 22", "Node >= 22", "Node 20+", "Node 22 or later": the minimum major named. */
const NODE_RANGE =
  /Node(?:\.js)?\s+(?:≥ ?|>= ?)?(\d+)(?:\+|\s+or later)|Node(?:\.js)?\s+(?:≥ ?|>= ?)(\d+)/g;

const readmes = globSync('packages/*/README.md', { cwd: repoRoot });

describe('Node range in package READMEs', () => {
  it('covers the published packages', () => {
    expect(readmes.length).toBeGreaterThanOrEqual(4);
  });

  for (const readme of readmes) {
    const pkg = JSON.parse(
      readFileSync(join(repoRoot, dirname(readme), 'package.json'), 'utf8'),
    ) as {
      engines?: { node?: string };
    };
    const minimum = /^>=\s*(\d+)/.exec(pkg.engines?.node ?? '')?.[1];

    it(`${readme} names only its engines range (${pkg.engines?.node})`, () => {
      expect(minimum, 'package.json engines.node must be ">=N"').toBeDefined();
      const text = readFileSync(join(repoRoot, readme), 'utf8');
      const named = [...text.matchAll(NODE_RANGE)].map((m) => m[1] ?? m[2]);
      expect(named.length, 'the README states its Node range').toBeGreaterThan(0);
      expect(new Set(named)).toEqual(new Set([minimum]));
    });
  }
});
