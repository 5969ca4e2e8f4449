import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Surface } from '../../../scripts/runtimes/smoke/chat.ts';
import { PACKAGE_ROOT, RUNTIME_CACHE, SCRIPTS_DIR } from './paths.ts';
import type { RuntimeSpec } from './table.ts';

const SURFACE_IMPORTS: Record<Surface, { file: string; name: string }> = {
  core: { file: './surface-core.ts', name: 'viaCore' },
  'ai-sdk': { file: './surface-ai-sdk.ts', name: 'viaAiSdk' },
  langchain: { file: './surface-langchain.ts', name: 'viaLangChain' },
};

/** The generated entry: only this runtime's surfaces are imported, so nothing else is bundled. */
function entrySource(spec: RuntimeSpec): string {
  const imports = spec.surfaces.map(
    (s) => `import { ${SURFACE_IMPORTS[s].name} } from '${SURFACE_IMPORTS[s].file}';`,
  );
  const runners = `{ ${spec.surfaces.map((s) => `'${s}': ${SURFACE_IMPORTS[s].name}`).join(', ')} }`;
  switch (spec.kind) {
    case 'cli':
      return [...imports, `import { main } from './entry-cli.ts';`, `await main(${runners});`].join(
        '\n',
      );
    case 'workerd':
      return [
        ...imports,
        `import { workerFor } from './entry-worker.ts';`,
        `export default workerFor(${runners});`,
      ].join('\n');
    case 'edge':
      return [...imports, `import { listen } from './entry-edge.ts';`, `listen(${runners});`].join(
        '\n',
      );
  }
}

/**
 * Bundles the smoke program for one runtime from the BUILT packages (their `dist`, reached through
 * this package's workspace dependencies). Returns the bundle path.
 */
export async function bundleSmoke(spec: RuntimeSpec): Promise<string> {
  const outDir = join(RUNTIME_CACHE, 'bundles');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${spec.name}.${spec.kind === 'edge' ? 'js' : 'mjs'}`);
  const serverSide = spec.kind === 'cli';
  await build({
    stdin: {
      contents: entrySource(spec),
      resolveDir: join(SCRIPTS_DIR, 'smoke'),
      sourcefile: `smoke-${spec.name}.ts`,
      loader: 'ts',
    },
    bundle: true,
    outfile,
    format: spec.kind === 'edge' ? 'iife' : 'esm',
    platform: serverSide ? 'node' : 'neutral',
    mainFields: serverSide ? ['module', 'main'] : ['browser', 'module', 'main'],
    conditions: spec.conditions,
    target: 'es2022',
    nodePaths: [join(PACKAGE_ROOT, 'node_modules')],
    // CommonJS dependencies bundled into ESM may call require() for Node built-ins.
    banner: serverSide
      ? {
          js: "import { createRequire as __pgCreateRequire } from 'node:module'; const require = __pgCreateRequire(import.meta.url);",
        }
      : undefined,
    logLevel: 'silent',
  });
  return outfile;
}
