import type { Observed, SurfaceName } from '../surfaces/surfaces.ts';
import type { Outcome } from './expectations.ts';

/** What the emulator saw of one cell: the chat attempts, in order, by region. */
export interface Traffic {
  chatRegions: string[];
  autorouterCalls: number;
}

export function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'retried':
      return 'retried on the same edge, then full text, `stop`';
    case 'failover':
      return `failed over from ${o.from}, full text, \`stop\``;
    case 'fallback':
      return 'autorouter failed → fallback region, full text';
    case 'unaffected':
      return 'full text, `stop` (fault tolerated / not applicable)';
    case 'typed-error':
      return `${o.coreClass} status=${o.status ?? '–'} code=${o.code || '– (none sent)'}, region${o.requestId ? ' + requestId' : ''}${o.attempts ? `, ${o.attempts} attempt(s)` : ''}`;
    case 'interrupted':
      return o.fullText
        ? 'all text, finish `interrupted`'
        : 'partial text (prefix), finish `interrupted`';
    case 'stream-error':
      return `partial text, then ${o.coreClass} code=${o.code} with region + requestId`;
  }
}

export function describeObserved(obs: Observed, reference: string, traffic: Traffic): string {
  const text =
    obs.text === reference
      ? 'full text'
      : reference.startsWith(obs.text)
        ? `prefix ${obs.text.length}/${reference.length} chars`
        : `WRONG text (${obs.text.length} chars)`;
  const via = `edges: ${traffic.chatRegions.join('→') || 'none'}`;
  if (obs.error === undefined) return `ok, ${text}, finish=${obs.finish ?? '–'}; ${via}`;
  const e = obs.error;
  const cls = e.coreName && e.coreName !== e.name ? `${e.name}(${e.coreName})` : e.name;
  return `${cls} status=${e.status ?? '–'} code=${e.code ?? '–'} region=${e.region ?? '–'} requestId=${e.requestId ? 'yes' : 'no'}; ${text}${obs.finish ? `, finish=${obs.finish}` : ''}; ${via}`;
}

const codeMatches = (expected: string, actual: string | undefined) =>
  expected === ''
    ? actual === undefined
    : actual !== undefined && expected.split('|').includes(actual);

/** Every way the observation breaks the expected outcome (empty when the cell holds). */
export function checkCell(
  surface: SurfaceName,
  expected: Outcome,
  obs: Observed,
  reference: string,
  traffic: Traffic,
): string[] {
  const problems: string[] = [];
  const fullSuccess = () => {
    if (!obs.ok) problems.push(`expected success, got ${obs.error?.name}: ${obs.error?.message}`);
    if (obs.text !== reference) problems.push('text is not the full reference text');
    if (obs.finish !== 'stop') problems.push(`finish is ${obs.finish}, not stop`);
  };
  const typedBasics = (coreClass: string, code: string) => {
    if (obs.ok || !obs.error) {
      problems.push('expected a typed error, the call succeeded');
      return;
    }
    const e = obs.error;
    // ai's stream error parts carry no class of the core; everything else reaches the core error.
    if (e.coreName !== undefined && e.coreName !== coreClass)
      problems.push(`core class ${e.coreName}, expected ${coreClass}`);
    if (e.coreName === undefined && surface !== 'ai.streamText')
      problems.push(`no core error reachable from ${e.name}`);
    if (!codeMatches(code, e.code)) problems.push(`code ${e.code}, expected ${code}`);
    if (!e.region) problems.push('no region on the error');
  };
  switch (expected.kind) {
    case 'retried':
      fullSuccess();
      if (traffic.chatRegions.length < 2)
        problems.push(`only ${traffic.chatRegions.length} attempt(s): no retry`);
      if (new Set(traffic.chatRegions).size !== 1) problems.push('retry went to another edge');
      break;
    case 'failover':
      fullSuccess();
      if (traffic.chatRegions[0] !== expected.from)
        problems.push(`first attempt went to ${traffic.chatRegions[0]}, not ${expected.from}`);
      if (traffic.chatRegions.at(-1) === expected.from)
        problems.push('last attempt still on the faulted edge');
      break;
    case 'fallback':
      fullSuccess();
      if (traffic.autorouterCalls === 0) problems.push('autorouter never asked');
      break;
    case 'unaffected':
      fullSuccess();
      break;
    case 'typed-error': {
      typedBasics(expected.coreClass, expected.code);
      const e = obs.error;
      if (e && e.status !== expected.status)
        problems.push(`status ${e.status}, expected ${expected.status}`);
      if (e && expected.requestId && !e.requestId) problems.push('no request id on the error');
      if (expected.attempts !== undefined && traffic.chatRegions.length !== expected.attempts)
        problems.push(
          `${traffic.chatRegions.length} attempts reached the edges, expected ${expected.attempts}`,
        );
      break;
    }
    case 'interrupted':
      if (obs.finish !== 'interrupted') problems.push(`finish ${obs.finish}, expected interrupted`);
      if (!reference.startsWith(obs.text))
        problems.push('partial text is not a prefix of the reference');
      if (obs.text.length === 0) problems.push('no partial text delivered');
      if (expected.fullText && obs.text !== reference) problems.push('text lost before the cut');
      if (!expected.fullText && obs.text === reference) problems.push('full text despite the cut');
      break;
    case 'stream-error':
      typedBasics(expected.coreClass, expected.code);
      if (obs.error && !obs.error.requestId) problems.push('no request id on the error');
      if (!reference.startsWith(obs.text) || obs.text.length === 0 || obs.text === reference)
        problems.push('expected a non-empty strict prefix of the text before the error');
      break;
  }
  return problems;
}
