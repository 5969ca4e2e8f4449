/** Every rule of issue 13, then issue 21's (14–17), in order. */
import type { HostileRule } from '../rule.ts';
import { rule1 } from './r01-no-hang.ts';
import { rule2 } from './r02-key-secret.ts';
import { rule3 } from './r03-done-ends.ts';
import { rule4 } from './r04-not-a-stream.ts';
import { rule5 } from './r05-think.ts';
import { rule6 } from './r06-no-resubmit.ts';
import { rule7 } from './r07-no-redirect.ts';
import { rule8 } from './r08-no-false-refusal.ts';
import { rule9 } from './r09-long-timers.ts';
import { rule10 } from './r10-job-polling.ts';
import { rule11 } from './r11-tools-and-choices.ts';
import { rule12 } from './r12-content-shapes.ts';
import { rule13 } from './r13-bad-values.ts';
import { rule14 } from './r14-bounded-input.ts';
import { rule15 } from './r15-hedging.ts';
import { rule16 } from './r16-bounded-caches.ts';
import { rule17 } from './r17-no-prototype.ts';

export const HOSTILE_RULES: readonly HostileRule[] = [
  rule1,
  rule2,
  rule3,
  rule4,
  rule5,
  rule6,
  rule7,
  rule8,
  rule9,
  rule10,
  rule11,
  rule12,
  rule13,
  rule14,
  rule15,
  rule16,
  rule17,
];
