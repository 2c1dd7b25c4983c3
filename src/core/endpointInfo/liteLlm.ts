import type { EndpointFacts } from './endpointFacts';
import { endpointWindow, isRecord, listEntries, perMillion, priceOf, sameModel, tokenCount } from './endpointFacts';

/**
 * A LiteLLM proxy's `GET /model/info` (also `/v1/model/info`): one entry per deployment, `model_name` being
 * the name clients send. `model_info.max_input_tokens` is the window (`max_tokens` is LiteLLM's legacy
 * field and is used only when it is not just the output limit); costs are USD per token, as numbers.
 * The first deployment of the model that gives a window or a price is used.
 */
export function readLiteLlmInfo(body: unknown, model: string): EndpointFacts {
  for (const entry of listEntries(body)) {
    if (!sameModel(entry.model_name, model) || !isRecord(entry.model_info)) continue;
    const info = entry.model_info;
    const maxOutput = tokenCount(info.max_output_tokens);
    const input = tokenCount(info.max_input_tokens);
    const legacy = tokenCount(info.max_tokens);
    const facts: EndpointFacts = {};
    if (input !== undefined) facts.window = endpointWindow(input, 'LiteLLM /model/info max_input_tokens', maxOutput);
    else if (legacy !== undefined && legacy !== maxOutput)
      facts.window = endpointWindow(legacy, 'LiteLLM /model/info max_tokens', maxOutput);
    const price = priceOf({
      input: perMillion(info.input_cost_per_token, 'number'),
      output: perMillion(info.output_cost_per_token, 'number'),
      cacheRead: perMillion(info.cache_read_input_token_cost, 'number'),
      cacheWrite: perMillion(info.cache_creation_input_token_cost, 'number'),
    });
    if (price) facts.price = { price, source: { kind: 'endpoint', detail: 'LiteLLM /model/info costs' } };
    if (facts.window || facts.price) return facts;
  }
  return {};
}
