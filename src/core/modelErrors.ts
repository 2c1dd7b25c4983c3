import type { ModelErrorKind } from '../shared/sessionTypes';
import { readContextOverflow } from './endpointInfo/llamaCpp';
import type { RefusalFacts } from './ports';
import { readToolRefusal, TOOLS_UNSUPPORTED_MESSAGE } from './toolRefusal';

export interface HttpFailure {
  status: number;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The parsed error body, or its text. */
  body: unknown;
  message: string;
}

export interface Classified {
  kind: ModelErrorKind;
  message: string;
  retry: boolean;
  retryAfterMs?: number;
  /** Numbers the endpoint gave with the refusal (the window of a context-full error). */
  facts?: RefusalFacts;
}

const CONTEXT_FULL =
  /context_length_exceeded|exceed_context_size_error|maximum context length|prompt is too long|context window|too many tokens|reduce the length of the messages|exceeds the (available )?context/i;
const CONTEXT_FULL_ADVICE = 'Start a new session or shorten the conversation.';
const QUOTA = /insufficient_quota|exceeded your current quota|quota|billing|credit balance|payment required/i;

/** Parses Retry-After (seconds or an HTTP date) and retry-after-ms. */
export function retryAfterMs(headers: Readonly<Record<string, string | undefined>>, now: number): number | undefined {
  const ms = headers['retry-after-ms'];
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers['retry-after'];
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body) ?? '';
  } catch {
    return '';
  }
}

export interface ClassifyPolicy {
  maxRetryWaitMs: number;
  now?: number;
  /** False when the request offered no tools: then no refusal can be about tools. */
  toolsOffered?: boolean;
}

/** Classifies an HTTP error from an OpenAI-compatible endpoint into something the user can act on. */
export function classifyHttpError(failure: HttpFailure, policy: ClassifyPolicy): Classified {
  const text = `${failure.message} ${bodyText(failure.body)}`;
  const { status } = failure;
  if (status === 401 || status === 403) {
    return {
      kind: 'auth',
      retry: false,
      message: `The endpoint rejected the API key (${status}). Run 'Agent Sessions: Set API Key' to check it.`,
    };
  }
  const overflow = readContextOverflow(failure.body);
  if (overflow) {
    const prompt =
      overflow.promptTokens === undefined ? '' : `the request has ${num(overflow.promptTokens)} tokens and `;
    return {
      kind: 'context_length_exceeded',
      retry: false,
      message: `The context is full: ${prompt}the endpoint's window is ${num(overflow.contextWindow)} tokens (its n_ctx). ${CONTEXT_FULL_ADVICE}`,
      facts: overflow,
    };
  }
  if (CONTEXT_FULL.test(text)) {
    return {
      kind: 'context_length_exceeded',
      retry: false,
      message: `The context is full: the conversation is longer than the model accepts. ${CONTEXT_FULL_ADVICE}`,
    };
  }
  const toolRefusal = policy.toolsOffered === false ? undefined : readToolRefusal(status, text);
  if (toolRefusal) {
    const hint = toolRefusal.hint ? ` ${toolRefusal.hint}` : '';
    return {
      kind: 'tools_unsupported',
      retry: false,
      message: `${TOOLS_UNSUPPORTED_MESSAGE}${hint} The endpoint said: ${shorten(failure.message)}`,
    };
  }
  if (status === 429 || status === 402) {
    const wait = retryAfterMs(failure.headers, policy.now ?? Date.now());
    if (status === 402 || QUOTA.test(text)) {
      return {
        kind: 'quota',
        retry: false,
        message: `The endpoint reports the quota or billing limit is reached (${status}). Check your plan; retrying will not help.`,
      };
    }
    if (wait !== undefined && wait > policy.maxRetryWaitMs) {
      const minutes = Math.ceil(wait / 60_000);
      return {
        kind: 'quota',
        retry: false,
        message: `Rate limited (429): the endpoint asks to wait ${minutes >= 60 ? `${Math.round(minutes / 60)} h` : `${minutes} min`}, longer than the ${Math.round(policy.maxRetryWaitMs / 1000)} s we wait. Try later or raise agentSessions.endpoint.maxRetryWaitSeconds.`,
      };
    }
    return { kind: 'rate_limited', retry: true, retryAfterMs: wait ?? 1000, message: 'Rate limited (429)' };
  }
  if (status >= 500) {
    return { kind: 'server', retry: true, message: `The endpoint failed (${status}): ${shorten(failure.message)}` };
  }
  return {
    kind: 'bad_request',
    retry: false,
    message: `The endpoint refused the request (${status}): ${shorten(failure.message)}`,
  };
}

const num = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function shorten(message: string): string {
  const clean = message.replace(/\s+/g, ' ').trim();
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}

/** Backoff for retryable failures without a Retry-After: 1 s, 2 s, 4 s. */
export function backoffMs(attempt: number): number {
  return 1000 * 2 ** (attempt - 1);
}

export const MAX_ATTEMPTS = 3;
