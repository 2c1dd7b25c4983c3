import type { Budget } from '../budget';
import type { SessionState } from '../session';
import { toolCallsRun } from './budgetUse';
import type { Verdict } from './verdict';
import { countLimit } from './verdict';

/** The call that would be one more than the session's tool-call limit does not run. */
export function toolCallLimit(state: SessionState, budget: Budget): Verdict {
  return budget.maxToolCalls === undefined
    ? undefined
    : countLimit('maxToolCalls', budget.maxToolCalls, toolCallsRun(state), 'tool call');
}
