import type { Budget } from '../budget';
import type { SessionState } from '../session';
import { validationRuns } from './budgetUse';
import type { Verdict } from './verdict';
import { countLimit } from './verdict';

/** A validation round past the session's limit does not run (automatic or asked for). */
export function validationLimit(state: SessionState, budget: Budget): Verdict {
  return budget.maxValidationRuns === undefined
    ? undefined
    : countLimit('maxValidationRuns', budget.maxValidationRuns, validationRuns(state), 'validation run');
}
