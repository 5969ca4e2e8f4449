import { type ChatMessage, streamChatCompletion } from '@polargrid/core';
import type { DemoStep } from '../context.ts';
import { StreamTimer, formatMetrics } from '../metrics.ts';
import { info, streamWriter } from '../output.ts';

export const AGENT_PROMPT = 'What is the weather in Toronto and the local time in Vancouver?';

/** The demo's tools: small local functions the model can ask for. */
const TOOLS = {
  get_weather: {
    description: 'Get the current weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', description: 'City name' } },
      required: ['city'],
      additionalProperties: false,
    },
    run: (args: { city?: string }) => {
      const city = args.city ?? 'somewhere';
      // Deterministic "weather" so the demo output is stable.
      const temp = ((city.length * 7) % 30) - 5;
      return `${city}: ${temp}°C, light wind`;
    },
  },
  get_local_time: {
    description: 'Get the local time in a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', description: 'City name' } },
      required: ['city'],
      additionalProperties: false,
    },
    run: (args: { city?: string }) => {
      const zones: Record<string, string> = {
        toronto: 'America/Toronto',
        montreal: 'America/Toronto',
        vancouver: 'America/Vancouver',
      };
      const zone = zones[(args.city ?? '').toLowerCase()] ?? 'UTC';
      const time = new Date().toLocaleTimeString('en-CA', {
        timeZone: zone,
        hour: '2-digit',
        minute: '2-digit',
      });
      return `${args.city ?? 'UTC'}: ${time} (${zone})`;
    },
  },
} as const;

type ToolName = keyof typeof TOOLS;
const toolDefs = Object.entries(TOOLS).map(([name, t]) => ({
  type: 'function' as const,
  function: { name, description: t.description, parameters: t.parameters },
}));

/** Step 3: an agent loop — the model calls tools, the demo runs them and sends the results back. */
export const toolAgentStep: DemoStep = {
  id: 'agent',
  title: 'Tool-using agent (model → tools → model)',
  async run({ client, models }) {
    info(`user: ${AGENT_PROMPT}`);
    const messages: ChatMessage[] = [{ role: 'user', content: AGENT_PROMPT }];
    const called: string[] = [];
    for (let turn = 1; turn <= 4; turn++) {
      const timer = new StreamTimer();
      const { events } = await streamChatCompletion(client, {
        model: models.chat,
        messages,
        tools: toolDefs,
        max_tokens: 300,
      });
      const out = streamWriter('  │ ');
      let text = '';
      const calls: { id: string; name: string; arguments: string }[] = [];
      let tokens: number | undefined;
      for await (const event of events) {
        if (event.type === 'text-delta') {
          timer.token();
          text += event.text;
          out.write(event.text);
        } else if (event.type === 'tool-call-start' || event.type === 'tool-call-delta') {
          timer.token();
        } else if (event.type === 'tool-call-end') {
          calls.push({ id: event.id, name: event.name, arguments: event.arguments });
        } else if (event.type === 'finish') {
          tokens = event.usage?.completionTokens;
        } else if (event.type === 'error') {
          throw event.error;
        }
      }
      out.end();
      const metrics = timer.finish(tokens);
      if (calls.length === 0) {
        info(`turn ${turn}: answered in text (${formatMetrics(metrics)})`);
        if (called.length === 0) throw new Error('the model answered without calling any tool');
        return { summary: `called ${called.join(', ')}; answered in ${turn} turns`, metrics };
      }
      info(
        `turn ${turn}: model asked for ${calls.map((c) => c.name).join(' + ')} (${formatMetrics(metrics)})`,
      );
      messages.push({
        role: 'assistant',
        content: text || null,
        tool_calls: calls.map((c) => ({
          id: c.id,
          type: 'function',
          function: { name: c.name, arguments: c.arguments },
        })),
      } as ChatMessage);
      for (const call of calls) {
        const tool = TOOLS[call.name as ToolName];
        const args = JSON.parse(call.arguments || '{}') as { city?: string };
        const result = tool ? tool.run(args) : `unknown tool ${call.name}`;
        info(`  ran ${call.name}(${call.arguments}) → ${result}`);
        called.push(call.name);
        messages.push({ role: 'tool', tool_call_id: call.id, content: result } as ChatMessage);
      }
    }
    throw new Error('the agent did not finish within 4 turns');
  },
};
