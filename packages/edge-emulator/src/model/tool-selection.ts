import { hash32 } from './hash.js';
import { type JsonSchema, ValueSource, valueForSchema } from './schema-values.js';
import { contentWords, identifierWords, stem } from './tokenizer.js';

/** An OpenAI-style function tool as the model sees it. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
}

export interface PlannedToolCall {
  id: string;
  name: string;
  arguments: string;
}

export type ToolChoice = { mode: 'auto' | 'none' | 'required' } | { mode: 'named'; name: string };

export function toToolSpecs(tools: unknown): ToolSpec[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((raw) => {
    const tool = (raw ?? {}) as Record<string, unknown>;
    const fn = (tool.function ?? {}) as Record<string, unknown>;
    if (typeof fn.name !== 'string') return [];
    return [
      {
        name: fn.name,
        description: typeof fn.description === 'string' ? fn.description : '',
        parameters: (fn.parameters as JsonSchema | undefined) ?? { type: 'object', properties: {} },
      },
    ];
  });
}

export function toToolChoice(raw: unknown): ToolChoice {
  if (raw === 'none' || raw === 'required' || raw === 'auto') return { mode: raw };
  if (raw && typeof raw === 'object') {
    const fn = (raw as Record<string, unknown>).function as Record<string, unknown> | undefined;
    if (typeof fn?.name === 'string') return { mode: 'named', name: fn.name };
  }
  return { mode: 'auto' };
}

/** Synonyms that let plain requests reach typically named tools. */
const RELATED: Record<string, string[]> = {
  weather: ['temperature', 'forecast', 'rain', 'sunny', 'cold', 'hot', 'climate'],
  time: ['clock', 'hour', 'timezone', 'date'],
  sum: ['add', 'plus', 'total', 'addition'],
  add: ['sum', 'plus', 'total'],
  multiply: ['product', 'times'],
  search: ['find', 'look', 'lookup'],
};

function toolWords(tool: ToolSpec): Set<string> {
  const set = new Set<string>();
  for (const w of identifierWords(tool.name)) set.add(stem(w));
  for (const w of contentWords(tool.description)) set.add(w);
  const props = (tool.parameters.properties ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(props)) for (const w of identifierWords(key)) set.add(stem(w));
  for (const w of [...set]) for (const r of RELATED[w] ?? []) set.add(r);
  return set;
}

function score(text: string, tool: ToolSpec): number {
  const vocabulary = toolWords(tool);
  const nameWords = new Set(identifierWords(tool.name).map(stem));
  let total = 0;
  for (const w of new Set(contentWords(text))) {
    if (vocabulary.has(w)) total += nameWords.has(w) ? 2 : 1;
  }
  return total;
}

function best(text: string, tools: readonly ToolSpec[]): { tool: ToolSpec; score: number } {
  let top = { tool: tools[0] as ToolSpec, score: 0 };
  for (const tool of tools) {
    const s = score(text, tool);
    if (s > top.score) top = { tool, score: s };
  }
  return top;
}

/** Splits "weather in Paris and the time in Tokyo" into the parts a user asked for. */
function clauses(text: string): string[] {
  return text
    .split(/\b(?:and also|and then|and|also|then)\b|[;,?]/i)
    .map((c) => c.trim())
    .filter(Boolean);
}

function callFor(tool: ToolSpec, text: string, fallbackText: string, seed: string, index: number) {
  let source = new ValueSource(text);
  let args = valueForSchema(tool.parameters, source);
  if (text !== fallbackText && !filledFromText(tool.parameters, text)) {
    source = new ValueSource(fallbackText);
    args = valueForSchema(tool.parameters, source);
  }
  const id = `call_${hash32(`${seed}:${index}:${tool.name}`).toString(36).padStart(7, '0')}`;
  return { id, name: tool.name, arguments: JSON.stringify(args ?? {}) };
}

/** Whether the clause alone holds the numbers the tool's required numeric parameters need. */
function filledFromText(schema: JsonSchema, text: string): boolean {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const numeric = required.filter((k) => ['integer', 'number'].includes(String(props[k]?.type)));
  const available = (text.match(/-?\d+(?:\.\d+)?/g) ?? []).length;
  return available >= numeric.length;
}

/**
 * The tool calls the model makes for `text`: the best word-overlap match (one per clause, so a
 * request for two things calls two tools), or nothing when no tool matches under `auto`.
 */
export function planToolCalls(
  text: string,
  tools: readonly ToolSpec[],
  choice: ToolChoice,
  seed: string,
): PlannedToolCall[] {
  if (tools.length === 0 || choice.mode === 'none') return [];
  if (choice.mode === 'named') {
    const tool = tools.find((t) => t.name === choice.name);
    return tool ? [callFor(tool, text, text, seed, 0)] : [];
  }
  const chosen: { tool: ToolSpec; clause: string }[] = [];
  for (const clause of clauses(text)) {
    const match = best(clause, tools);
    if (match.score > 0 && !chosen.some((c) => c.tool === match.tool)) {
      chosen.push({ tool: match.tool, clause });
    }
  }
  if (chosen.length === 0) {
    const match = best(text, tools);
    if (match.score === 0 && choice.mode !== 'required') return [];
    chosen.push({ tool: match.tool, clause: text });
  }
  const clauseText = chosen.length === 1 ? () => text : (c: { clause: string }) => c.clause;
  return chosen.map((c, index) => callFor(c.tool, clauseText(c), text, seed, index));
}
