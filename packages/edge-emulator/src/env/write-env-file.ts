import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EnvFileError, type EnvWriteOptions, planEnvWrite } from './plan-env-write.js';

/**
 * Sets `values` in a dotenv file (`.env.local`, `.env`, …), changing only those names' lines
 * (see {@link planEnvWrite}), or throws an {@link EnvFileError} and leaves the file as it was.
 *
 * A symbolic link is refused (the write would land wherever it points). The new text goes to a
 * temporary file in the same folder, which then replaces the file in one rename, so a reader
 * (a dev server watching the file) never sees half a file and a crash leaves the old one. The
 * file keeps its permissions; a file that would not change is not written at all.
 *
 * @returns whether the file changed.
 */
export async function writeEnvFile(
  path: string,
  values: Readonly<Record<string, string>>,
  options: EnvWriteOptions,
): Promise<boolean> {
  const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (stats?.isSymbolicLink()) {
    throw new EnvFileError('symlink', `${path} is a symbolic link; name the file it points to`);
  }
  if (stats && !stats.isFile()) throw new EnvFileError('not-a-file', `${path} is not a file`);
  const existing = stats ? await readNoFollow(path) : '';
  const plan = planEnvWrite(existing, values, options);
  if ('error' in plan) throw plan.error;
  if (stats && plan.text === existing) return false;

  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, plan.text, { flag: 'wx', mode: stats ? stats.mode & 0o777 : 0o666 });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return true;
}

/** Reads a file without following a link that replaced it since it was checked. */
async function readNoFollow(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ELOOP')
        throw new EnvFileError('symlink', `${path} is a symbolic link; name the file it points to`);
      throw error;
    },
  );
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
