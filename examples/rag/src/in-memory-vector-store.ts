/**
 * A small in-memory vector store on @langchain/core's `VectorStore`.
 *
 * LangChain v1 no longer ships `MemoryVectorStore` (it moved to `@langchain/classic`), and pulling
 * that whole package in for ~40 lines of cosine search is not worth it. Scoring uses
 * `@langchain/core/utils/math`'s `cosineSimilarity`.
 */
import type { DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { cosineSimilarity } from '@langchain/core/utils/math';
import { VectorStore } from '@langchain/core/vectorstores';

interface Entry {
  id: string;
  vector: number[];
  document: DocumentInterface;
}

export class InMemoryVectorStore extends VectorStore {
  declare FilterType: (document: DocumentInterface) => boolean;

  private readonly entries: Entry[] = [];

  constructor(embeddings: EmbeddingsInterface) {
    super(embeddings, {});
  }

  _vectorstoreType(): string {
    return 'in-memory';
  }

  get size(): number {
    return this.entries.length;
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((d) => d.pageContent));
    return this.addVectors(vectors, documents);
  }

  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    if (vectors.length !== documents.length) {
      throw new Error(`addVectors: ${vectors.length} vectors for ${documents.length} documents`);
    }
    return documents.map((document, i) => {
      const id = document.id ?? `doc-${this.entries.length}`;
      this.entries.push({ id, vector: vectors[i] as number[], document: { ...document, id } });
      return id;
    });
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: this['FilterType'],
  ): Promise<[DocumentInterface, number][]> {
    const candidates = filter ? this.entries.filter((e) => filter(e.document)) : this.entries;
    if (candidates.length === 0) return [];
    const scores = cosineSimilarity(
      [query],
      candidates.map((e) => e.vector),
    )[0] as number[];
    return candidates
      .map((entry, i): [DocumentInterface, number] => [entry.document, scores[i] ?? 0])
      .sort((a, b) => b[1] - a[1])
      .slice(0, k);
  }
}
