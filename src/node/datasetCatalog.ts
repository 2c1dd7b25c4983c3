import type { DatasetConditionalPrice, DatasetModel, DatasetPrice } from '../core/datasetPrice';
import { datasetPriceAt, toModelPrice } from '../core/datasetPrice';
import type { CatalogHint, FactSource, ModelCatalog, PriceFact, WindowFact } from '../core/modelFacts';
import type { ModelPrice } from '../core/transcripts/pricing';

/** The dataset and its version, as the tooltips and the README name it (a unit test keeps it true). */
export const DATASET = { name: '@pydantic/genai-prices', version: '0.1.8' } as const;

/** The one function of the package we call: it finds the provider and the model by the dataset's own rules. */
export interface DatasetLibrary {
  calcPrice(
    usage: Record<string, number>,
    modelId: string,
    options?: { providerId?: string; providerApiUrl?: string },
  ): null | { model: DatasetModel; provider: { id: string } };
}

/** Loaded on the first lookup, in the transcript worker (the bundle keeps it out of the extension host's file). */
export function loadDatasetLibrary(): DatasetLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@pydantic/genai-prices') as DatasetLibrary;
}

interface Match {
  model: DatasetModel;
  source: FactSource;
}

/** Claude Code's "[1m]" model suffix: the same model with the 1M-token context. */
const LONG_CONTEXT = /\[1m\]$/i;

/**
 * Windows and prices from `@pydantic/genai-prices`, matched by its rules: the provider named by the hint
 * (or known by the endpoint's URL), then a "provider/model" id's own provider, then any provider whose
 * models the id matches. No match is unknown: never a guess from a shorter prefix. Matches are cached
 * per id and hint; a price is the one in force at the hint's time.
 */
export class DatasetCatalog implements ModelCatalog {
  private library: DatasetLibrary | 'failed' | undefined;
  private readonly matches = new Map<string, Match | null>();
  private readonly prices = new WeakMap<DatasetPrice, ModelPrice | null>();

  constructor(
    private readonly load: () => DatasetLibrary = loadDatasetLibrary,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  window(model: string, hint: CatalogHint = {}): WindowFact | undefined {
    const match = this.match(model, hint);
    if (LONG_CONTEXT.test(model.trim()))
      return { tokens: 1_000_000, source: { kind: 'dataset', detail: 'the "[1m]" suffix: a 1M-token context' } };
    const tokens = match?.model.context_window;
    return match && typeof tokens === 'number' && tokens > 0 ? { tokens, source: match.source } : undefined;
  }

  price(model: string, hint: CatalogHint = {}): PriceFact | undefined {
    const match = this.match(model, hint);
    if (!match) return undefined;
    const raw = datasetPriceAt(match.model, hint.at);
    let price = this.prices.get(raw);
    if (price === undefined) {
      price = toModelPrice(raw) ?? null;
      this.prices.set(raw, price);
    }
    if (!price) return undefined;
    const dated = Array.isArray(match.model.prices) ? (match.model.prices as DatasetConditionalPrice[]) : undefined;
    return dated ? { price, source: match.source, dated } : { price, source: match.source };
  }

  private match(model: string, hint: CatalogHint): Match | undefined {
    const id = model.trim().replace(LONG_CONTEXT, '');
    const key = `${hint.provider ?? ''}\n${hint.apiUrl ?? ''}\n${id}`;
    let match = this.matches.get(key);
    if (match === undefined) {
      match = this.find(id, hint) ?? null;
      this.matches.set(key, match);
    }
    return match ?? undefined;
  }

  private find(id: string, hint: CatalogHint): Match | undefined {
    if (!id || id === 'unknown') return undefined;
    const attempts: Array<{ providerId?: string; providerApiUrl?: string }> = [];
    if (hint.provider || hint.apiUrl) attempts.push({ providerId: hint.provider, providerApiUrl: hint.apiUrl });
    // the dataset's own rule for "provider/model" ids (it names it after LiteLLM, which writes them so)
    if (id.includes('/')) attempts.push({ providerId: 'litellm' });
    attempts.push({});
    for (const options of attempts) {
      const found = this.calc(id, options);
      if (found)
        return {
          model: found.model,
          source: {
            kind: 'dataset',
            detail: `${DATASET.name} ${DATASET.version}, ${found.provider.id}/${found.model.id}`,
          },
        };
    }
    return undefined;
  }

  private calc(id: string, options: { providerId?: string; providerApiUrl?: string }) {
    const library = this.loaded();
    if (!library) return null;
    try {
      return library.calcPrice({ input_tokens: 0, output_tokens: 0 }, id, options);
    } catch (error) {
      this.log(`price dataset: ${error instanceof Error ? error.message : String(error)} (model "${id}")`);
      return null;
    }
  }

  /** The package, loaded once; a package that fails to load is said once and then every model is unknown. */
  private loaded(): DatasetLibrary | undefined {
    if (this.library === undefined) {
      try {
        this.library = this.load();
      } catch (error) {
        this.library = 'failed';
        const reason = error instanceof Error ? error.message : String(error);
        this.log(
          `price dataset ${DATASET.name} did not load (${reason}): windows and prices not in settings are unknown`,
        );
      }
    }
    return this.library === 'failed' ? undefined : this.library;
  }
}
