import { generateText, stepCountIs, tool } from 'ai';
import { z } from 'zod/v4';
import type { PolarGridProvider } from '../src/index.js';

/** A tool loop: the model calls `weather`, gets the result, then answers. */
export async function toolsExample(polargrid: PolarGridProvider) {
  const { text, steps } = await generateText({
    model: polargrid('qwen-3.8-27b'),
    tools: {
      weather: tool({
        description: 'Get the current weather for a city',
        inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => ({ city, temperatureC: 4, sky: 'overcast' }),
      }),
    },
    stopWhen: stepCountIs(3),
    prompt: 'What is the weather in Montreal?',
  });
  console.log(
    steps.map((s) => s.finishReason),
    text,
  );
  return { text, steps: steps.length };
}
