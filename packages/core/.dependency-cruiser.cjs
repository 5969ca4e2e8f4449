// The core's layers, lowest first (docs/architecture.md draws the same picture). A module may
// import its own layer and the layers below it, never one above; no import cycle anywhere, type
// imports included. `pnpm --filter @polargrid/core check:layers` runs it (part of `check:package`).
//
//   types       wire shapes, options, model capabilities: declarations only
//   base        util, errors, regions, catalog: small helpers and data every layer may use
//   io          one attempt's bytes: body reading under deadlines and caps, redirect refusal;
//   stream      and beside it the decoders (SSE, chat, completion, transcription)
//   routing     which edges: router, autorouter, edge memory, hedge, live catalogue
//   transport   one request to an edge: headers, key, retries, failover
//   connection  the edge object (PolarGridEdge) and how endpoints send and read through it
//   endpoints   one description per endpoint
//   entries     src/index.ts, internal.ts, voice.ts, sdk.ts; voice/ and sdk/ build on the entries
const LAYERS = [
  ['types', '^src/types/'],
  ['base', '^src/(util|errors|regions|catalog)/'],
  ['io', '^src/(io|stream)/'],
  ['routing', '^src/routing/'],
  ['transport', '^src/(http|auth)/'],
  ['connection', '^src/connection/'],
  ['endpoints', '^src/endpoints/'],
];

/** Everything above layer `i`, as one path pattern. */
const above = (i) =>
  `^src/(${LAYERS.slice(i + 1)
    .map(([, p]) => p.slice(5, -1))
    .join('|')}|voice|sdk|realtime)/|^src/[^/]+\\.ts$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Layers are a direction: an import cycle would make two modules one layer.',
      from: {},
      to: { circular: true },
    },
    ...LAYERS.map(([name, pattern], i) => ({
      name: `no-upward-from-${name}`,
      severity: 'error',
      comment: `The ${name} layer imports only itself and the layers below it.`,
      from: { path: pattern },
      to: { path: above(i) },
    })),
    {
      name: 'types-are-declarations',
      severity: 'error',
      comment: 'types/ declares shapes; it imports nothing but other declarations.',
      from: { path: '^src/types/' },
      to: { pathNot: '^src/types/' },
    },
    {
      name: 'stream-and-io-apart',
      severity: 'error',
      comment: 'The decoders and the body reader are siblings: neither knows the other.',
      from: { path: '^src/stream/' },
      to: { path: '^src/io/' },
    },
    {
      name: 'sdk-on-the-public-api',
      severity: 'error',
      comment:
        'The official-SDK shape (`@polargrid/core/sdk`) is built only on the main entry (and the wire declarations of types/).',
      from: { path: '^src/sdk(/|\\.ts$)' },
      to: { pathNot: '^src/(sdk/|sdk\\.ts$|index\\.ts$|types/)' },
    },
    {
      name: 'voice-on-the-endpoints',
      severity: 'error',
      comment: 'The voice pipelines sit on the endpoints; nothing below reaches into them.',
      from: { pathNot: '^src/(voice/|voice\\.ts$)' },
      to: { path: '^src/voice/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a broken layer check.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(__tests__|\\.test\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
