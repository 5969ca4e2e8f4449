/** The chat-stream contenders, in report order. `module` is a file in `src/runners/`. */

export type ContenderKind = 'floor' | 'peer' | 'ours' | 'anchor';

export interface Contender {
  id: string;
  label: string;
  kind: ContenderKind;
  module: string;
  /** Packages whose versions the report prints next to this contender. */
  packages: string[];
}

export const CONTENDERS: Contender[] = [
  {
    id: 'floor',
    label: 'floor: fetch + minimal SSE parser',
    kind: 'floor',
    module: 'floor.ts',
    packages: [],
  },
  {
    id: 'eventsource-parser',
    label: 'fetch + eventsource-parser',
    kind: 'peer',
    module: 'eventsource-parser.ts',
    packages: ['eventsource-parser'],
  },
  {
    id: 'openai',
    label: 'openai SDK chat.completions.create',
    kind: 'peer',
    module: 'openai-sdk.ts',
    packages: ['openai'],
  },
  {
    id: 'aisdk-compat-dostream',
    label: '@ai-sdk/openai-compatible doStream',
    kind: 'peer',
    module: 'ai-sdk-compatible-dostream.ts',
    packages: ['@ai-sdk/openai-compatible'],
  },
  {
    id: 'aisdk-compat-streamtext',
    label: 'streamText + @ai-sdk/openai-compatible',
    kind: 'peer',
    module: 'ai-sdk-compatible-streamtext.ts',
    packages: ['ai', '@ai-sdk/openai-compatible'],
  },
  {
    id: 'langchain-openai',
    label: 'LangChain ChatOpenAI.stream',
    kind: 'peer',
    module: 'langchain-openai.ts',
    packages: ['@langchain/openai', '@langchain/core'],
  },
  {
    id: 'anchor-streamtext',
    label: 'anchor: streamText + zero-validation model',
    kind: 'anchor',
    module: 'anchor-streamtext.ts',
    packages: ['ai'],
  },
  {
    id: 'anchor-basechat',
    label: 'anchor: minimal BaseChatModel.stream',
    kind: 'anchor',
    module: 'anchor-basechat.ts',
    packages: ['@langchain/core'],
  },
  {
    id: 'ours-core',
    label: 'ours: streamChatCompletion(edge)',
    kind: 'ours',
    module: 'ours-core.ts',
    packages: ['@polargrid/core'],
  },
  {
    id: 'ours-provider-dostream',
    label: 'ours: PolarGrid provider doStream',
    kind: 'ours',
    module: 'ours-provider-dostream.ts',
    packages: ['@polargrid/ai-sdk-provider'],
  },
  {
    id: 'ours-provider-streamtext',
    label: 'ours: streamText + PolarGrid provider',
    kind: 'ours',
    module: 'ours-provider-streamtext.ts',
    packages: ['ai', '@polargrid/ai-sdk-provider'],
  },
  {
    id: 'ours-langchain',
    label: 'ours: ChatPolarGrid.stream',
    kind: 'ours',
    module: 'ours-langchain.ts',
    packages: ['@polargrid/langchain'],
  },
];

export function contender(id: string): Contender {
  const found = CONTENDERS.find((c) => c.id === id);
  if (!found) throw new Error(`unknown contender ${id}`);
  return found;
}
