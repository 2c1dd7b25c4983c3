/** Plain data shared by the host and the webview. Imports nothing. */

export const SESSION_TYPES = ['scout', 'planner', 'builder', 'reviewer'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

export const SESSION_TYPE_LABELS: Record<SessionType, string> = {
  scout: 'Scout',
  planner: 'Planner',
  builder: 'Builder',
  reviewer: 'Reviewer',
};

export function isSessionType(value: unknown): value is SessionType {
  return typeof value === 'string' && (SESSION_TYPES as readonly string[]).includes(value);
}

/** Where a session's events come from. Our own runner, or a transcript of another agent (later issues). */
export type SessionSource = 'own' | 'claude-code' | 'codex';

/** A turn's lifecycle. Only `done` means the model finished; the others say why not. */
export type TurnStatus =
  | 'streaming'
  /** A tool call waits for the user's Approve / Deny; survives a reload as it is. */
  | 'awaiting_approval'
  | 'done'
  /** The runner stopped the turn (a guard, a second validation failure): the turn says why. */
  | 'halted'
  | 'interrupted'
  | 'incomplete'
  | 'failed'
  | 'stopped';

/** The kinds of model failure the UI distinguishes. */
export type ModelErrorKind =
  | 'auth'
  | 'rate_limited'
  | 'quota'
  | 'context_length_exceeded'
  | 'server'
  | 'network'
  | 'idle_timeout'
  | 'incomplete'
  | 'bad_request'
  /** The endpoint redirected to another origin; not followed. */
  | 'redirect'
  | 'not_configured'
  /** The endpoint or model refused the `tools` field: the session runs as chat. */
  | 'tools_unsupported'
  | 'storage';
