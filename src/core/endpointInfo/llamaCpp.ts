import type { EndpointFacts } from './endpointFacts';
import { endpointWindow, isRecord, tokenCount } from './endpointFacts';

/**
 * llama.cpp's `llama-server` `GET /props` (at the server root, not under /v1):
 * `default_generation_settings.n_ctx` is one slot's context (the total divided among `--parallel` slots),
 * which is what a single request may fill.
 */
export function readLlamaProps(body: unknown): EndpointFacts {
  const settings = isRecord(body) && isRecord(body.default_generation_settings) ? body.default_generation_settings : {};
  const tokens = tokenCount(settings.n_ctx);
  return tokens === undefined ? {} : { window: endpointWindow(tokens, 'llama.cpp /props n_ctx') };
}

export interface ContextOverflow {
  promptTokens?: number;
  contextWindow: number;
}

/**
 * llama-server's answer to a prompt larger than its slot: HTTP 400 with
 * `{"error":{"code":400,"type":"exceed_context_size_error","n_prompt_tokens":N,"n_ctx":M,"message":...}}`.
 * Takes the `error` object (what the SDK hands over) or the whole body; undefined for anything else.
 */
export function readContextOverflow(body: unknown): ContextOverflow | undefined {
  const error = isRecord(body) && isRecord(body.error) ? body.error : body;
  if (!isRecord(error) || error.type !== 'exceed_context_size_error') return undefined;
  const contextWindow = tokenCount(error.n_ctx);
  if (contextWindow === undefined) return undefined;
  const promptTokens = tokenCount(error.n_prompt_tokens);
  return promptTokens === undefined ? { contextWindow } : { promptTokens, contextWindow };
}
