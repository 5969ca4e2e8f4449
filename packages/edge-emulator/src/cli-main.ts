import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type EdgeEmulator, startEdgeEmulator } from './emulator.js';
import { EnvFileError } from './env/plan-env-write.js';
import { emulatorOwns } from './env/emulator-owns.js';
import { writeEnvFile } from './env/write-env-file.js';
import { DEFAULT_EDGES, type EdgeSpec } from './options.js';

/**
 * The CLI's default base port: the autorouter listens on it and the three edges on the next three
 * ports (4100, 4101-4103). Fixed, so URLs written into an env file stay valid across restarts.
 */
export const DEFAULT_BASE_PORT = 4100;

export const CLI_HELP = `polargrid-edge: a local PolarGrid (an autorouter and three edges) for development and tests.

Usage: npx @polargrid/edge-emulator [options]

  --base-port <n>       autorouter on <n>, edges yto-01, yul-01, yvr-02 on <n>+1..<n>+3
                        (default ${DEFAULT_BASE_PORT}; 0 = any free ports)
  --port <n>            autorouter port (default: the base port)
  --edge-ports <list>   edge ports in order yto-01,yul-01,yvr-02, e.g. 4101,4102,4103
  --write-env <path>    write POLARGRID_API_KEY, POLARGRID_AUTOROUTER_URL and POLARGRID_EDGE_URLS
                        into this dotenv file (e.g. .env.local), creating it if needed and leaving
                        every other line as it is; refuses (exit 1, file unchanged) to replace a
                        value the emulator did not write, such as a real key
  --force               with --write-env: replace such values too
  --cors-origin <o>     also answer browser pages from origin <o> (repeatable; '*' = any page);
                        default: loopback pages only (localhost, 127.x.x.x, [::1], any port)
  --allow-host <h>      also accept requests whose Host is <h> (repeatable); default: loopback
                        names only, against DNS rebinding
  --ttft <ms>           time to first token (default 120)
  --tps <n>             tokens per second (default 60; 0 = as fast as possible)
  --rate-limit <n>      requests per minute per key (default: off)
  --api-key <key>       the key to print (default pg_emulator_demo_key; any pg_ key works)
  --route-ttl <s>       ttl in the autorouter answer (default 300)
  -h, --help            this help

Prints "export …" lines for the same three variables (copy them into another shell), then serves
until SIGINT or SIGTERM.`;

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new Error(`--${name} must be a non-negative number, got '${value}'`);
  }
  return n;
}

/** The ports to listen on: explicit flags first, then the base port and the ports after it. */
function ports(values: { 'base-port'?: string; port?: string; 'edge-ports'?: string }) {
  const base = num(values['base-port'], 'base-port') ?? DEFAULT_BASE_PORT;
  const next = (offset: number) => (base === 0 ? 0 : base + offset);
  const edgePorts = values['edge-ports']?.split(',').map((p) => num(p.trim(), 'edge-ports') ?? 0);
  const all = [
    num(values.port, 'port') ?? next(0),
    ...DEFAULT_EDGES.map((_, i) => edgePorts?.[i] ?? next(i + 1)),
  ];
  if (all.some((port) => !Number.isInteger(port) || port > 65535))
    throw new Error(`ports must be integers from 0 to 65535, got ${all.join(', ')}`);
  return { autorouter: all[0] ?? 0, edges: all.slice(1) };
}

/**
 * Parses the CLI flags and starts the emulator; returns undefined after printing help.
 * `print` gets the help or the `export …` lines (stdout), `note` everything else (stderr).
 */
export async function runCli(
  args: string[],
  print: (line: string) => void,
  note: (line: string) => void = (line) => console.error(line),
): Promise<EdgeEmulator | undefined> {
  const { values } = parseArgs({
    args,
    options: {
      'base-port': { type: 'string' },
      port: { type: 'string' },
      'edge-ports': { type: 'string' },
      // Not `--env-file`: Node 20 reads that flag even after the script name (nodejs/node#50993)
      // and fails before this code runs.
      'write-env': { type: 'string' },
      force: { type: 'boolean' },
      'cors-origin': { type: 'string', multiple: true },
      'allow-host': { type: 'string', multiple: true },
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
  const listen = ports(values);
  const edges: EdgeSpec[] = DEFAULT_EDGES.map((edge, i) => ({
    ...edge,
    port: listen.edges[i] ?? 0,
  }));
  const rateLimit = num(values['rate-limit'], 'rate-limit');
  const emulator = await startEdgeEmulator({
    edges,
    autorouterPort: listen.autorouter,
    timing: {
      ttftMs: num(values.ttft, 'ttft') ?? 120,
      tokensPerSecond: num(values.tps, 'tps') ?? 60,
    },
    rateLimitPerMinute: rateLimit === undefined ? false : rateLimit,
    routeTTL: num(values['route-ttl'], 'route-ttl') ?? 300,
    ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
    ...(values['cors-origin'] ? { corsOrigins: values['cors-origin'] } : {}),
    ...(values['allow-host'] ? { allowedHosts: values['allow-host'] } : {}),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    throw new Error(
      `a port is already in use (${[listen.autorouter, ...listen.edges].join(', ')}): is another ` +
        'polargrid-edge running? Stop it, or pass --base-port <n> (0 = any free ports).',
    );
  });
  try {
    if (values['write-env'] !== undefined) {
      const path = resolve(values['write-env']);
      const env: Record<string, string> = { ...emulator.env };
      const changed = await writeEnvFile(path, env, {
        owns: (name, current) => emulatorOwns(name, current, env[name] ?? ''),
        force: values.force ?? false,
      });
      note(
        changed
          ? `polargrid-edge: wrote POLARGRID_API_KEY, POLARGRID_AUTOROUTER_URL, POLARGRID_EDGE_URLS to ${path}`
          : `polargrid-edge: ${path} already has POLARGRID_API_KEY, POLARGRID_AUTOROUTER_URL, POLARGRID_EDGE_URLS`,
      );
    }
  } catch (error) {
    await emulator.close();
    if (error instanceof EnvFileError)
      throw new Error(`not writing ${resolve(values['write-env'] ?? '')}: ${error.message}`);
    throw error;
  }
  for (const [name, value] of Object.entries(emulator.env)) print(`export ${name}='${value}'`);
  return emulator;
}
