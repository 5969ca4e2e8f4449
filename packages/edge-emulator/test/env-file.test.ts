import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeEnvFile } from '../src/env-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'polargrid-env-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeEnvFile', () => {
  it('replaces every line of a name it writes, so no stale duplicate wins', async () => {
    const file = join(dir, '.env');
    await writeFile(file, 'A=1\nPOLARGRID_API_KEY=old\nB=2\n  export POLARGRID_API_KEY = older\n');
    await writeEnvFile(file, { POLARGRID_API_KEY: 'pg_new_key_123' });
    expect(await readFile(file, 'utf8')).toBe(
      'A=1\nPOLARGRID_API_KEY=pg_new_key_123\nB=2\nPOLARGRID_API_KEY=pg_new_key_123\n',
    );
  });

  it('keeps CRLF line endings and lines that only look like ours', async () => {
    const file = join(dir, '.env.local');
    await writeFile(
      file,
      '# POLARGRID_API_KEY=commented\r\nconstructor=x\r\nPOLARGRID_API_KEYS=k\r\n',
    );
    await writeEnvFile(file, { POLARGRID_API_KEY: 'pg_new_key_123' });
    expect(await readFile(file, 'utf8')).toBe(
      '# POLARGRID_API_KEY=commented\r\nconstructor=x\r\nPOLARGRID_API_KEYS=k\r\nPOLARGRID_API_KEY=pg_new_key_123\r\n',
    );
  });

  it('adds a final newline to a file without one before appending', async () => {
    const file = join(dir, '.env');
    await writeFile(file, 'A=1');
    await writeEnvFile(file, { B: '2' });
    expect(await readFile(file, 'utf8')).toBe('A=1\nB=2\n');
  });
});
