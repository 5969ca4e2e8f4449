import { parseArgs } from 'node:util';
import { startEdgeEmulator } from './emulator.js';
import { DEFAULT_EDGES, type EdgeSpec } from './options.js';

const HELP = `polargrid-edge: a local PolarGrid (autorouter + edges) for development and tests.

Usage: polargrid-edge [options]

  --port <n>            autorouter port (default: any free port)
  --edge-ports <list>   edge ports in order, e.g. 4101,4102,4103 (default: any free ports)
  --ttft <ms>           time to first token (default 120)
  --tps <n>             tokens per second (default 60; 0 = as fast as possible)
  --rate-limit <n>      requests per minute per key (default: off)
  --api-key <key>       the key to print (default pg_emulator_demo_key; any pg_ key works)
  --route-ttl <s>       ttl in the autorouter answer (default 300)
  -h, --help            this help

Prints "export …" lines for POLARGRID_API_KEY, POLARGRID_AUTOROUTER_URL and POLARGRID_EDGE_URLS,
then serves until SIGINT or SIGTERM.`;

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'edge-ports': { type: 'string' },
      ttft: { type: 'string' },
      tps: { type: 'string' },
      'rate-limit': { type: 'string' },
      'api-key': { type: 'string' },
      'route-ttl': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const edgePorts = values['edge-ports']?.split(',').map((p) => num(p.trim(), 'edge-ports') ?? 0);
  const edges: EdgeSpec[] = DEFAULT_EDGES.map((edge, i) => ({
    ...edge,
    port: edgePorts?.[i] ?? 0,
  }));
  const rateLimit = num(values['rate-limit'], 'rate-limit');
  const emulator = await startEdgeEmulator({
    edges,
    autorouterPort: num(values.port, 'port') ?? 0,
    timing: {
      ttftMs: num(values.ttft, 'ttft') ?? 120,
      tokensPerSecond: num(values.tps, 'tps') ?? 60,
    },
    rateLimitPerMinute: rateLimit === undefined ? false : rateLimit,
    routeTTL: num(values['route-ttl'], 'route-ttl') ?? 300,
    ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
  });
  for (const [name, value] of Object.entries(emulator.env))
    console.log(`export ${name}='${value}'`);
  console.error(
    `# polargrid-edge: autorouter ${emulator.autorouterURL}; edges ${emulator.edges
      .map((e) => `${e.region} (${e.name}) ${e.url}`)
      .join(', ')}. Ctrl-C to stop.`,
  );
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`polargrid-edge: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
