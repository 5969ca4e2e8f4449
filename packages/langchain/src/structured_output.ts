import type {
  BaseLanguageModelInput,
  FunctionDefinition,
  StructuredOutputMethodOptions,
} from '@langchain/core/language_models/base';
import {
  assembleStructuredOutputPipeline,
  createContentParser,
  createFunctionCallingParser,
} from '@langchain/core/language_models/structured_output';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import type { BaseLLMOutputParser } from '@langchain/core/output_parsers';
import type { Runnable } from '@langchain/core/runnables';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import {
  isSerializableSchema,
  type SerializableSchema,
} from '@langchain/core/utils/standard_schema';
import {
  getSchemaDescription,
  type InteropZodType,
  isInteropZodSchema,
} from '@langchain/core/utils/types';
import type { ChatPolarGridCallOptions } from './chat_models.js';

// biome-ignore lint/suspicious/noExplicitAny: LangChain's structured-output types use `any` records.
type AnyRecord = Record<string, any>;

/** The parts of ChatPolarGrid the builder needs (kept structural to avoid an import cycle). */
export interface StructuredOutputHost {
  withConfig(
    config: Partial<ChatPolarGridCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, ChatPolarGridCallOptions>;
  bindTools(
    tools: [{ type: 'function'; function: FunctionDefinition }],
    kwargs?: Partial<ChatPolarGridCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, ChatPolarGridCallOptions>;
}

/**
 * Builds `withStructuredOutput` from `@langchain/core`'s own helpers (`createFunctionCallingParser`,
 * `createContentParser`, `assembleStructuredOutputPipeline`), for Zod v3/v4, Standard Schema and
 * plain JSON Schema, always binding `ls_structured_output_format` for tracing.
 */
export function buildStructuredOutput<RunOutput extends AnyRecord>(
  host: StructuredOutputHost,
  schema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | AnyRecord,
  config: StructuredOutputMethodOptions<boolean> | undefined,
):
  | Runnable<BaseLanguageModelInput, RunOutput>
  | Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }> {
  const method = config?.method ?? 'functionCalling';
  const isTyped = isInteropZodSchema(schema) || isSerializableSchema(schema);
  const jsonSchema = (isTyped ? toJsonSchema(schema) : schema) as AnyRecord;
  const description =
    (isInteropZodSchema(schema) ? getSchemaDescription(schema) : undefined) ??
    (typeof jsonSchema.description === 'string' ? jsonSchema.description : undefined);

  let llm: Runnable<BaseLanguageModelInput, AIMessageChunk, ChatPolarGridCallOptions>;
  let parser: BaseLLMOutputParser<RunOutput>;

  if (method === 'jsonMode') {
    llm = host.withConfig({
      response_format: { type: 'json_object' },
      ls_structured_output_format: { kwargs: { method: 'jsonMode' }, schema: jsonSchema },
    });
    parser = createContentParser<RunOutput>(schema);
  } else if (method === 'jsonSchema') {
    const name =
      config?.name ?? (typeof jsonSchema.title === 'string' ? jsonSchema.title : 'extract');
    llm = host.withConfig({
      response_format: {
        type: 'json_schema',
        json_schema: {
          name,
          ...(description !== undefined ? { description } : {}),
          schema: jsonSchema,
          ...(config?.strict !== undefined ? { strict: config.strict } : {}),
        },
      },
      ls_structured_output_format: { kwargs: { method: 'jsonSchema' }, schema: jsonSchema },
    });
    parser = createContentParser<RunOutput>(schema);
  } else if (method === 'functionCalling') {
    let fn: FunctionDefinition & { strict?: boolean };
    if (isTyped) {
      fn = { name: config?.name ?? 'extract', parameters: jsonSchema };
      if (description !== undefined) fn.description = description;
    } else if (typeof schema.name === 'string' && typeof schema.parameters === 'object') {
      // Already an OpenAI function definition.
      fn = { ...(schema as FunctionDefinition) };
    } else {
      fn = {
        name: config?.name ?? (typeof schema.title === 'string' ? schema.title : 'extract'),
        parameters: jsonSchema,
      };
      if (description !== undefined) fn.description = description;
    }
    if (config?.strict !== undefined) fn.strict = config.strict;
    llm = host.bindTools([{ type: 'function', function: fn }], {
      tool_choice: fn.name,
      ls_structured_output_format: {
        kwargs: { method: 'functionCalling' },
        schema: fn.parameters as AnyRecord,
      },
    });
    parser = createFunctionCallingParser<RunOutput>(schema, fn.name);
  } else {
    throw new Error(
      `ChatPolarGrid: unknown structured output method "${method}" (use functionCalling, jsonSchema or jsonMode).`,
    );
  }
  return assembleStructuredOutputPipeline<RunOutput>(
    llm,
    parser,
    config?.includeRaw === true,
    config?.includeRaw ? 'StructuredOutputRunnable' : 'StructuredOutput',
  );
}
