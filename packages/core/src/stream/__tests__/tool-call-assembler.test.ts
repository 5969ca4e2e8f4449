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

  it('two calls at one index with different ids are two calls; fragments after continue the newer', () => {
    const { calls } = assemble([
      { index: 0, id: 'a', function: { name: 'fa', arguments: '{}' } },
      { index: 0, id: 'b', function: { name: 'fb', arguments: '{"x"' } },
      { index: 0, function: { arguments: ':1}' } },
      { index: 0, id: 'b', function: { arguments: '' } },
    ]);
    expect(calls).toEqual([
      { index: 0, id: 'a', name: 'fa', arguments: '{}' },
      { index: 1, id: 'b', name: 'fb', arguments: '{"x":1}' },
    ]);
  });

  it('a second call at a reused index never takes a position another call holds', () => {
    const { calls } = assemble([
      { index: 0, id: 'a', function: { name: 'fa' } },
      { index: 0, id: 'b', function: { name: 'fb' } },
      { index: 1, id: 'c', function: { name: 'fc' } },
    ]);
    expect(calls.map((c) => (c as { index: number; id: string }).index)).toEqual([0, 1, 2]);
    expect(calls.map((c) => (c as { id: string }).id)).toEqual(['a', 'b', 'c']);
  });

  it('an id arriving late at the same index is the same call', () => {
    const { calls } = assemble([
      { index: 0, function: { name: 'f', arguments: '{' } },
      { index: 0, id: 'late', function: { arguments: '}' } },
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ index: 0, name: 'f', arguments: '{}' });
  });

  it('a call opened without an index is continued by fragments that carry its index', () => {
    const { calls } = assemble([
      { id: 'a', function: { name: 'f', arguments: '{"k":' } },
      { index: 0, function: { arguments: '2}' } },
    ]);
    expect(calls).toEqual([{ index: 0, id: 'a', name: 'f', arguments: '{"k":2}' }]);
  });
});
