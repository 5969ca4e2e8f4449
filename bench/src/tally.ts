/**
 * What every runner reports about a stream it read, and the check that it read it right.
 * A runner calls `text` for each text delta, `finish` once, `usage` once; nothing else.
 */
import type { ExpectedStream } from './wire/chunks.ts';

export interface StreamSummary {
  textDeltas: number;
  textLength: number;
  lastCharSum: number;
  firstText: string | undefined;
  lastText: string | undefined;
  finishReason: string | undefined;
  usage:
    | { prompt: number | undefined; completion: number | undefined; total: number | undefined }
    | undefined;
}

export class Tally {
  textDeltas = 0;
  textLength = 0;
  lastCharSum = 0;
  firstText: string | undefined;
  lastText: string | undefined;
  finishReason: string | undefined;
  usageSeen: StreamSummary['usage'];
  /** Called once, on the first non-empty text delta (TTFT and cold-start cells). */
  onFirstText: (() => void) | undefined;

  text(delta: string): void {
    // Empty deltas (the role chunk, framework bookkeeping) are not text.
    if (delta.length === 0) return;
    if (this.textDeltas === 0) {
      this.firstText = delta;
      this.onFirstText?.();
    }
    this.textDeltas++;
    this.textLength += delta.length;
    this.lastCharSum += delta.charCodeAt(delta.length - 1);
    this.lastText = delta;
  }

  finish(reason: string | undefined): void {
    this.finishReason = reason;
  }

  usage(
    prompt: number | undefined,
    completion: number | undefined,
    total: number | undefined,
  ): void {
    this.usageSeen = { prompt, completion, total };
  }

  summary(): StreamSummary {
    return {
      textDeltas: this.textDeltas,
      textLength: this.textLength,
      lastCharSum: this.lastCharSum,
      firstText: this.firstText,
      lastText: this.lastText,
      finishReason: this.finishReason,
      usage: this.usageSeen,
    };
  }
}

/** Every way `got` differs from `expected`; empty when the stream was read correctly. */
export function validateStream(got: StreamSummary, expected: ExpectedStream): string[] {
  const problems: string[] = [];
  if (got.textDeltas !== expected.textDeltas) {
    problems.push(`text deltas ${got.textDeltas} != ${expected.textDeltas}`);
  }
  if (got.textLength !== expected.textLength) {
    problems.push(`text length ${got.textLength} != ${expected.textLength}`);
  }
  if (got.lastCharSum !== expected.lastCharSum) {
    problems.push(`last-character checksum ${got.lastCharSum} != ${expected.lastCharSum}`);
  }
  if (got.firstText !== expected.firstText) {
    problems.push(
      `first text ${JSON.stringify(got.firstText)} != ${JSON.stringify(expected.firstText)}`,
    );
  }
  if (got.lastText !== expected.lastText) {
    problems.push(
      `last text ${JSON.stringify(got.lastText)} != ${JSON.stringify(expected.lastText)}`,
    );
  }
  if (got.finishReason !== expected.finishReason) {
    problems.push(`finish reason ${String(got.finishReason)} != ${expected.finishReason}`);
  }
  const u = got.usage;
  if (
    !u ||
    u.prompt !== expected.usage.prompt ||
    u.completion !== expected.usage.completion ||
    u.total !== expected.usage.total
  ) {
    problems.push(`usage ${JSON.stringify(u)} != ${JSON.stringify(expected.usage)}`);
  }
  return problems;
}
