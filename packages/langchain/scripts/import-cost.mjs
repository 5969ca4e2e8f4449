// Import cost of @polargrid/langchain beyond @langchain/core (issue 5 target: <= 20 ms).
// Each run is a fresh process: it first imports every @langchain/core module the package uses,
// then times `import('@polargrid/langchain')` (which brings in @polargrid/core). Median of 7.
import { execFileSync } from 'node:child_process';

const CORE_MODULES = [
  'embeddings',
  'errors',
  'language_models/chat_models',
  'language_models/llms',
  'language_models/structured_output',
  'messages',
  'output_parsers/openai_tools',
  'outputs',
  'runnables',
  'utils/chunk_array',
  'utils/env',
  'utils/function_calling',
  'utils/json_schema',
  'utils/standard_schema',
  'utils/types',
];

const child = `
for (const m of ${JSON.stringify(CORE_MODULES)}) await import('@langchain/core/' + m);
const t = performance.now();
await import('@polargrid/langchain');
console.log(performance.now() - t);
`;

const runs = [];
for (let i = 0; i < 7; i++) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', child], {
    cwd: new URL('..', import.meta.url),
    encoding: 'utf8',
  });
  runs.push(Number(out.trim()));
}
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)];
console.log(
  `@polargrid/langchain import beyond @langchain/core: median ${median.toFixed(1)} ms ` +
    `(min ${runs[0].toFixed(1)}, max ${runs.at(-1).toFixed(1)}; target <= 20 ms)`,
);
