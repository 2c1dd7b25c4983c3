import type { EndpointFacts } from '../core/endpointInfo/endpointFacts';
import { readLiteLlmInfo } from '../core/endpointInfo/liteLlm';
import { readLlamaProps } from '../core/endpointInfo/llamaCpp';
import { readLmStudioModel } from '../core/endpointInfo/lmStudio';
import type { ProbeKind } from '../core/endpointInfo/modelsList';
import { readModelsList } from '../core/endpointInfo/modelsList';
import { readOllamaPs, readOllamaShow } from '../core/endpointInfo/ollama';
import { endpointPolicy, isLocalHost } from '../core/endpointPolicy';
import { describeFacts } from '../core/factWords';
import type { JsonProbe } from './jsonProbe';
import { jsonProbe } from './jsonProbe';
import { originFetch } from './originFetch';

export const ENDPOINT_INFO_TIMEOUT_MS = 3000;

export interface EndpointInfoOptions {
  /** The base URL the chat requests use, e.g. http://127.0.0.1:8000/v1. */
  baseUrl: string;
  model: string;
  /** Sent only to the base URL's origin (the fetch refuses any other, and cross-origin redirects). */
  apiKey?: string;
  /** For the whole read, every probe included. */
  timeoutMs?: number;
  /** The fetch under the origin guard (tests pass a recording one). */
  fetch?: typeof fetch;
  /** Gets exactly one line per read: what was learnt, or what was tried and why it gave nothing. */
  log(line: string): void;
}

interface Where {
  base: string;
  /** The server root: llama.cpp, Ollama and LM Studio serve their own routes beside /v1, not under it. */
  root: string;
  model: string;
}

/** Each server's own model-info route, read when the `/models` list names the server or names none. */
const PROBES: Record<ProbeKind, (get: JsonProbe, at: Where) => Promise<EndpointFacts>> = {
  llamacpp: async (get, at) => readLlamaProps((await get(`${at.root}/props`))?.body),
  lmstudio: async (get, at) =>
    readLmStudioModel((await get(`${at.root}/api/v0/models/${encodeURIComponent(at.model)}`))?.body, at.model),
  ollama: async (get, at) => {
    const loaded = readOllamaPs((await get(`${at.root}/api/ps`))?.body, at.model);
    return loaded.window ? loaded : readOllamaShow((await get(`${at.root}/api/show`, { model: at.model }))?.body);
  },
  litellm: async (get, at) => {
    for (const url of new Set([`${at.base}/model/info`, `${at.root}/model/info`])) {
      const facts = readLiteLlmInfo((await get(url))?.body, at.model);
      if (facts.window || facts.price) return facts;
    }
    return {};
  },
};
const UNNAMED_ORDER: ProbeKind[] = ['llamacpp', 'lmstudio', 'ollama', 'litellm'];

/**
 * The endpoint's own word on a model's window and price: first `GET <base>/models` (vLLM and OpenRouter
 * answer there; llama.cpp and LiteLLM name themselves), then the named server's route, or, when the list
 * names no server, each known route in turn. Never throws; a slow, missing or malformed answer gives {}
 * and one line in the log, and the caller falls back to the dataset.
 */
export async function readEndpointInfo(options: EndpointInfoOptions): Promise<EndpointFacts> {
  const verdict = endpointPolicy(options.baseUrl);
  if (!verdict.ok) return {}; // the turn itself says why the endpoint is not used
  const timeoutMs = options.timeoutMs ?? ENDPOINT_INFO_TIMEOUT_MS;
  const notes: string[] = [];
  const get = jsonProbe({
    fetch: originFetch(verdict.origin, options.fetch),
    apiKey: options.apiKey,
    signal: AbortSignal.timeout(timeoutMs),
    timeoutMs,
    notes,
  });
  const base = options.baseUrl.trim().replace(/\/+$/, '');
  const at: Where = { base, root: base.replace(/\/v1$/, ''), model: options.model };
  const facts = await probe(get, at, new URL(base).host, notes);
  const what = `"${options.model}" at ${verdict.origin}`;
  if (facts.window || facts.price) options.log(`model info for ${what}: ${describeFacts(facts)}`);
  else
    options.log(`model info: nothing said for ${what} (${notes.join('; ') || 'no route answered'}); using the dataset`);
  return facts;
}

async function probe(get: JsonProbe, at: Where, host: string, notes: string[]): Promise<EndpointFacts> {
  const list = await get(`${at.base}/models`);
  const litellm = list?.headers.has('x-litellm-version') ?? false;
  const reading = readModelsList(list?.body, at.model, { host, litellm });
  if (reading.facts.window || reading.facts.price) return reading.facts;
  const named = reading.recognized;
  if (named === 'vllm' || named === 'openrouter') {
    notes.push(`${named === 'vllm' ? 'vLLM' : 'the models list'} does not list "${at.model}" with a window`);
    return {};
  }
  // a server that names none of these is asked their routes only when it runs on this machine or network:
  // llama-server, LM Studio and Ollama do; a hosted API (api.openai.com, ...) would answer 404s to each
  const hostname = new URL(at.base).hostname;
  if (!named && !isLocalHost(hostname)) {
    notes.push('the models list gives no window and names no server we know');
    return {};
  }
  for (const kind of named ? [named] : UNNAMED_ORDER) {
    const facts = await PROBES[kind](get, at);
    if (facts.window || facts.price) return facts;
  }
  return {};
}
