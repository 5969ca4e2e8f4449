import { type DotenvAssignment, scanDotenv } from './dotenv-scan.js';

/** Why `--write-env` will not write a file (see {@link EnvFileError}). */
export type EnvFileErrorCode =
  /** A name is already set to a value the emulator did not write (a real key, another URL). */
  | 'foreign-value'
  /** A name is set by an assignment that spans lines or shares its line: edited by hand only. */
  | 'not-own-line'
  /** A value to write would need quoting (spaces, quotes, `#`, a backslash, a line break). */
  | 'unsafe-value'
  /** The rewritten text would not read back as intended (a safety net: should not happen). */
  | 'unverified'
  /** The path is a symbolic link. */
  | 'symlink'
  /** The path exists and is not a regular file. */
  | 'not-a-file';

/** A refusal of `--write-env`; the file is left as it was. */
export class EnvFileError extends Error {
  override readonly name = 'EnvFileError';
  constructor(
    readonly code: EnvFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What the writer may replace without `force`. */
export type OwnsValue = (name: string, current: string) => boolean;

export interface EnvWriteOptions {
  /** Whether an existing value of `name` is one the emulator wrote (its demo key, a loopback URL, …). */
  owns: OwnsValue;
  /** Replace values that are not the emulator's too. */
  force?: boolean;
}

/** A value written bare: no quoting needed for any dotenv reader. */
const PLAIN_VALUE = /^[^\s#'"`\\]*$/;

/**
 * The new text of a dotenv file with `values` set, or an {@link EnvFileError}. Never throws.
 *
 * Each name's own-line assignments get the new value in place (`export` and any comment after
 * the value kept; every assignment of the name, so no stale duplicate wins); a missing name is
 * appended. Everything else is kept byte for byte. The result is read back and compared before
 * it is returned: every other assignment must read exactly as before.
 */
export function planEnvWrite(
  text: string,
  values: Readonly<Record<string, string>>,
  options: EnvWriteOptions,
): { text: string } | { error: EnvFileError } {
  const names = Object.keys(values);
  for (const name of names) {
    if (!/^[\w.-]+$/.test(name) || !PLAIN_VALUE.test(values[name] ?? '')) {
      return { error: new EnvFileError('unsafe-value', `cannot write ${name} as a plain value`) };
    }
  }
  const before = scanDotenv(text);
  const ours = before.filter((a) => Object.hasOwn(values, a.name));
  const refusal = refuse(ours, options);
  if (refusal) return { error: refusal };

  let out = '';
  let copied = 0;
  for (const a of ours) {
    out += text.slice(copied, a.valueStart) + values[a.name];
    copied = a.valueEnd;
  }
  out += text.slice(copied);
  const missing = names.filter((name) => !ours.some((a) => a.name === name));
  if (missing.length > 0) {
    const eol = /\r\n/.test(text) ? '\r\n' : '\n';
    if (out !== '' && !/[\r\n]$/.test(out)) out += eol;
    for (const name of missing) out += `${name}=${values[name]}${eol}`;
  }
  return readsBack(before, scanDotenv(out), values)
    ? { text: out }
    : {
        error: new EnvFileError(
          'unverified',
          'the rewritten file would not read back as intended; edit it by hand',
        ),
      };
}

function refuse(ours: DotenvAssignment[], options: EnvWriteOptions): EnvFileError | undefined {
  const shared = ours.find((a) => !a.ownLine);
  if (shared) {
    return new EnvFileError(
      'not-own-line',
      `${shared.name} is set by an assignment that spans lines or shares its line; ` +
        'polargrid-edge does not rewrite it: edit or remove it by hand',
    );
  }
  if (options.force) return undefined;
  const foreign = ours.filter((a) => !options.owns(a.name, a.value));
  if (foreign.length === 0) return undefined;
  const what = foreign.map((a) => `${a.name}=${shown(a.name, a.value)}`).join(', ');
  return new EnvFileError(
    'foreign-value',
    `it already sets ${what}, which the emulator did not write; pass --force to replace ` +
      `${foreign.length === 1 ? 'it' : 'them'}, or write another file`,
  );
}

/** A value as it may appear in a message: a key shows its prefix only. */
function shown(name: string, value: string): string {
  if (!/KEY|SECRET|TOKEN|PASSWORD/i.test(name)) return JSON.stringify(value);
  return value.length <= 8 ? '"…"' : `"${value.slice(0, 8)}…"`;
}

/** Every other assignment reads as before, in order, and each of ours reads as its new value. */
function readsBack(
  before: DotenvAssignment[],
  after: DotenvAssignment[],
  values: Readonly<Record<string, string>>,
): boolean {
  const others = (list: DotenvAssignment[]) =>
    list.filter((a) => !Object.hasOwn(values, a.name)).map((a) => [a.name, a.value]);
  if (JSON.stringify(others(before)) !== JSON.stringify(others(after))) return false;
  const ours = after.filter((a) => Object.hasOwn(values, a.name));
  return (
    ours.every((a) => a.ownLine && a.value === values[a.name]) &&
    Object.keys(values).every((name) => ours.some((a) => a.name === name))
  );
}
