import type { SessionEvent } from './sessionEvents';

/**
 * What a session has spent in tokens, folded from its events: every request's reported usage, and for a
 * request that reported none (a stopped stream, an endpoint without usage) its local reservation plus
 * its streamed text at three characters a token, so a token limit always has a number to hold to.
 */
export interface Spend {
  requests: number;
  /** Reported prompt + completion tokens. */
  reportedTokens: number;
  /** Tokens of requests that reported no usage, at their estimate. */
  estimatedTokens: number;
  /** Requests counted at their estimate. */
  unreported: number;
  /** Tokens the session's sub-sessions (ask_scout) spent. */
  subTokens: number;
  /** The request in flight (or the last one, until its usage arrives). */
  open?: { promptTokens: number; completionChars: number };
}

export const NO_SPEND: Spend = { requests: 0, reportedTokens: 0, estimatedTokens: 0, unreported: 0, subTokens: 0 };

const CHARS_PER_TOKEN = 3;

function closed(spend: Spend): Spend {
  const open = spend.open;
  if (!open) return spend;
  return {
    ...spend,
    open: undefined,
    estimatedTokens: spend.estimatedTokens + estimateOf(open),
    unreported: spend.unreported + 1,
  };
}

function estimateOf(open: NonNullable<Spend['open']>): number {
  return open.promptTokens + Math.ceil(open.completionChars / CHARS_PER_TOKEN);
}

export function foldSpend(spend: Spend, event: SessionEvent): Spend {
  switch (event.type) {
    case 'request_started':
      return {
        ...closed(spend),
        requests: spend.requests + 1,
        open: { promptTokens: event.promptTokens, completionChars: 0 },
      };
    case 'assistant_delta':
      return spend.open ? grow(spend, event.text.length) : spend;
    case 'tool_call_requested':
      return spend.open ? grow(spend, event.name.length + event.arguments.length) : spend;
    case 'usage_reported': {
      const u = event.usage;
      return { ...spend, open: undefined, reportedTokens: spend.reportedTokens + u.promptTokens + u.completionTokens };
    }
    case 'tool_result':
      return event.subSpend ? { ...spend, subTokens: spend.subTokens + event.subSpend.tokens } : spend;
    case 'turn_failed':
      // an error answer streamed nothing and is not billed; one that failed mid-stream counts at its estimate
      return spend.open && spend.open.completionChars === 0 ? { ...spend, open: undefined } : spend;
    default:
      return spend;
  }
}

function grow(spend: Spend, chars: number): Spend {
  const open = spend.open!;
  return { ...spend, open: { ...open, completionChars: open.completionChars + chars } };
}

/** Tokens spent so far: reported, estimated, the open request at its estimate, and the sub-sessions'. */
export function spentTokens(spend: Spend): number {
  const own = spend.reportedTokens + spend.estimatedTokens + (spend.open ? estimateOf(spend.open) : 0);
  return own + spend.subTokens;
}

/** Tokens at their estimate (unreported and open), which a price turns into an estimated cost. */
export function estimatedTokens(spend: Spend): number {
  return spend.estimatedTokens + (spend.open ? estimateOf(spend.open) : 0);
}
