import type { AssembledToolCall, ToolCallDeltaEvent, ToolCallStartEvent } from './events.js';
import { generateToolCallId, wireId } from './tool-call-id.js';

/** One `delta.tool_calls[]` entry as it may arrive on the wire (every field optional). */
export interface WireToolCallDelta {
  index?: number | null;
  id?: string | number | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

interface OpenCall {
  index: number;
  id: string | undefined;
  name: string | undefined;
  args: string;
  /** Arguments received before the name: emitted right after `tool-call-start`. */
  pending: string;
  started: boolean;
}

/**
 * Assembles streamed tool-call fragments into calls, emitting `tool-call-start` (once id and
 * name are known) → `tool-call-delta`* as fragments arrive; {@link end} then emits every
 * `tool-call-end` in index order.
 *
 * Tolerates what real servers do: a missing `index` (matched by id, else the last call
 * touched, else a new index), a missing/numeric id (generated `call_…` / stringified), a name
 * that arrives after some arguments (arguments are buffered until the name is known), a blank
 * name (treated as not yet known) and calls without arguments.
 *
 * A call whose name never arrives is still ended, with name `''`, so no argument data is lost;
 * adapters report such calls as invalid. Ids are unique within a response: a call that repeats
 * another call's id gets a generated one.
 */
export class ToolCallAssembler {
  readonly #calls = new Map<number, OpenCall>();
  /** Ids already given to a started call of this response. */
  readonly #usedIds = new Set<string>();
  #last: OpenCall | undefined;
  #ended = 0;

  /** @param emit - receives `tool-call-start` / `tool-call-delta` / `tool-call-end` events */
  readonly #emit: (event: ToolCallStartEvent | ToolCallDeltaEvent | AssembledToolCallEnd) => void;

  constructor(
    emit: (event: ToolCallStartEvent | ToolCallDeltaEvent | AssembledToolCallEnd) => void,
  ) {
    this.#emit = emit;
  }

  /** Whether any tool call fragment was seen (before or after {@link end}). */
  get hasCalls(): boolean {
    return this.#calls.size > 0 || this.#ended > 0;
  }

  /** Feeds one wire fragment. Non-object input is ignored. */
  push(delta: WireToolCallDelta): void {
    if (typeof delta !== 'object' || delta === null) return;
    const id = wireId(delta.id);
    const call = this.#find(delta.index, id);
    if (id !== undefined && call.id === undefined) call.id = id;
    const fn = delta.function;
    const name = fn?.name;
    if (call.name === undefined && typeof name === 'string' && name.trim() !== '') {
      call.name = name;
    }
    const args = fn?.arguments;
    if (typeof args === 'string' && args !== '') {
      call.args += args;
      if (call.started) {
        this.#emit({
          type: 'tool-call-delta',
          index: call.index,
          id: call.id as string,
          argumentsDelta: args,
        });
      } else {
        call.pending += args;
      }
    }
    if (!call.started && call.name !== undefined) this.#start(call);
  }

  /** Emits `tool-call-end` for every call in index order (starting unnamed ones with name ''). */
  end(): AssembledToolCall[] {
    const calls = [...this.#calls.values()].sort((a, b) => a.index - b.index);
    const done: AssembledToolCall[] = [];
    for (const call of calls) {
      if (!call.started) this.#start(call);
      const result = {
        index: call.index,
        id: call.id as string,
        name: call.name ?? '',
        arguments: call.args,
      };
      this.#emit({ type: 'tool-call-end', ...result });
      done.push(result);
    }
    this.#ended += done.length;
    this.#calls.clear();
    this.#last = undefined;
    return done;
  }

  #find(index: number | null | undefined, id: string | undefined): OpenCall {
    let call: OpenCall | undefined;
    if (typeof index === 'number' && Number.isInteger(index) && index >= 0) {
      call = this.#calls.get(index);
      if (call === undefined) call = this.#open(index);
    } else {
      if (id !== undefined) {
        for (const c of this.#calls.values()) if (c.id === id) call = c;
        if (call === undefined) call = this.#open(this.#nextIndex());
      } else {
        call = this.#last ?? this.#open(this.#nextIndex());
      }
    }
    this.#last = call;
    return call;
  }

  #nextIndex(): number {
    let next = 0;
    for (const index of this.#calls.keys()) if (index >= next) next = index + 1;
    return next;
  }

  #open(index: number): OpenCall {
    const call: OpenCall = {
      index,
      id: undefined,
      name: undefined,
      args: '',
      pending: '',
      started: false,
    };
    this.#calls.set(index, call);
    return call;
  }

  #start(call: OpenCall): void {
    call.started = true;
    // Tool results are matched to calls by id, so two calls sharing one (servers do repeat
    // ids for parallel calls) would mix up results: a repeat gets a fresh id.
    if (call.id === undefined || this.#usedIds.has(call.id)) call.id = generateToolCallId();
    this.#usedIds.add(call.id);
    this.#emit({ type: 'tool-call-start', index: call.index, id: call.id, name: call.name ?? '' });
    if (call.pending !== '') {
      this.#emit({
        type: 'tool-call-delta',
        index: call.index,
        id: call.id,
        argumentsDelta: call.pending,
      });
      call.pending = '';
    }
  }
}

/** The `tool-call-end` event shape (re-declared to keep the emit signature readable). */
type AssembledToolCallEnd = { type: 'tool-call-end' } & AssembledToolCall;
