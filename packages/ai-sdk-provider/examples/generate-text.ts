import { generateText } from 'ai';
import type { PolarGridProvider } from '../src/index.js';

/** Plain text generation, with usage and where the request ran. */
export async function generateTextExample(polargrid: PolarGridProvider) {
  const { text, usage, providerMetadata } = await generateText({
    model: polargrid('qwen-3.8-27b'),
    prompt: 'Explain edge inference in two sentences.',
    temperature: 0, // sent as 0, not dropped
    maxOutputTokens: 200,
  });
  console.log(text);
  console.log(usage.inputTokens, usage.outputTokens, providerMetadata?.polargrid?.region);
  return text;
}
