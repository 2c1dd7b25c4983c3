import type { FactSource, PriceFact, WindowFact } from './modelFacts';
import type { ModelPrice } from './transcripts/pricing';
import { formatCount } from './gaugeFormat';

/** "$2.5 in / $10 out per million tokens" (and the cache read price when there is one). */
export function priceWords(price: ModelPrice): string {
  const usd = (n: number) => `$${Number(n.toPrecision(6))}`;
  const cache = price.cacheRead === undefined ? '' : `, cache read ${usd(price.cacheRead)}`;
  return `${usd(price.input)} in / ${usd(price.output)} out${cache} per million tokens`;
}

/** What a view says when no source knows a model's window: and what to do about it. */
export function windowUnknownWords(model: string): string {
  return `Context window: unknown for "${model}": set it in agentSessions.contextWindows`;
}

/** What a view says when no source has a price for these models: and what to do about it. */
export function noPriceWords(models: readonly string[]): string {
  return `no price for ${models.map((m) => `"${m}"`).join(', ')}: set it in agentSessions.prices`;
}

/** The source's detail in parentheses, for one-line logs ("vLLM /v1/models max_model_len"). */
function detailOf(source: FactSource): string {
  return source.kind === 'settings' ? 'settings' : source.detail;
}

/** "window 131,072 (vLLM /v1/models max_model_len); price $2.5 in / $10 out per million tokens (...)". */
export function describeFacts(facts: { window?: WindowFact; price?: PriceFact }): string {
  const parts: string[] = [];
  if (facts.window) parts.push(`window ${formatCount(facts.window.tokens)} (${detailOf(facts.window.source)})`);
  if (facts.price) parts.push(`price ${priceWords(facts.price.price)} (${detailOf(facts.price.source)})`);
  return parts.join('; ');
}
