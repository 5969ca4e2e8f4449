import { generateText, Output } from 'ai';
import { z } from 'zod/v4';
import type { PolarGridProvider } from '../src/index.js';

/** A typed object via `response_format: json_schema`. */
export async function structuredOutputExample(polargrid: PolarGridProvider) {
  const { output } = await generateText({
    model: polargrid('qwen-3.8-27b'),
    output: Output.object({
      schema: z.object({ city: z.string(), population: z.number(), coastal: z.boolean() }),
    }),
    prompt: 'Describe Vancouver.',
  });
  console.log(output);
  return output;
}
