/**
 * Node's `util.inspect` hook, looked up by its registered symbol so no `node:` import is needed
 * (other runtimes simply ignore it). LangChain keeps constructor fields, the API key included, in
 * `lc_kwargs`; without this hook `console.log(model)` would print the key.
 */
export const INSPECT_CUSTOM = Symbol.for('nodejs.util.inspect.custom');
