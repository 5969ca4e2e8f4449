/**
 * The AI SDK route: `streamText` over PolarGrid with two server-side tools and a multi-step loop,
 * streamed to `useChat` as a UI message stream with reasoning and per-answer metadata. With
 * "speak answers" on, `experimental_streamSpeech` speaks the answer while it streams.
 */
import { createPolarGrid, writeSpeechParts } from '@polargrid/ai-sdk-provider';
import {
  convertToModelMessages,
  createUIMessageStream,
  createUIMessageStreamResponse,
  experimental_streamSpeech as streamSpeech,
  isStepCount,
  streamText,
  type TextStreamPart,
  type ToolSet,
} from 'ai';
import { aiSdkTools } from '@/lib/ai-sdk-tools';
import {
  type ChatMetadata,
  type ChatRequestBody,
  type ChatUIMessage,
  DEFAULT_MODEL,
  SPEECH_MODEL,
  SPEECH_VOICE,
} from '@/lib/chat-metadata';
import { describeError } from '@/lib/describe-error';
import { polarGridSettings } from '@/lib/polargrid-settings';
import { compact, fromPolarGridMetadata } from '@/lib/provider-metadata';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const SYSTEM =
  'You are a concise assistant running on PolarGrid edge inference. ' +
  'Use get_weather for weather questions and get_time for time questions.';

export async function POST(req: Request): Promise<Response> {
  const startedAt = performance.now();
  const body = (await req.json()) as ChatRequestBody;
  const modelId = body.model || DEFAULT_MODEL;

  // One provider per request: settings come from the server env (the key never leaves it), and
  // the AI SDK owns retries (the provider sets the core's own retries to 0).
  const polargrid = createPolarGrid(polarGridSettings());

  let firstTokenAt: number | undefined;
  let steps = 0;

  const result = streamText({
    model: polargrid(modelId),
    system: SYSTEM,
    messages: await convertToModelMessages(body.messages),
    tools: aiSdkTools,
    stopWhen: isStepCount(4),
    reasoning: body.thinking ? 'medium' : 'none',
    // One retry, then the UI shows the error with its own retry button.
    maxRetries: 1,
    // Client disconnect (the stop button) aborts the edge request too.
    abortSignal: req.signal,
    onAbort: ({ steps: done }) => {
      console.log(`[next-chat] ai-sdk stream aborted by the client after ${done.length} step(s)`);
    },
    onError: ({ error }) => {
      console.error(`[next-chat] ai-sdk stream error: ${describeError(error)}`);
    },
  });

  const uiOptions = {
    sendReasoning: true,
    onError: describeError,
    messageMetadata: ({ part }: { part: TextStreamPart<ToolSet> }): ChatMetadata | undefined => {
      switch (part.type) {
        case 'start':
          return { backend: 'ai-sdk', model: modelId };
        // The first token the model streams: text, reasoning, or a tool call's arguments.
        case 'text-delta':
        case 'reasoning-delta':
        case 'tool-input-delta':
          if (firstTokenAt !== undefined) return undefined;
          firstTokenAt = performance.now();
          return { ttftMs: Math.round(firstTokenAt - startedAt) };
        case 'finish-step':
          steps += 1;
          return { ...fromPolarGridMetadata(part.providerMetadata), steps };
        case 'finish':
          return compact({
            inputTokens: part.totalUsage.inputTokens,
            outputTokens: part.totalUsage.outputTokens,
            totalTokens: part.totalUsage.totalTokens,
          });
        default:
          return undefined;
      }
    },
  };
  if (!body.speak) return result.toUIMessageStreamResponse(uiOptions);

  // "Speak answers": the same edge speaks the answer sentence by sentence while it streams. The
  // audio rides in the chat stream as transient `data-speech` parts (writeSpeechParts), so the
  // page needs no second request and one Stop ends both.
  const stream = createUIMessageStream<ChatUIMessage>({
    execute: async ({ writer }) => {
      writer.merge(result.toUIMessageStream<ChatUIMessage>(uiOptions));
      const speech = streamSpeech({
        model: polargrid.speech(SPEECH_MODEL),
        text: result.textStream,
        voice: SPEECH_VOICE,
        abortSignal: req.signal,
        onError: ({ error }) => {
          console.error(`[next-chat] a sentence could not be spoken: ${describeError(error)}`);
        },
      });
      await writeSpeechParts(writer, speech.audioStream, { onError: describeError });
    },
    onError: describeError,
  });
  return createUIMessageStreamResponse({ stream });
}
