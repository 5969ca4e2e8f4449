import type { Fault, FaultKind, FaultParams } from './fault-kinds.js';

/** A fault rule for `emulator.inject()`. Extra keys are the fault's parameters. */
export interface FaultRuleInput {
  kind: FaultKind;
  /** Region id, or `autorouter`. Default: every target. */
  region?: string;
  /** Only requests whose path contains this substring. */
  path?: string;
  /** How many requests it applies to. Default: unlimited. */
  times?: number;
  /** Only from this moment (epoch ms)… */
  from?: number;
  /** …until this one (epoch ms). */
  until?: number;
  [param: string]: string | number | undefined;
}

interface Rule {
  input: FaultRuleInput;
  remaining: number;
  params: FaultParams;
}

const RULE_KEYS = new Set(['kind', 'region', 'path', 'times', 'from', 'until']);

/** The handle-level fault rules, matched in insertion order. */
export class FaultRules {
  #rules: Rule[] = [];

  add(input: FaultRuleInput): { remove(): void } {
    const params: FaultParams = {};
    for (const [key, value] of Object.entries(input)) {
      if (!RULE_KEYS.has(key)) params[key] = value;
    }
    const rule: Rule = { input, remaining: input.times ?? Number.POSITIVE_INFINITY, params };
    this.#rules.push(rule);
    return {
      remove: () => {
        this.#rules = this.#rules.filter((r) => r !== rule);
      },
    };
  }

  clear(): void {
    this.#rules = [];
  }

  /** The first rule matching this request (consuming one of its `times`), if any. */
  take(target: string, path: string, accept: (kind: FaultKind) => boolean): Fault | undefined {
    const now = Date.now();
    for (const rule of this.#rules) {
      const { input } = rule;
      if (rule.remaining <= 0) continue;
      if (input.region !== undefined && input.region !== target) continue;
      // Unscoped rules hit edges only; autorouter-* kinds hit the autorouter only.
      const routerKind = input.kind.startsWith('autorouter-');
      if (target === 'autorouter' && input.region === undefined && !routerKind) continue;
      if (target !== 'autorouter' && routerKind) continue;
      if (input.kind === 'edge-dead') continue;
      if (input.path !== undefined && !path.includes(input.path)) continue;
      if (input.from !== undefined && now < input.from) continue;
      if (input.until !== undefined && now > input.until) continue;
      if (!accept(input.kind)) continue;
      rule.remaining -= 1;
      return { kind: input.kind, params: rule.params };
    }
    return undefined;
  }
}
