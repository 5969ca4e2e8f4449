import type { DemoStep } from '../context.ts';
import { info } from '../output.ts';
import { createEmbeddings } from '@polargrid/core';

export const DOCUMENTS = [
  'The autorouter picks the nearest edge region that serves the requested model.',
  'Kokoro is a text to speech model with eight preset voices.',
  'Whisper transcribes uploaded audio files into text.',
  'Edge inference keeps requests close to users so latency stays low.',
];
export const QUERY = 'Which region does the autorouter pick for a model?';

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return dot / (Math.sqrt(na * nb) || 1);
};

/** Step 4: embed a few documents and rank them for a query. */
export const retrievalStep: DemoStep = {
  id: 'retrieval',
  title: 'Embeddings + retrieval',
  async run({ client, models }) {
    if (!models.embedding) {
      const why =
        'PolarGrid lists no embedding model yet; set POLARGRID_EMBEDDING_MODEL to try one';
      info(`skipped: ${why}`);
      return { summary: 'skipped', skipped: why };
    }
    const started = performance.now();
    const docs = await createEmbeddings(client, { model: models.embedding, input: DOCUMENTS });
    const query = await createEmbeddings(client, { model: models.embedding, input: QUERY });
    const ms = performance.now() - started;
    const q = query.data.data[0]?.embedding as number[];
    info(
      `embedded ${DOCUMENTS.length} documents + 1 query with ${models.embedding} on ${docs.meta.region} (${q.length} dims, ${Math.round(ms)} ms)`,
    );
    info(`query: ${QUERY}`);
    const ranked = docs.data.data
      .map((d) => ({ score: cosine(q, d.embedding as number[]), text: DOCUMENTS[d.index] ?? '' }))
      .sort((x, y) => y.score - x.score);
    for (const [i, r] of ranked.entries()) info(`  ${i + 1}. ${r.score.toFixed(3)}  ${r.text}`);
    return { summary: `top hit: "${ranked[0]?.text}"` };
  },
};
