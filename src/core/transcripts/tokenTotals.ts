/** Token counts by category, in the categories ccusage reports (and prices). */
export interface TokenTotals {
  /** Input tokens not read from or written to a cache. */
  input: number;
  output: number;
  /** Tokens written to the prompt cache (Anthropic); 0 for OpenAI-style usage. */
  cacheCreation: number;
  /** The part of cacheCreation written with a 1-hour lifetime (priced at 2x input). */
  cacheCreation1h: number;
  cacheRead: number;
}

export function emptyTotals(): TokenTotals {
  return { input: 0, output: 0, cacheCreation: 0, cacheCreation1h: 0, cacheRead: 0 };
}

export function addTotals(into: TokenTotals, add: Readonly<TokenTotals>): TokenTotals {
  into.input += add.input;
  into.output += add.output;
  into.cacheCreation += add.cacheCreation;
  into.cacheCreation1h += add.cacheCreation1h;
  into.cacheRead += add.cacheRead;
  return into;
}

/** input + output + cache creation + cache read: ccusage's "total tokens". */
export function totalTokens(t: Readonly<TokenTotals>): number {
  return t.input + t.output + t.cacheCreation + t.cacheRead;
}

/** A non-negative integer from an unknown JSON value, else 0 (transcripts are not trusted). */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
