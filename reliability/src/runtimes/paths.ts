import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Repository root. */
export const REPO_ROOT = resolve(here, '../../..');
/** The reliability package root (its node_modules resolve the workspace packages for bundling). */
export const PACKAGE_ROOT = resolve(here, '../..');
export const SCRIPTS_DIR = join(REPO_ROOT, 'scripts/runtimes');
/** Where `install.sh` puts the runtimes (gitignored by a self-ignoring `.gitignore`). */
export const RUNTIME_CACHE =
  process.env.POLARGRID_RUNTIME_CACHE ?? join(REPO_ROOT, '.cache/runtimes');
