/**
 * Reads a dotenv text the way the `dotenv` package (and so Next.js, Vite, …) reads it, keeping
 * where each assignment sits, so `--write-env` can change exactly its own lines and nothing else.
 *
 * The grammar, as dotenv applies it: at the start of a line, optional `export `, a name of
 * `[A-Za-z0-9_.-]`, then `=` (spaces allowed around it) or `:` and a space; then a value that is
 * single-, double- or backtick-quoted (a quoted value may span lines: it ends at the first
 * unescaped closing quote followed by nothing but spaces or a comment) or unquoted (up to `#` or
 * the end of the line). A line inside a quoted multi-line value is part of that value, never an
 * assignment of its own, even when it reads `POLARGRID_API_KEY=…`.
 *
 * Linear in the text for ordinary files: every line start is tried once, and the search for a
 * closing quote is cached across openings of the same quote (pathological runs of escaped quotes
 * with nothing after them are the only case that can cost more).
 */

/** One `NAME=value` as dotenv reads it. */
export interface DotenvAssignment {
  name: string;
  /** What a program reading the file gets (quotes removed, `\n` expanded in double quotes). */
  value: string;
  /** Offset of the first character of the name. */
  nameStart: number;
  /** Offsets of the value as written (quotes included; for an empty value both are the offset after the separator). */
  valueStart: number;
  valueEnd: number;
  /** Offset where the assignment's line starts (the start of its leading spaces or `export`). */
  lineStart: number;
  /**
   * True when the assignment is alone on one physical line: name and value on the same line,
   * nothing else assigned on it. Only such an assignment can be rewritten in place.
   */
  ownLine: boolean;
}

const QUOTES = new Set(["'", '"', '`']);
/** What JavaScript's `^`/`$` treat as line ends (dotenv matches with the `m` flag). */
const isTerminator = (c: string | undefined) =>
  c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
/** Physical line ends, the ones a text editor (and this writer) splits lines at. */
const isLineBreak = (c: string | undefined) => c === '\n' || c === '\r';
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
/**
 * The part before the value: optional `export`, the name, then `=` or `:` and one space. dotenv
 * reads CRLF as LF, so `:` followed by CRLF takes the whole line break as its one space (the
 * value then starts on the next line, as dotenv reads it).
 */
const HEAD = /\s*(?:export\s+)?([\w.-]+)(?:\s*=|:(?:\r\n|\s))/dy;

/** Offset of the end of the physical line that contains `at` (its line break excluded). */
function physicalLineEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length && !isLineBreak(text[i])) i++;
  return i;
}

/**
 * Whether a closing quote at `at` can end the value: after it only spaces, then a line end, a
 * comment or the end of the text (dotenv's `\s*(?:#.*)?$`).
 */
function closesCleanly(text: string, at: number): boolean {
  let i = at + 1;
  for (; i < text.length && isSpace(text[i]); i++) if (isTerminator(text[i])) return true;
  return i === text.length || text[i] === '#';
}

class QuoteFinder {
  /** Per quote: the last search, reused while later openings fall before its result. */
  readonly #cache = new Map<string, { from: number; found: number }>();
  constructor(readonly text: string) {}

  /** The first `quote` after `open` not preceded by a backslash, or -1. */
  firstUnescaped(quote: string, open: number): number {
    const cached = this.#cache.get(quote);
    if (cached && open >= cached.from && (cached.found === -1 || cached.found > open))
      return cached.found;
    let i = this.text.indexOf(quote, open + 1);
    while (i !== -1 && this.text[i - 1] === '\\') i = this.text.indexOf(quote, i + 1);
    this.#cache.set(quote, { from: open, found: i });
    return i;
  }

  /**
   * Where dotenv's quoted value opened at `open` closes, or -1 when it does not (then the value
   * is read unquoted). Like dotenv's backtracking regex: the first unescaped quote if the rest of
   * its line is clean, else the last escaped one before it whose rest of line is.
   */
  closing(open: number): number {
    const quote = this.text[open] ?? '';
    const first = this.firstUnescaped(quote, open);
    if (first !== -1 && closesCleanly(this.text, first)) return first;
    let i = this.text.lastIndexOf(quote, first === -1 ? this.text.length : first - 1);
    for (; i > open; i = this.text.lastIndexOf(quote, i - 1)) {
      if (this.text[i - 1] === '\\' && closesCleanly(this.text, i)) return i;
    }
    return -1;
  }
}

/** What a program gets for the value as written (dotenv's trimming, unquoting and `\n`). */
function programValue(raw: string): string {
  const trimmed = raw.replace(/\r\n?/g, '\n').trim();
  const unquoted = trimmed.replace(/^(['"`])([\s\S]*)\1$/gm, '$2');
  return trimmed.startsWith('"') ? unquoted.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : unquoted;
}

/** Every assignment of a dotenv text, in order; a later one of the same name wins in dotenv. */
export function scanDotenv(text: string): DotenvAssignment[] {
  const found: DotenvAssignment[] = [];
  const quotes = new QuoteFinder(text);
  let at = 0;
  while (at < text.length) {
    const assignment = readAssignment(text, at, quotes);
    let next: number;
    if (assignment) {
      found.push(assignment);
      next = assignment.valueEnd;
    } else {
      next = at;
    }
    // On to the next line start (after any JavaScript line terminator, as `^` with `m`).
    while (next < text.length && !isTerminator(text[next])) next++;
    at = next + 1;
  }
  for (const [i, a] of found.entries()) {
    const end = physicalLineEnd(text, a.lineStart);
    const nextStart = found[i + 1]?.lineStart ?? Number.POSITIVE_INFINITY;
    const startsLine = a.lineStart === 0 || isLineBreak(text[a.lineStart - 1]);
    a.ownLine = startsLine && a.nameStart <= end && a.valueEnd <= end && nextStart > end;
  }
  return found;
}

function readAssignment(
  text: string,
  lineStart: number,
  quotes: QuoteFinder,
): DotenvAssignment | undefined {
  // A blank line adds nothing: the next line start reaches the same name (and keeps the scan linear).
  let first = lineStart;
  while (first < text.length && isSpace(text[first]) && !isTerminator(text[first])) first++;
  if (first >= text.length || isTerminator(text[first])) return undefined;
  HEAD.lastIndex = lineStart;
  const head = HEAD.exec(text);
  if (!head) return undefined;
  const name = head[1] ?? '';
  const nameStart = head.indices?.[1]?.[0] ?? lineStart;
  const afterSeparator = HEAD.lastIndex;
  let open = afterSeparator;
  while (open < text.length && isSpace(text[open])) open++;
  const close = QUOTES.has(text[open] ?? '') ? quotes.closing(open) : -1;
  let valueEnd = afterSeparator;
  if (close !== -1) {
    valueEnd = close + 1;
  } else {
    while (valueEnd < text.length && text[valueEnd] !== '#' && !isLineBreak(text[valueEnd]))
      valueEnd++;
    // Spaces before a comment are not part of the value (dotenv trims them).
    while (valueEnd > afterSeparator && isSpace(text[valueEnd - 1])) valueEnd--;
  }
  // The value as written starts at its first character (quote included) when there is one.
  const valueStart = valueEnd > afterSeparator ? Math.min(open, valueEnd) : afterSeparator;
  return {
    name,
    value: programValue(text.slice(valueStart, valueEnd)),
    nameStart,
    valueStart,
    valueEnd,
    lineStart,
    ownLine: false,
  };
}
