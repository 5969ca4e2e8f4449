// Browser bundle size of `@polargrid/core` as a browser chat app sees it: esbuild bundles
// `import { PolarGridEdge, streamChatCompletion } from '@polargrid/core'` (from the built dist,
// like a consumer; `--entry '*'` for everything) with
// --bundle --minify --format=esm --platform=browser, then gzip -9. Prints min and min+gzip
// sizes and the biggest inputs from the metafile (bytes each input contributes to the output).
//
// Usage: pnpm --filter @polargrid/core size [-- --entry 'PolarGridEdge, createEmbeddings'] [--top 25]
//        [--source src] [--json]
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const imports = arg('--entry', 'PolarGridEdge, streamChatCompletion');
const top = Number(arg('--top', '20'));
const source = arg('--source', 'dist'); // 'dist' (what consumers get) or 'src'
// --lib: another build or source entry to measure (e.g. an older commit's src/index.ts).
const lib = arg('--lib', undefined);
const target =
  lib !== undefined
    ? resolve(process.cwd(), lib)
    : source === 'src'
      ? join(root, 'src/index.ts')
      : join(root, 'dist/index.js');

// `--entry '*'` measures the whole entry (everything exported).
const contents =
  imports === '*'
    ? `export * from ${JSON.stringify(target)};\n`
    : `import { ${imports} } from ${JSON.stringify(target)};\nexport { ${imports} };\n`;
const result = await build({
  stdin: { contents, resolveDir: root, sourcefile: 'entry.mjs', loader: 'js' },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const code = result.outputFiles[0].contents;
const gz = gzipSync(code, { level: 9 }).length;
const kib = (n) => `${(n / 1024).toFixed(2)} KiB`;
console.log(`entry: import { ${imports} } from '@polargrid/core' (${lib ?? source})`);
console.log(`min:      ${code.length} B (${kib(code.length)})`);
console.log(`min+gzip: ${gz} B (${kib(gz)})`);

const output = Object.values(result.metafile.outputs)[0];
const inputs = Object.entries(output.inputs)
  .map(([path, info]) => [
    path.replace(/^.*node_modules\//, 'node_modules/').replace(root + '/', ''),
    info.bytesInOutput,
  ])
  .filter(([, bytes]) => bytes > 0)
  .sort((a, b) => b[1] - a[1]);
console.log(`\nbiggest inputs (minified bytes in output), ${inputs.length} inputs:`);
for (const [path, bytes] of inputs.slice(0, top))
  console.log(`${String(bytes).padStart(7)}  ${path}`);
if (args.includes('--json')) console.log(JSON.stringify({ imports, min: code.length, gzip: gz }));
