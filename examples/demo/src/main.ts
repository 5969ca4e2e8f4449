/**
 * The PolarGrid demo: routing, a streamed chat, a tool-using agent, embeddings + retrieval and a
 * speech → transcription round trip, each with its timings; then the same chat through the AI SDK
 * provider and LangChain. Runs against an in-process edge emulator unless `POLARGRID_API_KEY` is
 * set (and `POLARGRID_EMULATOR` is not).
 *
 *   node --experimental-strip-types src/main.ts [--fast] [--only=route,chat,…]
 *
 * Exits 0 when every step passed (or was skipped), 1 with the failures listed otherwise.
 */
import { PolarGridEdge } from '@polargrid/core';
import { type DemoContext, type DemoStep, demoModels, type StepResult } from './context.ts';
import { formatMetrics } from './metrics.ts';
import { banner, bold, dim, green, info, red } from './output.ts';
import { aiSdkStep } from './steps/ai-sdk.ts';
import { chatStreamStep } from './steps/chat-stream.ts';
import { langchainStep } from './steps/langchain.ts';
import { retrievalStep } from './steps/retrieval.ts';
import { routeStep } from './steps/route.ts';
import { speechStep } from './steps/speech-roundtrip.ts';
import { toolAgentStep } from './steps/tool-agent.ts';
import { demoTarget } from './target.ts';

/** Every step, in order. Add a step by writing a `DemoStep` module and listing it here. */
export const STEPS: DemoStep[] = [
  routeStep,
  chatStreamStep,
  toolAgentStep,
  retrievalStep,
  speechStep,
  aiSdkStep,
  langchainStep,
];

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    const region = (error as { region?: unknown }).region;
    const extra = [status !== undefined ? `status ${status}` : '', region ? `region ${region}` : '']
      .filter(Boolean)
      .join(', ');
    return `${error.name}: ${error.message}${extra ? ` (${extra})` : ''}`;
  }
  return String(error);
}

async function main(argv: string[]): Promise<number> {
  const fast = argv.includes('--fast');
  const only = argv
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const steps = only ? STEPS.filter((s) => only.includes(s.id)) : STEPS;
  if (steps.length === 0) {
    console.error(`No steps match ${only?.join(',')}; steps: ${STEPS.map((s) => s.id).join(', ')}`);
    return 2;
  }

  const target = await demoTarget(process.env, fast);
  console.log(bold('PolarGrid demo'));
  console.log(`Target: ${target.label}`);
  const ctx: DemoContext = {
    target,
    client: new PolarGridEdge({ ...target.options }),
    models: demoModels(process.env, target.kind === 'emulator'),
  };
  console.log(
    dim(
      `Models: chat ${ctx.models.chat}, embedding ${ctx.models.embedding ?? '(none)'}, speech ${ctx.models.speech}, transcription ${ctx.models.transcription}`,
    ),
  );

  const results: { step: DemoStep; result?: StepResult; error?: string }[] = [];
  try {
    for (const [i, step] of steps.entries()) {
      banner(i + 1, steps.length, step.title);
      try {
        results.push({ step, result: await step.run(ctx) });
      } catch (error) {
        const message = describeError(error);
        console.log(`  ${red('✗ failed:')} ${message}`);
        results.push({ step, error: message });
      }
    }
  } finally {
    await target.close();
  }

  console.log(`\n${bold('Summary')}`);
  for (const { step, result, error } of results) {
    if (error) {
      info(`${red('✗')} ${step.id}: FAILED — ${error}`);
    } else if (result?.skipped) {
      info(`${dim('-')} ${step.id}: skipped — ${result.skipped}`);
    } else {
      const metrics = result?.metrics ? ` [${formatMetrics(result.metrics)}]` : '';
      info(`${green('✓')} ${step.id}: ${result?.summary ?? ''}${metrics}`);
    }
  }
  const failed = results.filter((r) => r.error);
  if (failed.length > 0) {
    console.error(
      `\nDemo failed: ${failed.length} step(s) failed: ${failed.map((f) => f.step.id).join(', ')}`,
    );
    return 1;
  }
  console.log(`\nAll ${results.length} steps passed.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Demo failed before any step ran: ${describeError(error)}`);
    process.exitCode = 1;
  },
);
