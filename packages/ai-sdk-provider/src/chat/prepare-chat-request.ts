import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { isCustomReasoning } from '@ai-sdk/provider-utils';
import type { ChatCompletionRequest } from '@polargrid/core';
import { capabilitiesOf } from '../shared/capabilities.js';
import { parsePolarGridProviderOptions } from '../shared/parse-provider-options.js';
import { convertToPolarGridChatMessages } from './convert-to-polargrid-chat-messages.js';
import {
  type PolarGridChatSettings,
  type PolarGridLanguageModelOptions,
  polargridLanguageModelOptionsSchema,
} from './polargrid-chat-options.js';
import { preparePolarGridTools } from './polargrid-prepare-tools.js';

/** Reads `providerOptions.polargrid` of a chat or completion call (InvalidArgumentError on bad input). */
export function parsePolarGridOptions(
  providerOptions: LanguageModelV4CallOptions['providerOptions'],
): PolarGridLanguageModelOptions {
  return parsePolarGridProviderOptions(providerOptions, polargridLanguageModelOptionsSchema) ?? {};
}

/**
 * Maps the sampling settings shared by chat and completions (D5: 0 is sent). Their ranges and the
 * stop-sequence limit are the core's to check: it rejects bad values before any network call, and
 * the provider reports them as `InvalidArgumentError` naming the call setting.
 */
export function mapSampling(
  options: LanguageModelV4CallOptions,
  polargrid: PolarGridLanguageModelOptions,
): Partial<ChatCompletionRequest> {
  const body: Partial<ChatCompletionRequest> = {};
  if (options.maxOutputTokens !== undefined) body.max_tokens = options.maxOutputTokens;
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.topP !== undefined) body.top_p = options.topP;
  const topK = polargrid.topK ?? options.topK;
  if (topK !== undefined) body.top_k = topK;
  if (options.frequencyPenalty !== undefined) body.frequency_penalty = options.frequencyPenalty;
  if (options.presencePenalty !== undefined) body.presence_penalty = options.presencePenalty;
  if (options.seed !== undefined) body.seed = options.seed;
  if (options.stopSequences !== undefined && options.stopSequences.length > 0) {
    body.stop = options.stopSequences;
  }
  if (polargrid.user !== undefined) body.user = polargrid.user;
  return body;
}

/**
 * Builds the wire body for `/v1/chat/completions` from V4 call options. Pure: no network.
 * `stream` / `stream_options` are left to the caller (the core sets them for streams).
 */
export async function prepareChatRequest(
  modelId: string,
  options: LanguageModelV4CallOptions,
  settings: PolarGridChatSettings = {},
): Promise<{ body: ChatCompletionRequest; warnings: SharedV4Warning[] }> {
  const polargrid = parsePolarGridOptions(options.providerOptions);
  const caps = capabilitiesOf(modelId);
  const warnings: SharedV4Warning[] = [];

  const { messages, warnings: messageWarnings } = convertToPolarGridChatMessages(
    options.prompt,
    {
      allowImages: caps?.vision ?? true,
      reasoningEcho: polargrid.reasoningEcho ?? settings.reasoningEcho ?? 'omit',
    },
    modelId,
  );
  warnings.push(...messageWarnings);

  const body: ChatCompletionRequest = {
    model: modelId,
    messages,
    ...mapSampling(options, polargrid),
  };

  // Reasoning (D4): the V4 level collapses to PolarGrid's on/off `enable_thinking`.
  let enableThinking = polargrid.enableThinking;
  if (enableThinking === undefined && isCustomReasoning(options.reasoning)) {
    enableThinking = options.reasoning !== 'none';
    if (enableThinking) {
      warnings.push({
        type: 'compatibility',
        feature: 'reasoning',
        details: `PolarGrid thinking is on/off only; reasoning "${options.reasoning}" was sent as enable_thinking: true.`,
      });
    }
  }
  if (enableThinking !== undefined) {
    if (enableThinking && caps !== undefined && !caps.reasoning) {
      warnings.push({
        type: 'unsupported',
        feature: 'reasoning',
        details: `Model ${modelId} has no thinking mode; enable_thinking was not sent.`,
      });
    } else {
      body.enable_thinking = enableThinking;
    }
  }

  const tools = preparePolarGridTools({ tools: options.tools, toolChoice: options.toolChoice });
  warnings.push(...tools.warnings);
  if (tools.tools !== undefined) body.tools = tools.tools;
  if (tools.toolChoice !== undefined) body.tool_choice = tools.toolChoice;
  if (polargrid.parallelToolCalls !== undefined && tools.tools !== undefined) {
    body.parallel_tool_calls = polargrid.parallelToolCalls;
  }

  // Structured output (D3).
  const format = options.responseFormat;
  if (format?.type === 'json') {
    if (format.schema !== undefined) {
      const jsonSchema: {
        name: string;
        description?: string;
        schema: Record<string, unknown>;
        strict?: boolean;
      } = {
        name: format.name ?? 'response',
        schema: format.schema as Record<string, unknown>,
        strict: polargrid.strictJsonSchema ?? true,
      };
      if (format.description !== undefined) jsonSchema.description = format.description;
      body.response_format = { type: 'json_schema', json_schema: jsonSchema };
      if (caps !== undefined && !caps.structuredOutput) {
        warnings.push({
          type: 'compatibility',
          feature: 'responseFormat',
          details: `Model ${modelId} is not known to honour json_schema; the schema was sent but output may not follow it.`,
        });
      }
    } else {
      body.response_format = { type: 'json_object' };
      warnings.push({
        type: 'compatibility',
        feature: 'responseFormat',
        details:
          'JSON without a schema is sent as response_format json_object, which PolarGrid does not document.',
      });
    }
  }

  if (polargrid.extraBody !== undefined) Object.assign(body, polargrid.extraBody);
  return { body, warnings };
}
