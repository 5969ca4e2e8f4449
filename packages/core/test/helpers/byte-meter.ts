/**
 * Counts the bytes a synchronous call copies with `Uint8Array.prototype.set` and `slice`: a
 * deterministic measure of whether a buffer is copied once or again on every push. Past
 * `budget` it throws, so a quadratic loop fails fast.
 */
export function measureCopies<T>(budget: number, run: () => T): { result: T; copied: number } {
  const proto = Uint8Array.prototype;
  const hadSet = Object.hasOwn(proto, 'set');
  const hadSlice = Object.hasOwn(proto, 'slice');
  const { set, slice } = proto;
  let copied = 0;
  const add = (n: number): void => {
    copied += n;
    if (copied > budget) throw new Error(`more than ${budget} bytes copied`);
  };
  Object.defineProperty(proto, 'set', {
    configurable: true,
    writable: true,
    value: function (this: Uint8Array, source: ArrayLike<number>, offset?: number) {
      add(source.length);
      return set.call(this, source, offset);
    },
  });
  Object.defineProperty(proto, 'slice', {
    configurable: true,
    writable: true,
    value: function (this: Uint8Array, start?: number, end?: number) {
      const out = slice.call(this, start, end);
      add(out.byteLength);
      return out;
    },
  });
  try {
    return { result: run(), copied };
  } finally {
    if (hadSet) proto.set = set;
    else delete (proto as { set?: unknown }).set;
    if (hadSlice) proto.slice = slice;
    else delete (proto as { slice?: unknown }).slice;
  }
}
