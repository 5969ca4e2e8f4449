import { describe, expect, it } from 'vitest';
import { planChat } from '../src/model/chat-plan.js';
import { embed } from '../src/model/embedding.js';
import { ValueSource, valueForSchema } from '../src/model/schema-values.js';
import { countTokens, tokenize } from '../src/model/tokenizer.js';
import { planToolCalls, type ToolSpec } from '../src/model/tool-selection.js';

describe('tokenizer', () => {
  it('splits words and punctuation, keeps think tags whole, and joins back exactly', () => {
    const text = "<think>\nHmm, ok.\n</think>\n\nHello, world! It's 42.  ";
    const tokens = tokenize(text);
    expect(tokens.join('')).toBe(text);
    expect(tokens.slice(0, 6)).toEqual(['<think>', '\nHmm', ',', ' ok', '.', '\n</think>']);
    expect(countTokens('one two, three')).toBe(4);
  });
});

describe('schema values', () => {
  const gen = (schema: Record<string, unknown>, text: string) =>
    valueForSchema(schema, new ValueSource(text));

  it('fills integers and numbers from the text in order', () => {
    expect(
      gen(
        {
          type: 'object',
          properties: { a: { type: 'integer' }, b: { type: 'number' } },
          required: ['a', 'b'],
        },
        'Add 7 and 2.5 please',
      ),
    ).toEqual({ a: 7, b: 2.5 });
  });

  it('uses place names for location-like strings and phrases for others', () => {
    const value = gen(
      {
        type: 'object',
        properties: { location: { type: 'string' }, query: { type: 'string' } },
        required: ['location', 'query'],
      },
      'Find vegan restaurants in New York City',
    ) as Record<string, string>;
    expect(value.location).toBe('New York City');
    expect(value.query).toContain('vegan restaurants');
  });

  it('handles enums, booleans, arrays, nested objects, records, $ref and anyOf', () => {
    const schema = {
      type: 'object',
      properties: {
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        metric: { type: 'boolean' },
        scores: { type: 'array', items: { type: 'integer' } },
        owner: { $ref: '#/$defs/person' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        note: { anyOf: [{ type: 'null' }, { type: 'string' }] },
        optional: { type: 'string' },
      },
      required: ['unit', 'metric', 'scores', 'owner', 'labels', 'note'],
      $defs: {
        person: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            age: { type: 'integer', minimum: 0, maximum: 150 },
          },
          required: ['name', 'age'],
        },
      },
    };
    const value = gen(schema, 'Use fahrenheit, metric please, scores 3 5 8') as Record<
      string,
      unknown
    >;
    expect(value.unit).toBe('fahrenheit');
    expect(value.metric).toBe(true);
    expect(value.scores).toEqual([3, 5, 8]);
    expect(value.owner).toEqual({ name: expect.any(String), age: 1 });
    expect(value.labels).toEqual({});
    expect(typeof value.note).toBe('string');
    expect('optional' in value).toBe(false);
    expect(gen({ type: 'string', enum: ['a', 'b'] }, 'nothing')).toBe('a');
    expect(gen({ type: 'integer', minimum: 10 }, 'value 3')).toBe(10);
  });
});

describe('tool selection', () => {
  const tools: ToolSpec[] = [
    {
      name: 'search_docs',
      description: 'Search the documentation',
      parameters: {
        type: 'object',
        properties: { query: { type: 'string' } },
        required: ['query'],
      },
    },
    {
      name: 'getStockPrice',
      description: 'Latest price of a ticker symbol',
      parameters: {
        type: 'object',
        properties: { ticker: { type: 'string' } },
        required: ['ticker'],
      },
    },
  ];

  it('matches on name words (camelCase too), description and parameter names', () => {
    expect(
      planToolCalls('What is the stock price of ACME?', tools, { mode: 'auto' }, 's')[0]?.name,
    ).toBe('getStockPrice');
    expect(
      planToolCalls('search the documentation for retries', tools, { mode: 'auto' }, 's')[0]?.name,
    ).toBe('search_docs');
    expect(planToolCalls('Tell me a joke', tools, { mode: 'auto' }, 's')).toEqual([]);
  });

  it('gives calls stable ids derived from the conversation', () => {
    const a = planToolCalls('search docs', tools, { mode: 'auto' }, 'seed-1');
    const b = planToolCalls('search docs', tools, { mode: 'auto' }, 'seed-1');
    const c = planToolCalls('search docs', tools, { mode: 'auto' }, 'seed-2');
    expect(a[0]?.id).toBe(b[0]?.id);
    expect(a[0]?.id).not.toBe(c[0]?.id);
  });
});

describe('chat plan', () => {
  const base = {
    maxTokens: 150,
    stop: [],
    enableThinking: false,
    tools: [],
    toolChoice: { mode: 'auto' } as const,
    responseFormat: { type: 'text' } as const,
  };

  it('counts usage consistently with the tokenizer and follows the conversation', () => {
    const turns = [{ role: 'user', text: 'Why do volcanoes erupt?' }];
    const plan = planChat({ ...base, turns });
    expect(plan.completionTokens).toBe(countTokens(plan.content));
    expect(plan.promptTokens).toBe(countTokens('Why do volcanoes erupt?') + 3);
    const second = planChat({
      ...base,
      turns: [
        ...turns,
        { role: 'assistant', text: plan.content },
        { role: 'user', text: 'And geysers?' },
      ],
    });
    expect(second.content).toContain('turn 2');
    expect(second.content).toContain('geyser');
  });

  it('forced to call a tool after tool results, it moves on to a tool not yet called', () => {
    const weather = {
      name: 'get_current_weather',
      description: 'Get the current weather in a location',
      parameters: {
        type: 'object',
        properties: { location: { type: 'string' } },
        required: ['location'],
      },
    };
    const answer = {
      name: 'WeatherReport',
      description: 'Final structured answer',
      parameters: {
        type: 'object',
        properties: { summary: { type: 'string' } },
        required: ['summary'],
      },
    };
    const turns = [
      { role: 'user', text: 'What is the weather in San Francisco?' },
      {
        role: 'assistant',
        text: '',
        toolCalls: [{ id: 'call_1', name: 'get_current_weather', arguments: '{}' }],
      },
      { role: 'tool', text: 'Sunny, 70 degrees', toolCallId: 'call_1' },
    ];
    const forced = planChat({
      ...base,
      turns,
      tools: [weather, answer],
      toolChoice: { mode: 'required' },
    });
    expect(forced.toolCalls.map((c) => c.name)).toEqual(['WeatherReport']);
    // Unforced, the model answers from the result instead of calling again.
    const free = planChat({ ...base, turns, tools: [weather, answer] });
    expect(free.toolCalls).toEqual([]);
    expect(free.content).toContain('Sunny, 70 degrees');
  });
});

describe('embedding', () => {
  it('is L2-normalised, deterministic and closer for texts that share words', () => {
    const a = embed('solar panels on the roof');
    const cos = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * (y[i] ?? 0), 0);
    expect(cos(a, a)).toBeCloseTo(1, 9);
    expect(embed('solar panels on the roof')).toEqual(a);
    expect(cos(a, embed('roof solar panels'))).toBeGreaterThan(cos(a, embed('a bowl of soup')));
    expect(embed('x', 3072)).toHaveLength(3072);
  });
});
