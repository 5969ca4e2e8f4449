import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNTIME_CACHE, SCRIPTS_DIR } from './paths.ts';
import type { RuntimeSpec } from './table.ts';

export type InstallState =
  | { state: 'ready'; dir: string | undefined }
  | { state: 'failed'; reason: string };

/** Runs `install.sh` for the given cache directories (it skips what is already installed). */
export function installRuntimes(dirs: string[]): void {
  if (dirs.length === 0) return;
  const result = spawnSync('bash', [join(SCRIPTS_DIR, 'install.sh'), ...dirs], {
    stdio: ['ignore', 'inherit', 'inherit'],
    // Six platform binaries from the npm registry; a fresh, busy machine needs a while.
    timeout: 600_000,
  });
  if (result.error) throw result.error;
}

/** Reads what `install.sh` recorded for one runtime. */
export function installState(spec: RuntimeSpec, cache: string = RUNTIME_CACHE): InstallState {
  if (spec.installDir === undefined) return { state: 'ready', dir: undefined };
  const dir = join(cache, spec.installDir);
  if (existsSync(join(dir, 'INSTALLED'))) return { state: 'ready', dir };
  const failed = join(dir, 'INSTALL_FAILED');
  if (existsSync(failed)) return { state: 'failed', reason: readFileSync(failed, 'utf8') };
  return { state: 'failed', reason: `install.sh left no marker in ${dir}` };
}
