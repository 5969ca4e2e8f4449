/**
 * A LangChain agent on PolarGrid: `createAgent` with tools on `ChatPolarGrid`, streaming each step
 * to the terminal — model tokens as they arrive, the tool calls the model makes, and the tools'
 * results — until the final answer.
 *
 *   node --experimental-strip-types src/main.ts ["your question"]
 */
import { AIMessage, AIMessageChunk, type BaseMessage, ToolMessage } from '@langchain/core/messages';
import { ChatPolarGrid } from '@polargrid/langchain';
import { createAgent } from 'langchain';
import { polarGridTarget } from './polargrid-target.ts';
import { TOOLS } from './tools.ts';

const MODEL = process.env.POLARGRID_CHAT_MODEL ?? 'qwen-3.8-27b';
const DEFAULT_QUESTION = "What's the weather in Toronto right now?";

const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

async function main(): Promise<void> {
  const question = process.argv.slice(2).join(' ').trim() || DEFAULT_QUESTION;
  const target = await polarGridTarget();
  try {
    console.log(dim(`Using ${target.label}, model ${MODEL}`));
    const agent = createAgent({
      model: new ChatPolarGrid({ model: MODEL, ...target.options }),
      tools: TOOLS,
      systemPrompt:
        'You are a concise assistant. Use get_weather for weather questions and ' +
        'celsius_to_fahrenheit for conversions. Answer in one or two sentences.',
    });

    console.log(`${bold('You:')} ${question}`);
    const stream = await agent.stream(
      { messages: [{ role: 'user', content: question }] },
      { streamMode: ['messages', 'updates'] },
    );

    let answer = '';
    let midLine = false;
    const endLine = () => {
      if (midLine) process.stdout.write('\n');
      midLine = false;
    };

    for await (const [mode, payload] of stream) {
      if (mode === 'messages') {
        // Token stream of every model call: print text as it arrives.
        const [chunk] = payload as [BaseMessage, unknown];
        if (!AIMessageChunk.isInstance(chunk) || !chunk.text) continue;
        if (!midLine) process.stdout.write(bold('Model: '));
        process.stdout.write(chunk.text);
        midLine = true;
        continue;
      }
      // `updates`: one entry per finished node (the model call, or the tools it asked for).
      for (const update of Object.values(payload as Record<string, { messages?: BaseMessage[] }>)) {
        for (const message of update?.messages ?? []) {
          if (AIMessage.isInstance(message)) {
            const calls = message.tool_calls ?? [];
            for (const call of calls) {
              endLine();
              console.log(`${bold('[tool call]')} ${call.name} ${JSON.stringify(call.args)}`);
            }
            if (calls.length === 0) answer = message.text;
          } else if (ToolMessage.isInstance(message)) {
            endLine();
            console.log(`${bold('[tool result]')} ${message.name ?? 'tool'} → ${message.text}`);
          }
        }
      }
    }
    endLine();
    if (!answer.trim()) throw new Error('the agent finished without an answer');
    console.log(`${bold('[answer]')} ${answer}`);
  } finally {
    await target.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    `\nagent example failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
