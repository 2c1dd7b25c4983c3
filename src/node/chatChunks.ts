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
    const costUsd = reportedCost(usage);
    events.push({
      kind: 'usage',
      usage: {
        promptTokens: usage.prompt_tokens ?? 0,
        completionTokens: usage.completion_tokens ?? 0,
        totalTokens: usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0),
        cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
        reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
        ...(costUsd === undefined ? {} : { costUsd }),
      },
    });
  }
  return events;
}

const dollars = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e6 ? v : undefined);

/**
 * OpenRouter's `usage.cost`: what the reply cost, in credits (1 credit = 1 US dollar). With the user's own
 * provider key (`is_byok`), `cost` is only OpenRouter's fee and the provider's charge is
 * `cost_details.upstream_inference_cost`: both are paid, so both count. Anything not a sane number is ignored.
 */
function reportedCost(usage: object): number | undefined {
  const u = usage as { cost?: unknown; is_byok?: unknown; cost_details?: { upstream_inference_cost?: unknown } | null };
  const cost = dollars(u.cost);
  if (cost === undefined) return undefined;
  const upstream = u.is_byok === true ? dollars(u.cost_details?.upstream_inference_cost) : undefined;
  return cost + (upstream ?? 0);
}
