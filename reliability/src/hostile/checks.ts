/**
 * Reading a hostile-edge cell: a short description of what the user saw, and the common checks
 * (a typed error of a given class, no hang, how many requests reached the server).
 */
import { viewError } from '../surfaces/errors.ts';
import type { ChatView } from './chat-surfaces.ts';
import type { HostileServer } from './hostile-server.ts';
import { PROMPT_END_MS } from './rule.ts';

/** What a cell produced: a sentence for the doc and every way it broke its rule. */
export interface CellResult {
  observed: string;
  problems: string[];
}

const clip = (text: string, max = 60) =>
  text.length > max
    ? `${JSON.stringify(text.slice(0, max))}…(${text.length})`
    : JSON.stringify(text);

/** Loopback ports change on every run; the doc shows them as `<port>` so it does not churn. */
export function withoutPorts(text: string): string {
  return text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
}

/** `TimeoutError`, or `AI_APICallError(TimeoutError)` when a framework wrapped the core's. */
export function errorName(error: unknown): string {
  if (error === undefined) return 'none';
  const view = viewError(error);
  return view.coreName && view.coreName !== view.name
    ? `${view.name}(${view.coreName})`
    : view.name;
}

export function errorMessage(error: unknown): string {
  return error === undefined ? '' : viewError(error).message;
}

/** The class of the core error underneath (or the outer class when no core error is reachable). */
export function coreClass(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  const view = viewError(error);
  return view.coreName ?? view.name;
}

/**
 * What the user saw, in one line. Cells about time (`timed`) say whether the call ended within
 * their bound (`true`: {@link PROMPT_END_MS}), never the exact milliseconds: those change on every
 * run, and a test run must leave the generated doc as it was.
 */
export function describeChat(
  view: ChatView,
  requests?: number,
  timed: boolean | number = false,
): string {
  const parts: string[] = [];
  if (view.hung) parts.push(`HUNG (no outcome in ${view.ms} ms)`);
  else if (view.error !== undefined)
    parts.push(`${errorName(view.error)}: ${clip(errorMessage(view.error), 90)}`);
  else parts.push('ok');
  if (view.text !== '') parts.push(`text ${clip(view.text)}`);
  if (view.reasoning !== '') parts.push(`reasoning ${clip(view.reasoning)}`);
  if (view.toolCalls.length > 0)
    parts.push(
      `tool calls ${view.toolCalls.map((c) => `${c.name}#${c.id}(${c.arguments})`).join(', ')}`,
    );
  if (view.finish) parts.push(`finish ${view.finish}`);
  if (view.warnings.length > 0) parts.push(`${view.warnings.length} warning(s)`);
  if (requests !== undefined) parts.push(`${requests} request(s)`);
  if (timed !== false && !view.hung) {
    const bound = timed === true ? PROMPT_END_MS : timed;
    parts.push(view.ms <= bound ? `within ${bound} ms` : `${view.ms} ms, over ${bound} ms`);
  }
  return parts.join(', ');
}

/** The call failed with one of `classes` (the core's class, however wrapped), in time. */
export function expectTypedError(view: ChatView, classes: readonly string[]): string[] {
  if (view.hung) return [`hung: no outcome within ${view.ms} ms`];
  if (view.error === undefined)
    return [
      `expected ${classes.join(' or ')}, the call succeeded (text ${clip(view.text)}, finish ${view.finish})`,
    ];
  const found = coreClass(view.error);
  return found !== undefined && classes.includes(found)
    ? []
    : [
        `expected ${classes.join(' or ')}, got ${errorName(view.error)}: ${errorMessage(view.error)}`,
      ];
}

/** The call succeeded (and did not hang). */
export function expectSuccess(view: ChatView): string[] {
  if (view.hung) return [`hung: no outcome within ${view.ms} ms`];
  if (view.error !== undefined)
    return [`expected success, got ${errorName(view.error)}: ${errorMessage(view.error)}`];
  return [];
}

export function expectWithin(view: ChatView, ms: number): string[] {
  return !view.hung && view.ms > ms ? [`took ${view.ms} ms, more than ${ms} ms`] : [];
}

export function expectRequests(
  server: HostileServer,
  expected: number,
  what = 'the edge',
): string[] {
  const n = server.requests.length;
  return n === expected ? [] : [`${n} request(s) reached ${what}, expected ${expected}`];
}
