import type {
  AssembledToolCall,
  ToolCallDeltaEvent,
  ToolCallEndEvent,
  ToolCallStartEvent,
} from './events.js';
import { generateToolCallId, wireId } from './tool-call-id.js';
import { nonEmpty } from './wire.js';

/** One `delta.tool_calls[]` entry as it may arrive on the wire (every field optional). */
export interface WireToolCallDelta {
  index?: number | null;
  id?: string | number | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

/** Receives `tool-call-start` / `tool-call-delta` / `tool-call-end` events. */
type ToolCallEmit = (event: ToolCallStartEvent | ToolCallDeltaEvent | ToolCallEndEvent) => void;

/** A {@link createToolCallAssembler} instance: the state behind {@link ToolCallAssembler}. */
export interface Assembler {
  /** Feeds one wire fragment. Non-object input is ignored. */
  push(delta: WireToolCallDelta): void;
  /** Emits `tool-call-end` for every call in index order (starting unnamed ones with name ''). */
  end(): AssembledToolCall[];
  /** Whether any tool call fragment was seen (before or after `end`). */
  hasCalls(): boolean;
}

interface OpenCall {
  index: number;
  id?: string | undefined;
  /** Set once a name arrives, which is when the call starts (`''` for one ended unnamed). */
  name?: string | undefined;
  /** All arguments so far; those received before the name are emitted right after the start. */
  args: string;
}

/**
 * Assembles streamed tool-call fragments into calls, emitting `tool-call-start` (once id and
 * name are known) → `tool-call-delta`* as fragments arrive; `end` then emits every
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
 *
 * A closure (what the decoders use); {@link ToolCallAssembler} is the public class around it.
 */
export function createToolCallAssembler(emit: ToolCallEmit): Assembler {
  const calls = new Map<number, OpenCall>();
  /** Ids already given to a started call of this response. */
  const usedIds = new Set<string>();
  let last: OpenCall | undefined;
  let seen = false;

  const argumentsDelta = (call: OpenCall, text: string): void =>
    emit({
      type: 'tool-call-delta',
      index: call.index,
      id: call.id as string,
      argumentsDelta: text,
    });

  /** Announces `call`, named `name`, with the arguments that arrived before its name. */
  const start = (call: OpenCall, name: string): void => {
    call.name = name;
    // Tool results are matched to calls by id, so two calls sharing one (servers do repeat
    // ids for parallel calls) would mix up results: a repeat gets a fresh id.
    if (call.id === undefined || usedIds.has(call.id)) call.id = generateToolCallId();
    usedIds.add(call.id);
    emit({ type: 'tool-call-start', index: call.index, id: call.id, name });
    if (call.args !== '') argumentsDelta(call, call.args);
  };

  /** The call a fragment belongs to, opened when there is none. */
  const find = (index: number | null | undefined, id: string | undefined): OpenCall => {
    const indexed = typeof index === 'number' && Number.isInteger(index) && index >= 0;
    let call: OpenCall | undefined;
    if (indexed) call = calls.get(index);
    else if (id === undefined) call = last;
    else for (const open of calls.values()) if (open.id === id) call = open;
    if (call === undefined) {
      seen = true;
      call = { index: indexed ? index : Math.max(-1, ...calls.keys()) + 1, args: '' };
      calls.set(call.index, call);
    }
    last = call;
    return call;
  };

  return {
    push(delta) {
      if (typeof delta !== 'object' || delta === null) return;
      const id = wireId(delta.id);
      const call = find(delta.index, id);
      call.id ??= id;
      const started = call.name !== undefined;
      const fn = delta.function;
      const args = nonEmpty(fn?.arguments);
      if (args !== undefined) {
        call.args += args;
        if (started) argumentsDelta(call, args);
      }
      // The first non-blank name starts the call; later names are ignored.
      const name = nonEmpty(fn?.name);
      if (!started && name !== undefined && name.trim() !== '') start(call, name);
    },
    end() {
      const done = [...calls.values()]
        .sort((a, b) => a.index - b.index)
        .map((call): AssembledToolCall => {
          if (call.name === undefined) start(call, '');
          const result = {
            index: call.index,
            id: call.id as string,
            name: call.name as string,
            arguments: call.args,
          };
          emit({ type: 'tool-call-end', ...result });
          return result;
        });
      calls.clear();
      last = undefined;
      return done;
    },
    // A method, not a getter, like `inReasoning` of the think splitter.
    hasCalls: () => seen,
  };
}

/** The tool-call assembler as a class; see {@link createToolCallAssembler} for the rules. */
export class ToolCallAssembler {
  readonly #assembler: Assembler;

  /** @param emit - receives `tool-call-start` / `tool-call-delta` / `tool-call-end` events */
  constructor(emit: ToolCallEmit) {
    this.#assembler = createToolCallAssembler(emit);
  }

  /** Whether any tool call fragment was seen (before or after {@link end}). */
  get hasCalls(): boolean {
    return this.#assembler.hasCalls();
  }

  /** Feeds one wire fragment. Non-object input is ignored. */
  push(delta: WireToolCallDelta): void {
    this.#assembler.push(delta);
  }

  /** Emits `tool-call-end` for every call in index order (starting unnamed ones with name ''). */
  end(): AssembledToolCall[] {
    return this.#assembler.end();
  }
}
