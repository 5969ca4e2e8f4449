import {
  link,
  lstat,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
  chmod,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-main.js';
import { writeEnvFile } from '../../src/env/write-env-file.js';

// `--write-env` on a real project's dotenv file, through the CLI as a developer runs it. Each
// case is one way the first version damaged a file (issue 21, defect 7).
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'polargrid-write-env-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI with `--write-env file` on free ports; returns the notes, closing the emulator. */
async function writeEnv(file: string, ...flags: string[]): Promise<string[]> {
  const notes: string[] = [];
  const emulator = await runCli(
    ['--base-port', '0', '--write-env', file, ...flags],
    () => {},
    (line) => notes.push(line),
  );
  await emulator?.close();
  return notes;
}

const assigned = (text: string, name: string) =>
  new RegExp(`^(?:export )?${name}=(.*)$`, 'm').exec(text)?.[1];

describe('--write-env on a real dotenv file', () => {
  it('keeps `export` on the lines it rewrites', async () => {
    const file = join(dir, '.env');
    await writeFile(file, 'export POLARGRID_API_KEY=pg_emulator_demo_key\nexport OTHER=1\n');
    await writeEnv(file);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n').slice(0, 2)).toEqual([
      'export POLARGRID_API_KEY=pg_emulator_demo_key',
      'export OTHER=1',
    ]);
    expect(text).toMatch(/^POLARGRID_AUTOROUTER_URL=http:\/\/127\.0\.0\.1:\d+$/m);
  });

  it('never touches a POLARGRID_ line inside another variable’s multi-line quoted value', async () => {
    const file = join(dir, '.env.local');
    const certificate = [
      'CERT="-----BEGIN-----',
      'POLARGRID_AUTOROUTER_URL=http://127.0.0.1:9',
      '-----END-----"',
      "NOTES='a",
      'POLARGRID_EDGE_URLS=yto-01=http://127.0.0.1:9',
      "b'",
      'SNIPPET=`',
      'POLARGRID_API_KEY=pg_emulator_demo_key',
      '`',
      '',
    ].join('\n');
    await writeFile(file, certificate);
    await writeEnv(file);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith(certificate)).toBe(true);
    // Ours are appended after the file, as new lines.
    expect(
      text
        .slice(certificate.length)
        .split('\n')
        .map((l) => l.split('=')[0]),
    ).toEqual(['POLARGRID_API_KEY', 'POLARGRID_AUTOROUTER_URL', 'POLARGRID_EDGE_URLS', '']);
  });

  it('refuses to replace a real key, says what it would replace, and leaves the file as it was', async () => {
    const file = join(dir, '.env.local');
    const original =
      '# prod\nPOLARGRID_API_KEY=pg_live_9f8e7d6c5b4a\nPOLARGRID_AUTOROUTER_URL=https://router.polargrid.example\n';
    await writeFile(file, original);
    const error = await writeEnv(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toContain('POLARGRID_API_KEY="pg_live_…"');
    expect(message).toContain('POLARGRID_AUTOROUTER_URL="https://router.polargrid.example"');
    expect(message).toContain('--force');
    expect(message).not.toContain('9f8e7d6c5b4a'); // the key itself is never printed
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('replaces a real key with --force, keeping quoting-free lines and comments', async () => {
    const file = join(dir, '.env.local');
    await writeFile(file, "# prod\nPOLARGRID_API_KEY='pg_live_9f8e7d6c5b4a' # the real one\n");
    await writeEnv(file, '--force', '--api-key', 'pg_force_test_key');
    const text = await readFile(file, 'utf8');
    expect(text.split('\n').slice(0, 2)).toEqual([
      '# prod',
      'POLARGRID_API_KEY=pg_force_test_key # the real one',
    ]);
  });

  it('replaces its own values whatever their quoting', async () => {
    const file = join(dir, '.env');
    await writeFile(
      file,
      'POLARGRID_API_KEY="pg_emulator_demo_key"\nPOLARGRID_AUTOROUTER_URL=`http://localhost:4100`\nPOLARGRID_EDGE_URLS=\'yto-01=http://127.0.0.1:4101\'\n',
    );
    await writeEnv(file, '--api-key', 'pg_quoted_test_key');
    const text = await readFile(file, 'utf8');
    expect(assigned(text, 'POLARGRID_API_KEY')).toBe('pg_quoted_test_key');
    expect(assigned(text, 'POLARGRID_AUTOROUTER_URL')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(text.split('\n')).toHaveLength(4);
  });

  it('writes atomically: a new file replaces the old in one rename, permissions kept, nothing left over', async () => {
    const file = join(dir, '.env.local');
    await writeFile(file, 'A=1\n');
    await chmod(file, 0o600);
    // A second name for the old file: an in-place write would change it too.
    await link(file, join(dir, 'old-copy'));
    const before = await stat(file);
    await writeEnv(file);
    const after = await stat(file);
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'old-copy'), 'utf8')).toBe('A=1\n');
    expect((await readdir(dir)).sort()).toEqual(['.env.local', 'old-copy']);
  });

  it('refuses a symbolic link and writes nothing through it', async () => {
    const target = join(dir, 'shared.env');
    await writeFile(target, 'SECRET=1\n');
    const file = join(dir, '.env.local');
    await symlink(target, file);
    await expect(writeEnv(file)).rejects.toThrow(/symbolic link/);
    expect(await readFile(target, 'utf8')).toBe('SECRET=1\n');
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
  });

  it('does not write a file that already has its values (a watching dev server is not woken)', async () => {
    const file = join(dir, '.env.local');
    const values = {
      POLARGRID_API_KEY: 'pg_same_test_key',
      POLARGRID_AUTOROUTER_URL: 'http://127.0.0.1:4100',
    };
    const options = { owns: () => true };
    expect(await writeEnvFile(file, values, options)).toBe(true);
    const first = await stat(file);
    expect(await writeEnvFile(file, values, options)).toBe(false);
    expect((await stat(file)).ino).toBe(first.ino);
    expect(await readFile(file, 'utf8')).toBe(
      'POLARGRID_API_KEY=pg_same_test_key\nPOLARGRID_AUTOROUTER_URL=http://127.0.0.1:4100\n',
    );
  });
});
