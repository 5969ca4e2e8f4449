import type { DemoStep } from '../context.ts';
import { info } from '../output.ts';
import { health } from '@polargrid/core';

const WHY: Record<string, string> = {
  autorouter: 'the autorouter chose it (nearest edge that serves the model)',
  pinned: 'pinned by POLARGRID_REGION / the region option',
  fallback: 'the autorouter was unavailable, so the first fallback region was used',
  'base-url': 'an explicit base URL disables routing',
  failover: 'failed over from another edge',
};

/** Step 1: which edge each kind of request goes to, and why. */
export const routeStep: DemoStep = {
  id: 'route',
  title: 'Routing: which edge, and why',
  async run({ client, models }) {
    const lines: string[] = [];
    for (const [what, model] of [
      ['chat', models.chat],
      ['speech', models.speech],
    ] as const) {
      const route = await client.resolveRoute({ model });
      const why = WHY[route.source] ?? route.source;
      info(`${what} (${model}) → ${route.region} ${route.regionName ?? ''} at ${route.endpoint}`);
      info(`  why: ${why}`);
      lines.push(`${what}: ${route.region} via ${route.source}`);
    }
    const status = await health(client);
    info(
      `edge health: ${status.data.status} (node ${status.data.node ?? 'unknown'}, ${status.meta.region})`,
    );
    return { summary: lines.join('; ') };
  },
};
