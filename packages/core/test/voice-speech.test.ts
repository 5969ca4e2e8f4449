import { describe, expect, inject, it } from 'vitest';
import { streamSpeechFromText, type SpeechFromTextEvent } from '../src/voice/speech-from-text.js';
import { createSpeech, PolarGridEdge } from '../src/index.js';

// Runs in both projects (Node and edge-runtime) against the emulator started by test/global-setup.ts.
const emulator = inject('emulator');
const client = () => new PolarGridEdge({ ...emulator, maxRetries: 0 });
const SPEECH = { model: 'kokoro-82m', voice: 'af_bella' };

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const audioOf = (events: SpeechFromTextEvent[], index?: number) =>
  concat(
    events.flatMap((e) =>
      e.type === 'audio' && (index === undefined || e.index === index) ? [e.audio] : [],
    ),
  );

describe('streamSpeechFromText against the shared emulator', () => {
  it('speaks an array of deltas sentence by sentence, in order, each sentence its own clip', async () => {
    const edge = client();
    const events = await collect(
      streamSpeechFromText(
        edge,
        ['The sky is ', 'blue. Grass is', ' green! Is it? ', 'Yes'],
        SPEECH,
      ),
    );
    const sentences = events.flatMap((e) => (e.type === 'sentence-start' ? [e.text] : []));
    expect(sentences).toEqual(['The sky is blue.', 'Grass is green!', 'Is it?', 'Yes']);
    // Strict order: every event of sentence i comes before any event of sentence i + 1.
    const order = events.flatMap((e) => ('index' in e ? [e.index] : []));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      usage: {
        sentences: 4,
        failedSentences: 0,
        characters: 'The sky is blue.Grass is green!Is it?Yes'.length,
      },
    });
    // Each sentence's audio is exactly what the edge makes for that sentence alone.
    for (const [index, text] of sentences.entries()) {
      const whole = await createSpeech(edge, { ...SPEECH, input: text, response_format: 'pcm' });
      expect(audioOf(events, index)).toEqual(whole.data.audio);
    }
    const ends = events.filter((e) => e.type === 'sentence-end');
    expect(ends).toHaveLength(4);
    for (const end of ends) {
      expect(end.meta.region).toBe('yvr-02');
      expect(end.timing.serverFirstByteMs).toBeGreaterThanOrEqual(0);
      expect(end.timing.firstAudioAtMs).toBeGreaterThanOrEqual(end.timing.requestedAtMs);
    }
  });

  it('starts speaking the first sentence before the text has ended', async () => {
    let releaseRest!: () => void;
    const firstAudioSeen = new Promise<void>((resolve) => {
      releaseRest = resolve;
    });
    async function* answer() {
      yield 'First sentence here. ';
      // The rest only comes once audio of the first sentence is out: a pipeline that waited for
      // the whole text would never get here.
      await firstAudioSeen;
      yield 'Second one. ';
      yield 'Third.';
    }
    const reader = streamSpeechFromText(client(), answer(), SPEECH).getReader();
    const events: SpeechFromTextEvent[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      events.push(value);
      if (value.type === 'audio') releaseRest();
    }
    expect(events.filter((e) => e.type === 'sentence-end').map((e) => e.index)).toEqual([0, 1, 2]);
  });

  it('accepts a ReadableStream of parts with per-part voices, and a plain string', async () => {
    const parts = new ReadableStream({
      start(controller) {
        controller.enqueue({ text: 'Hello from Bella. And ' });
        controller.enqueue({ text: 'hello from Adam.', voice: 'am_adam' });
        controller.close();
      },
    });
    const events = await collect(streamSpeechFromText(client(), parts, SPEECH));
    const starts = events.flatMap((e) =>
      e.type === 'sentence-start' ? [[e.text, e.request.voice]] : [],
    );
    expect(starts).toEqual([
      ['Hello from Bella.', 'af_bella'],
      ['And', 'af_bella'],
      ['hello from Adam.', 'am_adam'],
    ]);
    const single = await collect(streamSpeechFromText(client(), 'Just one.', SPEECH));
    expect(single.filter((e) => e.type === 'sentence-start')).toHaveLength(1);
  });

  it('rejects bad options before any request', () => {
    expect(() => streamSpeechFromText(client(), 'Hi.', { ...SPEECH, voice: '' })).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    );
    expect(() =>
      streamSpeechFromText(client(), 'Hi.', { ...SPEECH, format: 'mp3' as 'pcm' }),
    ).toThrow(/format must be one of pcm, opus/);
  });
});
