'use client';

import { experimental_useRealtime as useRealtime } from '@ai-sdk/react';
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { useMemo, useRef, useState } from 'react';

// No key here: the model object only maps the relay's events; the relay holds the key.
const model = createPolarGrid().experimental_realtime('personaplex');

/** The microphone without the browser's voice processing (it would smear PersonaPlex's input). */
async function rawMicrophone(): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    audio: {
      echoCancellation: false,
      noiseSuppression: false,
      autoGainControl: false,
      channelCount: 1,
    },
  });
}

/**
 * A realtime conversation with PersonaPlex through the app's relay: the AI SDK captures the
 * microphone and plays the model's voice (24 kHz PCM); the page shows the model's transcript and
 * keeps count of the audio it was given to play (the chunks themselves are on
 * `globalThis.polargridPlayedAudio`, for the browser test to check what was heard).
 */
export function RealtimeTalk({ relayURL }: { relayURL: string }) {
  const played = useRef<string[]>([]);
  const [audioChunks, setAudioChunks] = useState(0);
  const [error, setError] = useState<string>();
  const options = useMemo(
    () => ({
      model,
      api: { websocket: relayURL },
      sessionConfig: { voice: 'NATF0', instructions: 'You are a friendly assistant.' },
      // The model speaks (silence included) for as long as it is fed; allow a few seconds of
      // backlog before the SDK pauses playback (its default is 2 s).
      maxPlaybackBufferSeconds: 8,
      onEvent: (event: { type: string; delta?: unknown }) => {
        if (event.type === 'audio-chunk' && typeof event.delta === 'string') {
          played.current.push(event.delta);
          // Rendered ten times a second at most: the model sends a chunk every 20 ms.
          if (played.current.length % 5 === 0) setAudioChunks(played.current.length);
        }
      },
      onError: (e: Error) => setError(e.message),
    }),
    [relayURL],
  );
  const { status, messages, isPlaying, connect, close } = useRealtime(options);
  const talking = status === 'connected' || status === 'connecting';
  return (
    <main className="realtime">
      <h1>Talk to PersonaPlex</h1>
      <button
        type="button"
        data-testid="talk"
        data-status={status}
        onClick={async () => {
          if (talking) return close();
          setError(undefined);
          played.current = [];
          (globalThis as { polargridPlayedAudio?: string[] }).polargridPlayedAudio = played.current;
          setAudioChunks(0);
          await connect({ stream: await rawMicrophone() });
        }}
      >
        {talking ? 'Hang up' : 'Talk'}
      </button>
      <p data-testid="playback" data-playing={String(isPlaying)} data-chunks={audioChunks}>
        {isPlaying ? 'speaking…' : 'listening'} ({audioChunks} audio chunks)
      </p>
      {error && <p data-testid="realtime-error">{error}</p>}
      <ul>
        {messages.map((message) => (
          <li key={message.id} data-testid="realtime-message" data-role={message.role}>
            <b>{message.role === 'user' ? 'You' : 'PersonaPlex'}:</b>{' '}
            {message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('')}
          </li>
        ))}
      </ul>
    </main>
  );
}
