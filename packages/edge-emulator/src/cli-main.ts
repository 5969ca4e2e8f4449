import { parseArgs } from 'node:util';
import { type EdgeEmulator, startEdgeEmulator } from './emulator.js';
import { DEFAULT_EDGES, type EdgeSpec } from './options.js';

export const CLI_HELP = `polargrid-edge: a local PolarGrid (autorouter + edges) for development and tests.

Usage: polargrid-edge [options]

  --port <n>            autorouter port (default: any free port)
  --edge-ports <list>   edge ports in order yto-01,yul-01,yvr-02, e.g. 4101,4102,4103
  --ttft <ms>           time to first token (default 120)
  --tps <n>             tokens per second (default 60; 0 = as fast as possible)
  --rate-limit <n>      requests per minute per key (default: off)
  --api-key <key>       the key to print (default pg_emulator_demo_key; any pg_ key works)
  --route-ttl <s>       ttl in the autorouter answer (default 300)
  -h, --help            this help

Prints "export …" lines for POLARGRID_API_KEY, POLARGRID_AUTOROUTER_URL and POLARGRID_EDGE_URLS
(eval "$(polargrid-edge)" in another shell is not possible since it keeps running: copy them),
then serves until SIGINT or SIGTERM.`;

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new Error(`--${name} must be a non-negative number, got '${value}'`);
  }
  return n;
}

/** Parses the CLI flags and starts the emulator; returns undefined after printing help. */
export async function runCli(
  args: string[],
  print: (line: string) => void,
): Promise<EdgeEmulator | undefined> {
  const { values } = parseArgs({
    args,
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
    print(CLI_HELP);
    return undefined;
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
  for (const [name, value] of Object.entries(emulator.env)) print(`export ${name}='${value}'`);
  return emulator;
}
