import type * as http from 'http';

/**
 * The model-info routes of the servers our sessions talk to, answered by the loopback peer with the
 * response shapes those servers send (read from their docs and source): vLLM and OpenRouter in the
 * `/models` list, llama.cpp's `/props`, LM Studio's `/api/v0/models/<id>`, Ollama's `/api/ps` and
 * `POST /api/show`, LiteLLM's `/model/info`. Faults: never answering, 404, a cut body, wrong types.
 */
export type ModelInfoKind = 'vllm' | 'openrouter' | 'lmstudio' | 'ollama' | 'llamacpp' | 'litellm';
export type ModelInfoFault = 'slow' | 'notFound' | 'malformed' | 'wrongTypes';

export interface ModelInfoScript {
  kind: ModelInfoKind;
  model: string;
  /** The window the server reports (max_model_len, context_length, n_ctx, max_context_length, ...). */
  window: number;
  maxOutput?: number;
  /** US dollars per token. */
  price?: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
  /** Ollama: num_ctx in the Modelfile's parameters, and the loaded runner's context (in /api/ps). */
  ollama?: { numCtx?: number; loaded?: number };
  /** LM Studio: the loaded instance's context length (state "loaded"). */
  loadedContext?: number;
  fault?: ModelInfoFault;
}

export interface ModelInfoRequest {
  method: string;
  path: string;
  authorization?: string;
}

/** Is this one of the model-info routes (any kind)? The chat route is not. */
export function isModelInfoRoute(method: string, path: string): boolean {
  if (method === 'POST') return path === '/api/show';
  return /\/models$|^\/props$|^\/api\/v0\/models\/.+|^\/api\/ps$|\/model\/info$/.test(path);
}

/** Answers one model-info request for `script` (the body is the request's text, for POST /api/show). */
export function answerModelInfo(
  script: ModelInfoScript,
  req: http.IncomingMessage,
  body: string,
  res: http.ServerResponse,
) {
  if (script.fault === 'slow') return; // never answers: the client's timeout must end it
  const path = (req.url ?? '').split('?')[0];
  const found = route(script, req.method ?? 'GET', path, body);
  if (!found || script.fault === 'notFound') {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `Not Found: ${path}` }));
    return;
  }
  let text = JSON.stringify(found.body);
  if (script.fault === 'malformed') text = text.slice(0, Math.floor(text.length / 2));
  if (script.fault === 'wrongTypes')
    text = text
      .replace(/"((?:[\w.]*_)?(?:len|length|n_ctx|tokens))":(\d+)/g, '"$1":"$2"') // counts as strings
      .replace(/"(prompt|completion|input_cache_read|input_cache_write)":"([\d.e-]+)"/g, '"$1":$2') // prices as numbers
      .replace(/"(\w+_cost(?:_per_token)?)":([\d.e-]+)/g, '"$1":"$2"')
      .replace(/num_ctx\s+\d+/, 'num_ctx lots');
  res.writeHead(200, { 'content-type': 'application/json', ...found.headers });
  res.end(text);
}

type Found = { body: unknown; headers?: Record<string, string> } | undefined;

function route(s: ModelInfoScript, method: string, path: string, body: string): Found {
  if (method === 'GET' && path.endsWith('/models') && !path.startsWith('/api/v0/')) return modelsList(s);
  switch (s.kind) {
    case 'llamacpp':
      return path === '/props' ? { body: llamaProps(s) } : undefined;
    case 'lmstudio':
      return path === `/api/v0/models/${encodeURIComponent(s.model)}` ? { body: lmStudioModel(s) } : undefined;
    case 'ollama':
      if (path === '/api/ps') return { body: ollamaPs(s) };
      if (method === 'POST' && path === '/api/show') return ollamaShow(s, body);
      return undefined;
    case 'litellm':
      return path.endsWith('/model/info') ? { body: liteLlmInfo(s) } : undefined;
    default:
      return undefined;
  }
}

const created = 1_750_000_000;
const usdString = (n: number | undefined) => (n === undefined ? undefined : String(n));

function modelsList(s: ModelInfoScript): Found {
  const other = { id: 'some-other-model', object: 'model', created, owned_by: 'someone' };
  switch (s.kind) {
    case 'vllm':
      return {
        body: {
          object: 'list',
          data: [
            {
              id: s.model,
              object: 'model',
              created,
              owned_by: 'vllm',
              root: `/models/${s.model}`,
              parent: null,
              max_model_len: s.window,
              permission: [],
            },
          ],
        },
      };
    case 'openrouter':
      return {
        body: {
          data: [
            { ...other, context_length: 8192, pricing: { prompt: '0.000001', completion: '0.000002' } },
            {
              id: s.model,
              canonical_slug: s.model,
              name: `Peer: ${s.model}`,
              created,
              description: 'A model listed by the loopback peer.',
              context_length: s.window,
              architecture: {
                modality: 'text->text',
                input_modalities: ['text'],
                output_modalities: ['text'],
                tokenizer: 'Other',
              },
              pricing: {
                prompt: usdString(s.price?.input) ?? '0',
                completion: usdString(s.price?.output) ?? '0',
                request: '0',
                image: '0',
                web_search: '0',
                internal_reasoning: '0',
                input_cache_read: usdString(s.price?.cacheRead),
                input_cache_write: usdString(s.price?.cacheWrite),
              },
              top_provider: {
                context_length: s.window,
                max_completion_tokens: s.maxOutput ?? null,
                is_moderated: false,
              },
              per_request_limits: null,
              supported_parameters: ['max_tokens', 'temperature', 'tools'],
            },
          ],
        },
      };
    case 'llamacpp':
      return {
        body: {
          object: 'list',
          data: [
            {
              id: s.model,
              object: 'model',
              created,
              owned_by: 'llamacpp',
              // the model's training context, larger than the slot's: the window is /props' n_ctx, not this
              meta: {
                vocab_type: 2,
                n_vocab: 151_936,
                n_ctx_train: s.window * 8,
                n_embd: 2048,
                n_params: 1_500_000_000,
                size: 1_000_000_000,
              },
            },
          ],
        },
      };
    case 'litellm':
      return {
        body: { data: [{ id: s.model, object: 'model', created, owned_by: 'openai' }], object: 'list' },
        headers: { 'x-litellm-version': '1.74.0' },
      };
    case 'lmstudio':
      return { body: { data: [{ id: s.model, object: 'model', owned_by: 'organization_owner' }], object: 'list' } };
    case 'ollama':
      return { body: { object: 'list', data: [{ id: s.model, object: 'model', created, owned_by: 'library' }] } };
  }
}

function llamaProps(s: ModelInfoScript) {
  return {
    default_generation_settings: {
      id: 0,
      id_task: -1,
      n_ctx: s.window,
      speculative: false,
      is_processing: false,
      params: { n_predict: -1, temperature: 0.8 },
    },
    total_slots: 1,
    model_path: `/models/${s.model}.gguf`,
    chat_template: '{{ messages }}',
    modalities: { vision: false, audio: false },
    build_info: 'b6000-peer',
  };
}

function lmStudioModel(s: ModelInfoScript) {
  return {
    id: s.model,
    object: 'model',
    type: 'llm',
    publisher: 'lmstudio-community',
    arch: 'qwen2',
    compatibility_type: 'gguf',
    quantization: 'Q4_K_M',
    state: s.loadedContext ? 'loaded' : 'not-loaded',
    max_context_length: s.window,
    ...(s.loadedContext ? { loaded_context_length: s.loadedContext } : {}),
  };
}

function ollamaPs(s: ModelInfoScript) {
  const loaded = s.ollama?.loaded;
  if (!loaded) return { models: [] };
  const name = s.model.includes(':') ? s.model : `${s.model}:latest`;
  return {
    models: [
      {
        name,
        model: name,
        size: 2_000_000_000,
        digest: 'a80c4f17acd5',
        details: { family: 'llama' },
        expires_at: '2026-01-01T00:05:00Z',
        size_vram: 2_000_000_000,
        context_length: loaded,
      },
    ],
  };
}

function ollamaShow(s: ModelInfoScript, body: string): Found {
  let asked: unknown;
  try {
    asked = (JSON.parse(body) as { model?: unknown }).model;
  } catch {
    return undefined;
  }
  const bare = (n: unknown) => String(n).replace(/:latest$/, '');
  if (bare(asked) !== bare(s.model)) return undefined;
  const numCtx = s.ollama?.numCtx;
  return {
    body: {
      license: 'LLAMA 3.2 COMMUNITY LICENSE AGREEMENT',
      modelfile: `FROM /models/${s.model}`,
      parameters: `${numCtx ? `num_ctx                        ${numCtx}\n` : ''}stop                           "<|eot_id|>"`,
      template: '{{ .Prompt }}',
      details: {
        parent_model: '',
        format: 'gguf',
        family: 'llama',
        families: ['llama'],
        parameter_size: '3.2B',
        quantization_level: 'Q4_K_M',
      },
      model_info: {
        'general.architecture': 'llama',
        'general.parameter_count': 3_212_749_888,
        'llama.context_length': s.window,
        'llama.embedding_length': 3072,
      },
      capabilities: ['completion', 'tools'],
      modified_at: '2026-01-01T00:00:00Z',
    },
  };
}

function liteLlmInfo(s: ModelInfoScript) {
  return {
    data: [
      {
        model_name: 'another-alias',
        litellm_params: { model: 'openai/gpt-4o-mini' },
        model_info: { id: 'x1', max_input_tokens: 128_000 },
      },
      {
        model_name: s.model,
        litellm_params: { model: `openai/${s.model}` },
        model_info: {
          id: 'd7c1',
          db_model: false,
          key: s.model,
          max_tokens: s.maxOutput ?? null,
          max_input_tokens: s.window,
          max_output_tokens: s.maxOutput ?? null,
          input_cost_per_token: s.price?.input ?? null,
          output_cost_per_token: s.price?.output ?? null,
          cache_read_input_token_cost: s.price?.cacheRead ?? null,
          cache_creation_input_token_cost: s.price?.cacheWrite ?? null,
          litellm_provider: 'openai',
          mode: 'chat',
        },
      },
    ],
  };
}
