/**
 * CPU profiles of a runner (the V8 sampling profiler behind `node --cpu-prof`) reduced to the hot spots: self time by function
 * and by package. Used for every target we miss, so the page can say where the time goes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbedJob, ImportJob, StreamJob, TtftJob } from './child/protocol.ts';
import type { ProfileRow } from './results.ts';
import { runChild } from './spawn.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(url: string): string {
  if (!url) return '(native / GC / idle)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const pk = /packages\/([^/]+)\//.exec(url);
  if (pk) return `@polargrid/${pk[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/bench/src/')) return 'bench harness';
  return url;
}

function where(frame: ProfileNode['callFrame']): string {
  const url = frame.url;
  const nm = url.lastIndexOf('node_modules/');
  const short =
    nm !== -1
      ? url.slice(nm + 'node_modules/'.length)
      : url.replace(/^.*\/(packages|bench)\//, '$1/').replace(/^file:\/\//, '');
  return short ? `${short}:${frame.lineNumber + 1}` : '';
}

export function summariseProfile(
  profile: CpuProfile,
  top = 12,
): Omit<ProfileRow, 'id' | 'label' | 'file'> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  }
  const fn = new Map<string, { name: string; where: string; us: number }>();
  const pkg = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const name = node.callFrame.functionName || '(anonymous)';
    // The profiler's own start/stop calls are not the runner's work.
    if (name === '(idle)' || name === '(program)' || node.callFrame.url === 'node:inspector')
      continue;
    const key = `${name}@${where(node.callFrame)}`;
    const cur = fn.get(key) ?? { name, where: where(node.callFrame), us: 0 };
    cur.us += us;
    fn.set(key, cur);
    const p =
      name === '(garbage collector)' ? '(garbage collector)' : packageOf(node.callFrame.url);
    pkg.set(p, (pkg.get(p) ?? 0) + us);
  }
  const busy = [...fn.values()].reduce((a, b) => a + b.us, 0) || 1;
  return {
    totalMs: busy / 1000,
    topFunctions: [...fn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({
        name: f.name,
        where: f.where,
        selfMs: f.us / 1000,
        percent: (100 * f.us) / busy,
      })),
    byPackage: [...pkg.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([name, us]) => ({ name, selfMs: us / 1000, percent: (100 * us) / busy })),
  };
}

/** Runs `job` with the V8 CPU profiler around its measured part and summarises the profile. */
export async function profileJob(
  id: string,
  label: string,
  job: StreamJob | TtftJob | EmbedJob | ImportJob,
  dir: string,
): Promise<ProfileRow | { id: string; error: string }> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${id}.cpuprofile`);
  const outcome = await runChild({ ...job, cpuProfileFile: file }, { timeoutMs: 300_000 });
  if (outcome.status !== 'ok') return { id, error: outcome.reason };
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  return { id, label, file, ...summariseProfile(profile) };
}
