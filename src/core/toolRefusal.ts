/**
 * How endpoints say "this model (or this server, as started) cannot take the `tools` field". Each
 * wording was read in the project's source or in reports quoting its reply:
 * - Ollama: `<model> does not support tools`, HTTP 400 (server/images.go `CheckCapabilities` joins
 *   "does not support" and "tools"; server/routes.go `handleScheduleError` answers 400; the /v1 layer
 *   wraps it as `{"error":{"message":…,"type":"invalid_request_error"}}`; older builds: `api_error`).
 * - vLLM without tool parsing: `"auto" tool choice requires --enable-auto-tool-choice and
 *   --tool-call-parser to be set`, HTTP 400 (vllm/entrypoints/openai/serving_chat.py, create_error_response).
 * - llama.cpp `llama-server` without `--jinja`: `tools param requires --jinja flag` (tools/server/
 *   server-common.cpp `oaicompat_chat_params_parse`, a std::runtime_error, so HTTP 500 `server_error`);
 *   older builds: `Unsupported param: tools` (500).
 * - OpenRouter when no provider of the model takes tools: `No endpoints found that support tool use`, HTTP 404.
 * - Generic wordings of other gateways and hosted APIs: "does not support tools / tool use / function
 *   calling", "tools are not supported", "'tools' is not supported with this model", Azure's
 *   "Unrecognized request argument supplied: tools".
 * LM Studio takes `tools` for every model (its "default" tool-use format); no refusal of its was found.
 */
interface ToolRefusalPattern {
  pattern: RegExp;
  /** What to change on the server, when the refusal is the server's setup and not the model. */
  hint?: string;
}

const PATTERNS: ToolRefusalPattern[] = [
  {
    pattern: /tool[_ ]choice requires --enable-auto-tool-choice/i,
    hint: 'Start vLLM with --enable-auto-tool-choice and --tool-call-parser <parser> to use tools.',
  },
  { pattern: /\btool(s|_choice)? param requires --jinja/i, hint: 'Start llama-server with --jinja to use tools.' },
  { pattern: /unsupported param(eter)?: '?tools\b/i },
  { pattern: /no endpoints found that support (tool use|the provided 'tool_choice')/i },
  { pattern: /unrecognized request argument supplied: tools\b/i },
  {
    pattern:
      /\b(does not|doesn't|do not|don't|cannot) support (tools|tool use|tool calls|tool calling|function calling)\b/i,
  },
  { pattern: /\b(tools|tool use|tool calls|tool calling|function calling)( param(eter)?)? (is|are) not supported\b/i },
  { pattern: /'tools' is not supported\b/i },
];

/** Statuses a tool refusal comes with: a bad request, OpenRouter's 404, a validation 422, llama.cpp's 500/501. */
const STATUSES = new Set([400, 404, 422, 500, 501]);

export interface ToolRefusal {
  hint?: string;
}

/** Whether an error reply (status and its message and body text) refuses the `tools` field itself. */
export function readToolRefusal(status: number, text: string): ToolRefusal | undefined {
  if (!STATUSES.has(status)) return undefined;
  const found = PATTERNS.find((p) => p.pattern.test(text));
  return found ? { ...(found.hint ? { hint: found.hint } : {}) } : undefined;
}

export const TOOLS_UNSUPPORTED_MESSAGE = 'This model/endpoint does not support tools; the session runs as chat.';
