/**
 * Retrieval-augmented answers on PolarGrid: embed a few notes with `PolarGridEmbeddings`, keep them
 * in an in-memory vector store, retrieve the closest ones for a question, and let `ChatPolarGrid`
 * answer from them. Prints the retrieved sources, then streams the answer.
 *
 *   node --experimental-strip-types src/main.ts ["your question"]
 */
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatPolarGrid, PolarGridEmbeddings } from '@polargrid/langchain';
import { CORPUS, DEFAULT_QUESTION } from './corpus.ts';
import { InMemoryVectorStore } from './in-memory-vector-store.ts';
import { polarGridTarget } from './polargrid-target.ts';

const CHAT_MODEL = process.env.POLARGRID_CHAT_MODEL ?? 'qwen-3.8-27b';
// PolarGrid's public catalogue lists no embedding model yet; `pg-embed-v1` is the emulator's.
const EMBEDDING_MODEL = process.env.POLARGRID_EMBEDDING_MODEL ?? 'pg-embed-v1';
const TOP_K = 2;

async function main(): Promise<void> {
  const question = process.argv.slice(2).join(' ').trim() || DEFAULT_QUESTION;
  const target = await polarGridTarget();
  try {
    console.log(`Using ${target.label}`);
    const embeddings = new PolarGridEmbeddings({ model: EMBEDDING_MODEL, ...target.options });
    const store = new InMemoryVectorStore(embeddings);
    await store.addDocuments(CORPUS);
    console.log(`Indexed ${store.size} documents with ${EMBEDDING_MODEL}.`);
    console.log(`\nQuestion: ${question}\n`);

    const hits = await store.similaritySearchWithScore(question, TOP_K);
    console.log('Retrieved sources:');
    hits.forEach(([doc, score], i) => {
      console.log(`  ${i + 1}. ${doc.metadata.source} [${doc.id}] score ${score.toFixed(3)}`);
    });

    const context = hits
      .map(([doc]) => `[${doc.metadata.source}]\n${doc.pageContent}`)
      .join('\n\n');
    const chat = new ChatPolarGrid({ model: CHAT_MODEL, temperature: 0, ...target.options });
    const stream = await chat.stream([
      new SystemMessage(
        'Answer the question using only the context below, in one or two sentences, and name ' +
          'the source you used in square brackets. If the context does not answer it, say so.\n\n' +
          `Context:\n${context}`,
      ),
      new HumanMessage(question),
    ]);

    process.stdout.write('\nAnswer: ');
    let answer = '';
    for await (const chunk of stream) {
      const text = chunk.text;
      answer += text;
      process.stdout.write(text);
    }
    process.stdout.write('\n');
    if (!answer.trim()) throw new Error('the model returned an empty answer');
  } finally {
    await target.close();
  }
}

main().catch((error: unknown) => {
  console.error(`\nrag example failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
