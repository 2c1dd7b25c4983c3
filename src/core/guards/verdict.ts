import type { LimitKey } from '../budget';
import { LIMIT_LABELS } from '../budget';
import type { TrippedLimit } from '../sessionEvents';

/**
 * What a guard says about the next step: nothing (it may go), refuse it (the model is told why and may do
 * something else), or stop the turn (a durable `guard_tripped` with the limit, which the user may raise).
 */
export type Stop = { kind: 'stop'; guard: string; message: string; limit?: TrippedLimit };
export type Refuse = { kind: 'refuse'; reason: string };
export type Verdict = Stop | Refuse | undefined;

/** A stop at a budget limit: `used` is what the next step would bring the count to. */
export function limitStop(key: LimitKey, value: number, used: number, why: string): Stop {
  const limit = `${LIMIT_LABELS[key]}: ${shown(key, used)}, the limit is ${shown(key, value)}`;
  const message = `Stopped by the budget: ${why} (${limit}). Raise the limit to continue.`;
  return { kind: 'stop', guard: key, message, limit: { key, value, used } };
}

/** A count limit: the step that would make it `used + 1` stops when `used` has reached the limit. */
export function countLimit(key: LimitKey, max: number, used: number, what: string): Verdict {
  if (used < max) return undefined;
  return limitStop(key, max, used + 1, `this would be ${what} ${used + 1}`);
}

/** A stop because a set limit cannot be checked: fail-closed, nothing is sent or run. */
export function uncheckable(key: LimitKey, why: string): Stop {
  return {
    kind: 'stop',
    guard: key,
    message: `Stopped before the next step: ${why}, so the ${LIMIT_LABELS[key]} limit cannot be checked. Remove that limit or set a price to go on.`,
  };
}

export function shown(key: LimitKey, n: number): string {
  if (key === 'maxCostUsd') return `$${n.toFixed(n < 1 ? 4 : 2)}`;
  if (key === 'maxMinutes') return n < 10 ? n.toFixed(1) : String(Math.round(n));
  return Math.round(n).toLocaleString('en-US');
}
