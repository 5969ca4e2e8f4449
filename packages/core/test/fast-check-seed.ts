/**
 * Property runs are repeatable in CI: there (CI=true) every property starts from one fixed seed,
 * so a run's outcome depends on the code, not on the draw. Locally each run explores new inputs;
 * a failure prints its seed, and `FC_SEED=<seed>` replays it anywhere.
 */
import fc from 'fast-check';

const env = typeof process === 'undefined' ? {} : process.env;
const seed = env.FC_SEED ?? (env.CI ? '20261208' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
