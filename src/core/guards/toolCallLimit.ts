import type { Budget } from '../budget';
import type { SessionState } from '../session';
import { toolCallsRun } from './budgetUse';
import type { Verdict } from './verdict';
import { limitStop } from './verdict';

/** The call that would be one more than the session's tool-call limit does not run. */
export function toolCallLimit(state: SessionState, budget: Budget): Verdict {
  const max = budget.maxToolCalls;
  if (max === undefined) return undefined;
  const ran = toolCallsRun(state);
  if (ran < max) return undefined;
  return limitStop('maxToolCalls', max, ran + 1, `this would be tool call ${ran + 1}`);
}
