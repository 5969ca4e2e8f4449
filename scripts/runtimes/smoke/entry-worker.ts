/** Entry for Cloudflare Workers (workerd via miniflare): POST the config, get the report. */
import { type Runner, runSmoke, type SmokeConfig, type Surface } from './chat.ts';

export function workerFor(runners: Partial<Record<Surface, Runner>>) {
  return {
    async fetch(request: Request): Promise<Response> {
      const config = (await request.json()) as SmokeConfig;
      return Response.json(await runSmoke(config, runners));
    },
  };
}
