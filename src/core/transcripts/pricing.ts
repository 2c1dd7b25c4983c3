import type { TokenTotals } from './tokenTotals';

/** Prices of one request whose input side (input + cache) is above `above` tokens. */
export interface PriceTier {
  above: number;
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
}

/**
 * US dollars per million tokens. Unset cache prices default to the usual ratios of the input price:
 * reads 0.1x, 5-minute writes 1.25x, 1-hour writes 2x (the user's table often names only input and output).
 */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
  /** Long-context prices, ascending by `above`; the highest one the request passes applies to all of it. */
  tiers?: readonly PriceTier[];
}

/** The cost of one request (or of totals priced as one), in US dollars. */
export function costOf(usage: Readonly<TokenTotals>, price: ModelPrice): number {
  const inputSide = usage.input + usage.cacheCreation + usage.cacheRead;
  let tiered: PriceTier | undefined;
  for (const tier of price.tiers ?? []) if (inputSide > tier.above) tiered = tier;
  const input = tiered?.input ?? price.input;
  const output = tiered?.output ?? price.output;
  const cacheRead = (tiered ? tiered.cacheRead : price.cacheRead) ?? input * 0.1;
  const cacheWrite = (tiered ? tiered.cacheWrite : price.cacheWrite) ?? input * 1.25;
  const cacheWrite1h = (tiered ? tiered.cacheWrite1h : price.cacheWrite1h) ?? input * 2;
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
