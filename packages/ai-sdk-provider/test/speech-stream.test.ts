import {
  experimental_streamSpeech as streamSpeech,
  generateSpeech,
  streamText,
  UnsupportedFunctionalityError,
} from 'ai';
import { splitSentences } from '@polargrid/core/voice';
import { describe, expect, it } from 'vitest';
import { collect, emulatorProvider } from './helpers.js';

// Runs in Node and in the edge runtime against the shared emulator (test/global-setup.ts).
const pg = emulatorProvider();
const model = pg.speech('kokoro-82m');

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The whole-clip PCM the edge makes for each sentence alone, joined. */
async function clipsOf(sentences: string[], voice = 'af_bella'): Promise<Uint8Array> {
  const clips: Uint8Array[] = [];
  for (const text of sentences) {
    const clip = await generateSpeech({ model, text, voice, outputFormat: 'pcm' });
    clips.push(clip.audio.uint8Array);
  }
  return concat(clips);
}

// Several round trips per test: give a loaded machine room.
describe('experimental_streamSpeech with polargrid.speech()', { timeout: 60_000 }, () => {
  it('speaks a string as 24 kHz PCM, reporting usage and where it ran', async () => {
    const result = streamSpeech({ model, text: 'Hello from the edge.', voice: 'af_bella' });
    const parts = await collect(result.fullStream);
    const audio = parts.flatMap((p) => (p.type === 'audio' ? [p] : []));
    expect(audio.length).toBeGreaterThan(0);
    expect(audio[0]?.audioFormat).toEqual({ type: 'audio/pcm', rate: 24_000 });
    expect(concat(audio.map((p) => p.audio))).toEqual(await clipsOf(['Hello from the edge.']));
    expect(await result.usage).toMatchObject({ inputCharacters: 20, raw: { sentences: 1 } });
    expect(await result.warnings).toEqual([]);
    expect(await result.providerMetadata).toMatchObject({
      polargrid: {
        region: 'yvr-02',
        sentences: [{ index: 0, region: 'yvr-02', serverFirstByteMs: expect.any(Number) }],
      },
    });
    expect((await result.responses)[0]?.headers?.['content-type']).toBe('audio/pcm');
  });

  it('speaks an array of deltas sentence by sentence, audio in order', async () => {
    const result = streamSpeech({
      model,
      text: ['The first ', 'sentence. The second', ' one! And a third?'],
      voice: 'af_bella',
    });
    const audio = concat(await collect(result.audioStream));
    expect(audio).toEqual(
      await clipsOf(['The first sentence.', 'The second one!', 'And a third?']),
    );
    expect(await result.usage).toMatchObject({ raw: { sentences: 3, failedSentences: 0 } });
  });

  it('speaks streamText(...).textStream as it streams', async () => {
    const answer = streamText({
      model: pg('qwen-3.8-27b'),
      prompt: 'Tell me about the edge in a few sentences.',
      maxOutputTokens: 60,
    });
    const speech = streamSpeech({ model, text: answer.textStream, voice: 'am_adam' });
    const audio = concat(await collect(speech.audioStream));
    const sentences = splitSentences(await answer.text);
    expect(sentences.length).toBeGreaterThan(1);
    // The whole answer is spoken, sentence by sentence, in order.
    expect(audio).toEqual(await clipsOf(sentences, 'am_adam'));
    const metadata = (await speech.providerMetadata).polargrid as { sentences: unknown[] };
    expect(metadata.sentences).toHaveLength(sentences.length);
    expect((await speech.usage).inputCharacters).toBe(sentences.join('').length);
  });

  it('passes per-part voices through and warns about a format it cannot stream', async () => {
    const result = streamSpeech({
      model,
      text: [
        { type: 'text', text: 'Bella speaks first.' },
        { type: 'text', text: 'Adam answers.', voice: 'am_adam' },
      ],
      voice: 'af_bella',
      outputFormat: { type: 'audio/mpeg' },
    });
    const audio = concat(await collect(result.audioStream));
    const bella = await clipsOf(['Bella speaks first.'], 'af_bella');
    const adam = await clipsOf(['Adam answers.'], 'am_adam');
    expect(audio).toEqual(concat([bella, adam]));
    expect(await result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'outputFormat' }),
    ]);
  });

  it('rejects an unknown per-part voice with InvalidArgumentError', async () => {
    const result = streamSpeech({
      model,
      text: [{ type: 'text', text: 'Who speaks?', voice: 'alloy' }],
      voice: 'af_bella',
      onError: () => {},
    });
    await expect(collect(result.audioStream)).rejects.toMatchObject({
      name: 'AI_InvalidArgumentError',
      message: expect.stringContaining('Unknown voice "alloy"'),
    });
  });

  it('is a streaming model: no UnsupportedFunctionalityError', () => {
    expect(() => streamSpeech({ model, text: 'Hi.' })).not.toThrow(UnsupportedFunctionalityError);
  });
});
