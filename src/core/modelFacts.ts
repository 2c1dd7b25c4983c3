import type { DatasetConditionalPrice } from './datasetPrice';
import type { ModelPrice } from './transcripts/pricing';

/**
 * Where a number about a model came from. The tooltip names it, so a user can tell a window the
 * endpoint reported from one a dataset holds, and knows what to override when either is wrong.
 */
export type FactSource =
  /** `agentSessions.contextWindows` / `agentSessions.prices`: always wins. */
  | { kind: 'settings' }
  /** The endpoint's own models list or props, e.g. detail "vLLM /v1/models max_model_len". */
  | { kind: 'endpoint'; detail: string }
  /** Learnt from a reply, e.g. llama.cpp's n_ctx in a context-overflow error, OpenRouter's usage.cost. */
  | { kind: 'reply'; detail: string }
  /** Written by the other agent itself, e.g. Codex's model_context_window. */
  | { kind: 'transcript'; detail: string }
  /** The maintained dataset, e.g. detail "@pydantic/genai-prices 0.1.8, anthropic/claude-opus-4-6". */
  | { kind: 'dataset'; detail: string };

export interface WindowFact {
  tokens: number;
  /** Tokens reserved for the reply (max output), when known. */
  maxOutput?: number;
  source: FactSource;
}

export interface PriceFact {
  /** The price in force now (or at the time asked about). */
  price: ModelPrice;
  source: FactSource;
  /** The dataset's dated prices, when it has several: each request is priced at its own time (`priceAt`). */
  dated?: readonly DatasetConditionalPrice[];
}

/** What narrows a dataset match: the provider where the caller knows it, the endpoint's URL, the time of use. */
export interface CatalogHint {
  /** "anthropic" for Claude Code, "openai" for Codex. */
  provider?: string;
  /** Our endpoint's base URL: the dataset knows providers by their API URL. */
  apiUrl?: string;
  /** ISO time of the request: prices change on dates the dataset records. Now when absent. */
  at?: string;
}

/**
 * The maintained dataset of windows and prices, matched by the dataset's own rules. Undefined means
 * the dataset does not know the model: the views then say "no price" / "window unknown: set it",
 * never a guess from a shorter prefix.
 */
export interface ModelCatalog {
  window(model: string, hint?: CatalogHint): WindowFact | undefined;
  price(model: string, hint?: CatalogHint): PriceFact | undefined;
}

/** "set in agentSessions.contextWindows", "from vLLM /v1/models max_model_len", ... */
export function describeSource(source: FactSource, setting: 'agentSessions.contextWindows' | 'agentSessions.prices') {
  switch (source.kind) {
    case 'settings':
      return `set in ${setting}`;
    case 'endpoint':
      return `from the endpoint (${source.detail})`;
    case 'reply':
      return `from a reply (${source.detail})`;
    case 'transcript':
      return `from the transcript (${source.detail})`;
    case 'dataset':
      return `from ${source.detail}`;
  }
}
