/** Entry for runtimes with a command line (Node, Bun, Deno): config JSON as the first argument. */
import { REPORT_PREFIX, type Runner, runSmoke, type SmokeConfig, type Surface } from './chat.ts';

function firstArgument(): string {
  const g = globalThis as Record<string, unknown>;
  const deno = g.Deno as { args?: string[] } | undefined;
  if (deno?.args) return deno.args[0] ?? '';
  const proc = g.process as { argv?: string[] } | undefined;
  return proc?.argv?.[2] ?? '';
}

/** Runs the smoke with the surfaces this bundle was built with and prints the report line. */
export async function main(runners: Partial<Record<Surface, Runner>>): Promise<void> {
  const config = JSON.parse(firstArgument()) as SmokeConfig;
  const report = await runSmoke(config, runners);
  console.log(REPORT_PREFIX + JSON.stringify(report));
}
