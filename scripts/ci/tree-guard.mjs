#!/usr/bin/env node
// A test run must leave the checkout as it found it (a clean clone stays clean): `record` notes
// `git status` before the run, `check` fails if the run changed it, naming the files. Comparing
// with the state before (not with "clean") lets a developer run the suite on uncommitted work.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const recordFile = join(root, '.cache', 'tree-before.txt');

function status() {
  try {
    return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null; // not a git checkout (an unpacked tarball): nothing to compare
  }
}

const mode = process.argv[2];
const now = status();
if (now === null) process.exit(0);
if (mode === 'record') {
  mkdirSync(dirname(recordFile), { recursive: true });
  writeFileSync(recordFile, now);
} else if (mode === 'check') {
  let before = '';
  try {
    before = readFileSync(recordFile, 'utf8');
  } catch {
    console.error(
      'tree-guard: no record of the tree before the run; run `tree-guard.mjs record` first.',
    );
    process.exit(1);
  }
  const seen = new Set(before.split('\n'));
  const changed = now.split('\n').filter((line) => line && !seen.has(line));
  if (changed.length > 0) {
    console.error(
      `The test run changed the checkout (a clean clone must stay clean):\n${changed.join('\n')}`,
    );
    process.exit(1);
  }
  console.log('tree-guard: the test run left the checkout as it found it.');
} else {
  console.error('usage: tree-guard.mjs record|check');
  process.exit(2);
}
