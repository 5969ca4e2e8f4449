/**
 * The LangChain route: a `createAgent` tool-calling agent on `ChatPolarGrid`, streamed into the
 * same `useChat` UI through `@ai-sdk/langchain`'s `toUIMessageStream`.
 */
import { toBaseMessages, toUIMessageStream } from '@ai-sdk/langchain';
import { ChatPolarGrid, tapLangGraphMetadata } from '@polargrid/langchain';
import { createUIMessageStreamResponse, type UIMessageChunk } from 'ai';
import { createAgent } from 'langchain';
import { type ChatRequestBody, DEFAULT_MODEL } from '@/lib/chat-metadata';
import { describeError } from '@/lib/describe-error';
import { langchainTools } from '@/lib/langchain-tools';
import { polarGridSettings } from '@/lib/polargrid-settings';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const SYSTEM_PROMPT =
  'You are a concise assistant running on PolarGrid edge inference. ' +
  'Use get_weather for weather questions and get_time for time questions.';

export async function POST(req: Request): Promise<Response> {
  const startedAt = performance.now();
  const body = (await req.json()) as ChatRequestBody;
  const modelId = body.model || DEFAULT_MODEL;

  const model = new ChatPolarGrid({
    model: modelId,
    ...polarGridSettings(),
    enableThinking: body.thinking === true,
    maxRetries: 1,
  });
  const agent = createAgent({ model, tools: langchainTools, systemPrompt: SYSTEM_PROMPT });

  // `@ai-sdk/langchain` is typed against its own copy of `ai`; the UI message shapes are the same.
  type LangChainUIMessages = Parameters<typeof toBaseMessages>[0];
  const graph = await agent.stream(
    { messages: await toBaseMessages(body.messages as unknown as LangChainUIMessages) },
    // Client disconnect (the stop button) aborts the agent and its edge request.
    { streamMode: ['values', 'messages'], signal: req.signal },
  );
  const tap = tapLangGraphMetadata(graph, { backend: 'langchain', model: modelId }, startedAt);

  const stream = toUIMessageStream(tap.graphStream, {
    onAbort: () => console.log('[next-chat] langchain stream aborted by the client'),
    onError: (error) =>
      console.error(`[next-chat] langchain stream error: ${describeError(error)}`),
  });
  return createUIMessageStreamResponse({
    stream: tap.decorate(stream as unknown as ReadableStream<UIMessageChunk>),
  });
}
