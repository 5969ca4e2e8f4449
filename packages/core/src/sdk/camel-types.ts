/** `max_tokens` → `maxTokens`, at the type level (the runtime twin is util/case.ts). */
export type CamelKey<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelKey<Tail>>}`
  : S;

/** A wire (snake_case) type as the official-SDK surface shows it (camelCase keys, deeply). */
export type Camelize<T> = T extends Blob | Uint8Array | ArrayBuffer | ReadableStream
  ? T
  : T extends readonly (infer U)[]
    ? Camelize<U>[]
    : T extends object
      ? { [K in keyof T as K extends string ? CamelKey<K> : K]: Camelize<T[K]> }
      : T;
