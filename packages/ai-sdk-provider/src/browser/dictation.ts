/**
 * Dictation: the microphone streamed to a transcription route (`createTranscriptionRoute` on the
 * server) while the user speaks, its transcript read back as it grows.
 *
 * The audio goes up as a series of small POSTs, one every `chunkMs`, not as one streamed request
 * body: Chromium streams a request body (`duplex: 'half'`) only over HTTP/2 or later (over
 * HTTP/1.1, as `next dev` and `next start` serve, the fetch fails), and Firefox and Safari do not
 * stream request bodies at all. Small POSTs work in every browser over any HTTP version.
 */
import type { TranscriptEvent } from '../voice-wire.js';
import {
  checkMicrophoneOptions,
  type Microphone,
  type MicrophoneOptions,
  startMicrophone,
} from './microphone.js';
import { within } from './deadline.js';
import { VoiceError } from './voice-error.js';

/** Options of {@link startDictation}. */
export interface DictationOptions {
  /** The transcription route (`createTranscriptionRoute`), e.g. `/api/transcribe`. */
  url: string;
  /** The transcript so far, each time it grows (while the user speaks). */
  onTranscript?: (text: string) => void;
  /** The microphone heard speech (the first chunk above `speechLevel`): stop a playing answer here (barge-in). */
  onSpeechStart?: () => void;
  /** The recording ended (by `stop()`, a pause after speech, or the time limit); the transcript is still finishing. */
  onRecordingEnd?: () => void;
  /** End the recording after this much quiet following speech (default 1 200 ms; `false`: only `stop()` ends it). */
  endOnSilenceMs?: number | false;
  /** The longest recording (default 30 000 ms). */
  maxDurationMs?: number;
  /** RMS level (0 to 1) above which a chunk counts as speech (default 0.02). */
  speechLevel?: number;
  /** The longest wait for the route's next transcript line once the audio ended (default 15 000 ms). */
  idleTimeoutMs?: number;
  /** Cancels the dictation. */
  signal?: AbortSignal;
  /** Microphone settings (rate, chunk length, echo cancellation, device). */
  microphone?: Omit<MicrophoneOptions, 'onChunk'>;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** A running dictation. */
export interface Dictation {
  /** The transcript so far. */
  readonly transcript: string;
  /** True until the recording ends (by `stop()`, a pause after speech, or the time limit). */
  readonly listening: boolean;
  /** Ends the recording; `done` still resolves with the transcript of what was said. */
  stop(): Promise<void>;
  /** The whole transcript; rejects with a {@link VoiceError} (or the signal's reason). */
  readonly done: Promise<string>;
}

function sessionId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

function isTranscriptEvent(value: unknown): value is TranscriptEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  switch (v.type) {
    case 'ready':
      return true;
    case 'delta':
    case 'final':
    case 'done':
      return typeof v.text === 'string';
    case 'warning':
    case 'error':
      return typeof v.message === 'string';
    default:
      return false;
  }
}

/** Longest transcript line the page reads (a route that never ends a line is not a transcript). */
const MAX_LINE = 256 * 1024;

/**
 * Starts dictation: opens the route's transcript stream, then the microphone (call it from a user
 * gesture). Rejects with a {@link VoiceError} when either cannot be opened; later failures reject
 * `done`, and the microphone is released on every path.
 */
export async function startDictation(options: DictationOptions): Promise<Dictation> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const idleTimeoutMs = options.idleTimeoutMs ?? 15_000;
  const endOnSilenceMs = options.endOnSilenceMs ?? 1_200;
  const maxDurationMs = options.maxDurationMs ?? 30_000;
  const speechLevel = options.speechLevel ?? 0.02;
  // Every option is checked before the session opens: bad input costs no request.
  const { sampleRate } = checkMicrophoneOptions(options.microphone);
  const positive = (value: number, name: string) => {
    if (!(value > 0 && value <= 3_600_000)) {
      throw new VoiceError(
        'invalid-argument',
        `${name} must be a positive number of ms, not ${value}.`,
      );
    }
  };
  positive(idleTimeoutMs, 'idleTimeoutMs');
  positive(maxDurationMs, 'maxDurationMs');
  if (endOnSilenceMs !== false) positive(endOnSilenceMs, 'endOnSilenceMs');
  if (!(speechLevel > 0 && speechLevel < 1)) {
    throw new VoiceError(
      'invalid-argument',
      `speechLevel must be between 0 and 1, not ${speechLevel}.`,
    );
  }
  const id = sessionId();
  const base = new URL(options.url, globalThis.location?.href);
  const url = (params: Record<string, string>) => {
    const u = new URL(base);
    u.searchParams.set('session', id);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u.toString();
  };
  const abort = new AbortController();
  const onAbort = () => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let transcript = '';
  let listening = true;
  let recordingEnded!: () => void;
  const ended = new Promise<undefined>((resolve) => {
    recordingEnded = () => resolve(undefined);
  });
  const endListening = () => {
    listening = false;
    recordingEnded();
  };
  let microphone: Microphone | undefined;
  let seq = 0;
  let postError: VoiceError | undefined;
  let heardSpeech = false;
  let quietMs = 0;
  let recordedMs = 0;

  /**
   * One POST at a time, each carrying all the audio captured meanwhile (up to a second): on a
   * slow connection the posts grow instead of queueing, so the server is never more than one
   * round trip behind the microphone.
   */
  const pending: Int16Array[] = [];
  let pendingSamples = 0;
  let endRequested = false;
  let inFlight = false;
  const maxPostSamples = sampleRate;
  const take = (): Int16Array<ArrayBuffer> => {
    const count = Math.min(pendingSamples, maxPostSamples);
    const out = new Int16Array(count);
    let at = 0;
    while (at < count) {
      const head = pending[0] as Int16Array;
      const n = Math.min(head.length, count - at);
      out.set(head.subarray(0, n), at);
      at += n;
      if (n === head.length) pending.shift();
      else pending[0] = head.subarray(n);
    }
    pendingSamples -= count;
    return out;
  };
  const send = async (
    params: Record<string, string>,
    body?: Int16Array<ArrayBuffer>,
  ): Promise<void> => {
    try {
      const init: RequestInit = { method: 'POST', signal: abort.signal };
      if (body !== undefined) {
        init.body = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
        init.headers = { 'content-type': 'application/octet-stream' };
      }
      const res = await doFetch(url(params), init);
      if (!res.ok) {
        postError = new VoiceError(
          'http',
          `The transcription route refused audio (HTTP ${res.status}).`,
          {
            status: res.status,
          },
        );
      }
    } catch (error) {
      if (!abort.signal.aborted) {
        postError = new VoiceError('cut', 'Posting audio to the transcription route failed.', {
          cause: error,
        });
      }
    }
  };
  const pump = () => {
    if (inFlight) return;
    inFlight = true;
    void (async () => {
      while (postError === undefined && !abort.signal.aborted) {
        if (pendingSamples > 0) await send({ seq: String(seq++) }, take());
        else if (endRequested) {
          endRequested = false;
          await send({ end: '1', seq: String(seq++) });
        } else break;
      }
      inFlight = false;
    })();
  };

  const stop = async () => {
    if (!listening) return;
    endListening();
    await microphone?.stop();
    endRequested = true;
    pump();
    options.onRecordingEnd?.();
  };

  // The transcript stream first: the session exists before the first chunk is posted.
  let response: Response;
  try {
    response = await doFetch(url({}), {
      signal: abort.signal,
      headers: { accept: 'application/x-ndjson' },
    });
  } catch (error) {
    options.signal?.removeEventListener('abort', onAbort);
    if (abort.signal.aborted) throw abort.signal.reason;
    throw new VoiceError('cut', 'The transcription route could not be reached.', { cause: error });
  }
  const fail = (error: unknown) => {
    abort.abort(error);
    options.signal?.removeEventListener('abort', onAbort);
    return error;
  };
  if (!response.ok) {
    throw fail(
      new VoiceError('http', `The transcription route answered HTTP ${response.status}.`, {
        status: response.status,
      }),
    );
  }
  if (
    !/^application\/x-ndjson\b/i.test(response.headers.get('content-type') ?? '') ||
    response.body === null
  ) {
    throw fail(
      new VoiceError('bad-response', 'The transcription route did not answer with NDJSON.'),
    );
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let pendingRead: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;

  /** The next event; before the audio ended, the user may still be talking, so no deadline then. */
  const nextEvent = async (): Promise<TranscriptEvent | undefined> => {
    for (;;) {
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          throw new VoiceError('bad-response', 'A transcript line is not JSON.');
        }
        if (!isTranscriptEvent(value))
          throw new VoiceError('bad-response', 'A transcript line is not a transcript event.');
        return value;
      }
      if (buffer.length > MAX_LINE)
        throw new VoiceError('bad-response', 'A transcript line is too long.');
      pendingRead ??= reader.read();
      let result: ReadableStreamReadResult<Uint8Array> | undefined;
      try {
        // While the user speaks, a quiet route is normal (nothing to transcribe yet); the idle
        // deadline starts when the recording ends, also for a read that was already waiting.
        result = listening
          ? await within(
              Promise.race([pendingRead, ended]),
              maxDurationMs + idleTimeoutMs,
              abort.signal,
            )
          : await within(pendingRead, idleTimeoutMs, abort.signal);
      } catch (error) {
        if (error instanceof VoiceError || abort.signal.aborted) throw error;
        throw new VoiceError('cut', 'The transcript stream broke off.', { cause: error });
      }
      if (result === undefined) continue;
      pendingRead = undefined;
      if (result.done) return undefined;
      buffer += decoder.decode(result.value, { stream: true });
    }
  };

  try {
    const first = await nextEvent();
    if (first?.type !== 'ready')
      throw new VoiceError('bad-response', 'The transcription route did not open a session.');
    microphone = await startMicrophone({
      ...options.microphone,
      onChunk(samples, level) {
        if (!listening) return;
        const ms = (samples.length / sampleRate) * 1000;
        recordedMs += ms;
        if (level >= speechLevel) {
          if (!heardSpeech) options.onSpeechStart?.();
          heardSpeech = true;
          quietMs = 0;
        } else {
          quietMs += ms;
        }
        pending.push(samples);
        pendingSamples += samples.length;
        pump();
        const pause = endOnSilenceMs !== false && heardSpeech && quietMs >= endOnSilenceMs;
        if (pause || recordedMs >= maxDurationMs) void stop();
      },
    });
  } catch (error) {
    endListening();
    void reader.cancel().catch(() => {});
    throw fail(error);
  }

  const done = (async () => {
    try {
      for (;;) {
        if (postError !== undefined) throw postError;
        const event = await nextEvent();
        if (event === undefined)
          throw new VoiceError('cut', 'The transcript stream ended before its end.');
        switch (event.type) {
          case 'delta':
            transcript += event.text;
            options.onTranscript?.(transcript);
            break;
          case 'done':
            if (event.text !== transcript) {
              transcript = event.text;
              options.onTranscript?.(transcript);
            }
            return transcript;
          case 'error':
            throw new VoiceError('server', event.message);
          default:
            break;
        }
      }
    } finally {
      endListening();
      await microphone?.stop();
      void reader.cancel().catch(() => {});
      options.signal?.removeEventListener('abort', onAbort);
    }
  })();
  done.catch((error) => abort.abort(error));

  return {
    get transcript() {
      return transcript;
    },
    get listening() {
      return listening;
    },
    stop,
    done,
  };
}
