import type { ChatToolCallDelta } from '../types/chat-types.js';
import type {
  AssembledToolCall,
  ToolCallDeltaEvent,
  ToolCallEndEvent,
  ToolCallStartEvent,
} from './events.js';
import { generateToolCallId, wireId } from './tool-call-id.js';
import { nonEmpty } from './wire.js';

/** Arguments as JSON text: a string as sent, an object (servers that send them parsed) as JSON. */
function argumentsText(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return nonEmpty(value);
}

/** Receives `tool-call-start` / `tool-call-delta` / `tool-call-end` events. */
type ToolCallEmit = (event: ToolCallStartEvent | ToolCallDeltaEvent | ToolCallEndEvent) => void;

interface OpenCall {
  /** The call's position in the response (its events' `index`), unique within it. */
  index: number;
  /** The id the server sent, if any (what fragments are matched on). */
  wireId?: string | undefined;
  /** The id the events carry: the server's, or a generated one (set when the call starts). */
  id?: string | undefined;
  /** Set once a name arrives, which is when the call starts (`''` for one ended unnamed). */
  name?: string | undefined;
  /** All arguments so far; those received before the name are emitted right after the start. */
  args: string;
}

/** A usable wire `index`: a non-negative integer. */
function isWireIndex(index: unknown): index is number {
  return typeof index === 'number' && Number.isInteger(index) && index >= 0;
}

/**
 * Assembles streamed tool-call fragments into calls, emitting `tool-call-start` (once id and
 * name are known) → `tool-call-delta`* as fragments arrive; `end` then emits every
 * `tool-call-end` in index order.
 *
 * Which call a fragment belongs to:
 * - with an `index`: the call last opened at that index, unless the fragment carries an id and
 *   that call has a different one; then it is a new call (servers that number every call 0
 *   would otherwise have two calls merged, arguments `{}{}`). The new call keeps the wire
 *   index as its `index` when that is free, else takes the next one after the highest;
 * - without an `index`: the call with the fragment's id, else the last call touched, else a
 *   new call after the highest index.
 *
 * Tolerates what real servers do besides: a missing/numeric id (generated `call_…` /
 * stringified), arguments sent as an object (kept as its JSON text), a name that arrives after some arguments (arguments are buffered until the name
 * is known), a blank name (treated as not yet known), calls without arguments and a first call
 * at index 1. A call whose name never arrives is still ended, with name `''`, so no argument
 * data is lost; adapters report such calls as invalid. Ids are unique within a response: a call
 * that repeats another call's id gets a generated one.
 */
export class ToolCallAssembler {
  readonly #emit: ToolCallEmit;
  /** Every call, by its `index`. */
  readonly #calls = new Map<number, OpenCall>();
  /** The call each wire index refers to now (the last one opened there). */
  readonly #atWireIndex = new Map<number, OpenCall>();
  /** Ids already given to a started call of this response. */
  readonly #usedIds = new Set<string>();
  #last: OpenCall | undefined;
  #seen = false;

  /** @param emit - receives `tool-call-start` / `tool-call-delta` / `tool-call-end` events */
  constructor(emit: ToolCallEmit) {
    this.#emit = emit;
  }

  /** Whether any tool call fragment was seen (before or after {@link end}). */
  get hasCalls(): boolean {
    return this.#seen;
  }

  /** Feeds one wire fragment. Non-object input is ignored. */
  push(delta: ChatToolCallDelta): void {
    if (typeof delta !== 'object' || delta === null) return;
    const id = wireId(delta.id);
    const call = this.#find(delta.index, id);
    call.wireId ??= id;
    const started = call.name !== undefined;
    const args = argumentsText(delta.function?.arguments);
    if (args !== undefined) {
      call.args += args;
      if (started) this.#argumentsDelta(call, args);
    }
    // The first non-blank name starts the call; later names are ignored.
    const name = nonEmpty(delta.function?.name);
    if (!started && name !== undefined && name.trim() !== '') this.#start(call, name);
  }

  /** Emits `tool-call-end` for every call in index order (starting unnamed ones with name ''). */
  end(): AssembledToolCall[] {
    const done = [...this.#calls.values()]
      .sort((a, b) => a.index - b.index)
      .map((call): AssembledToolCall => {
        if (call.name === undefined) this.#start(call, '');
        const result = {
          index: call.index,
          id: call.id as string,
          name: call.name as string,
          arguments: call.args,
        };
        this.#emit({ type: 'tool-call-end', ...result });
        return result;
      });
    this.#calls.clear();
    this.#atWireIndex.clear();
    this.#last = undefined;
    return done;
  }

  /** The call a fragment belongs to, opened when there is none (see the class rules). */
  #find(index: unknown, id: string | undefined): OpenCall {
    let call: OpenCall | undefined;
    if (isWireIndex(index)) {
      call = this.#atWireIndex.get(index);
      const otherId = call?.wireId !== undefined && id !== undefined && call.wireId !== id;
      if (call === undefined || otherId) {
        call = this.#open(this.#calls.has(index) ? this.#nextIndex() : index);
        this.#atWireIndex.set(index, call);
      }
    } else {
      if (id !== undefined) {
        for (const open of this.#calls.values()) if (open.wireId === id) call = open;
      } else {
        call = this.#last;
      }
      if (call === undefined) {
        call = this.#open(this.#nextIndex());
        // Later fragments may carry the index this call was given: they continue it.
        if (!this.#atWireIndex.has(call.index)) this.#atWireIndex.set(call.index, call);
      }
    }
    this.#last = call;
    return call;
  }

  #open(index: number): OpenCall {
    this.#seen = true;
    const call: OpenCall = { index, args: '' };
    this.#calls.set(index, call);
    return call;
  }

  #nextIndex(): number {
    return Math.max(-1, ...this.#calls.keys()) + 1;
  }

  /** Announces `call`, named `name`, with the arguments that arrived before its name. */
  #start(call: OpenCall, name: string): void {
    call.name = name;
    // Tool results are matched to calls by id, so two calls sharing one (servers do repeat
    // ids for parallel calls) would mix up results: a repeat gets a fresh id.
    let id = call.wireId;
    if (id === undefined || this.#usedIds.has(id)) id = generateToolCallId();
    call.id = id;
    this.#usedIds.add(id);
    this.#emit({ type: 'tool-call-start', index: call.index, id, name });
    if (call.args !== '') this.#argumentsDelta(call, call.args);
  }

  #argumentsDelta(call: OpenCall, text: string): void {
    this.#emit({
      type: 'tool-call-delta',
      index: call.index,
      id: call.id as string,
      argumentsDelta: text,
    });
  }
}
