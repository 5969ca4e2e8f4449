/**
 * Debian's Chromium, driven by playwright-core (which brings no browser of its own: this machine
 * cannot download one). `.ci/run` installs it through `scripts/ci/install-chromium.sh`; a missing
 * binary is an error with the fix in its message, never a silent skip.
 */
import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/ci/chromium.ts';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

/** Thrown when there is no Chromium to run; the message says how to get one. */
export class ChromiumMissingError extends Error {
  override name = 'ChromiumMissingError';
}

/** Checks that `path` is an executable file, or throws {@link ChromiumMissingError}. */
export function assertChromium(path: string = CHROMIUM_PATH): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new ChromiumMissingError(
      `No Chromium at ${path}: the browser test needs one. Install Debian's package with ` +
        '`bash scripts/ci/install-chromium.sh` (what .ci/run does: apt-get install chromium), ' +
        'or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
}

/** Launches headless Chromium (one per test file: start-up is the slow part). */
export async function launchChromium(path: string = CHROMIUM_PATH): Promise<Browser> {
  assertChromium(path);
  return chromium.launch({ executablePath: path, headless: true, args: [...CHROMIUM_ARGS] });
}
