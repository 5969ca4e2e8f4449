import { parse } from 'dotenv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanDotenv } from '../../src/env/dotenv-scan.js';
import { EnvFileError, planEnvWrite } from '../../src/env/plan-env-write.js';

// Dotenv texts built from the pieces that make the grammar hard: quotes of the three kinds
// (escaped or not, closed or not, spanning lines), `export`, comments, CRLF and lone CR, the
// Unicode line separators, and our own names in every position, inside other values included.
const NAMES = ['POLARGRID_API_KEY', 'POLARGRID_AUTOROUTER_URL', 'POLARGRID_EDGE_URLS', 'A', 'B_2'];
const piece = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.constantFrom('=', '=', ' = ', ': ', 'export ', '#', ' # c', ' ', '\t'),
  fc.constantFrom("'", '"', '`', "\\'", '\\"', '\\`', '\\n', '\\'),
  fc.constantFrom('\n', '\n', '\r\n', '\r', '\u2028'),
  fc.constantFrom('pg_live_abcdefgh', 'pg_emulator_demo_key', 'http://127.0.0.1:4100', 'x y'),
  fc.string({ maxLength: 3 }),
);
const dotenvText = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));
/** Mostly well-formed lines, so our names are found often. */
const line = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', 'export ', '  '),
      fc.constantFrom(...NAMES),
      fc.constantFrom('=', ' = '),
      fc.oneof(
        fc.constantFrom('pg_live_abcdefgh', 'pg_emulator_demo_key', 'http://127.0.0.1:1', ''),
        fc.constantFrom("'one\nPOLARGRID_API_KEY=inside\n'", '"a\\"b"', '`x`', "'open"),
      ),
      fc.constantFrom('', ' # note'),
    )
    .map((parts) => parts.join('')),
  dotenvText,
);
const fileText = fc
  .tuple(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, eol, last]) => lines.join(eol) + (last ? eol : ''));

const OURS = {
  POLARGRID_API_KEY: 'pg_emulator_demo_key',
  POLARGRID_AUTOROUTER_URL: 'http://127.0.0.1:4100',
  POLARGRID_EDGE_URLS: 'yto-01=http://127.0.0.1:4101',
};
const own = { owns: () => true };

/** What dotenv gives a program, as `[name, value]` in order of last assignment. */
const readByDotenv = (text: string) => Object.entries(parse(text));
const readByScan = (text: string) => {
  const values = new Map<string, string>();
  for (const a of scanDotenv(text)) {
    values.delete(a.name);
    values.set(a.name, a.value);
  }
  return [...values].sort(([a], [b]) => (a < b ? -1 : 1));
};
const sorted = (entries: [string, string][]) => entries.sort(([a], [b]) => (a < b ? -1 : 1));

describe('the dotenv reader and writer (property-based)', () => {
  it('reads `:` then a line break as dotenv does (the value is on the next line)', () => {
    // Found by the property below (seed 504971605): dotenv reads CRLF as LF first.
    for (const text of ["0:\r\n'", "0:\n'", '0:\r\nabc', 'A: \nB', "0:\r\n'x'"]) {
      expect(readByScan(text)).toEqual(sorted(readByDotenv(text)));
    }
  });

  it('reads every text as dotenv does', () => {
    fc.assert(
      fc.property(fc.oneof(fileText, dotenvText), (text) => {
        expect(readByScan(text)).toEqual(sorted(readByDotenv(text)));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes our values and nothing else: every other value, line and order kept', () => {
    let written = 0;
    fc.assert(
      fc.property(fc.oneof(fileText, dotenvText), fc.boolean(), (text, force) => {
        const plan = planEnvWrite(text, OURS, { owns: () => false, force });
        if ('error' in plan) {
          expect(plan.error).toBeInstanceOf(EnvFileError);
          return;
        }
        written += 1;
        const after = parse(plan.text);
        const before = parse(text);
        for (const [name, value] of Object.entries(OURS)) expect(after[name]).toBe(value);
        for (const [name, value] of Object.entries(before))
          if (!Object.hasOwn(OURS, name)) expect(after[name]).toBe(value);
        expect(Object.keys(after).length).toBe(
          new Set([...Object.keys(before), ...Object.keys(OURS)]).size,
        );
        // Lines we do not own are kept, in order: removing our lines from both gives the same text.
        const ourLine = /^\s*(export\s+)?POLARGRID_(API_KEY|AUTOROUTER_URL|EDGE_URLS)(\s*=|:\s)/;
        const others = (t: string) => t.split(/\r\n|\r|\n/).filter((l) => !ourLine.test(l));
        expect(others(plan.text).slice(0, others(text).length)).toEqual(others(text));
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: most generated files are written.
    expect(written).toBeGreaterThan(1500);
  });

  it('is idempotent: writing twice gives what writing once gave', () => {
    fc.assert(
      fc.property(fc.oneof(fileText, dotenvText), (text) => {
        const once = planEnvWrite(text, OURS, own);
        if ('error' in once) return;
        expect(planEnvWrite(once.text, OURS, own)).toEqual({ text: once.text });
      }),
      { numRuns: 2000 },
    );
  });

  it('never replaces a value it does not own without force, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fileText, dotenvText), (text) => {
        const mine = scanDotenv(text).some((a) => Object.hasOwn(OURS, a.name));
        const plan = planEnvWrite(text, OURS, { owns: () => false });
        if (mine) expect('error' in plan && plan.error.code).toMatch(/foreign-value|not-own-line/);
        // Without our names only appending is left; it fails only where a dangling `export` or
        // name at the end would swallow the appended line (checked by reading the result back).
        else if ('error' in plan) expect(plan.error.code).toBe('unverified');
      }),
      { numRuns: 2000 },
    );
  });

  it('terminates quickly on long hostile texts', () => {
    const hostile = [
      "A='".repeat(20_000),
      `A='${"\\'".repeat(20_000)}x`,
      '\n'.repeat(50_000),
      `export${' \n'.repeat(20_000)}`,
      'A="x" y\n'.repeat(10_000),
    ];
    for (const text of hostile) {
      const started = performance.now();
      const plan = planEnvWrite(text, OURS, own);
      expect(plan).toBeDefined();
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});
