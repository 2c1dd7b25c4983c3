/** A scripted tool call; `id` defaults to `call_<index>`, `null` sends none (the client makes one up). */
export interface PeerToolCall {
  name: string;
  arguments: string;
  id?: string | null;
}

/**
 * How tool calls are streamed: `split` is OpenAI's way (id and name with the first half of the arguments,
 * then the rest under the same index); `whole` sends each call in one delta (Ollama, vLLM, llama.cpp);
 * `unindexed` sends each whole call in its own delta with no `index` (servers that omit it).
 */
export type ToolCallStyle = 'split' | 'whole' | 'unindexed';

/** Builds the SSE `data:` lines of a streamed chat.completion, shaped exactly like OpenAI's chunks. */
export function sseChunks(options: {
  model: string;
  chunks: string[];
  toolCalls?: PeerToolCall[];
  toolCallStyle?: ToolCallStyle;
  finishReason: string | null;
  usage?: { prompt: number; completion: number; cached?: number; reasoning?: number };
  usageExtra?: Record<string, unknown>;
}): string[] {
  const base = {
    id: 'chatcmpl-peer',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: options.model,
    system_fingerprint: 'fp_peer',
  };
  const line = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
  const chunk = (delta: unknown) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] });
  const out: string[] = [];
  options.chunks.forEach((content, i) => {
    out.push(
      line({
        ...base,
        choices: [
          {
            index: 0,
            delta: i === 0 ? { role: 'assistant', content } : { content },
            logprobs: null,
            finish_reason: null,
          },
        ],
      }),
    );
  });
  // With no text before them, the first delta opens the message as OpenAI's does: role, content null.
  const opening = options.chunks.length === 0 ? { role: 'assistant', content: null } : {};
  toolCallLines(options.toolCalls ?? [], options.toolCallStyle ?? 'split').forEach((delta, i) =>
    out.push(line(chunk(i === 0 ? { ...opening, ...delta } : delta))),
  );
  if (options.finishReason !== null) {
    out.push(
      line({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: options.finishReason }] }),
    );
  }
  if (options.usage) {
    const u = options.usage;
    out.push(
      line({
        ...base,
        choices: [],
        usage: {
          prompt_tokens: u.prompt,
          completion_tokens: u.completion,
          total_tokens: u.prompt + u.completion,
          prompt_tokens_details: { cached_tokens: u.cached ?? 0 },
          completion_tokens_details: { reasoning_tokens: u.reasoning ?? 0 },
          ...options.usageExtra,
        },
      }),
    );
  }
  return out;
}

/** The `delta` objects that carry the tool calls, in the given style. */
function toolCallLines(calls: PeerToolCall[], style: ToolCallStyle): object[] {
  const deltas: object[] = [];
  calls.forEach((call, index) => {
    const id = call.id === null ? {} : { id: call.id ?? `call_${index}` };
    const at = style === 'unindexed' ? {} : { index };
    if (style !== 'split') {
      const whole = { ...at, ...id, type: 'function', function: { name: call.name, arguments: call.arguments } };
      deltas.push({ tool_calls: [whole] });
      return;
    }
    const half = Math.ceil(call.arguments.length / 2);
    const first = {
      ...at,
      ...id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments.slice(0, half) },
    };
    deltas.push({ tool_calls: [first] });
    deltas.push({ tool_calls: [{ ...at, function: { arguments: call.arguments.slice(half) } }] });
  });
  return deltas;
}
