// Node side of the packed test, run with `node node-entry.mjs '<options JSON>'` from the project
// the tarballs were installed into: prints the scenario's facts as one line of JSON.
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { runVoiceScenario } from './voice-scenario.ts';

const facts = await runVoiceScenario(createPolarGrid, JSON.parse(process.argv[2]));
process.stdout.write(`${JSON.stringify(facts)}\n`);
