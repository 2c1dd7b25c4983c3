import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ModelStreamEvent } from '../core/ports';

/**
 * Maps one streamed chunk to our events: content deltas, the usage chunk (OpenAI semantics: prompt
 * includes cached, completion includes reasoning) and the finish reason. Tool-call deltas carry no
 * text and are skipped until agent tools arrive.
 */
export function chunkEvents(chunk: ChatCompletionChunk): ModelStreamEvent[] {
  const events: ModelStreamEvent[] = [];
  for (const choice of chunk.choices ?? []) {
    const content = choice.delta?.content;
    if (typeof content === 'string' && content.length > 0) events.push({ kind: 'delta', text: content });
    if (choice.finish_reason) events.push({ kind: 'finish', reason: choice.finish_reason });
  }
  const usage = chunk.usage;
  if (usage) {
    events.push({
      kind: 'usage',
      usage: {
        promptTokens: usage.prompt_tokens ?? 0,
        completionTokens: usage.completion_tokens ?? 0,
        totalTokens: usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0),
        cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
        reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
      },
    });
  }
  return events;
}
