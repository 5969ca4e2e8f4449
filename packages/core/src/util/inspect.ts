/** Node's `util.inspect` hook, by its registered name (no `node:util` import: runtime-neutral). */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Makes `console.log(target)` / `util.inspect(target)` show `show(…)` (Node passes it the depth,
 * the inspect options and `inspect` itself).
 *
 * Set on the instance rather than declared as a `[Symbol.for(…)]()` class member: bundlers treat
 * a computed class key as a possible side effect, so such a class (and everything it imports)
 * would stay in every bundle of the single-file build, used or not.
 */
export function defineInspect(
  target: object,
  show: (
    depth: number,
    options: object,
    inspect: (value: unknown, options: object) => string,
  ) => string,
): void {
  Object.defineProperty(target, INSPECT, { value: show, configurable: true, writable: true });
}
