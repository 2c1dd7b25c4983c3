/**
 * Error bodies about tools, as each server sends them (sources in src/core/toolRefusal.ts); part of
 * `errorBodies`. The status each comes with is noted: script it alongside.
 */
export const toolErrorBodies = {
  // Refusals of the `tools` field.
  /** 400: Ollama's /v1 for a model whose template has no tools. */
  ollamaToolsUnsupported: {
    error: {
      message: 'registry.ollama.ai/library/gemma3:1b does not support tools',
      type: 'invalid_request_error',
      param: null,
      code: null,
    },
  },
  /** 400: vLLM started without --enable-auto-tool-choice / --tool-call-parser. */
  vllmAutoToolChoice: {
    object: 'error',
    message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
    type: 'BadRequestError',
    param: null,
    code: 400,
  },
  /** 500: llama-server started without --jinja (a runtime_error, hence server_error). */
  llamaCppNoJinja: { error: { code: 500, message: 'tools param requires --jinja flag', type: 'server_error' } },
  /** 500: older llama-server builds. */
  llamaCppUnsupportedTools: { error: { code: 500, message: 'Unsupported param: tools', type: 'server_error' } },
  /** 404: OpenRouter when no provider of the model takes tools. */
  openRouterNoToolEndpoints: {
    error: {
      message:
        'No endpoints found that support tool use. To learn more about provider routing, visit: ' +
        'https://openrouter.ai/docs/provider-routing',
      code: 404,
    },
  },
  /** 400: OpenAI's unsupported_parameter shape. */
  openaiToolsUnsupported: {
    error: {
      message: "Unsupported parameter: 'tools' is not supported with this model.",
      type: 'invalid_request_error',
      param: 'tools',
      code: 'unsupported_parameter',
    },
  },
  /** 400: Azure OpenAI on an API version without tools. */
  azureUnrecognizedTools: {
    error: {
      message: 'Unrecognized request argument supplied: tools',
      type: 'invalid_request_error',
      param: null,
      code: null,
    },
  },
  /** 422: a gateway's generic wording. */
  genericFunctionCalling: { detail: 'Function calling is not supported by this model.' },
  /** 400: a generic wording. */
  genericToolUse: { error: { message: 'This model does not support tool use.', type: 'invalid_request_error' } },
  // 400s and 404s that mention tools or endpoints but are not a refusal of tools.
  invalidToolSchema: {
    error: {
      message:
        "Invalid schema for function 'read_file': In context=(), " +
        "'additionalProperties' is required to be supplied and to be false.",
      type: 'invalid_request_error',
      param: 'tools[0].function.parameters',
      code: 'invalid_function_parameters',
    },
  },
  orphanToolMessage: {
    error: {
      message:
        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
      type: 'invalid_request_error',
      param: 'messages.[1].role',
      code: null,
    },
  },
  openRouterNoModelEndpoints: { error: { message: 'No endpoints found for vendor/missing-model.', code: 404 } },
};
