import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { chunkArray } from '@langchain/core/utils/chunk_array';
import { createEmbeddings, type EmbeddingsRequest, type PolarGridEdge } from '@polargrid/core';
import { connectEdgeClient, type PolarGridConnectionFields } from './edge_client.js';
import { toLangChainError } from './errors.js';

/**
 * The default embedding model. It exists only in the edge emulator: PolarGrid's public catalogue
 * lists no embedding model yet (D1), so against real edges pass a model your edge serves.
 */
export const DEFAULT_EMBEDDING_MODEL = 'pg-embed-v1';

/** Constructor fields of {@link PolarGridEmbeddings}. */
export interface PolarGridEmbeddingsParams extends EmbeddingsParams, PolarGridConnectionFields {
  /** Embedding model id. Default {@link DEFAULT_EMBEDDING_MODEL} (emulator-only). */
  model?: string;
  /** Texts per request. Default 512. */
  batchSize?: number;
  /** Output dimensions, for models that can shorten their vectors. */
  dimensions?: number;
}

/**
 * PolarGrid embeddings (`POST /v1/embeddings`, D1) through `@polargrid/core`.
 *
 * `embedDocuments` splits the texts into batches of `batchSize`, sends at most `maxConcurrency`
 * (default 2) at a time through LangChain's `AsyncCaller` (which also retries), and returns the
 * vectors in input order (by each item's `index`). A 404 names the model and the region and says
 * that the public catalogue lists no embedding model.
 */
export class PolarGridEmbeddings extends Embeddings {
  model: string;
  batchSize: number;
  dimensions: number | undefined;
  private readonly getClient: () => PolarGridEdge;

  /** The one edge client of this instance (its getter throws a malformed key's error). */
  protected get client(): PolarGridEdge {
    return this.getClient();
  }

  constructor(fields: PolarGridEmbeddingsParams = {}) {
    super({ maxConcurrency: 2, ...fields });
    const batchSize = fields.batchSize ?? 512;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(
        `PolarGridEmbeddings: batchSize must be a positive integer (got ${batchSize}).`,
      );
    }
    this.model = fields.model ?? DEFAULT_EMBEDDING_MODEL;
    this.batchSize = batchSize;
    this.dimensions = fields.dimensions;
    this.getClient = connectEdgeClient(fields);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    if (documents.length === 0) return [];
    const batches = chunkArray(documents, this.batchSize);
    const results = await Promise.all(
      batches.map((batch) => this.caller.call(() => this.embedBatch(batch))),
    );
    return results.flat();
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.caller.call(() => this.embedBatch([document]));
    return vector!;
  }

  private async embedBatch(input: string[]): Promise<number[][]> {
    const body: EmbeddingsRequest = { model: this.model, input, encoding_format: 'float' };
    if (this.dimensions !== undefined) body.dimensions = this.dimensions;
    let data: Awaited<ReturnType<typeof createEmbeddings>>['data'];
    try {
      ({ data } = await createEmbeddings(this.client, body));
    } catch (error) {
      throw toLangChainError(error);
    }
    const vectors: number[][] = new Array(input.length);
    for (const item of data.data) {
      if (item.index >= 0 && item.index < input.length) vectors[item.index] = item.embedding;
    }
    for (let i = 0; i < input.length; i++) {
      if (vectors[i] === undefined) {
        throw new Error(
          `PolarGridEmbeddings: the server returned ${data.data.length} embeddings for ${input.length} inputs (none for input ${i}).`,
        );
      }
    }
    return vectors;
  }
}
