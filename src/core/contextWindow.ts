/** Model ids as the tokenizer choice compares them: lowercased, without a provider prefix ("openai/gpt-4o" -> "gpt-4o"). */
export function normalizeModelId(model: string): string {
  const lower = model.trim().toLowerCase();
  const slash = lower.lastIndexOf('/');
  return slash >= 0 ? lower.slice(slash + 1) : lower;
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
