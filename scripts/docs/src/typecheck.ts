import ts from 'typescript';
import type { Snippet } from './snippets.js';

/**
 * The compiler options a user's strict ESM project on Node would have: `--strict`, Node's own
 * module resolution (so package `exports` are honoured as Node honours them), top-level await,
 * React's automatic JSX runtime for `.tsx` blocks.
 */
export const SNIPPET_COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: ['node'],
  jsx: ts.JsxEmit.ReactJSX,
  skipLibCheck: true,
  noEmit: true,
  allowImportingTsExtensions: true,
};

/**
 * Type-checks all snippets in one program (one compiler start for every block) and returns the
 * diagnostics of each snippet, formatted with the snippet's own line numbers.
 */
export function typeCheck(snippets: Snippet[]): Map<Snippet, string[]> {
  const program = ts.createProgram(
    snippets.map((s) => s.path),
    SNIPPET_COMPILER_OPTIONS,
  );
  const byPath = new Map(snippets.map((s) => [s.path, s]));
  const result = new Map<Snippet, string[]>(snippets.map((s) => [s, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const snippet = diagnostic.file && byPath.get(diagnostic.file.fileName);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!snippet || diagnostic.start === undefined) {
      // A global problem (bad option, missing lib) concerns every block.
      for (const list of result.values()) list.push(message);
      continue;
    }
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
    // Block line n is page line (fence line + n).
    result.get(snippet)!.push(`${snippet.block.file}:${snippet.block.line + line + 1}: ${message}`);
  }
  return result;
}
