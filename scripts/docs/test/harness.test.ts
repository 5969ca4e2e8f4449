/**
 * The harness's own checks, on small made-up pages: each rule rejects what it must, so a green
 * docs run means something.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeBlocks, runMode } from '../src/code-blocks.js';
import { runSnippet } from '../src/run-snippet.js';
import { checkCommand, commandsOf, workspacePackages } from '../src/shell-commands.js';
import { snippetDir } from '../src/snippets.js';
import { typeCheck } from '../src/typecheck.js';

const page = [
  '# A page',
  '',
  '```ts run',
  "import { PolarGridEdge } from '@polargrid/core';",
  'const client: PolarGridEdge = new PolarGridEdge();',
  '```',
  '',
  '- a list item',
  '',
  '  ```ts no-run: needs a browser',
  '  const n: number = "not a number";',
  '  ```',
  '',
  '```ts',
  'console.log(1);',
  '```',
  '',
  '````sh',
  'npx polargrid-edge',
  '````',
].join('\n');

mkdirSync(snippetDir, { recursive: true });
const dir = mkdtempSync(join(snippetDir, 'harness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('code blocks', () => {
  const blocks = codeBlocks('page.md', page);

  it('are found with their language, fence info, line and unindented code', () => {
    expect(blocks.map((b) => [b.lang, b.info, b.line])).toEqual([
      ['ts', 'run', 3],
      ['ts', 'no-run: needs a browser', 10],
      ['ts', '', 14],
      ['sh', '', 18],
    ]);
    expect(blocks[1]!.code).toBe('const n: number = "not a number";');
  });

  it('must say whether they run', () => {
    expect(blocks.map((b) => runMode(b))).toEqual([
      { kind: 'run' },
      { kind: 'no-run', reason: 'needs a browser' },
      { kind: 'undeclared' },
      { kind: 'undeclared' },
    ]);
  });

  it('fail the type check on a type error, reported at the page line', () => {
    const snippet = { block: blocks[1]!, path: join(dir, 'L10.ts') };
    writeFileSync(snippet.path, `${snippet.block.code}\nexport {};\n`);
    expect(typeCheck([snippet]).get(snippet)).toEqual([
      "page.md:11: Type 'string' is not assignable to type 'number'.",
    ]);
  });
});

describe('running a block', () => {
  const block = (code: string) => ({
    block: { file: 'page.md', line: 1, lang: 'ts', info: 'run', code },
    path: join(dir, `run-${Math.random().toString(36).slice(2)}.ts`),
  });

  it('reports a thrown error as a failed exit', async () => {
    const result = await runSnippet(block("throw new Error('boom');"), {}, 10_000);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('boom');
  });

  it('kills a block that does not end by itself', async () => {
    const result = await runSnippet(block('setInterval(() => {}, 1000);'), {}, 1_000);
    expect(result.timedOut).toBe(true);
  });

  it('passes the environment it is given', async () => {
    const result = await runSnippet(
      block('console.log(process.env.POLARGRID_API_KEY);'),
      { POLARGRID_API_KEY: 'pg_from_the_harness' },
      10_000,
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: 'pg_from_the_harness\n' });
  });
});

describe('shell commands', () => {
  const packages = workspacePackages();
  const check = (line: string) => commandsOf(line).flatMap((w) => checkCommand(w, packages));

  it('accept scripts that exist, where they run', () => {
    expect(check('pnpm test && pnpm --filter @polargrid/core build')).toEqual([]);
    expect(check('FOO=1 npx -y pnpm@10.34.8 install --frozen-lockfile')).toEqual([]);
    expect(check('npm install @polargrid/core')).toEqual([]);
  });

  it('reject a script or a package that does not exist', () => {
    expect(check('pnpm --filter @polargrid/core no-such-script')).toHaveLength(1);
    expect(check('pnpm --filter @polargrid/nope test')).toHaveLength(1);
    expect(check('pnpm no-such-script')).toHaveLength(1);
  });

  it('accept npx only for our bins or pinned tools', () => {
    expect(check('npx -p @polargrid/edge-emulator polargrid-edge --port 4100')).toEqual([]);
    expect(check('npx polargrid-edge --ttft 0')).toHaveLength(1);
    expect(check('npx -p some-package polargrid-edge')).toHaveLength(1);
    expect(check('npx -p @polargrid/edge-emulator not-its-bin')).toHaveLength(1);
    expect(check('npx pnpm install')).toHaveLength(1);
  });

  it('ignore comments and output lines', () => {
    expect(commandsOf('# npx polargrid-edge\n$ pnpm test # runs it all\n')).toEqual([
      ['pnpm', 'test'],
    ]);
  });
});
