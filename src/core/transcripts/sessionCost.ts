import type { CatalogHint, ModelCatalog, PriceFact } from '../modelFacts';
import { noPriceWords } from '../factWords';
import { describeSource } from '../modelFacts';
import { settingsPrice } from '../modelFactResolver';
import type { ModelPrice } from './pricing';
import { costOf } from './pricing';
import type { TokenTotals } from './tokenTotals';

/**
 * The cost of one observed session, request by request: each priced by the user's table (exact id) or
 * else by the dataset at the request's time. A model neither knows is listed as unpriced, never guessed.
 */
export class SessionCost {
  private usd = 0;
  private priced = false;
  private readonly unpriced = new Set<string>();
  private readonly sources = new Set<string>();
  private readonly fromSettings = new Map<string, PriceFact | null>();

  constructor(
    private readonly prices: Readonly<Record<string, ModelPrice>>,
    private readonly catalog: ModelCatalog,
    private readonly provider: string,
  ) {}

  add(model: string, usage: Readonly<TokenTotals>, at: string | undefined): void {
    let set = this.fromSettings.get(model);
    if (set === undefined) {
      set = settingsPrice(model, this.prices) ?? null;
      this.fromSettings.set(model, set);
    }
    const hint: CatalogHint = { provider: this.provider, at };
    const fact = set ?? this.catalog.price(model, hint);
    if (!fact) {
      this.unpriced.add(model);
      return;
    }
    this.priced = true;
    this.usd += costOf(usage, fact.price);
    this.sources.add(describeSource(fact.source, 'agentSessions.prices'));
  }

  /** US dollars; undefined when requests were made and none had a price. */
  total(): number | undefined {
    return this.priced || this.unpriced.size === 0 ? this.usd : undefined;
  }

  /** "Cost: $0.1234 (from @pydantic/genai-prices 0.1.8, anthropic/claude-sonnet-4-5)", or "Cost: no price for …". */
  line(): string {
    const missing = [...this.unpriced];
    if (!this.priced && missing.length) return `Cost: ${noPriceWords(missing)}`;
    if (!this.priced) return 'Cost: $0.0000';
    const notes = [...this.sources];
    if (missing.length) notes.push(`no price for ${missing.map((m) => `"${m}"`).join(', ')}`);
    return `Cost: $${this.usd.toFixed(4)} (${notes.join('; ')})`;
  }
}
