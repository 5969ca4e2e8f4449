'use client';

import { useChat } from '@ai-sdk/react';
import { useDictation, useSpeechPlayer } from '@polargrid/ai-sdk-provider/react';
import { DefaultChatTransport } from 'ai';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { ModelOption, ModelsResponse } from '@/app/api/models/route';
import { type AnswerEnding, answerEnding } from '@/lib/answer-ending';
import { type ChatBackend, type ChatUIMessage, DEFAULT_MODEL } from '@/lib/chat-metadata';
import { Message } from './message-parts';

const ENDPOINTS: Record<ChatBackend, string> = {
  'ai-sdk': '/api/chat',
  langchain: '/api/langchain',
};

interface Settings {
  backend: ChatBackend;
  model: string;
  thinking: boolean;
  /** Speak answers while they stream (AI SDK backend). */
  speak: boolean;
}

/** When the last spoken answer's audio started, relative to its text (page clock, ms). */
interface SpeechTimes {
  sentAt?: number;
  audioStartedAt?: number;
  textEndedAt?: number;
  chunks: number;
}

function useModels() {
  const [state, setState] = useState<{ models: ModelOption[]; where?: string; error?: string }>({
    models: [],
  });
  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/models', { signal: controller.signal })
      .then(async (res) => {
        const body = (await res.json()) as ModelsResponse | { error: string };
        if ('error' in body) setState({ models: [], error: body.error });
        else
          setState({
            models: body.models,
            where: body.regionName ? `${body.regionName} (${body.region})` : body.region,
          });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ models: [], error: String(error) });
      });
    return () => controller.abort();
  }, []);
  return state;
}

export function Chat() {
  const [settings, setSettings] = useState<Settings>({
    backend: 'ai-sdk',
    model: DEFAULT_MODEL,
    thinking: false,
    speak: false,
  });
  // The transport reads the latest settings at send time, so switching needs no new chat.
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  // How answers ended, when not normally (stopped, cut short, at the output limit), by message id.
  const [endings, setEndings] = useState<ReadonlyMap<string, AnswerEnding>>(new Map());
  const [input, setInput] = useState('');
  const models = useModels();
  // Voice: the provider's browser helpers play the answer's `data-speech` parts and stream the
  // microphone to the transcribe route; speaking into the microphone stops the answer (barge-in).
  const speechPlayer = useSpeechPlayer();
  const [speech, setSpeech] = useState<SpeechTimes>({ chunks: 0 });
  const dictation = useDictation({
    url: '/api/transcribe',
    // Barge-in: talking over the answer interrupts it, its audio and its text.
    onSpeechStart: () => {
      speechPlayer.stop();
      void stop();
    },
    onDone: (text) => send(text),
  });
  const listening = dictation.listening;
  const voiceError = dictation.error?.message ?? speechPlayer.error?.message;
  useEffect(() => {
    if (dictation.active) setInput(dictation.transcript);
  }, [dictation.active, dictation.transcript]);

  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatUIMessage>({
        api: ENDPOINTS['ai-sdk'],
        prepareSendMessagesRequest: ({ messages, body }) => {
          const s = settingsRef.current;
          return {
            api: ENDPOINTS[s.backend],
            body: {
              ...body,
              messages,
              model: s.model,
              thinking: s.thinking,
              speak: s.speak && s.backend === 'ai-sdk',
            },
          };
        },
      }),
    [],
  );

  const { messages, sendMessage, status, stop, error, regenerate, clearError, setMessages } =
    useChat<ChatUIMessage>({
      transport,
      onFinish: ({ message, ...finish }) => {
        const ending = answerEnding(finish);
        if (ending) setEndings((prev) => new Map(prev).set(message.id, ending));
      },
      // The spoken answer: transient `data-speech` parts, played as they come.
      onData: (part) => {
        speechPlayer.onData(part);
        if (part.type !== 'data-speech' || part.data.type !== 'audio') return;
        setSpeech((t) => ({
          ...t,
          audioStartedAt: t.audioStartedAt ?? performance.now(),
          chunks: t.chunks + 1,
        }));
      },
    });

  const busy = status === 'submitted' || status === 'streaming';
  const listRef = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when messages, status or error change
  useEffect(() => {
    listRef.current?.scrollTo({ top: listRef.current.scrollHeight });
  }, [messages, status, error]);

  // The text of an answer ended: the moment the spoken audio is compared with.
  useEffect(() => {
    if (status === 'ready' || status === 'error')
      setSpeech((t) =>
        t.sentAt !== undefined && t.textEndedAt === undefined
          ? { ...t, textEndedAt: performance.now() }
          : t,
      );
  }, [status]);

  const send = (raw: string) => {
    const text = raw.trim();
    if (!text || busy) return;
    if (error) clearError();
    // The previous answer stops; the player takes the next one.
    speechPlayer.stop();
    void speechPlayer.resume();
    setSpeech({ chunks: 0, sentAt: performance.now() });
    void sendMessage({ text });
    setInput('');
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send(input);
  };

  const toggleMicrophone = () => {
    if (dictation.listening) void dictation.stop();
    else void dictation.start();
  };

  const modelOptions = models.models.length > 0 ? models.models : [{ id: settings.model }];
  const selected = models.models.find((m) => m.id === settings.model);

  return (
    <main className="shell">
      <header className="toolbar">
        <div className="brand">
          <span className="logo" aria-hidden>
            ❄
          </span>
          PolarGrid chat
        </div>
        <fieldset className="segmented" aria-label="Backend">
          {(['ai-sdk', 'langchain'] as const).map((b) => (
            <label key={b} className={settings.backend === b ? 'active' : ''}>
              <input
                type="radio"
                name="backend"
                value={b}
                data-testid={`backend-${b}`}
                checked={settings.backend === b}
                onChange={() => setSettings((s) => ({ ...s, backend: b }))}
              />
              {b === 'ai-sdk' ? 'AI SDK' : 'LangChain'}
            </label>
          ))}
        </fieldset>
        <label className="field">
          Model
          <select
            data-testid="model-select"
            value={settings.model}
            onChange={(e) => setSettings((s) => ({ ...s, model: e.target.value }))}
          >
            {modelOptions.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id}
              </option>
            ))}
          </select>
        </label>
        <label
          className="field toggle"
          title={selected?.reasoning === false ? 'This model does not reason' : undefined}
        >
          <input
            type="checkbox"
            data-testid="thinking-toggle"
            checked={settings.thinking}
            onChange={(e) => setSettings((s) => ({ ...s, thinking: e.target.checked }))}
          />
          Enable thinking
        </label>
        <label
          className="field toggle"
          title={settings.backend === 'ai-sdk' ? undefined : 'Speech uses the AI SDK backend'}
        >
          <input
            type="checkbox"
            data-testid="speak-toggle"
            checked={settings.speak}
            onChange={(e) => {
              const speak = e.target.checked;
              // A click is the gesture browsers ask for before a page may play audio.
              if (speak) void speechPlayer.resume();
              else speechPlayer.stop();
              setSettings((s) => ({ ...s, speak }));
            }}
          />
          Speak answers
        </label>
        <span className="where" data-testid="models-source">
          {models.error ? `models: ${models.error}` : models.where ? `edge: ${models.where}` : ''}
        </span>
      </header>

      <div className="messages" ref={listRef} data-testid="messages">
        {messages.length === 0 && (
          <div className="empty">
            Ask about the weather or the time somewhere — the model calls tools on the server.
          </div>
        )}
        {messages.map((m) => (
          <Message
            key={m.id}
            message={m}
            ending={endings.get(m.id)}
            active={busy && m.id === messages.at(-1)?.id}
          />
        ))}
        {status === 'submitted' && (
          <div className="pending" data-testid="pending">
            Waiting for the edge…
          </div>
        )}
        {error && (
          <div className="error" role="alert" data-testid="error">
            <div>
              <strong>The edge request failed.</strong> {error.message}
            </div>
            <button type="button" data-testid="retry" onClick={() => void regenerate()}>
              Retry
            </button>
          </div>
        )}
      </div>

      {voiceError && (
        <div className="error" role="alert" data-testid="voice-error">
          {voiceError}
        </div>
      )}
      <form className="composer" onSubmit={onSubmit}>
        <button
          type="button"
          className={listening ? 'mic listening' : 'mic secondary'}
          data-testid="mic"
          data-listening={listening}
          aria-pressed={listening}
          title={listening ? 'Stop listening' : 'Speak your question'}
          onClick={toggleMicrophone}
        >
          {listening ? '● Listening' : 'Mic'}
        </button>
        <input
          data-testid="prompt"
          value={input}
          placeholder="What's the weather in Toronto?"
          onChange={(e) => setInput(e.target.value)}
        />
        {busy ? (
          <button
            type="button"
            className="stop"
            data-testid="stop"
            onClick={() => {
              speechPlayer.stop();
              void stop();
            }}
          >
            Stop
          </button>
        ) : (
          <button type="submit" data-testid="send" disabled={!input.trim()}>
            Send
          </button>
        )}
        <button
          type="button"
          className="secondary"
          data-testid="clear"
          disabled={busy || messages.length === 0}
          onClick={() => {
            setMessages([]);
            clearError();
            setEndings(new Map());
          }}
        >
          Clear
        </button>
      </form>
      <footer className="status" data-testid="status" data-status={status}>
        {status}
        {settings.speak && (
          <span
            className="speech"
            data-testid="speech"
            data-chunks={speech.chunks}
            data-playing={speechPlayer.playing}
            data-ended={speechPlayer.lastEnd?.reason}
            data-ended-frames={speechPlayer.lastEnd?.frames}
            data-audio-after-ms={
              speech.audioStartedAt !== undefined && speech.sentAt !== undefined
                ? Math.round(speech.audioStartedAt - speech.sentAt)
                : undefined
            }
            data-text-after-ms={
              speech.textEndedAt !== undefined && speech.sentAt !== undefined
                ? Math.round(speech.textEndedAt - speech.sentAt)
                : undefined
            }
          >
            {speechPlayer.playing ? ' · speaking' : ''}
            {speechPlayer.playing && (
              <button
                type="button"
                className="secondary"
                data-testid="stop-speaking"
                onClick={speechPlayer.stop}
              >
                Stop speaking
              </button>
            )}
          </span>
        )}
      </footer>
    </main>
  );
}
