'use client';

import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { ModelOption, ModelsResponse } from '@/app/api/models/route';
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
  });
  // The transport reads the latest settings at send time, so switching needs no new chat.
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const [stopped, setStopped] = useState<ReadonlySet<string>>(new Set());
  const [input, setInput] = useState('');
  const models = useModels();

  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatUIMessage>({
        api: ENDPOINTS['ai-sdk'],
        prepareSendMessagesRequest: ({ messages, body }) => {
          const s = settingsRef.current;
          return {
            api: ENDPOINTS[s.backend],
            body: { ...body, messages, model: s.model, thinking: s.thinking },
          };
        },
      }),
    [],
  );

  const { messages, sendMessage, status, stop, error, regenerate, clearError, setMessages } =
    useChat<ChatUIMessage>({
      transport,
      onFinish: ({ message, isAbort }) => {
        if (isAbort) setStopped((prev) => new Set(prev).add(message.id));
      },
    });

  const busy = status === 'submitted' || status === 'streaming';
  const listRef = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when messages, status or error change
  useEffect(() => {
    listRef.current?.scrollTo({ top: listRef.current.scrollHeight });
  }, [messages, status, error]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const text = input.trim();
    if (!text || busy) return;
    if (error) clearError();
    void sendMessage({ text });
    setInput('');
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
            stopped={stopped.has(m.id)}
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

      <form className="composer" onSubmit={onSubmit}>
        <input
          data-testid="prompt"
          value={input}
          placeholder="What's the weather in Toronto?"
          onChange={(e) => setInput(e.target.value)}
        />
        {busy ? (
          <button type="button" className="stop" data-testid="stop" onClick={() => void stop()}>
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
            setStopped(new Set());
          }}
        >
          Clear
        </button>
      </form>
      <footer className="status" data-testid="status" data-status={status}>
        {status}
      </footer>
    </main>
  );
}
