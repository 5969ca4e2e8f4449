import type { BindToolsInput } from '@langchain/core/language_models/chat_models';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import type { ChatFunctionTool, ChatToolChoice } from './core_types.js';

/** Any tool form LangChain accepts (StructuredTool, `tool()`, Zod/JSON schema, OpenAI format, …). */
export type ChatPolarGridTool = BindToolsInput | ChatFunctionTool;

/** Converts tools to the OpenAI function shape PolarGrid takes (D2). */
export function toWireTools(tools: readonly ChatPolarGridTool[]): ChatFunctionTool[] {
  return tools.map((tool) => {
    const converted = convertToOpenAITool(tool as BindToolsInput);
    const fn: ChatFunctionTool['function'] = { name: converted.function.name };
    if (converted.function.description !== undefined) {
      fn.description = converted.function.description;
    }
    if (converted.function.parameters !== undefined) {
      fn.parameters = converted.function.parameters as Record<string, unknown>;
    }
    const strict = (converted.function as { strict?: unknown }).strict;
    if (typeof strict === 'boolean') fn.strict = strict;
    return { type: 'function', function: fn };
  });
}

/**
 * LangChain `tool_choice` → the wire value: `any` (what `createAgent` sends) becomes `required`,
 * `auto`/`none`/`required` pass through, any other string names a function, and an object is
 * passed as given.
 */
export function toWireToolChoice(choice: unknown): ChatToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === 'string') {
    if (choice === 'any' || choice === 'required') return 'required';
    if (choice === 'auto' || choice === 'none') return choice;
    return { type: 'function', function: { name: choice } };
  }
  if (typeof choice === 'object') return choice as ChatToolChoice;
  throw new Error(`ChatPolarGrid: unsupported tool_choice ${JSON.stringify(choice)}.`);
}
