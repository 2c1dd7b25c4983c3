import type { Budget } from '../budget';
import type { SessionState } from '../session';
import type { ToolCallItem } from '../turnItems';
import { repeatStreak } from './budgetUse';
import type { Verdict } from './verdict';
import { limitStop } from './verdict';
import { DEFAULT_REPEATS } from '../../shared/budgetKeys';

/** The same tool with the same arguments `maxRepeats` times in a row: the last one does not run. */
export function repeatLimit(state: SessionState, budget: Budget, call: ToolCallItem): Verdict {
  const max = budget.maxRepeats ?? DEFAULT_REPEATS;
  const streak = repeatStreak(state, call);
  if (streak < max) return undefined;
  return limitStop('maxRepeats', max, streak, `${call.name} with the same arguments ${streak} times in a row`);
}
