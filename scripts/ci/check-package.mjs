// Checks the tarball a package would publish (what `npm pack` puts in it), run from the package
// directory as part of its `check:package` script:
// - `sideEffects` is declared;
// - every entry of `files` matches something (npm silently skips a missing CHANGELOG);
// - every `sourceMappingURL` points at a map in the tarball, and every map's `sources` are in the
//   tarball too (or embedded), so go-to-definition never lands on a missing file;
// - the packed and unpacked sizes stay within the budget written in the package README, in a
//   "## Package size" section with a line like `Budget: 120 kB packed, 480 kB unpacked.`
//   (kB = 1000 bytes, as npm prints them).
//
// Usage: node ../../scripts/ci/check-package.mjs   (from a package directory, after its build)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const problems = [];
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

// `npm pack --dry-run --json` lists exactly what `npm publish` would upload.
const [pack] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }),
);
const packed = new Set(pack.files.map((file) => normalize(file.path)));

if (pkg.sideEffects === undefined) problems.push('package.json declares no `sideEffects`');

for (const entry of pkg.files ?? []) {
  if (entry.startsWith('!')) continue;
  const prefix = normalize(entry.replace(/\/?\*.*$/, ''));
  const found = [...packed].some((path) => path === prefix || path.startsWith(`${prefix}/`));
  if (!found) problems.push(`"files" names ${entry}, but nothing in the tarball matches it`);
}

const MAP_URL = /\/\/# sourceMappingURL=(\S+)\s*$/;
for (const path of packed) {
  if (/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(path)) {
    const url = MAP_URL.exec(readFileSync(path, 'utf8'))?.[1];
    if (url === undefined || url.startsWith('data:')) continue;
    const mapPath = normalize(join(dirname(path), url));
    if (!packed.has(mapPath)) problems.push(`${path} points at ${mapPath}, which is not shipped`);
  }
  if (path.endsWith('.map')) {
    const map = JSON.parse(readFileSync(path, 'utf8'));
    (map.sources ?? []).forEach((source, i) => {
      if (typeof map.sourcesContent?.[i] === 'string') return;
      const sourcePath = normalize(join(dirname(path), map.sourceRoot ?? '', source));
      if (!packed.has(sourcePath))
        problems.push(`${path} maps to ${sourcePath}, which is not shipped`);
    });
  }
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const readme = readFileSync('README.md', 'utf8');
const section = /^## Package size\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1] ?? '';
const budget = /Budget: ([\d.]+) kB packed, ([\d.]+) kB unpacked/.exec(section);
if (budget === null) {
  problems.push(
    'README.md has no "## Package size" section with "Budget: <n> kB packed, <n> kB unpacked"',
  );
} else {
  const [packedBudget, unpackedBudget] = [Number(budget[1]) * 1000, Number(budget[2]) * 1000];
  if (pack.size > packedBudget)
    problems.push(`packed size ${kB(pack.size)} is over the budget of ${kB(packedBudget)}`);
  if (pack.unpackedSize > unpackedBudget)
    problems.push(
      `unpacked size ${kB(pack.unpackedSize)} is over the budget of ${kB(unpackedBudget)}`,
    );
}

const summary = `${pkg.name}: ${pack.entryCount} files, ${kB(pack.size)} packed, ${kB(pack.unpackedSize)} unpacked`;
if (problems.length > 0) {
  console.error(`${summary}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`${summary}: ok (${budget?.[1]} kB / ${budget?.[2]} kB budget)`);
