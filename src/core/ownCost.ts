import { priceAt } from './datasetPrice';
import { noPriceWords } from './factWords';
import { describeSource } from './modelFacts';
import type { PriceFact } from './modelFacts';
import type { SessionState } from './session';
import type { ProviderUsage } from './sessionEvents';
import { costOf } from './transcripts/pricing';
import type { TokenTotals } from './transcripts/tokenTotals';

/** A session's lifetime cost: replies whose cost the endpoint reported, replies priced by us, and the rest. */
export interface OwnCost {
  usd: number;
  /** Replies whose cost the endpoint reported (OpenRouter's usage.cost): that number is used as it is. */
  reported: number;
  /** Replies priced from the resolved price (settings, endpoint or dataset). */
  priced: number;
  /** Replies with usage but no cost and no price. */
  unpriced: number;
}

/** OpenAI usage semantics (prompt includes cached) as the categories a price applies to. */
export function usageTotals(usage: ProviderUsage): TokenTotals {
  const cached = Math.min(usage.cachedTokens ?? 0, usage.promptTokens);
  return {
    input: usage.promptTokens - cached,
    output: usage.completionTokens,
    cacheCreation: 0,
    cacheCreation1h: 0,
    cacheRead: cached,
  };
}

/** Sums every reply that reported usage; a reported cost wins over the price for that reply. */
export function ownCost(state: SessionState, price: PriceFact | undefined): OwnCost {
  const cost: OwnCost = { usd: 0, reported: 0, priced: 0, unpriced: 0 };
  for (const turn of state.turns)
    for (const usage of turn.usages) {
      if (usage.costUsd !== undefined) {
        cost.usd += usage.costUsd;
        cost.reported++;
      } else if (price) {
        cost.usd += costOf(usageTotals(usage), priceAt(price, turn.startedAt));
        cost.priced++;
      } else cost.unpriced++;
    }
  return cost;
}

const usd = (n: number) => `$${n.toFixed(4)}`;
const replies = (n: number) => `${n} ${n === 1 ? 'reply' : 'replies'}`;

/** The tooltip's cost line: how much, and where the number came from. */
export function costLine(state: SessionState, price: PriceFact | undefined): string {
  const cost = ownCost(state, price);
  const noPrice = noPriceWords([state.model]);
  const from: string[] = [];
  if (cost.reported) from.push(`${replies(cost.reported)} reported by the endpoint (usage.cost)`);
  if (cost.priced && price)
    from.push(`${replies(cost.priced)} at the price ${describeSource(price.source, 'agentSessions.prices')}`);
  if (cost.unpriced) {
    if (cost.reported === 0) return `Cost: ${noPrice}`;
    return `Cost: at least ${usd(cost.usd)} (${from.join('; ')}; ${replies(cost.unpriced)} without a cost: ${noPrice})`;
  }
  if (from.length === 0)
    return price
      ? `Cost: ${usd(0)} so far, priced ${describeSource(price.source, 'agentSessions.prices')}`
      : `Cost: ${noPrice}`;
  return `Cost: ${usd(cost.usd)} (${from.join('; ')})`;
}
