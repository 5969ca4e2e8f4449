import { readFile, writeFile } from 'node:fs/promises';

/**
 * Writes `values` into a dotenv file (`.env.local`, `.env`, …) as `NAME=value` lines.
 *
 * Only the lines of those names change: an existing `NAME=…` (or `export NAME=…`) line is
 * replaced where it stands (every such line, so no stale duplicate wins), a missing one is appended, and every other line (comments, other
 * variables, other `POLARGRID_*` settings such as `POLARGRID_REGION`) is kept byte for byte.
 * The file is created when it does not exist.
 */
export async function writeEnvFile(path: string, values: Record<string, string>): Promise<void> {
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const lines = existing === '' ? [] : existing.replace(/\r?\n$/, '').split(/\r?\n/);
  const written = new Set<string>();
  const updated = lines.map((line) => {
    const name = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    const value = name !== undefined && Object.hasOwn(values, name) ? values[name] : undefined;
    if (name === undefined || value === undefined) return line;
    written.add(name);
    return `${name}=${value}`;
  });
  for (const [name, value] of Object.entries(values))
    if (!written.has(name)) updated.push(`${name}=${value}`);
  await writeFile(path, `${updated.join(eol)}${eol}`);
}
