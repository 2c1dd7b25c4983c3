import { settingsWindow } from './modelFactResolver';
/** Context windows of well-known models, overridable per model by the user. Unknown means unknown: never guessed. */

export interface ModelLimits {
  contextWindow: number;
  /** Tokens the provider reserves for the reply (max output), when known. */
  maxOutput?: number;
}

/** Longest matching prefix wins. Ids are compared lowercased, without a provider prefix ("openai/gpt-4o" -> "gpt-4o"). */
const KNOWN: ReadonlyArray<[prefix: string, limits: ModelLimits]> = [
  ['gpt-5', { contextWindow: 400_000, maxOutput: 128_000 }],
  ['gpt-4.1', { contextWindow: 1_047_576, maxOutput: 32_768 }],
  ['gpt-4o', { contextWindow: 128_000, maxOutput: 16_384 }],
  ['gpt-4-turbo', { contextWindow: 128_000, maxOutput: 4_096 }],
  ['gpt-4', { contextWindow: 8_192, maxOutput: 8_192 }],
  ['gpt-3.5-turbo', { contextWindow: 16_385, maxOutput: 4_096 }],
  ['gpt-oss', { contextWindow: 131_072, maxOutput: 32_768 }],
  ['o1', { contextWindow: 200_000, maxOutput: 100_000 }],
  ['o3', { contextWindow: 200_000, maxOutput: 100_000 }],
  ['o4-mini', { contextWindow: 200_000, maxOutput: 100_000 }],
  ['claude', { contextWindow: 200_000 }],
  ['gemini-1.5-pro', { contextWindow: 2_097_152, maxOutput: 8_192 }],
  ['gemini-1.5-flash', { contextWindow: 1_048_576, maxOutput: 8_192 }],
  ['gemini-2', { contextWindow: 1_048_576, maxOutput: 65_536 }],
  ['llama3.1', { contextWindow: 131_072 }],
  ['llama3.2', { contextWindow: 131_072 }],
  ['llama3.3', { contextWindow: 131_072 }],
  ['llama-3.1', { contextWindow: 131_072 }],
  ['llama-3.3', { contextWindow: 131_072 }],
  ['qwen2.5-coder', { contextWindow: 32_768 }],
  ['qwen3', { contextWindow: 40_960 }],
  ['deepseek-chat', { contextWindow: 65_536, maxOutput: 8_192 }],
  ['deepseek-reasoner', { contextWindow: 65_536, maxOutput: 32_768 }],
  ['mistral-large', { contextWindow: 131_072 }],
  ['codestral', { contextWindow: 256_000 }],
];

export function normalizeModelId(model: string): string {
  const lower = model.trim().toLowerCase();
  const slash = lower.lastIndexOf('/');
  return slash >= 0 ? lower.slice(slash + 1) : lower;
}

/**
 * Limits for a model: the user's override (exact id, case-insensitive) first, then the built-in table.
 * A "[1m]" suffix on a Claude id means the 1M-token context beta. Undefined when unknown.
 */
export function modelLimits(model: string, overrides: Readonly<Record<string, number>> = {}): ModelLimits | undefined {
  const set = settingsWindow(model, overrides);
  if (set) return { contextWindow: set.tokens };
  const id = normalizeModelId(model);
  if (id.startsWith('claude') && id.includes('[1m]')) return { contextWindow: 1_000_000 };
  let best: [string, ModelLimits] | undefined;
  for (const entry of KNOWN) {
    if (id.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1];
}

/** The tiktoken encoding used for local estimates. For non-OpenAI models the count is an estimate either way. */
export function encodingFor(model: string): 'o200k_base' | 'cl100k_base' {
  const id = normalizeModelId(model);
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4|chatgpt-4o|codex)/.test(id)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5|text-embedding)/.test(id)) return 'cl100k_base';
  return 'o200k_base';
}

/** True when the local count is only an approximation of what the provider will count. */
export function isForeignTokenizer(model: string): boolean {
  return !/^(gpt-|o1|o3|o4|chatgpt|codex|text-embedding)/.test(normalizeModelId(model));
}
