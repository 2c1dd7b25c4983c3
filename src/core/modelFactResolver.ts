import type { EndpointFacts } from './endpointInfo/endpointFacts';
import type { CatalogHint, PriceFact, WindowFact } from './modelFacts';
import type { SessionState } from './session';
import type { ModelPrice } from './transcripts/pricing';

/** A session's window and price, each from the best source that has one (or undefined: unknown). */
export interface ResolvedFacts {
  window?: WindowFact;
  price?: PriceFact;
}

/** The maintained dataset's answer; the dataset loads in the transcript worker, never on activation. */
export type DatasetLookup = (model: string, hint: CatalogHint) => Promise<ResolvedFacts>;

export interface FactOverrides {
  contextWindows: Readonly<Record<string, number>>;
  prices: Readonly<Record<string, ModelPrice>>;
}

export interface FactQuery {
  model: string;
  /** The endpoint's base URL, or '' when none is set (then the endpoint is not asked). */
  endpoint: string;
}

export interface ModelFactResolverDeps {
  /** The endpoint's own word for `model`; resolves {} when it says nothing, and logs that itself. */
  endpoint(baseUrl: string, model: string): Promise<EndpointFacts>;
  dataset: DatasetLookup;
  log(line: string): void;
}

type Slot = { facts?: ResolvedFacts; pending?: Promise<void> };

/**
 * Our sessions' windows and prices, in this order: the user's settings (`agentSessions.contextWindows` /
 * `prices`, exact id) > what a reply taught us (e.g. llama.cpp's n_ctx in a context-full error) > the
 * endpoint's own word > the dataset > unknown. The endpoint and the dataset are each read once per
 * (endpoint, model) and kept in memory; `resolve` answers at once from what is known and starts the reads
 * that are missing; listeners hear when one lands, so the views render again.
 */
export class ModelFactResolver {
  private readonly endpointSlots = new Map<string, Slot>();
  private readonly datasetSlots = new Map<string, Slot>();
  private readonly listeners = new Set<() => void>();
  private readonly logged = new Set<string>();

  constructor(private readonly deps: ModelFactResolverDeps) {}

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  resolve(query: FactQuery, overrides: FactOverrides, learned?: WindowFact): ResolvedFacts {
    const setWindow = settingsWindow(query.model, overrides.contextWindows);
    const setPrice = settingsPrice(query.model, overrides.prices);
    let endpoint: ResolvedFacts | undefined;
    let dataset: ResolvedFacts | undefined;
    if ((!setWindow && !learned) || !setPrice) {
      const fromDataset = () =>
        this.read(this.datasetSlots, `${query.endpoint}\n${query.model}`, () =>
          // the dataset knows providers by their API URL (OpenRouter's ids differ from OpenAI's)
          this.deps.dataset(query.model, query.endpoint ? { apiUrl: query.endpoint } : {}),
        );
      const incomplete = (f: ResolvedFacts) => !f.window || !f.price;
      if (query.endpoint) {
        // the dataset is read only for what the endpoint did not say, right when its answer lands
        endpoint = this.read(
          this.endpointSlots,
          `${query.endpoint}\n${query.model}`,
          () => this.deps.endpoint(query.endpoint, query.model),
          (landed) => incomplete(landed) && fromDataset(),
        );
        if (endpoint && incomplete(endpoint)) dataset = fromDataset();
      } else dataset = fromDataset();
    }
    const facts: ResolvedFacts = {};
    const window = setWindow ?? learned ?? endpoint?.window ?? dataset?.window;
    const price = setPrice ?? endpoint?.price ?? dataset?.price;
    if (window) facts.window = window;
    if (price) facts.price = price;
    return facts;
  }

  /** Drops what the endpoints said (e.g. the key changed): the next resolve asks again. */
  forgetEndpoints(): void {
    for (const [key, slot] of this.endpointSlots) if (!slot.pending) this.endpointSlots.delete(key);
    this.listeners.forEach((l) => l());
  }

  /** Resolves when every read started so far has landed (tests, and the bench). */
  async settled(): Promise<void> {
    const pending = () =>
      [...this.endpointSlots.values(), ...this.datasetSlots.values()].flatMap((s) => (s.pending ? [s.pending] : []));
    for (let p = pending(); p.length > 0; p = pending()) await Promise.all(p);
  }

  /** The facts of a finished read; undefined while it runs (starting it if it never ran). */
  private read(
    slots: Map<string, Slot>,
    key: string,
    load: () => Promise<ResolvedFacts>,
    landed?: (facts: ResolvedFacts) => unknown,
  ): ResolvedFacts | undefined {
    const slot = slots.get(key);
    if (slot) return slot.facts;
    const fresh: Slot = {};
    slots.set(key, fresh);
    fresh.pending = (async () => {
      try {
        fresh.facts = await load();
      } catch (error) {
        // the read failed (e.g. the transcript worker was restarting), unlike a source that knows nothing:
        // the next resolve asks again; no listener is told, so a source that keeps failing never loops
        const line = `model facts: ${error instanceof Error ? error.message : String(error)}`;
        if (!this.logged.has(line)) this.deps.log(line);
        this.logged.add(line);
        fresh.pending = undefined;
        slots.delete(key);
        return;
      }
      fresh.pending = undefined;
      landed?.(fresh.facts);
      this.listeners.forEach((l) => l());
    })();
    return undefined;
  }
}

/** The user's window for exactly this model id (case-insensitive), if it is a positive number. */
export function settingsWindow(model: string, windows: Readonly<Record<string, number>>): WindowFact | undefined {
  const wanted = model.trim().toLowerCase();
  for (const [id, tokens] of Object.entries(windows)) {
    if (id.trim().toLowerCase() === wanted && typeof tokens === 'number' && Number.isFinite(tokens) && tokens > 0)
      return { tokens: Math.floor(tokens), source: { kind: 'settings' } };
  }
  return undefined;
}

/** The user's price for exactly this model id (case-insensitive), when input and output are numbers. */
export function settingsPrice(model: string, prices: Readonly<Record<string, ModelPrice>>): PriceFact | undefined {
  const wanted = model.trim().toLowerCase();
  for (const [id, price] of Object.entries(prices)) {
    if (id.trim().toLowerCase() !== wanted || typeof price !== 'object' || price === null) continue;
    if (isPrice(price.input) && isPrice(price.output)) return { price, source: { kind: 'settings' } };
  }
  return undefined;
}

function isPrice(n: unknown): boolean {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

/** The window a reply taught this session (the endpoint named it refusing a context-full request). */
export function learnedWindow(state: SessionState): WindowFact | undefined {
  const learned = state.learnedWindow;
  if (!learned) return undefined;
  const detail = `n_ctx in the endpoint's context-full error of ${learned.at.slice(0, 16).replace('T', ' ')}`;
  return { tokens: learned.tokens, source: { kind: 'reply', detail } };
}
