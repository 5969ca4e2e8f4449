// The main entry is what users use (issue 20): at most MAX_NAMES names, each with a TSDoc
// comment. Reads the sources with the TypeScript compiler; part of `check:source`.
// Usage: node scripts/check-public-surface.mjs [--list]
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const MAX_NAMES = 60;
const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const program = ts.createProgram([entry], {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  skipLibCheck: true,
});
const checker = program.getTypeChecker();
const module = checker.getSymbolAtLocation(program.getSourceFile(entry));
const names = checker.getExportsOfModule(module);

const problems = [];
if (names.length > MAX_NAMES)
  problems.push(`the main entry exports ${names.length} names, over ${MAX_NAMES}`);
for (const name of names) {
  const target = name.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(name) : name;
  if (ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === '')
    problems.push(`${name.name} has no TSDoc comment`);
}
if (process.argv.includes('--list')) console.log(names.map((n) => n.name).join('\n'));
if (problems.length > 0) {
  console.error(problems.map((p) => `check-public-surface: ${p}`).join('\n'));
  process.exit(1);
}
console.log(`public surface ok: ${names.length} names (limit ${MAX_NAMES}), each documented`);
