/**
 * Who may talk to the emulator. It listens on 127.0.0.1 only, but a web page in the developer's
 * browser can still reach it: by fetching it from another origin (CORS), or by DNS rebinding (a
 * hostile name that resolves to 127.0.0.1, so the page is "same-origin" with the emulator). So:
 * - a browser `Origin` must be a loopback page (`http(s)://localhost`, `127.x.x.x` or `[::1]`,
 *   any port) or one the developer named (`corsOrigins`, `'*'` for any);
 * - the `Host` header must be a loopback name or IP (any port), or one the developer named
 *   (`allowedHosts`, `'*'` for any). A rebinding page sends its own host name, and is refused.
 */
export class AccessPolicy {
  readonly #origins: ReadonlySet<string>;
  readonly #hosts: ReadonlySet<string>;

  constructor(corsOrigins: readonly string[] = [], allowedHosts: readonly string[] = []) {
    this.#origins = new Set(corsOrigins.map(normalizeOrigin));
    this.#hosts = new Set(allowedHosts.map((host) => host.trim().toLowerCase()));
  }

  /** Whether a page on `origin` may call the emulator. */
  allowsOrigin(origin: string): boolean {
    if (this.#origins.has('*') || this.#origins.has(normalizeOrigin(origin))) return true;
    try {
      const url = new URL(origin);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackName(url.hostname)
      );
    } catch {
      return false;
    }
  }

  /** Whether a request addressed to `host` (the Host header, port included) is for the emulator. */
  allowsHost(host: string): boolean {
    const lower = host.trim().toLowerCase();
    if (this.#hosts.has('*') || this.#hosts.has(lower)) return true;
    const name = lower.startsWith('[')
      ? lower.slice(0, lower.indexOf(']') + 1)
      : lower.split(':')[0];
    return isLoopbackName(name ?? '') || this.#hosts.has(name ?? '');
  }
}

/** `localhost`, `127.0.0.0/8` written as four decimal parts, or `[::1]`. */
function isLoopbackName(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const parts = hostname.split('.');
  return (
    parts.length === 4 &&
    parts[0] === '127' &&
    parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)
  );
}

/** An origin as browsers send it (`scheme://host[:port]`, lower case, no path), or `*`. */
function normalizeOrigin(origin: string): string {
  const trimmed = origin.trim();
  if (trimmed === '*') return '*';
  try {
    return new URL(trimmed).origin;
  } catch {
    return trimmed.toLowerCase();
  }
}
