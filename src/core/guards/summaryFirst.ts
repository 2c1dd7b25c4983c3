import type { Budget } from '../budget';
import type { SessionState } from '../session';
import { bulletsWritten } from './budgetUse';
import type { Verdict } from './verdict';

/** "Summarize findings in N bullets before editing": a write tool is refused until the model has written them. */
export function summaryFirst(state: SessionState, budget: Budget): Verdict {
  const wanted = budget.summaryBullets;
  if (!wanted) return undefined;
  const written = bulletsWritten(state);
  if (written >= wanted) return undefined;
  return {
    kind: 'refuse',
    reason: `this session's budget asks for a summary of your findings in ${wanted} bullets before any edit (${written} written so far). Reply with the summary as a bulleted list, then edit.`,
  };
}
