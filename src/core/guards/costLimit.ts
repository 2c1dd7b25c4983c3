import type { Budget } from '../budget';
import { priceAt } from '../datasetPrice';
import type { PriceFact } from '../modelFacts';
import type { SessionState } from '../session';
import { costOf } from '../transcripts/pricing';
import { costSpent, perTokenRate } from './budgetUse';
import type { Reserve } from './tokenLimit';
import type { Verdict } from './verdict';
import { limitStop, uncheckable } from './verdict';

/**
 * The next request's cost, reserved before it is sent: by the model's price, else by the dearest rate the
 * endpoint's reported costs show; undefined when there is neither.
 */
export function reservedUsd(state: SessionState, price: PriceFact | undefined, reserve: Reserve): number | undefined {
  if (price) {
    const totals = {
      input: reserve.promptTokens,
      output: reserve.completionTokens,
      cacheCreation: 0,
      cacheCreation1h: 0,
      cacheRead: 0,
    };
    return costOf(totals, priceAt(price, undefined));
  }
  const rate = perTokenRate(state, undefined);
  return rate === undefined ? undefined : rate * (reserve.promptTokens + reserve.completionTokens);
}

/**
 * Spent plus the reserve must stay within the US$ limit. Fail-closed: with a limit set and no way to price
 * the model (no price, no reported costs), nothing is sent.
 */
export function costLimit(
  state: SessionState,
  budget: Budget,
  price: PriceFact | undefined,
  reserve: Reserve,
): Verdict {
  const max = budget.maxCostUsd;
  if (max === undefined) return undefined;
  const spent = costSpent(state, price);
  const next = reservedUsd(state, price, reserve);
  if (!spent.known || next === undefined)
    return uncheckable('maxCostUsd', `${state.model} has no known price and the endpoint reports no cost`);
  const after = spent.usd + next;
  if (after <= max) return undefined;
  return limitStop('maxCostUsd', max, after, 'the next request, at its reserved cost, would pass the US$ limit');
}
