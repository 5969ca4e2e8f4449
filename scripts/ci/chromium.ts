/**
 * Where the browser tests find Chromium and how they start it; shared by examples/next-chat and
 * reliability. `pnpm test` installs Debian's package first, with `install-chromium.sh` (next to this file).
 */

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's package. */
export const CHROMIUM_PATH: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless flags. Without the background-networking ones Chromium dials out at start (updates,
 * sync, field trials), and this machine's closed network refuses those connections, which slows
 * start-up and fills the log.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
