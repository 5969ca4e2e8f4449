import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeChatStream } from '../chat-stream-decoder.js';
import { FIXTURES, type StreamFixture } from './fixtures.js';
import { bodyOf, collect } from './helpers.js';

const encoder = new TextEncoder();

/** The fixture's bytes cut at `cuts` (positions taken modulo the length). */
function piecesOf(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % bytes.length))]
    .filter((c) => c > 0)
    .sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const point of points) {
    pieces.push(bytes.slice(from, point));
    from = point;
  }
  pieces.push(bytes.slice(from));
  return pieces;
}

function replay(fixture: StreamFixture, pieces: Uint8Array[]) {
  return collect(decodeChatStream(bodyOf(pieces), fixture.options));
}

describe.each(FIXTURES.map((f) => [f.name, f] as const))('fixture: %s', (_name, fixture) => {
  const bytes = encoder.encode(fixture.sse);

  it('decodes to the expected events replayed whole', async () => {
    expect(await replay(fixture, [bytes])).toEqual(fixture.expected);
  });

  it('decodes to the same events replayed byte by byte', async () => {
    const bytewise = [...bytes].map((b) => Uint8Array.of(b));
    expect(await replay(fixture, bytewise)).toEqual(fixture.expected);
  });

  it('decodes to the same events in random splits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 16 }), async (cuts) => {
        expect(await replay(fixture, piecesOf(bytes, cuts))).toEqual(fixture.expected);
      }),
      { numRuns: 40 },
    );
  });
});
