import type { Budget } from '../budget';
import type { SessionState } from '../session';
import { tokensSpent } from './budgetUse';
import type { Verdict } from './verdict';
import { limitStop } from './verdict';

/** What the next request is reserved at before it is sent: its prompt by a local estimate, and its reply. */
export interface Reserve {
  promptTokens: number;
  completionTokens: number;
}

/** The request whose reserve would take the session past its token limit is not sent. */
export function tokenLimit(state: SessionState, budget: Budget, reserve: Reserve): Verdict {
  const max = budget.maxTokens;
  if (max === undefined) return undefined;
  const after = tokensSpent(state) + reserve.promptTokens + reserve.completionTokens;
  if (after <= max) return undefined;
  return limitStop('maxTokens', max, after, 'the next request, at its reserve, would pass the token limit');
}
