import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLARGRID_ERROR_CODES } from '../src/errors/codes.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('error codes', () => {
  it("the README's table lists exactly the codes of PolarGridErrorCode, each once", () => {
    const section = readme.slice(
      readme.indexOf('### Error codes'),
      readme.indexOf('### How streams end'),
    );
    const documented = [...section.matchAll(/^\| `([a-z_]+)` +\|/gm)].map((m) => m[1]);
    expect(documented.length).toBe(new Set(documented).size);
    expect([...documented].sort()).toEqual([...POLARGRID_ERROR_CODES].sort());
  });
});
