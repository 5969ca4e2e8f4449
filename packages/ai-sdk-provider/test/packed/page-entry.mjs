// Browser side of the packed test: bundled by esbuild (platform browser) from the project the
// tarballs were installed into; the page exposes the scenario for Playwright to call.
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { generateSpeech } from 'ai';
import { runVoiceScenario } from './voice-scenario.ts';

globalThis.runVoiceScenario = (options) => runVoiceScenario(createPolarGrid, options);

/** Without `dangerouslyAllowBrowser` the core must refuse the key: the error message, or null. */
globalThis.keyRefusal = async (options) => {
  const pg = createPolarGrid({ ...options, dangerouslyAllowBrowser: false });
  try {
    await generateSpeech({ model: pg.speech('kokoro-82m'), text: 'Hello.', voice: 'af_bella' });
    return null;
  } catch (error) {
    return String(error?.message ?? error);
  }
};
