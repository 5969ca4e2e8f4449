/** Entry for Vercel's edge-runtime: a fetch listener, as an edge function is deployed. */
import { type Runner, runSmoke, type SmokeConfig, type Surface } from './chat.ts';

interface FetchEventLike {
  request: Request;
  respondWith(response: Promise<Response>): void;
}

export function listen(runners: Partial<Record<Surface, Runner>>): void {
  addEventListener('fetch', (event) => {
    const e = event as unknown as FetchEventLike;
    e.respondWith(
      e.request
        .json()
        .then(async (config) => Response.json(await runSmoke(config as SmokeConfig, runners))),
    );
  });
}
