/**
 * The microphone: records 24 kHz 16-bit mono PCM with Web Audio, posts it to the transcribe route
 * in small chunks while the user speaks, and reads the transcript back as it is recognised. It
 * stops by itself after a pause once something was said (or when `stop()` is called).
 */
import { VOICE_SAMPLE_RATE } from '@/lib/chat-metadata';

export interface MicrophoneCallbacks {
  /** The transcript so far (it grows while the user speaks). */
  onTranscript(text: string): void;
  /** The final transcript, after the audio ended. */
  onDone(text: string): void;
  onError(message: string): void;
  /** Recording ended (the transcript may still be finishing). */
  onStopped(): void;
}

/** Posted about four times a second. */
const CHUNK_BYTES = (VOICE_SAMPLE_RATE * 2) / 4;
/** A pause this long after speech ends the recording. */
const END_PAUSE_MS = 1_200;
const MAX_RECORDING_MS = 30_000;
/** RMS level (of full scale) above which the microphone hears speech. */
const SPEECH_LEVEL = 0.02;

/** Copies each 128-sample block of the microphone to the page. */
const CAPTURE_WORKLET = `
class Capture extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) this.port.postMessage(channel.slice(0));
    return true;
  }
}
registerProcessor('pg-capture', Capture);
`;

function toPcm16(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] ?? 0));
    view.setInt16(i * 2, Math.round(s * 32_767), true);
  }
  return out;
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

export class Microphone {
  readonly #callbacks: MicrophoneCallbacks;
  readonly #session = crypto.randomUUID().replaceAll('-', '');
  #context: AudioContext | undefined;
  #media: MediaStream | undefined;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  /** Posts go one after another, so the chunks arrive in order. */
  #posting: Promise<unknown> = Promise.resolve();
  #heardSpeech = false;
  #quietMs = 0;
  #recordedMs = 0;
  #stopped = false;

  constructor(callbacks: MicrophoneCallbacks) {
    this.#callbacks = callbacks;
  }

  #url(extra = ''): string {
    return `/api/transcribe?session=${this.#session}${extra}`;
  }

  /** Opens the transcript stream, then the microphone. Call it from a click. */
  async start(): Promise<void> {
    const context = new AudioContext({ sampleRate: VOICE_SAMPLE_RATE });
    this.#context = context;
    const response = await fetch(this.#url());
    if (!response.ok || !response.body) {
      this.#callbacks.onError(`The transcription stream failed (HTTP ${response.status}).`);
      await this.#release();
      return;
    }
    void this.#readTranscript(response.body);
    this.#media = await navigator.mediaDevices.getUserMedia({
      audio: {
        channelCount: 1,
        echoCancellation: false,
        noiseSuppression: false,
        autoGainControl: false,
      },
    });
    const url = URL.createObjectURL(new Blob([CAPTURE_WORKLET], { type: 'text/javascript' }));
    await context.audioWorklet.addModule(url);
    URL.revokeObjectURL(url);
    const capture = new AudioWorkletNode(context, 'pg-capture');
    capture.port.onmessage = (event: MessageEvent<Float32Array>) => this.#take(event.data);
    context.createMediaStreamSource(this.#media).connect(capture);
  }

  /** Ends the recording; the transcript of what was said still arrives through `onDone`. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#release();
    this.#flush();
    this.#posting = this.#posting.then(() => fetch(this.#url('&end=1'), { method: 'POST' }));
    this.#callbacks.onStopped();
  }

  async #release(): Promise<void> {
    for (const track of this.#media?.getTracks() ?? []) track.stop();
    await this.#context?.close().catch(() => {});
  }

  #take(samples: Float32Array): void {
    if (this.#stopped) return;
    const ms = (samples.length / VOICE_SAMPLE_RATE) * 1000;
    this.#recordedMs += ms;
    if (rms(samples) >= SPEECH_LEVEL) {
      this.#heardSpeech = true;
      this.#quietMs = 0;
    } else {
      this.#quietMs += ms;
    }
    const pcm = toPcm16(samples);
    this.#pending.push(pcm);
    this.#pendingBytes += pcm.byteLength;
    if (this.#pendingBytes >= CHUNK_BYTES) this.#flush();
    if (
      (this.#heardSpeech && this.#quietMs >= END_PAUSE_MS) ||
      this.#recordedMs >= MAX_RECORDING_MS
    )
      void this.stop();
  }

  #flush(): void {
    if (this.#pendingBytes === 0) return;
    const body = new Uint8Array(this.#pendingBytes);
    let at = 0;
    for (const part of this.#pending) {
      body.set(part, at);
      at += part.byteLength;
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#posting = this.#posting.then(() =>
      fetch(this.#url(), {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body,
      }),
    );
  }

  /** Reads the route's newline-delimited JSON events: `delta`, `final`, `done`, `error`. */
  async #readTranscript(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        const event = JSON.parse(line) as { type: string; text?: string; message?: string };
        if (event.type === 'delta') {
          text += event.text ?? '';
          this.#callbacks.onTranscript(text);
        } else if (event.type === 'done') {
          this.#callbacks.onDone(event.text ?? text);
        } else if (event.type === 'error') {
          this.#callbacks.onError(event.message ?? 'Transcription failed.');
        }
      }
    }
  }
}
