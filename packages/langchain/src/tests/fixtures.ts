import { ChatPromptTemplate } from '@langchain/core/prompts';
import { StructuredTool, tool } from '@langchain/core/tools';
import { z } from 'zod/v3';

/** Fixtures of LangChain's standard conformance suite (§6.1 of the integration reference). */

export const personSchema = z.object({
  name: z.string().describe('Name of the person'),
  age: z.number().int().positive().describe('Age of the person'),
});

export class PersonTool extends StructuredTool {
  name = 'PersonTool';
  description = 'A person tool that takes in a name and age';
  schema = personSchema;
  async _call(input: z.infer<typeof personSchema>): Promise<string> {
    return JSON.stringify(input);
  }
}

export const adderSchema = z
  .object({
    a: z.number().int().describe('The first integer to add.'),
    b: z.number().int().describe('The second integer to add.'),
  })
  .describe('Add two integers');

export class AdderTool extends StructuredTool {
  name = 'AdderTool';
  description = adderSchema.description ?? 'description';
  schema = adderSchema;
  async _call(input: z.infer<typeof adderSchema>): Promise<string> {
    return JSON.stringify({ result: input.a + input.b });
  }
}

export const MATH_ADDITION_PROMPT = ChatPromptTemplate.fromMessages([
  ['system', 'You are bad at math and must ALWAYS call the {toolName} function.'],
  ['human', 'What is the sum of 1836281973 and 19973286?'],
]);

export const weatherSchema = z.object({
  location: z.string().describe('The location to get the weather for.'),
});

export const weatherTool = tool((_) => 'The weather in San Francisco is 70 degrees and sunny.', {
  name: 'get_current_weather',
  schema: weatherSchema,
  description: 'Get the current weather for a location.',
});

export const currentTimeTool = tool((_) => 'The current time in New York is 12:00 PM.', {
  name: 'get_current_time',
  schema: z.object({ location: z.string().describe('The location to get the current time for.') }),
  description: 'Get the current time for a location.',
});
