import {
  type LanguageModelV4CallOptions,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import type { ChatFunctionTool, ChatToolChoice } from '../shared/core-types.js';

/**
 * Maps AI SDK tools to OpenAI-shaped function tools (D2). Provider-defined tools have no
 * PolarGrid counterpart and get an `unsupported` warning. (Tools for a model whose capability
 * data says "no tools" are refused by the core before sending, reported as
 * `UnsupportedFunctionalityError`.)
 */
export function preparePolarGridTools({
  tools,
  toolChoice,
}: {
  tools: LanguageModelV4CallOptions['tools'];
  toolChoice: LanguageModelV4CallOptions['toolChoice'];
}): {
  tools: ChatFunctionTool[] | undefined;
  toolChoice: ChatToolChoice | undefined;
  warnings: SharedV4Warning[];
} {
  const warnings: SharedV4Warning[] = [];
  if (tools === undefined || tools.length === 0) {
    return { tools: undefined, toolChoice: undefined, warnings };
  }

  const functionTools: ChatFunctionTool[] = [];
  for (const tool of tools) {
    if (tool.type !== 'function') {
      warnings.push({
        type: 'unsupported',
        feature: `provider-defined tool ${tool.id}`,
        details: 'PolarGrid supports function tools only; this tool was not sent.',
      });
      continue;
    }
    const fn: ChatFunctionTool['function'] = {
      name: tool.name,
      parameters: tool.inputSchema as Record<string, unknown>,
    };
    if (tool.inputExamples !== undefined && tool.inputExamples.length > 0) {
      // OpenAI-shaped function tools have no examples field (ai's addToolInputExamplesMiddleware
      // can move them into the description instead).
      warnings.push({
        type: 'unsupported',
        feature: `inputExamples of tool ${tool.name}`,
        details: 'PolarGrid function tools take no input examples; they were not sent.',
      });
    }
    if (tool.description !== undefined) fn.description = tool.description;
    if (tool.strict !== undefined) fn.strict = tool.strict;
    functionTools.push({ type: 'function', function: fn });
  }
  if (functionTools.length === 0) {
    return { tools: undefined, toolChoice: undefined, warnings };
  }

  if (toolChoice === undefined) return { tools: functionTools, toolChoice: undefined, warnings };
  switch (toolChoice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return { tools: functionTools, toolChoice: toolChoice.type, warnings };
    case 'tool':
      return {
        tools: functionTools,
        toolChoice: { type: 'function', function: { name: toolChoice.toolName } },
        warnings,
      };
    default: {
      const unknown = toolChoice as { type: string };
      throw new UnsupportedFunctionalityError({ functionality: `tool choice ${unknown.type}` });
    }
  }
}
