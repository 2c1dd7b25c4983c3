import type { Budget } from '../budget';
import type { SessionState } from '../session';
import { validationRuns } from './budgetUse';
import type { Verdict } from './verdict';
import { limitStop } from './verdict';

/** A validation round past the session's limit does not run (automatic or asked for). */
export function validationLimit(state: SessionState, budget: Budget): Verdict {
  const max = budget.maxValidationRuns;
  if (max === undefined) return undefined;
  const runs = validationRuns(state);
  if (runs < max) return undefined;
  return limitStop('maxValidationRuns', max, runs + 1, `this would be validation run ${runs + 1}`);
}
