import type { EndpointFacts } from './endpointFacts';
import { endpointWindow, isRecord, listEntries, perMillion, priceOf, sameModel, tokenCount } from './endpointFacts';

/** Servers whose own model-info route we know, beyond the OpenAI-style `/models` list. */
export type ProbeKind = 'llamacpp' | 'lmstudio' | 'ollama' | 'litellm';

/** What the `/models` list told us: facts it holds itself, or which server it came from (probe that next). */
export interface ListReading {
  facts: EndpointFacts;
  /** The server named itself (owned_by, a header, a field only it sends): no other probe is needed. */
  recognized?: 'vllm' | 'openrouter' | ProbeKind;
}

/**
 * Reads `GET <base>/models`. vLLM adds `max_model_len` to each entry (and says `owned_by: "vllm"`);
 * OpenRouter adds `context_length`, `top_provider.max_completion_tokens` and `pricing` (USD per token, as
 * strings); llama-server says `owned_by: "llamacpp"`; a LiteLLM proxy answers with `x-litellm-version`.
 */
export function readModelsList(body: unknown, model: string, hints: { host: string; litellm: boolean }): ListReading {
  const entries = listEntries(body);
  const entry = entries.find((e) => sameModel(e.id, model));
  const owners = new Set(entries.map((e) => e.owned_by));
  if (entry) {
    const vllm = tokenCount(entry.max_model_len);
    if (vllm !== undefined)
      return { facts: { window: endpointWindow(vllm, 'vLLM /v1/models max_model_len') }, recognized: 'vllm' };
    const router = openRouterEntry(entry, hints.host);
    if (router.window || router.price) return { facts: router, recognized: 'openrouter' };
  }
  if (owners.has('vllm')) return { facts: {}, recognized: 'vllm' };
  if (hints.litellm) return { facts: {}, recognized: 'litellm' };
  if (owners.has('llamacpp')) return { facts: {}, recognized: 'llamacpp' };
  if (entries.some((e) => 'context_length' in e && isRecord(e.pricing))) return { facts: {}, recognized: 'openrouter' };
  return { facts: {} };
}

function openRouterEntry(entry: Record<string, unknown>, host: string): EndpointFacts {
  const name = /(^|\.)openrouter\.ai$/i.test(host) ? 'OpenRouter /models' : '/models';
  const top = isRecord(entry.top_provider) ? entry.top_provider : {};
  const tokens = tokenCount(entry.context_length) ?? tokenCount(top.context_length);
  const maxOutput = tokenCount(top.max_completion_tokens);
  const facts: EndpointFacts = {};
  if (tokens !== undefined) facts.window = endpointWindow(tokens, `${name} context_length`, maxOutput);
  const p = isRecord(entry.pricing) ? entry.pricing : {};
  const price = priceOf({
    input: perMillion(p.prompt, 'string'),
    output: perMillion(p.completion, 'string'),
    cacheRead: perMillion(p.input_cache_read, 'string'),
    cacheWrite: perMillion(p.input_cache_write, 'string'),
  });
  if (price) facts.price = { price, source: { kind: 'endpoint', detail: `${name} pricing` } };
  return facts;
}
