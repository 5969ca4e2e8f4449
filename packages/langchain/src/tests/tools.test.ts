import { tool } from '@langchain/core/tools';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { toWireToolChoice, toWireTools } from '../tools.js';

const adderSchema = z
  .object({ a: z.number().int(), b: z.number().int() })
  .describe('Add two integers');

describe('toWireTools', () => {
  test('accepts tool(), zod-schema params, OpenAI tools and JSON schema alike', () => {
    const adder = tool(async ({ a, b }) => String(a + b), {
      name: 'adder',
      description: 'Add two integers',
      schema: adderSchema,
    });
    const wire = toWireTools([
      adder,
      { name: 'weather', description: 'Weather', schema: z.object({ location: z.string() }) },
      {
        type: 'function',
        function: { name: 'raw', parameters: { type: 'object', properties: {} } },
      },
    ]);
    expect(wire.map((t) => t.function.name)).toEqual(['adder', 'weather', 'raw']);
    expect(wire[0]).toMatchObject({
      type: 'function',
      function: {
        description: 'Add two integers',
        parameters: { type: 'object', required: ['a', 'b'] },
      },
    });
    expect(wire[1]?.function.parameters).toMatchObject({
      properties: { location: { type: 'string' } },
    });
  });
});

describe('toWireToolChoice', () => {
  test('any → required; auto/none pass; a name → function; objects as given', () => {
    expect(toWireToolChoice('any')).toBe('required');
    expect(toWireToolChoice('required')).toBe('required');
    expect(toWireToolChoice('auto')).toBe('auto');
    expect(toWireToolChoice('none')).toBe('none');
    expect(toWireToolChoice('get_weather')).toEqual({
      type: 'function',
      function: { name: 'get_weather' },
    });
    const obj = { type: 'function', function: { name: 'x' } };
    expect(toWireToolChoice(obj)).toBe(obj);
    expect(toWireToolChoice(undefined)).toBeUndefined();
    expect(() => toWireToolChoice(3)).toThrow(/unsupported tool_choice/);
  });
});
