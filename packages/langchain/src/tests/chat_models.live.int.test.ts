/**
 * Optional smoke test against real PolarGrid edges. Skipped unless POLARGRID_LIVE=1 and a real
 * POLARGRID_API_KEY are set (CI and the default test run stay offline).
 */
import { describe, expect, test } from 'vitest';
import { ChatPolarGrid } from '../chat_models.js';
import { weatherTool } from './fixtures.js';

const live = process.env.POLARGRID_LIVE === '1' && Boolean(process.env.POLARGRID_API_KEY);

describe.skipIf(!live)('ChatPolarGrid live (real edges)', () => {
  test('invoke, stream and a tool call', async () => {
    const model = new ChatPolarGrid({ temperature: 0, maxTokens: 128, maxRetries: 0 });
    const reply = await model.invoke('Say hello in one short sentence.');
    expect(reply.text).not.toBe('');
    expect(reply.usage_metadata?.total_tokens).toBeGreaterThan(0);
    let streamed = '';
    for await (const chunk of await model.stream('Count to three.')) streamed += chunk.text;
    expect(streamed).not.toBe('');
    const call = await model
      .bindTools([weatherTool])
      .invoke("What's the weather in Toronto? Use the get_current_weather tool.");
    expect(call.tool_calls?.[0]?.name).toBe('get_current_weather');
  });
});
