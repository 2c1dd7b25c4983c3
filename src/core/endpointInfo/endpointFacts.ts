import type { ModelPrice } from '../transcripts/pricing';
import type { PriceFact, WindowFact } from '../modelFacts';

/**
 * What an endpoint says about one model: its context window and its price, each with where it came
 * from. Every parser in this folder reads an untrusted body: a field of the wrong type, out of range
 * or absent is dropped (never guessed), and an empty result means "the endpoint did not say".
 */
export interface EndpointFacts {
  window?: WindowFact;
  price?: PriceFact;
}

/** The largest window we believe (100M tokens): anything above is a broken or hostile number. */
const MAX_TOKENS = 100_000_000;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A positive whole token count, or undefined. Numeric strings are refused: no server here sends them. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_TOKENS ? value : undefined;
}

/** USD per token as a decimal string ("0.0000025", OpenRouter) or number (LiteLLM) -> USD per million tokens. */
export function perMillion(value: unknown, form: 'string' | 'number'): number | undefined {
  let n: number;
  if (form === 'string') {
    if (typeof value !== 'string' || !/^\d+(\.\d+)?(e-?\d+)?$/i.test(value.trim())) return undefined;
    n = Number(value);
  } else {
    if (typeof value !== 'number') return undefined;
    n = value;
  }
  if (!Number.isFinite(n) || n < 0 || n > 1) return undefined; // above $1,000,000 per million is not a price
  return Math.round(n * 1e12) / 1e6; // per million, without float dust (2.5e-6 -> 2.5)
}

/** A price from per-million parts; undefined unless input and output are both known. */
export function priceOf(parts: {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
}): ModelPrice | undefined {
  if (parts.input === undefined || parts.output === undefined) return undefined;
  const price: ModelPrice = { input: parts.input, output: parts.output };
  if (parts.cacheRead !== undefined) price.cacheRead = parts.cacheRead;
  if (parts.cacheWrite !== undefined) price.cacheWrite = parts.cacheWrite;
  return price;
}

/** Model ids are matched exactly, ignoring case and surrounding blanks (never by prefix). */
export function sameModel(a: unknown, model: string): boolean {
  return typeof a === 'string' && a.trim().toLowerCase() === model.trim().toLowerCase();
}

/** The entries of an OpenAI-style list (`{ data: [...] }`) that are objects. */
export function listEntries(body: unknown): Record<string, unknown>[] {
  if (!isRecord(body) || !Array.isArray(body.data)) return [];
  return body.data.filter(isRecord);
}

export function endpointWindow(tokens: number, detail: string, maxOutput?: number): WindowFact {
  return maxOutput === undefined
    ? { tokens, source: { kind: 'endpoint', detail } }
    : { tokens, maxOutput, source: { kind: 'endpoint', detail } };
}
