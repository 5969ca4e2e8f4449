/** Rule 10: job polling is bounded — deadline, backoff, a TimeoutError with the job id, abort. */
import { connectionTo } from '../cells.ts';
import { type CellResult, describeChat, errorMessage, expectTypedError } from '../checks.ts';
import { FIRST_POLL_MS, JOB_DEADLINE_MS, runTranscribeAsync } from '../audio-calls.ts';
import { type HostileHandler, type HostileServer, startHostileServer } from '../hostile-server.ts';
import { CELL_LIMIT_MS, type HostileRule } from '../rule.ts';
import { sendJSON } from '../wire.ts';
import { viewError } from '../../surfaces/errors.ts';

const JOB_ID = 'job_hostile_never_done_41';

/** Accepts the job, then reports it "processing" on every poll, forever. */
const neverFinishes: HostileHandler = (req, res) => {
  if (req.method === 'POST')
    sendJSON(res, 202, JSON.stringify({ job_id: JOB_ID, status: 'queued' }));
  else sendJSON(res, 200, JSON.stringify({ job_id: JOB_ID, status: 'processing' }));
};

const polls = (server: HostileServer) => server.requests.filter((r) => r.method === 'GET');

/** Gaps between consecutive polls, in ms. */
function gaps(server: HostileServer): number[] {
  const at = polls(server).map((r) => r.at);
  return at.slice(1).map((t, i) => Math.round(t - at[i]!));
}

async function deadlineCell(): Promise<CellResult> {
  const server = await startHostileServer(neverFinishes);
  try {
    const view = await runTranscribeAsync(connectionTo(server), CELL_LIMIT_MS);
    const problems = expectTypedError(view, ['TimeoutError']);
    const bound = JOB_DEADLINE_MS + 1000;
    if (!view.hung && view.ms > bound)
      problems.push(`took ${view.ms} ms, deadline ${JOB_DEADLINE_MS} ms`);
    if (view.error !== undefined) {
      const carries =
        errorMessage(view.error).includes(JOB_ID) ||
        JSON.stringify((view.error as { details?: unknown }).details ?? {}).includes(JOB_ID) ||
        (view.error as { jobId?: unknown }).jobId === JOB_ID;
      if (!carries) problems.push('the error does not carry the job id');
    }
    const between = gaps(server);
    const backsOff = between.length < 2 || between.at(-1)! >= between[0]! * 1.5;
    if (!backsOff) problems.push(`no backoff between polls (gaps ${between.join(', ')} ms)`);
    // The poll count and gaps change from run to run; the doc says what must hold of them.
    return {
      observed: `${describeChat(view, undefined, bound)}; polls ${backsOff ? 'back off (each gap longer)' : 'do not back off'}${view.error ? `; code ${viewError(view.error).code}` : ''}`,
      problems,
    };
  } finally {
    await server.close();
  }
}

const ABORT_AFTER_MS = 300;
/** How late a request sent before the end may still arrive at the server. */
const IN_FLIGHT_MS = 100;

async function abortCell(): Promise<CellResult> {
  const server = await startHostileServer(neverFinishes);
  try {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), ABORT_AFTER_MS);
    const view = await runTranscribeAsync(connectionTo(server), CELL_LIMIT_MS, controller.signal);
    clearTimeout(timer);
    // A poll already in flight when the call ended may still land a moment later; a polling loop
    // that kept going would poll again within the next few hundred ms (its waits start at 50 ms).
    const endedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const late = server.requests.filter((r) => r.at > endedAt + IN_FLIGHT_MS).length;
    const problems = expectTypedError(view, ['AbortError']);
    if (!view.hung && view.ms > ABORT_AFTER_MS + 300)
      problems.push(`ended ${view.ms - ABORT_AFTER_MS} ms after the abort`);
    if (late > 0) problems.push(`${late} poll(s) after the call ended`);
    return {
      observed: `${describeChat(view, undefined, ABORT_AFTER_MS + 300)}; ${late} poll(s) after the end`,
      problems,
    };
  } finally {
    await server.close();
  }
}

export const rule10: HostileRule = {
  n: 10,
  title: 'Job polling is bounded',
  cases: [
    {
      id: '10a',
      edge: 'a transcription job that stays `processing` forever',
      expected: `TimeoutError carrying the job id within the deadline (${JOB_DEADLINE_MS} ms, first poll after ${FIRST_POLL_MS} ms), growing gaps between polls`,
      surfaces: ['core transcribeAsync'],
      run: deadlineCell,
    },
    {
      id: '10b',
      edge: `the same job; the caller aborts after ${ABORT_AFTER_MS} ms`,
      expected: 'AbortError within 300 ms of the abort; no poll after the call ended',
      surfaces: ['core transcribeAsync'],
      run: abortCell,
    },
  ],
};
