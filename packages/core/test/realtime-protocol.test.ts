import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeFrame,
  FrameFormatError,
  FrameKind,
  personaPlexEdgeURL,
  personaPlexSocketURL,
} from '../src/realtime/protocol.js';

describe('the PersonaPlex wire', () => {
  it('builds the socket URL from an edge base URL, with voice and persona and never a token', () => {
    expect(personaPlexSocketURL(personaPlexEdgeURL('yto-01'), 'NATF0', undefined)).toBe(
      'wss://api.yto-01.edge.polargrid.ai/v1/voice/personaplex?voice=NATF0',
    );
    const url = personaPlexSocketURL(
      'http://127.0.0.1:9000/?token=pg_x#frag',
      'VARM4',
      'A barista & friend?',
    );
    expect(url).toBe(
      'ws://127.0.0.1:9000/v1/voice/personaplex?voice=VARM4&persona=A+barista+%26+friend%3F',
    );
    expect(personaPlexSocketURL('https://edge.example/prefix/', 'NATF0', '')).toBe(
      'wss://edge.example/prefix/v1/voice/personaplex?voice=NATF0&persona=',
    );
  });

  it('frames are one kind byte and a payload', () => {
    expect(Array.from(encodeFrame(FrameKind.audio, Uint8Array.of(7, 8)))).toEqual([1, 7, 8]);
    expect(decodeFrame(Uint8Array.of(0))).toEqual({ kind: 'handshake' });
    // The Rust backend's handshake carries version and model as two u32: accepted too.
    expect(decodeFrame(new Uint8Array(9))).toEqual({ kind: 'handshake' });
    expect(decodeFrame(Uint8Array.of(1, 9))).toEqual({ kind: 'audio', data: Uint8Array.of(9) });
    expect(decodeFrame(encodeFrame(FrameKind.text, new TextEncoder().encode(' héllo')))).toEqual({
      kind: 'text',
      text: ' héllo',
    });
    expect(decodeFrame(Uint8Array.of(5, 0x6e, 0x6f))).toEqual({ kind: 'error', message: 'no' });
    expect(decodeFrame(Uint8Array.of(6))).toEqual({ kind: 'ping' });
    expect(decodeFrame(Uint8Array.of(0x42, 1))).toEqual({ kind: 'unknown', byte: 0x42 });
    expect(() => decodeFrame(new Uint8Array(0))).toThrow(FrameFormatError);
    expect(() => decodeFrame(Uint8Array.of(2, 0xc3))).toThrow(FrameFormatError);
  });
});
