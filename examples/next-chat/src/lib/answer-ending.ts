/**
 * How an answer ended, when the UI must say so: `useChat` ends a cut stream like a finished one
 * (no error), and only `onFinish` tells them apart, through `finishReason` (`interrupted`: the
 * edge's stream ended before the model finished; `length`: the output limit) and the abort and
 * disconnect flags. Shared by the chat and its messages, so it holds types and pure helpers only.
 */
import type { FinishReason } from 'ai';

export type AnswerEnding = 'stopped' | 'interrupted' | 'disconnected' | 'length';

/** The ending worth showing, or undefined for an answer that finished normally. */
export function answerEnding(finish: {
  isAbort: boolean;
  isDisconnect: boolean;
  finishReason?: FinishReason | undefined;
}): AnswerEnding | undefined {
  if (finish.isAbort) return 'stopped';
  if (finish.isDisconnect) return 'disconnected';
  if (finish.finishReason === 'interrupted') return 'interrupted';
  if (finish.finishReason === 'length') return 'length';
  return undefined;
}

/** What the chip under the answer says, and the sentence beside a cut answer. */
export const ENDINGS: Record<AnswerEnding, { chip: string; note?: string }> = {
  stopped: { chip: 'stopped' },
  interrupted: {
    chip: 'interrupted',
    note: 'This answer was cut short: the edge’s stream ended before the model finished. Ask again for the rest.',
  },
  disconnected: {
    chip: 'disconnected',
    note: 'The connection to the server dropped before this answer finished. Ask again for the rest.',
  },
  length: {
    chip: 'output limit',
    note: 'This answer reached its output limit and stops mid-way.',
  },
};
