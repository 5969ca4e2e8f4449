import { describe, expect, it } from 'vitest';
import { OggOpusEncoder } from '../src/audio/opus.js';
import { encodeText } from '../src/audio/tone-codec.js';
import { PersonaPlexConversation } from '../src/edge/personaplex/conversation.js';

const silence = (ms: number) => Buffer.alloc((ms / 1000) * 24_000 * 2);

/** Feeds `pcm` to the model in 80 ms Ogg pages, as a microphone would; returns what it said. */
function talk(conversation: PersonaPlexConversation, user: OggOpusEncoder, pcm: Buffer) {
  const texts: string[] = [];
  for (const page of user.encode(pcm, { packetsPerPage: 4 }))
    for (const step of conversation.hear(page)) texts.push(...step.texts);
  return texts.join('');
}

describe('the emulated PersonaPlex model', () => {
  it('answers what it heard, and stops mid-reply when the user talks over it (barge-in)', () => {
    const conversation = new PersonaPlexConversation();
    const user = new OggOpusEncoder(7);
    try {
      for (const page of user.headers()) conversation.hear(page);
      // The first answer is heard in full while the user stays quiet.
      let said = talk(
        conversation,
        user,
        Buffer.concat([encodeText('Hello there'), silence(4_000)]),
      );
      expect(said.trim()).toBe('You said: Hello there');
      expect(conversation.interruptions).toBe(0);

      // The user asks again and talks over the answer 400 ms into it.
      said = talk(
        conversation,
        user,
        Buffer.concat([encodeText('What about tomorrow?'), silence(400)]),
      );
      expect(conversation.speaking).toBe(true);
      said += talk(conversation, user, Buffer.concat([encodeText('Stop.'), silence(4_000)]));
      expect(conversation.interruptions).toBe(1);
      expect(conversation.heard).toEqual(['Hello there', 'What about tomorrow?', 'Stop.']);
      // The second answer was cut after a word or two; the third is whole.
      expect(said).toMatch(/^ You said:( What)? You said: Stop\.$/);
      expect(conversation.speaking).toBe(false);
    } finally {
      conversation.free();
      user.free();
    }
  });

  it('does not stay deaf after sound it cannot understand (a clipped question, noise)', () => {
    const conversation = new PersonaPlexConversation();
    const user = new OggOpusEncoder(8);
    try {
      for (const page of user.headers()) conversation.hear(page);
      // A question whose first 100 ms were lost (as when capture starts late), then a whole one.
      const clipped = encodeText('Are you there?').subarray(4_800);
      const said = talk(
        conversation,
        user,
        Buffer.concat([clipped, silence(500), encodeText('Hello?'), silence(4_000)]),
      );
      expect(conversation.heard).toEqual(['Hello?']);
      expect(said.trim()).toBe('You said: Hello?');
    } finally {
      conversation.free();
      user.free();
    }
  });
});
