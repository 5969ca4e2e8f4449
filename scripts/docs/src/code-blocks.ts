/** A fenced code block of a Markdown or MDX page. */
export interface CodeBlock {
  /** The page, relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's language word, lower-cased (`ts`, `tsx`, `sh`, …); `''` when none. */
  lang: string;
  /** The rest of the fence's info string, e.g. `run` or `no-run: needs a browser`. */
  info: string;
  /** The block's text, with the fence's indentation removed. */
  code: string;
}

const OPENING_FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;

/** The fenced code blocks of a page, in order. */
export function codeBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING_FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', lang = '', info = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    // A fence closes with at least as many of the same characters as opened it.
    while (j < lines.length && !isClosingFence(lines[j] ?? '', fence)) {
      const content = lines[j] ?? '';
      body.push(content.startsWith(indent) ? content.slice(indent.length) : content.trimStart());
      j++;
    }
    blocks.push({
      file,
      line: i + 1,
      lang: lang.toLowerCase(),
      info: info.trim(),
      code: body.join('\n'),
    });
    i = j;
  }
  return blocks;
}

function isClosingFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith(fence) && trimmed.replaceAll(fence[0] ?? '`', '') === '';
}

const TYPESCRIPT = new Set(['ts', 'tsx', 'typescript']);
const SHELL = new Set(['sh', 'bash', 'shell', 'console']);

export const isTypeScript = (block: CodeBlock) => TYPESCRIPT.has(block.lang);
export const isShell = (block: CodeBlock) => SHELL.has(block.lang);

/**
 * What a TypeScript block says about running: `run` (the harness runs it against the emulator),
 * `no-run: <why>`, or `undeclared` (a defect: every block must say which).
 */
export type RunMode = { kind: 'run' } | { kind: 'no-run'; reason: string } | { kind: 'undeclared' };

export function runMode(block: CodeBlock): RunMode {
  if (/^run\b/.test(block.info)) return { kind: 'run' };
  const noRun = /^no-run:\s*(.*)$/.exec(block.info);
  if (noRun?.[1]) return { kind: 'no-run', reason: noRun[1].trim() };
  return { kind: 'undeclared' };
}

/** `packages/core/README.md:27`: where a reader finds the block. */
export const blockLabel = (block: CodeBlock) => `${block.file}:${block.line}`;
