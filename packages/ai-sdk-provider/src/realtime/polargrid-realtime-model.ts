import {
  type Experimental_RealtimeFactoryV4 as RealtimeFactoryV4,
  type Experimental_RealtimeModelV4 as RealtimeModelV4,
  type Experimental_RealtimeModelV4ClientEvent as RealtimeClientEvent,
  type Experimental_RealtimeModelV4ServerEvent as RealtimeServerEvent,
  type Experimental_RealtimeModelV4SessionConfig as RealtimeSessionConfig,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';

/** The realtime models PolarGrid serves. */
export type PolarGridRealtimeModelId = 'personaplex' | (string & {});

/** The server events a relay may send; anything else from it is reported as `custom`. */
const RELAYED = new Set<string>([
  'session-created',
  'session-updated',
  'session-closed',
  'audio-chunk',
  'transcript-fragment',
  'audio-transcript-delta',
  'audio-transcript-done',
  'response-created',
  'response-done',
  'error',
]);

/**
 * PersonaPlex as an AI SDK realtime model, for `useRealtime` with an application WebSocket relay
 * (`api: { websocket }`): PolarGrid issues no short-lived browser tokens, so the browser talks to
 * the app's relay (`@polargrid/ai-sdk-provider/realtime-relay`), which holds the key and speaks
 * PersonaPlex to the edge. The browser side is the AI SDK's continuous PCM session: 24 kHz PCM16
 * both ways as `input-audio-append` and `audio-chunk` events; the relay does the Opus.
 */
export class PolarGridRealtimeModel implements RealtimeModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'polargrid.realtime';
  readonly modelId: string;
  readonly capabilities = {
    conversation: 'continuous',
    transports: ['websocket'],
    connections: ['server-websocket'],
    startup: 'session-update',
    finalization: 'transport-close',
  } as const;

  constructor(modelId: PolarGridRealtimeModelId) {
    if (modelId !== 'personaplex') {
      throw new UnsupportedFunctionalityError({
        functionality: `realtime model "${modelId}" (PolarGrid's realtime model is "personaplex")`,
      });
    }
    this.modelId = modelId;
  }

  /** The relay reads normalized client events as they are (JSON). */
  serializeClientEvent(event: RealtimeClientEvent): unknown {
    return event;
  }

  /** The voice and the persona (instructions) the relay connects with. */
  buildSessionConfig(config: RealtimeSessionConfig): unknown {
    return { voice: config.voice, persona: config.instructions };
  }

  /** The relay sends normalized server events already; they are checked, not trusted. */
  parseServerEvent(raw: unknown): RealtimeServerEvent {
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && RELAYED.has(type))
      return { ...(raw as object), raw } as RealtimeServerEvent;
    return { type: 'custom', rawType: typeof type === 'string' ? type : 'unknown', raw };
  }
}

/** `polargrid.experimental_realtime`: PersonaPlex through an application relay (no browser tokens). */
export function createRealtimeFactory(): RealtimeFactoryV4 {
  const factory = (modelId: string) => new PolarGridRealtimeModel(modelId);
  return Object.assign(factory, {
    getToken(): Promise<never> {
      return Promise.reject(
        new UnsupportedFunctionalityError({
          functionality:
            'browser tokens: PolarGrid issues none. Run the PersonaPlex relay (@polargrid/ai-sdk-provider/realtime-relay) and pass useRealtime `api: { websocket: <relay URL> }`',
        }),
      );
    },
  });
}
