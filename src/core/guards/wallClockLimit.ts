import type { Budget } from '../budget';
import type { Turn } from '../session';
import { turnMinutes } from './budgetUse';
import type { Verdict } from './verdict';
import { limitStop } from './verdict';

/** A turn that has run its minutes (approval waits not counted) takes no further step. */
export function wallClockLimit(turn: Turn, budget: Budget, now: number): Verdict {
  const max = budget.maxMinutes;
  if (max === undefined) return undefined;
  const minutes = turnMinutes(turn, now);
  if (minutes < max) return undefined;
  return limitStop('maxMinutes', max, minutes, `this turn has run ${minutes.toFixed(1)} minutes`);
}
