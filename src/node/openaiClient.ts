import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { backoffMs, classifyHttpError, MAX_ATTEMPTS } from '../core/modelErrors';
import type { Classified } from '../core/modelErrors';
import type { ChatRequest, ModelClient, ModelStreamEvent } from '../core/ports';
import { toSdkMessage, toSdkTool } from './chatMessages';
import { ModelError } from '../core/ports';
import { chunkEvents } from './chatChunks';
import { errorBodyFetch } from './errorBodyFetch';
import { abortableSleep, IdleWatchdog } from './idleWatchdog';
import { originFetch } from './originFetch';
import { quietLogger, unnamedEvents } from './quietSdk';
import { MAX_TOOL_CALLS, ToolCallAssembler } from './toolCallAssembler';

export interface OpenAIClientOptions {
  baseURL: string;
  /** Sent as a Bearer token only when set (local servers need none), and only to the base URL's origin. */
  apiKey?: string;
  idleTimeoutMs: number;
  maxRetryWaitMs: number;
  /** Injectable for tests: waits `ms` unless the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Gets each classified failure (never raw stream text), e.g. for the output channel. */
  log?: (line: string) => void;
}

function abortError(): Error {
  const error = new Error('The request was stopped.');
  error.name = 'AbortError';
  return error;
}

function headersOf(headers: Headers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  headers?.forEach((value, key) => (out[key.toLowerCase()] = value));
  return out;
}

function classify(error: unknown, maxRetryWaitMs: number, yielded: boolean, toolsOffered: boolean): Classified {
  if (error instanceof APIConnectionError && error.cause instanceof ModelError) error = error.cause; // from originFetch
  if (error instanceof ModelError) return { kind: error.kind, message: error.message, retry: false };
  if (error instanceof APIError && typeof error.status === 'number') {
    return classifyHttpError(
      { status: error.status, headers: headersOf(error.headers), body: error.error, message: error.message },
      { maxRetryWaitMs, toolsOffered },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SyntaxError || /parse|JSON/i.test(message)) {
    // The parser's message quotes the line, which is model output: never echoed.
    return {
      kind: 'server',
      retry: false,
      message: 'The endpoint sent a malformed stream line (not valid JSON); the turn was stopped.',
    };
  }
  if (yielded)
    return {
      kind: 'incomplete',
      retry: false,
      message: `The connection closed before the reply finished (${message}); the partial text is kept.`,
    };
  return { kind: 'network', retry: true, message: `Could not reach the endpoint: ${message}` };
}

/** A ModelClient over any OpenAI-compatible Chat Completions endpoint, through the official `openai` SDK. */
export function createOpenAIClient(options: OpenAIClientOptions): ModelClient {
  const client = new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey || 'unused',
    defaultHeaders: options.apiKey ? undefined : { authorization: null },
    fetch: errorBodyFetch(unnamedEvents(originFetch(new URL(options.baseURL).origin))),
    logLevel: 'off', // the SDK would print malformed stream chunks (model output) to the console
    logger: quietLogger,
    maxRetries: 0, // we retry ourselves, so the user sees each retry and why
    timeout: 24 * 60 * 60 * 1000, // the idle watchdog bounds silence; a long reply may stream for minutes
  });
  const sleep = options.sleep ?? abortableSleep;

  async function* attempt(
    request: ChatRequest,
    watchdog: IdleWatchdog,
    progress: { yielded: boolean },
  ): AsyncGenerator<ModelStreamEvent> {
    const stream = await client.chat.completions.create(
      {
        model: request.model,
        messages: request.messages.map(toSdkMessage),
        ...(request.tools?.length ? { tools: request.tools.map(toSdkTool) } : {}),
        stream: true,
        stream_options: { include_usage: true },
      },
      { signal: watchdog.signal },
    );
    watchdog.touch();
    let finishReason: string | undefined;
    const toolCalls = new ToolCallAssembler();
    for await (const chunk of stream) {
      watchdog.touch();
      for (const event of chunkEvents(chunk)) {
        if (event.kind === 'finish') finishReason = event.reason;
        else if (event.kind === 'tool_fragment') {
          progress.yielded = true; // the model has begun a reply: a retry would ask it twice
          toolCalls.add(event.fragment);
        } else {
          if (event.kind === 'delta') progress.yielded = true;
          yield event;
        }
      }
    }
    if (finishReason === undefined)
      throw new ModelError(
        'incomplete',
        `The stream ended before the model said it was finished; the partial text is kept${
          toolCalls.size ? ', its unfinished tool calls are not run' : ''
        }.`,
      );
    // Whole calls only, once the reply is finished, in index order, before `finish`.
    for (const call of toolCalls.calls()) yield { kind: 'tool_call', call };
    if (toolCalls.overflowed)
      options.log?.(`model reply made more than ${MAX_TOOL_CALLS} tool calls; the ones past it were dropped`);
    yield { kind: 'finish', reason: finishReason };
  }

  return {
    async *stream(request) {
      for (let n = 1; ; n++) {
        const watchdog = new IdleWatchdog(options.idleTimeoutMs, request.signal);
        const progress = { yielded: false };
        try {
          yield* attempt(request, watchdog, progress);
          return;
        } catch (error) {
          if (request.signal.aborted || (error instanceof APIUserAbortError && !watchdog.fired)) throw abortError();
          if (watchdog.fired) {
            const seconds = Math.round(options.idleTimeoutMs / 1000);
            const message = `The endpoint sent nothing for ${seconds} s; the reply was stopped and its partial text kept.`;
            options.log?.(`model request failed (idle_timeout): ${message}`);
            throw new ModelError('idle_timeout', message);
          }
          const c = classify(error, options.maxRetryWaitMs, progress.yielded, Boolean(request.tools?.length));
          if (!c.retry || progress.yielded || n >= MAX_ATTEMPTS) {
            options.log?.(`model request failed (${c.kind}): ${c.message}`);
            throw new ModelError(c.kind, c.message, c.retryAfterMs, c.facts);
          }
          const delayMs = c.retryAfterMs ?? backoffMs(n);
          yield { kind: 'retry', attempt: n, delayMs, reason: c.message };
          await sleep(delayMs, request.signal);
          if (request.signal.aborted) throw abortError();
        } finally {
          watchdog.dispose();
        }
      }
    },
  };
}
