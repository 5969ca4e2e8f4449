import { createAutorouter } from './autorouter.js';
import { EdgeServer } from './edge/edge-server.js';
import { LatencyProfile } from './edge/latency-profile.js';
import { AccessPolicy } from './http/access-policy.js';
import type { FaultRuleInput } from './faults/fault-rules.js';
import {
  API_KEY_PATTERN,
  DEFAULT_API_KEY,
  DEFAULT_EDGES,
  type EdgeEmulatorOptions,
  type EdgeLatency,
  type EmulatorTiming,
} from './options.js';
import { EmulatorState, type RecordedRequest } from './state.js';

/** Options any PolarGrid client accepts, pointing it at the emulator. */
export interface EmulatorClientOptions {
  apiKey: string;
  autorouterURL: string;
  edgeURLs: Record<string, string>;
}

/** The env variables a client reads to use the emulator. */
export interface EmulatorEnv {
  POLARGRID_API_KEY: string;
  POLARGRID_AUTOROUTER_URL: string;
  POLARGRID_EDGE_URLS: string;
  [key: string]: string;
}

/** A running emulator. */
export interface EdgeEmulator {
  /** `http://127.0.0.1:PORT` of the autorouter. */
  readonly autorouterURL: string;
  /** Edge base URLs (no `/v1`) by region id. */
  readonly edgeURLs: Record<string, string>;
  /** A key every edge accepts. */
  readonly apiKey: string;
  /** The edges: region, name, models, URL. */
  readonly edges: readonly { region: string; name: string; models: string[]; url: string }[];
  clientOptions(): EmulatorClientOptions;
  readonly env: EmulatorEnv;
  /** Adds a fault rule (see the README); `remove()` takes it away. */
  /**
   * Adds a fault rule. For `edge-dead`, `ready` resolves once the edge's port is closed (other
   * kinds apply at once; their `ready` is already resolved).
   */
  inject(rule: FaultRuleInput): { remove(): void; ready: Promise<void> };
  /** Removes every fault rule; resolves once edges closed by `edge-dead` rules are reopened. */
  clearFaults(): Promise<void>;
  /** Closes (down) or reopens (up) an edge's listener: down edges refuse connections. */
  setEdgeDown(region: string, down: boolean): Promise<void>;
  /** Changes the model pacing for later requests. */
  setTiming(timing: EmulatorTiming): void;
  /** Makes one edge slow on purpose from now on (`{}` makes it healthy again); resets its line. */
  setEdgeLatency(region: string, latency: EdgeLatency): void;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  resetRequests(): void;
  close(): Promise<void>;
}

/** Starts an autorouter and several edges on loopback. */
export async function startEdgeEmulator(options: EdgeEmulatorOptions = {}): Promise<EdgeEmulator> {
  const specs = options.edges ?? DEFAULT_EDGES;
  if (specs.length === 0) throw new Error('startEdgeEmulator: at least one edge is required');
  const regions = new Set<string>();
  for (const spec of specs) {
    if (regions.has(spec.region))
      throw new Error(`startEdgeEmulator: duplicate region ${spec.region}`);
    regions.add(spec.region);
  }
  const apiKey = options.apiKey ?? options.apiKeys?.[0] ?? DEFAULT_API_KEY;
  const allowed = options.apiKeys ? new Set([...options.apiKeys]) : undefined;
  const state = new EmulatorState({
    timing: {
      ttftMs: options.timing?.ttftMs ?? 0,
      tokensPerSecond: options.timing?.tokensPerSecond ?? 0,
      speechFirstByteMs: options.timing?.speechFirstByteMs ?? options.timing?.ttftMs ?? 0,
    },
    rateLimitPerMinute: options.rateLimitPerMinute ?? false,
    keyIsValid: (key) => (allowed ? allowed.has(key) : API_KEY_PATTERN.test(key)),
    access: new AccessPolicy(options.corsOrigins, options.allowedHosts),
  });
  if (allowed && options.apiKey) allowed.add(options.apiKey);

  const edges = specs.map(
    (spec) =>
      new EdgeServer(
        { region: spec.region, name: spec.name ?? spec.region, models: [...spec.models] },
        state,
        new LatencyProfile(spec.latency),
      ),
  );
  const autorouter = createAutorouter(state, {
    edges: () => edges,
    defaultRegion: options.defaultRegion ?? specs[0]?.region ?? 'yto-01',
    routeTTL: options.routeTTL ?? 300,
    routeAroundDownEdges: options.routeAroundDownEdges ?? false,
  });
  const edgeDownRules = new Map<string, number>();
  const started: { stop(): Promise<void> }[] = [];
  try {
    for (const [i, edge] of edges.entries()) {
      await edge.server.listen(specs[i]?.port ?? 0);
      started.push(edge.server);
    }
    await autorouter.listen(options.autorouterPort ?? 0);
    started.push(autorouter);
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }

  const edgeURLs = Object.fromEntries(edges.map((e) => [e.info.region, e.server.url]));
  const autorouterURL = autorouter.url;
  const edgeByRegion = (region: string) => {
    const edge = edges.find((e) => e.info.region === region);
    if (!edge) throw new Error(`Unknown emulator region: ${region}`);
    return edge;
  };
  // Rule-driven toggles run in order per region (a clear followed at once by a new edge-dead
  // rule must end with the edge down), and a failed reopen (port taken) must not crash the host.
  const toggles = new Map<string, Promise<void>>();
  const toggle = (region: string, down: boolean): Promise<void> => {
    const next = (toggles.get(region) ?? Promise.resolve())
      .then(() => setEdgeDown(region, down))
      .catch((error: unknown) => {
        console.warn(
          `edge-emulator: could not ${down ? 'stop' : 'reopen'} ${region}: ${String(error)}`,
        );
      });
    toggles.set(region, next);
    return next;
  };
  const setEdgeDown = async (region: string, down: boolean) => {
    const edge = edgeByRegion(region);
    if (down) await edge.server.stop();
    else await edge.server.restart();
  };

  return {
    autorouterURL,
    edgeURLs,
    apiKey,
    edges: edges.map((e) => ({ ...e.info, url: e.server.url })),
    clientOptions: () => ({ apiKey, autorouterURL, edgeURLs: { ...edgeURLs } }),
    env: {
      POLARGRID_API_KEY: apiKey,
      POLARGRID_AUTOROUTER_URL: autorouterURL,
      POLARGRID_EDGE_URLS: Object.entries(edgeURLs)
        .map(([region, url]) => `${region}=${url}`)
        .join(','),
    },
    inject(rule) {
      if (rule.kind === 'edge-dead') {
        if (!rule.region) throw new Error('inject: edge-dead needs a region');
        const region = rule.region;
        edgeByRegion(region);
        edgeDownRules.set(region, (edgeDownRules.get(region) ?? 0) + 1);
        const ready = toggle(region, true);
        let removed = false;
        return {
          ready,
          remove() {
            if (removed) return;
            removed = true;
            const left = (edgeDownRules.get(region) ?? 1) - 1;
            edgeDownRules.set(region, left);
            if (left === 0) toggle(region, false);
          },
        };
      }
      return { ...state.rules.add(rule), ready: Promise.resolve() };
    },
    async clearFaults() {
      state.rules.clear();
      for (const [region, count] of edgeDownRules) {
        if (count > 0) toggle(region, false);
      }
      edgeDownRules.clear();
      // Every toggle queued so far (a rule's remove() included) has run when this resolves.
      await Promise.all(toggles.values());
    },
    setEdgeDown,
    setTiming(timing) {
      state.timing = {
        ttftMs: timing.ttftMs ?? state.timing.ttftMs,
        tokensPerSecond: timing.tokensPerSecond ?? state.timing.tokensPerSecond,
        speechFirstByteMs:
          timing.speechFirstByteMs ?? timing.ttftMs ?? state.timing.speechFirstByteMs,
      };
    },
    setEdgeLatency(region, latency) {
      edgeByRegion(region).latency = new LatencyProfile(latency);
    },
    requests: state.requests,
    resetRequests() {
      state.requests.splice(0);
    },
    async close() {
      await Promise.all([autorouter.stop(), ...edges.map((e) => e.server.stop())]);
    },
  };
}
