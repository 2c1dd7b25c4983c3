/** Builds the SSE `data:` lines of a streamed chat.completion, shaped exactly like OpenAI's chunks. */
export function sseChunks(options: {
  model: string;
  chunks: string[];
  toolCalls?: Array<{ name: string; arguments: string }>;
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
  (options.toolCalls ?? []).forEach((call, index) => {
    const half = Math.ceil(call.arguments.length / 2);
    out.push(
      line({
        ...base,
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [
                {
                  index,
                  id: `call_${index}`,
                  type: 'function',
                  function: { name: call.name, arguments: call.arguments.slice(0, half) },
                },
              ],
            },
            finish_reason: null,
          },
        ],
      }),
    );
    out.push(
      line({
        ...base,
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index, function: { arguments: call.arguments.slice(half) } }] },
            finish_reason: null,
          },
        ],
      }),
    );
  });
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
