import { DEFAULT_API_KEY } from '../options.js';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** Whether `url` is an http(s) URL on this machine (what the emulator serves on). */
function isLoopbackURL(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol !== 'http:' && protocol !== 'https:') return false;
    return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
  } catch {
    return false;
  }
}

/**
 * Whether `--write-env` may replace the current value of one of its names without `--force`:
 * an empty value, the value it is about to write, the emulator's demo key, or URLs that all
 * point at loopback. A real key (`pg_live_…`) or a real edge's URL is the developer's.
 */
export function emulatorOwns(name: string, current: string, next: string): boolean {
  if (current === '' || current === next) return true;
  if (name === 'POLARGRID_API_KEY') return current === DEFAULT_API_KEY;
  if (name === 'POLARGRID_AUTOROUTER_URL') return isLoopbackURL(current);
  if (name === 'POLARGRID_EDGE_URLS') {
    return current
      .split(',')
      .every((pair) => isLoopbackURL(pair.slice(pair.indexOf('=') + 1).trim()));
  }
  return false;
}
