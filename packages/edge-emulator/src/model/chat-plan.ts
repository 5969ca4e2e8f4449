import { answerText, thinkingText, toolResultAnswer } from './answer-text.js';
import {
  conversationKey,
  lastUserText,
  pendingToolResults,
  type Turn,
  toolsCalledThisTurn,
} from './conversation.js';
import { hash32 } from './hash.js';
import { type JsonSchema, ValueSource, valueForSchema } from './schema-values.js';
import {
  type PlannedToolCall,
  planToolCalls,
  type ToolChoice,
  type ToolSpec,
} from './tool-selection.js';
import { countTokens, tokenize } from './tokenizer.js';

export type FinishReason = 'stop' | 'length' | 'tool_calls';

/** What the model will answer, decided before anything is sent. */
export interface ChatPlan {
  /** Text pieces in stream order; joined they are `content`. */
  pieces: string[];
  content: string;
  toolCalls: PlannedToolCall[];
  finishReason: FinishReason;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
}

export interface ChatInput {
  turns: Turn[];
  maxTokens: number;
  stop: string[];
  enableThinking: boolean;
  tools: ToolSpec[];
  toolChoice: ToolChoice;
  /** `parallel_tool_calls: false` limits the answer to one call. Default true. */
  parallelToolCalls?: boolean;
  responseFormat:
    | { type: 'text' }
    | { type: 'json_object' }
    | { type: 'json_schema'; schema: JsonSchema };
}

export function promptTokenCount(turns: readonly Turn[]): number {
  // A few tokens of framing per message, like chat templates add.
  return turns.reduce((sum, t) => sum + countTokens(t.text) + 3, 0);
}

/** Splits `<think>` / `</think>` tags across pieces for some conversations (clients must cope). */
function splitTag(token: string, mode: number): string[] {
  if (mode === 0) return [token];
  const at = token.lastIndexOf('<');
  const lead = token.slice(0, at);
  const tag = token.slice(at);
  const cut = tag.length - 3;
  if (mode === 1) return [lead + tag.slice(0, cut), tag.slice(cut)];
  return [lead + tag.slice(0, 1), tag.slice(1, cut), tag.slice(cut)];
}

function toPieces(tokens: readonly string[], seed: string): string[] {
  const mode = hash32(`tags:${seed}`) % 3;
  return tokens.flatMap((t) => (/^\s*<\/?think>$/.test(t) ? splitTag(t, mode) : [t]));
}

function applyStop(text: string, stop: readonly string[]): { text: string; stopped: boolean } {
  let cut = -1;
  for (const s of stop) {
    if (!s) continue;
    const at = text.indexOf(s);
    if (at !== -1 && (cut === -1 || at < cut)) cut = at;
  }
  return cut === -1 ? { text, stopped: false } : { text: text.slice(0, cut), stopped: true };
}

function jsonContent(input: ChatInput, question: string, seed: string): string | undefined {
  const format = input.responseFormat;
  if (format.type === 'json_schema') {
    return JSON.stringify(valueForSchema(format.schema, new ValueSource(question)));
  }
  if (format.type === 'json_object') {
    return JSON.stringify({ answer: answerText(question, seed, 1) });
  }
  return undefined;
}

/** Decides the whole answer for a chat request. */
export function planChat(input: ChatInput): ChatPlan {
  const seed = conversationKey(input.turns);
  const question = lastUserText(input.turns);
  const promptTokens = promptTokenCount(input.turns);
  const results = pendingToolResults(input.turns);
  const forced = input.toolChoice.mode === 'required' || input.toolChoice.mode === 'named';

  if (input.tools.length > 0 && (results.length === 0 || forced)) {
    // Forced to call a tool after tool results (e.g. LangChain's tool-strategy structured
    // output): move on to a tool not yet called this turn, fed by the question and the results,
    // the way a real model would rather than repeating the same call.
    const called = results.length > 0 ? toolsCalledThisTurn(input.turns) : new Set<string>();
    const fresh = input.tools.filter((t) => !called.has(t.name));
    const candidates =
      input.toolChoice.mode === 'required' && fresh.length > 0 ? fresh : input.tools;
    const source =
      results.length > 0 ? `${question} ${results.map((r) => r.content).join(' ')}` : question;
    const planned = planToolCalls(source, candidates, input.toolChoice, seed);
    const calls = input.parallelToolCalls === false ? planned.slice(0, 1) : planned;
    if (calls.length > 0) {
      // With thinking on, Qwen reasons inline before it calls tools.
      const thought = input.enableThinking
        ? `${thinkingText(question, seed)} I will call ${calls.map((c) => c.name).join(' and ')}.`
        : '';
      const tokens = thought ? tokenize(`<think>\n${thought}\n</think>\n\n`) : [];
      const pieces = toPieces(tokens, seed);
      const callTokens = calls.reduce(
        (n, c) => n + countTokens(c.name) + countTokens(c.arguments),
        0,
      );
      return {
        pieces,
        content: pieces.join(''),
        toolCalls: calls,
        finishReason: 'tool_calls',
        promptTokens,
        completionTokens: tokens.length + callTokens,
        reasoningTokens: thought ? countTokens(thought) : 0,
      };
    }
  }

  const userTurns = input.turns.filter((t) => t.role === 'user').length;
  let answer =
    jsonContent(input, question, seed) ??
    (results.length > 0 ? toolResultAnswer(results) : answerText(question, seed, userTurns));
  let reasoningTokens = 0;
  if (input.enableThinking) {
    const thought = thinkingText(question, seed);
    reasoningTokens = countTokens(thought);
    answer = `<think>\n${thought}\n</think>\n\n${answer}`;
  }
  const stopped = applyStop(answer, input.stop);
  let tokens = tokenize(stopped.text);
  let finishReason: FinishReason = 'stop';
  if (tokens.length > input.maxTokens) {
    tokens = tokens.slice(0, input.maxTokens);
    finishReason = 'length';
  }
  const pieces = toPieces(tokens, seed);
  return {
    pieces,
    content: pieces.join(''),
    toolCalls: [],
    finishReason,
    promptTokens,
    completionTokens: tokens.length,
    reasoningTokens: Math.min(reasoningTokens, tokens.length),
  };
}

/** Argument slices for streaming one tool call: several small JSON fragments. */
export function argumentSlices(args: string): string[] {
  const tokens = tokenize(args);
  const slices: string[] = [];
  for (let i = 0; i < tokens.length; i += 3) slices.push(tokens.slice(i, i + 3).join(''));
  return slices.length > 0 ? slices : [args];
}
