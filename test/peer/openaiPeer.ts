import * as http from 'http';
import type { AddressInfo } from 'net';
import { sseChunks } from './chunks';
import { toolErrorBodies } from './toolErrorBodies';
import type { PeerToolCall, ToolCallStyle } from './chunks';
import type { ModelInfoRequest, ModelInfoScript } from './modelInfoRoutes';
import { answerModelInfo, isModelInfoRoute } from './modelInfoRoutes';

export type { ModelInfoKind, ModelInfoScript } from './modelInfoRoutes';
export type { PeerToolCall, ToolCallStyle } from './chunks';

/**
 * A real OpenAI-compatible Chat Completions server on 127.0.0.1 for tests and demos. Each POST to
 * /v1/chat/completions takes the next queued script (or a default echo reply) and plays it: SSE
 * streaming with a final usage chunk when `stream_options.include_usage` is set, tool-call deltas,
 * and scripted faults.
 */
export interface PeerScript {
  chunks?: string[];
  /** Reported usage; default: prompt = ceil(chars of all messages / 4) + 3 per message, completion = ceil(chars of chunks / 4). */
  usage?: { prompt: number; completion: number; cached?: number; reasoning?: number };
  /** Extra fields of the usage chunk, e.g. OpenRouter's `cost`. */
  usageExtra?: Record<string, unknown>;
  /** Tool calls after the text; the finish reason defaults to `tool_calls` when there are any. */
  toolCalls?: PeerToolCall[];
  /** How the calls are streamed (default `split`, OpenAI's way). */
  toolCallStyle?: ToolCallStyle;
  finishReason?: string;
  omitFinishReason?: boolean;
  /** Error response: status, body and headers (e.g. Retry-After); a 3xx answers with just the headers (e.g. Location). */
  status?: number;
  errorBody?: unknown;
  headers?: Record<string, string>;
  hangAfterHeaders?: boolean;
  /**
   * Milliseconds the peer waits before it answers (a slow model). The one wait on time in the specs, and on
   * purpose: the wall-clock guard measures elapsed time, so only time passing can trip it.
   */
  delayMs?: number;
  hangAfterChunks?: number;
  cutAfterChunks?: number;
  malformedLine?: boolean;
  /** The text of the malformed line (default `{not json`), and an SSE `event:` name sent before it. */
  malformedText?: string;
  malformedEvent?: string;
}

export interface PeerRequest {
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface Peer {
  baseUrl: string;
  requests: PeerRequest[];
  /** Every HTTP request received, whatever its method or path. */
  received(): number;
  enqueue(...scripts: PeerScript[]): void;
  /** Drops the scripts still queued (a failed test must not leave its replies to the next one). */
  clearQueue(): void;
  /** Answers the model-info routes as one server kind would (undefined: the plain OpenAI-style list only). */
  setModelInfo(script: ModelInfoScript | undefined): void;
  /** Every model-info request received (method, path, the Authorization header). */
  modelInfoRequests: ModelInfoRequest[];
  /** Resolves when the peer has received `count` chat requests in all. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

export const errorBodies = {
  openaiContextLength: {
    error: {
      message:
        "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    },
  },
  anthropicProxyContextLength: {
    error: {
      message: 'litellm.BadRequestError: AnthropicException - prompt is too long: 210000 tokens > 200000 maximum',
      type: 'invalid_request_error',
      param: null,
      code: '400',
    },
  },
  vllmContextLength: {
    object: 'error',
    message:
      "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.",
    type: 'BadRequestError',
    param: null,
    code: 400,
  },
  quota: {
    error: {
      message: 'You exceeded your current quota, please check your plan and billing details.',
      type: 'insufficient_quota',
      param: null,
      code: 'insufficient_quota',
    },
  },
  rateLimited: {
    error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' },
  },
  invalidKey: {
    error: {
      message: 'Incorrect API key provided.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  },
  /** llama-server's answer to a prompt larger than its slot (tools/server, `exceed_context_size_error`). */
  llamaCppContextSize: {
    error: {
      code: 400,
      message: 'request (9000 tokens) exceeds the available context size (4096 tokens), try increasing it',
      type: 'exceed_context_size_error',
      n_prompt_tokens: 9000,
      n_ctx: 4096,
    },
  },
  server: {
    error: {
      message: 'The server had an error while processing your request.',
      type: 'server_error',
      param: null,
      code: null,
    },
  },
  ...toolErrorBodies,
};

function defaultUsage(body: Record<string, unknown>, chunks: string[]) {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ content?: unknown }>) : [];
  const chars = messages.reduce((n, m) => n + (typeof m.content === 'string' ? m.content.length : 0), 0);
  return { prompt: Math.ceil(chars / 4) + 3 * messages.length, completion: Math.ceil(chunks.join('').length / 4) };
}

/** Answers a request when no script is queued (default: an echo of the last user message). */
export type PeerResponder = (body: Record<string, unknown>) => PeerScript;

export async function startPeer(port = 0, responder: PeerResponder = echo): Promise<Peer> {
  const queue: PeerScript[] = [];
  const requests: PeerRequest[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const sockets = new Set<import('net').Socket>();
  let received = 0;
  let modelInfo: ModelInfoScript | undefined;
  const modelInfoRequests: ModelInfoRequest[] = [];

  const server = http.createServer((req, res) => {
    received++;
    const url = req.url ?? '';
    const path = url.split('?')[0];
    if (modelInfo && isModelInfoRoute(req.method ?? 'GET', path)) {
      const script = modelInfo;
      modelInfoRequests.push({ method: req.method ?? 'GET', path, authorization: req.headers.authorization });
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (d) => (text += d));
      req.on('end', () => answerModelInfo(script, req, text, res));
      return;
    }
    if (req.method === 'GET' && url.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o', object: 'model', owned_by: 'peer' }] }));
      return;
    }
    if (req.method !== 'POST' || !url.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${url}` } }));
      return;
    }
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'invalid JSON body' } }));
        return;
      }
      requests.push({ headers: req.headers, body });
      for (const w of [...waiters])
        if (requests.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      const script = queue.shift() ?? responder(body);
      if (script.delayMs) setTimeout(() => play(script, body, res), script.delayMs);
      else play(script, body, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${actual}/v1`,
    requests,
    received: () => received,
    enqueue: (...scripts) => queue.push(...scripts),
    clearQueue: () => void queue.splice(0),
    setModelInfo: (script) => (modelInfo = script),
    modelInfoRequests,
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function echo(body: Record<string, unknown>): PeerScript {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: string; content?: unknown }>) : [];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  const text = typeof last?.content === 'string' ? last.content : '';
  return { chunks: ['Echo from the loopback peer: ', text.slice(0, 200)] };
}

function finishReasonOf(script: PeerScript): string {
  return script.finishReason ?? (script.toolCalls?.length ? 'tool_calls' : 'stop');
}

function play(script: PeerScript, body: Record<string, unknown>, res: http.ServerResponse): void {
  if (script.status && script.status >= 300 && script.status < 400) {
    res.writeHead(script.status, { 'content-type': 'text/plain', ...script.headers });
    res.end(`redirect ${script.status}`);
    return;
  }
  if (script.status && script.status >= 400) {
    res.writeHead(script.status, { 'content-type': 'application/json', ...script.headers });
    res.end(JSON.stringify(script.errorBody ?? { error: { message: `scripted ${script.status}` } }));
    return;
  }
  const chunks = script.chunks ?? [];
  const usage = script.usage ?? defaultUsage(body, chunks);
  const model = typeof body.model === 'string' ? body.model : 'gpt-4o';
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json', ...script.headers });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-peer',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: chunks.length || !script.toolCalls?.length ? chunks.join('') : null,
              ...(script.toolCalls?.length
                ? {
                    tool_calls: script.toolCalls.map((call, index) => ({
                      id: call.id ?? `call_${index}`,
                      type: 'function',
                      function: { name: call.name, arguments: call.arguments },
                    })),
                  }
                : {}),
            },
            finish_reason: finishReasonOf(script),
          },
        ],
        usage: {
          prompt_tokens: usage.prompt,
          completion_tokens: usage.completion,
          total_tokens: usage.prompt + usage.completion,
        },
      }),
    );
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...script.headers,
  });
  res.flushHeaders();
  if (script.hangAfterHeaders) return;
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const lines = sseChunks({
    model,
    chunks,
    toolCalls: script.toolCalls,
    toolCallStyle: script.toolCallStyle,
    finishReason: script.omitFinishReason ? null : finishReasonOf(script),
    usage: includeUsage ? usage : undefined,
    usageExtra: script.usageExtra,
  });
  let sent = 0;
  for (const line of lines) {
    if (script.hangAfterChunks !== undefined && sent >= script.hangAfterChunks) return;
    if (script.cutAfterChunks !== undefined && sent >= script.cutAfterChunks) {
      res.write('', () => res.socket?.destroy()); // after what was written has been flushed
      return;
    }
    if (script.malformedLine && sent === 1) {
      res.write(
        `${script.malformedEvent ? `event: ${script.malformedEvent}\n` : ''}data: ${script.malformedText ?? '{not json'}\n\n`,
      );
    }
    res.write(line);
    sent++;
  }
  res.end('data: [DONE]\n\n');
}
