/**
 * Structured output against answers the emulator does not give: a purpose-built loopback edge
 * that returns a fixed chat completion, so the parsers meet fenced JSON (pitfall 10).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ChatPolarGrid } from '../chat_models.js';

const FENCED = '```json\n{"city": "Paris", "tags": {"river": "Seine"}}\n```';

let server: Server;
let baseURL: string;
const bodies: Record<string, unknown>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (part: Buffer) => {
      raw += part.toString('utf8');
    });
    req.on('end', () => {
      bodies.push(JSON.parse(raw) as Record<string, unknown>);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-fenced',
          object: 'chat.completion',
          created: 1,
          model: 'qwen-3.8-27b',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: FENCED },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// `z.record` is what OpenAI-style strict schemas reject (additionalProperties); PolarGrid gets it
// as given, and the answer must still parse.
const schema = z.object({ city: z.string(), tags: z.record(z.string(), z.string()) });

describe('structured output from fenced JSON', () => {
  const model = () => new ChatPolarGrid({ apiKey: 'pg_test_key', baseURL, maxRetries: 0 });

  test.each(['jsonMode', 'jsonSchema'] as const)('%s parses a ```json fence', async (method) => {
    const result = await model().withStructuredOutput(schema, { method }).invoke('Where?');
    expect(result).toEqual({ city: 'Paris', tags: { river: 'Seine' } });
  });

  test('jsonSchema with strict: true sends the schema with its record as is', async () => {
    await model()
      .withStructuredOutput(schema, { method: 'jsonSchema', strict: true, name: 'place' })
      .invoke('Where?');
    expect(bodies.at(-1)?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: {
        name: 'place',
        strict: true,
        schema: {
          properties: { tags: { type: 'object', additionalProperties: { type: 'string' } } },
        },
      },
    });
  });
});
