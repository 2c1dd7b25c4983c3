import type { ModelPrice, PriceTier } from './transcripts/pricing';

/**
 * The shapes of `@pydantic/genai-prices` data that we read, declared here so core stays free of the
 * package (it is loaded in the transcript worker only). A price is per million tokens, flat or tiered
 * by the request's input tokens (which, in that dataset, include cache reads and writes).
 */
export type DatasetAmount = number | { base: number; tiers: ReadonlyArray<{ start: number; price: number }> };
export type DatasetPrice = Readonly<Record<string, DatasetAmount | undefined>>;
export interface DatasetConditionalPrice {
  constraint?:
    { type: 'start_date'; start_date: string } | { type: 'time_of_date'; start_time: string; end_time: string };
  prices: DatasetPrice;
}
export interface DatasetModel {
  id: string;
  context_window?: number;
  prices: DatasetPrice | readonly DatasetConditionalPrice[];
}

/** The price in force at `at` (ISO time; now when absent), by the dataset's rule: the last period that has begun. */
export function datasetPriceAt(model: DatasetModel, at?: string): DatasetPrice {
  if (!Array.isArray(model.prices)) return model.prices as DatasetPrice;
  const periods = model.prices as readonly DatasetConditionalPrice[];
  const when = at && !Number.isNaN(Date.parse(at)) ? new Date(at) : new Date();
  for (let i = periods.length - 1; i >= 0; i--) {
    const c = periods[i].constraint;
    if (c === undefined) return periods[i].prices;
    if (c.type === 'start_date' && when >= new Date(c.start_date)) return periods[i].prices;
    if (c.type === 'time_of_date' && withinTimeOfDay(when, c.start_time, c.end_time)) return periods[i].prices;
  }
  return periods[0].prices;
}

function secondsOfDay(time: string): number | undefined {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!m) return undefined;
  const offset = m[4] === 'Z' ? 0 : (m[5] === '+' ? 1 : -1) * (Number(m[6]) * 3600 + Number(m[7]) * 60);
  return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) - offset + 86400) % 86400;
}

function withinTimeOfDay(when: Date, start: string, end: string): boolean {
  const from = secondsOfDay(start);
  const to = secondsOfDay(end);
  if (from === undefined || to === undefined) return false;
  const now = when.getUTCHours() * 3600 + when.getUTCMinutes() * 60 + when.getUTCSeconds();
  return to < from ? now >= from || now < to : now >= from && now < to;
}

const KEYS = {
  input: 'input_mtok',
  output: 'output_mtok',
  cacheRead: 'cache_read_mtok',
  cacheWrite: 'cache_write_mtok',
  cacheWrite1h: 'cache_write_1h_mtok',
} as const;

/**
 * Our price shape for a dataset price; undefined without a text input and output price. An unpriced
 * cache read or write costs what input does (the dataset counts cache tokens inside the input tokens).
 */
export function toModelPrice(price: DatasetPrice): ModelPrice | undefined {
  const base = (amount: DatasetAmount | undefined) => (typeof amount === 'number' ? amount : amount?.base);
  const input = base(price[KEYS.input]);
  const output = base(price[KEYS.output]);
  if (!isAmount(input) || !isAmount(output)) return undefined;
  const cacheRead = base(price[KEYS.cacheRead]) ?? input;
  const cacheWrite = base(price[KEYS.cacheWrite]) ?? input;
  const cacheWrite1h = base(price[KEYS.cacheWrite1h]) ?? cacheWrite;
  const result: ModelPrice = { input, output, cacheRead, cacheWrite, cacheWrite1h };
  const tiers = tiersOf(price);
  if (tiers.length) result.tiers = tiers;
  return result;
}

/** Every threshold any part names, with each part's price there (its base below its first tier). */
function tiersOf(price: DatasetPrice): PriceTier[] {
  const starts = new Set<number>();
  for (const key of Object.values(KEYS)) {
    const amount = price[key];
    if (typeof amount === 'object') amount.tiers.forEach((t) => starts.add(t.start));
  }
  const at = (key: string, start: number): number | undefined => {
    const amount = price[key];
    if (typeof amount !== 'object') return amount;
    let value = amount.base;
    for (const t of amount.tiers) if (start >= t.start) value = t.price;
    return value;
  };
  return [...starts]
    .sort((a, b) => a - b)
    .flatMap((above) => {
      const input = at(KEYS.input, above);
      const output = at(KEYS.output, above);
      if (!isAmount(input) || !isAmount(output)) return [];
      const cacheWrite = at(KEYS.cacheWrite, above) ?? input;
      return [
        {
          above,
          input,
          output,
          cacheRead: at(KEYS.cacheRead, above) ?? input,
          cacheWrite,
          cacheWrite1h: at(KEYS.cacheWrite1h, above) ?? cacheWrite,
        },
      ];
    });
}

function isAmount(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

/**
 * The price of a request made at `at`: the fact's own price, or, where the dataset dates its prices,
 * the one in force then (e.g. time-of-day prices, a price change during a long session).
 */
export function priceAt(
  fact: { price: ModelPrice; dated?: readonly DatasetConditionalPrice[] },
  at: string | undefined,
) {
  if (!fact.dated?.length || at === undefined) return fact.price;
  return toModelPrice(datasetPriceAt({ id: '', prices: fact.dated }, at)) ?? fact.price;
}
