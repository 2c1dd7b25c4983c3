import type { EndpointFacts } from './endpointFacts';
import { endpointWindow, isRecord, tokenCount } from './endpointFacts';

/**
 * Ollama. The window a request really gets is, in this order:
 * 1. `GET /api/ps` `context_length` of the loaded runner (what the server allocated: num_ctx, or
 *    OLLAMA_CONTEXT_LENGTH, or its default for the memory it has);
 * 2. `num_ctx` in `POST /api/show` `parameters` (the Modelfile's setting, used for every request through
 *    the OpenAI-compatible API, which cannot pass options);
 * 3. `model_info["<arch>.context_length"]`: only the model's maximum. The server may load it with less, so
 *    the source says so and the user can set `num_ctx` or agentSessions.contextWindows.
 */
export function readOllamaPs(body: unknown, model: string): EndpointFacts {
  const models = isRecord(body) && Array.isArray(body.models) ? body.models.filter(isRecord) : [];
  const wanted = withTag(model);
  const entry = models.find((m) => [m.name, m.model].some((n) => typeof n === 'string' && withTag(n) === wanted));
  const tokens = entry && tokenCount(entry.context_length);
  return tokens === undefined ? {} : { window: endpointWindow(tokens, 'Ollama /api/ps context_length (loaded)') };
}

export function readOllamaShow(body: unknown): EndpointFacts {
  if (!isRecord(body)) return {};
  const numCtx = typeof body.parameters === 'string' ? parameter(body.parameters, 'num_ctx') : undefined;
  if (numCtx !== undefined) return { window: endpointWindow(numCtx, 'Ollama /api/show num_ctx') };
  const info = isRecord(body.model_info) ? body.model_info : {};
  const arch = info['general.architecture'];
  if (typeof arch !== 'string' || !/^[\w.-]{1,64}$/.test(arch)) return {};
  const max = tokenCount(info[`${arch}.context_length`]);
  const detail = `Ollama /api/show ${arch}.context_length, the model's maximum: the server may run it with less`;
  return max === undefined ? {} : { window: endpointWindow(max, detail) };
}

/** "llama3.2" and "llama3.2:latest" are the same model to Ollama. */
function withTag(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.includes(':') ? lower : `${lower}:latest`;
}

/** The last `name value` line of Ollama's parameters text (one parameter per line, values padded). */
function parameter(text: string, name: string): number | undefined {
  let found: number | undefined;
  for (const line of text.split('\n')) {
    const match = /^\s*(\S+)\s+(\d+)\s*$/.exec(line);
    if (match && match[1] === name) found = tokenCount(Number(match[2]));
  }
  return found;
}
