import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('holds a conversation with the emulator: each line answered, the voice written to a WAV', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'voice-bot-'));
  try {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const env = { ...process.env, POLARGRID_API_KEY: '', POLARGRID_BASE_URL: '' };
    const { stdout } = await run(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', main],
      { cwd, env, timeout: 50_000 },
    );
    const last = stdout.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(last)).toEqual({
      transcripts: ['You said: Hello, who am I talking to?', 'You said: What can you do?'],
    });
    const wav = await readFile(join(cwd, 'conversation.wav'));
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wav.length).toBeGreaterThan(44 + 48_000 * 5);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
});
