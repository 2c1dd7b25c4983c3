import { normalizeModelId } from '../contextWindow';
import type { TokenTotals } from './tokenTotals';

/** US dollars per million tokens. Cache writes default to 1.25x input (5-minute) and 2x input (1-hour). */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
  /** Prices for a request whose input side (input + cache) exceeds `above` tokens. */
  tier?: { above: number; input: number; output: number; cacheRead?: number; cacheWrite?: number };
}

const sonnetTier = { above: 200_000, input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5 };

/** Defaults for well-known models; longest matching prefix wins. The user's table overrides by exact id. */
export const DEFAULT_PRICES: ReadonlyArray<[prefix: string, price: ModelPrice]> = [
  ['claude-opus-4-5', { input: 5, output: 25, cacheRead: 0.5 }],
  ['claude-opus-4', { input: 15, output: 75, cacheRead: 1.5 }],
  ['claude-sonnet-4', { input: 3, output: 15, cacheRead: 0.3, tier: sonnetTier }],
  ['claude-3-7-sonnet', { input: 3, output: 15, cacheRead: 0.3 }],
  ['claude-3-5-sonnet', { input: 3, output: 15, cacheRead: 0.3 }],
  ['claude-haiku-4-5', { input: 1, output: 5, cacheRead: 0.1 }],
  ['claude-3-5-haiku', { input: 0.8, output: 4, cacheRead: 0.08 }],
  ['gpt-5.3-codex', { input: 1.75, output: 14, cacheRead: 0.175 }],
  ['gpt-5.2', { input: 1.75, output: 14, cacheRead: 0.175 }],
  ['gpt-5-mini', { input: 0.25, output: 2, cacheRead: 0.025 }],
  ['gpt-5', { input: 1.25, output: 10, cacheRead: 0.125 }],
  ['gpt-4.1', { input: 2, output: 8, cacheRead: 0.5 }],
  ['gpt-4o', { input: 2.5, output: 10, cacheRead: 1.25 }],
  ['o4-mini', { input: 1.1, output: 4.4, cacheRead: 0.275 }],
  ['o3', { input: 2, output: 8, cacheRead: 0.5 }],
];

export function priceFor(model: string, overrides: Readonly<Record<string, ModelPrice>> = {}): ModelPrice | undefined {
  const wanted = model.trim().toLowerCase();
  for (const [id, price] of Object.entries(overrides)) if (id.toLowerCase() === wanted) return price;
  const id = normalizeModelId(model).replace(/\[1m\]$/, '');
  let best: ModelPrice | undefined;
  let bestLength = -1;
  for (const [prefix, price] of DEFAULT_PRICES) {
    if (id.startsWith(prefix) && prefix.length > bestLength) {
      best = price;
      bestLength = prefix.length;
    }
  }
  return best;
}

/** The cost of one request (or of totals priced as one), in US dollars. */
export function costOf(usage: Readonly<TokenTotals>, price: ModelPrice): number {
  const inputSide = usage.input + usage.cacheCreation + usage.cacheRead;
  const tiered = price.tier && inputSide > price.tier.above ? price.tier : undefined;
  const input = tiered?.input ?? price.input;
  const output = tiered?.output ?? price.output;
  const cacheRead = tiered?.cacheRead ?? price.cacheRead ?? input * 0.1;
  const cacheWrite = tiered?.cacheWrite ?? price.cacheWrite ?? input * 1.25;
  const cacheWrite1h = price.cacheWrite1h ?? input * 2;
  const fiveMinute = usage.cacheCreation - usage.cacheCreation1h;
  return (
    (usage.input * input +
      usage.output * output +
      usage.cacheRead * cacheRead +
      fiveMinute * cacheWrite +
      usage.cacheCreation1h * cacheWrite1h) /
    1e6
  );
}
