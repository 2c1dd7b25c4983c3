import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ModelStreamEvent } from '../core/ports';
import type { ToolCallFragment } from './toolCallAssembler';

/** What one chunk holds: our stream events, or a piece of a tool call still to be joined (src/node only). */
export type ChunkEvent =
  Exclude<ModelStreamEvent, { kind: 'tool_call' }> | { kind: 'tool_fragment'; fragment: ToolCallFragment };

/**
 * Maps one streamed chunk to our events: content deltas, tool-call fragments (of the first choice; the
 * legacy `function_call` delta too), the usage chunk (OpenAI semantics: prompt includes cached,
 * completion includes reasoning) and the finish reason, in that order. Nothing here trusts the shape:
 * the SDK hands over whatever JSON the server sent.
 */
export function chunkEvents(chunk: ChatCompletionChunk): ChunkEvent[] {
  const events: ChunkEvent[] = [];
  for (const choice of chunk.choices ?? []) {
    const content = choice.delta?.content;
    if (typeof content === 'string' && content.length > 0) events.push({ kind: 'delta', text: content });
    if ((choice.index ?? 0) === 0)
      for (const fragment of toolFragments(choice.delta)) events.push({ kind: 'tool_fragment', fragment });
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

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The fields that are there; a missing one stays missing (not `undefined`). */
function present(fields: ToolCallFragment): ToolCallFragment {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as ToolCallFragment;
}

function toolFragments(delta: unknown): ToolCallFragment[] {
  if (typeof delta !== 'object' || delta === null) return [];
  const d = delta as { tool_calls?: unknown; function_call?: unknown };
  if (!Array.isArray(d.tool_calls)) {
    // the deprecated single-call form
    const legacy = d.function_call;
    return typeof legacy === 'object' && legacy !== null ? [present({ index: 0, ...functionPart(legacy) })] : [];
  }
  const out: ToolCallFragment[] = [];
  for (const call of d.tool_calls) {
    if (typeof call !== 'object' || call === null) continue;
    const c = call as { index?: unknown; id?: unknown; function?: unknown };
    const index = typeof c.index === 'number' && Number.isInteger(c.index) && c.index >= 0 ? c.index : undefined;
    out.push(present({ index, id: text(c.id), ...functionPart(c.function) }));
  }
  return out;
}

/** Name and argument text; arguments sent as a JSON object (some servers do) are kept as its JSON text. */
function functionPart(fn: unknown): { name?: string; arguments?: string } {
  if (typeof fn !== 'object' || fn === null) return {};
  const f = fn as { name?: unknown; arguments?: unknown };
  const args = f.arguments;
  const argText = typeof args === 'object' && args !== null ? json(args) : text(args);
  return { name: text(f.name), arguments: argText };
}

function json(value: object): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
