/** The embeddings answer used by the embeddings cell: `count` vectors of `dims` floats. */

export interface EncodedEmbeddings {
  /** `encoding_format: "float"` body. */
  floatBody: Buffer;
  /** `encoding_format: "base64"` body (little-endian float32, what the openai SDK asks for). */
  base64Body: Buffer;
  expected: ExpectedEmbeddings;
}

export interface ExpectedEmbeddings {
  count: number;
  dims: number;
  /** Sum of every component; a reader that drops or garbles values misses it. */
  checksum: number;
}

/** Component `j` of vector `i`: 8 decimal places, like real embedding output. */
export function embeddingValue(i: number, j: number): number {
  return Math.round(Math.sin(i * 7919 + j * 0.37) * 1e8) / 1e9;
}

export function encodeEmbeddings(count: number, dims: number, model: string): EncodedEmbeddings {
  const floatData: { object: string; index: number; embedding: number[] }[] = [];
  const b64Data: { object: string; index: number; embedding: string }[] = [];
  let checksum = 0;
  for (let i = 0; i < count; i++) {
    const vec = new Array<number>(dims);
    const f32 = new Float32Array(dims);
    for (let j = 0; j < dims; j++) {
      const v = embeddingValue(i, j);
      vec[j] = v;
      f32[j] = v;
      checksum += v;
    }
    floatData.push({ object: 'embedding', index: i, embedding: vec });
    b64Data.push({
      object: 'embedding',
      index: i,
      embedding: Buffer.from(f32.buffer).toString('base64'),
    });
  }
  const usage = { prompt_tokens: count * 8, total_tokens: count * 8 };
  const body = (data: unknown) =>
    Buffer.from(JSON.stringify({ object: 'list', data, model, usage }));
  return {
    floatBody: body(floatData),
    base64Body: body(b64Data),
    expected: { count, dims, checksum },
  };
}
