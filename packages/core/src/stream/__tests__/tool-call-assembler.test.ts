import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../events.js';
import { ToolCallAssembler } from '../tool-call-assembler.js';

function assemble(deltas: unknown[]): { events: ChatStreamEvent[]; calls: unknown[] } {
  const events: ChatStreamEvent[] = [];
  const assembler = new ToolCallAssembler((e) => events.push(e));
  for (const d of deltas) assembler.push(d as never);
  const calls = assembler.end();
  return { events, calls };
}

describe('ToolCallAssembler', () => {
  it('finds a call without index by its id, else continues the last call', () => {
    const { calls } = assemble([
      { id: 'a', function: { name: 'fa', arguments: '[1' } },
      { id: 'b', function: { name: 'fb', arguments: '{}' } },
      { id: 'a', function: { arguments: ',2' } },
      { function: { arguments: ']' } },
    ]);
    expect(calls).toEqual([
      { index: 0, id: 'a', name: 'fa', arguments: '[1,2]' },
      { index: 1, id: 'b', name: 'fb', arguments: '{}' },
    ]);
  });

  it('opens a new index after the highest one for an unknown id', () => {
    const { calls } = assemble([
      { index: 3, id: 'x', function: { name: 'f' } },
      { id: 'y', function: { name: 'g' } },
    ]);
    expect(calls).toEqual([
      { index: 3, id: 'x', name: 'f', arguments: '' },
      { index: 4, id: 'y', name: 'g', arguments: '' },
    ]);
  });

  it('keeps the first name and ignores later names, nulls and non-objects', () => {
    const { calls, events } = assemble([
      null,
      { index: 0, id: null, function: null },
      { index: 0, function: { name: 'first', arguments: null } },
      { index: 0, function: { name: 'second' } },
    ]);
    expect(calls).toMatchObject([{ index: 0, name: 'first', arguments: '' }]);
    expect(events.map((e) => e.type)).toEqual(['tool-call-start', 'tool-call-end']);
  });

  it('reports hasCalls before and after end', () => {
    const assembler = new ToolCallAssembler(() => {});
    expect(assembler.hasCalls).toBe(false);
    assembler.push({ index: 0, function: { name: 'f' } });
    expect(assembler.hasCalls).toBe(true);
    assembler.end();
    expect(assembler.hasCalls).toBe(true);
  });
});
