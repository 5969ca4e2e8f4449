/**
 * Bundles the page's scripts the way a browser app's build would: esbuild, `platform: 'browser'`
 * (so the `browser` condition and field win, and a Node built-in anywhere in the graph fails the
 * build), ESM, bundled and minified, from the packages' public entries resolved to their BUILT
 * `dist` through this package's workspace dependencies (as the runtime smoke tests do).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** What each page script is built from. */
export const PAGE_SCRIPTS = {
  /** `@polargrid/core` only: the chat scenarios. */
  'core.js': join(here, 'scenarios-core.ts'),
  /** `@polargrid/ai-sdk-provider` + `ai`'s `streamText`. */
  'ai-sdk.js': join(here, 'scenarios-ai-sdk.ts'),
} as const;

export type PageScript = keyof typeof PAGE_SCRIPTS;

export interface BuiltScript {
  code: string;
  bytes: number;
  gzipBytes: number;
}

/** Builds one page script in memory. */
export async function bundleForBrowser(entry: string): Promise<BuiltScript> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return {
    code: file.text,
    bytes: file.contents.byteLength,
    gzipBytes: gzipSync(file.contents).length,
  };
}

/** Builds every page script (in parallel: esbuild runs them on its own threads). */
export async function bundlePage(): Promise<Record<PageScript, BuiltScript>> {
  const names = Object.keys(PAGE_SCRIPTS) as PageScript[];
  const built = await Promise.all(names.map((name) => bundleForBrowser(PAGE_SCRIPTS[name])));
  return Object.fromEntries(names.map((name, i) => [name, built[i]!])) as Record<
    PageScript,
    BuiltScript
  >;
}

/**
 * The page: each script is imported on its own, so one that fails to load or evaluate leaves a
 * readable error (`pgLoadErrors`) instead of a page that never becomes ready.
 */
export function pageHtml(): string {
  const loaders = (Object.keys(PAGE_SCRIPTS) as PageScript[])
    .map(
      (name) =>
        `import('/${name}').then((m) => { globalThis.pgModules['${name}'] = m; }, (e) => { globalThis.pgLoadErrors['${name}'] = String((e && e.stack) || e); });`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>PolarGrid in the browser</title></head>
<body>
<p>@polargrid/core reliability page</p>
<script type="module">
globalThis.pgModules = {};
globalThis.pgLoadErrors = {};
${loaders}
</script>
</body>
</html>
`;
}
