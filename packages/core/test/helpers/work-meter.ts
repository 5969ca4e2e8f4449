/**
 * A deterministic measure of the work a synchronous call does on text: the characters copied by
 * `String.prototype.slice`/`substring`, searched by `lastIndexOf` and scanned by `RegExp.prototype.exec`/`test` (from where
 * the search starts to where it stops). A wall clock on a shared 2-core machine says little; this
 * count says whether a loop is linear. Past `budget` it throws, so a quadratic loop fails fast
 * instead of running for minutes.
 */
export class WorkBudgetExceeded extends Error {}

export function measureWork<T>(budget: number, run: () => T): { result: T; work: number } {
  const proto = String.prototype;
  const re = RegExp.prototype;
  const { slice, substring, lastIndexOf } = proto;
  const { exec, test } = re;
  let work = 0;
  let metering = true;
  const add = (n: number): void => {
    if (!metering) return;
    work += n;
    if (work > budget) {
      metering = false;
      throw new WorkBudgetExceeded(`more than ${budget} characters of work`);
    }
  };
  /** Runs the real `exec`, counting the characters from the search start to where it stopped. */
  const metered = (regex: RegExp, input: unknown): RegExpExecArray | null => {
    const text = String(input);
    const from = regex.global || regex.sticky ? regex.lastIndex : 0;
    const match = exec.call(regex, text);
    add(Math.max(0, (match === null ? text.length : match.index + match[0].length) - from));
    return match;
  };
  proto.slice = function (this: string, ...args: [number?, number?]) {
    const out = slice.apply(this, args);
    add(out.length);
    return out;
  };
  proto.substring = function (this: string, ...args: [number, number?]) {
    const out = substring.apply(this, args);
    add(out.length);
    return out;
  };
  proto.lastIndexOf = function (this: string, search: string, position?: number) {
    const found = lastIndexOf.call(this, search, position);
    const from = Math.min(this.length, position ?? this.length);
    add(Math.max(0, from - Math.max(0, found)));
    return found;
  };
  re.exec = function (this: RegExp, input: string) {
    return metered(this, input);
  };
  re.test = function (this: RegExp, input: string) {
    return metered(this, input) !== null;
  };
  try {
    const result = run();
    return { result, work };
  } finally {
    metering = false;
    proto.slice = slice;
    proto.substring = substring;
    proto.lastIndexOf = lastIndexOf;
    re.exec = exec;
    re.test = test;
  }
}
