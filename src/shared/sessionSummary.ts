/**
 * One session as every list view sees it, whatever its source: our own runner or the transcript of
 * another agent. Views render these and nothing else; only the producer differs per source.
 */
import type { GaugeLevel } from './protocol';
import type { SessionKey } from './sessionKey';
import type { SessionSource } from './sessionTypes';

export const SOURCE_LABELS: Record<SessionSource, string> = {
  own: 'Agent Sessions',
  'claude-code': 'Claude Code',
  codex: 'Codex',
};

export interface ContextUsage {
  /** Tokens in the context now, by the source's documented formula. */
  used: number;
  /** The model's context window, or undefined when unknown (the view says so, never guesses). */
  window?: number;
  percent?: number;
  /** From the provider's reported usage (true) or a local estimate (false). */
  measured: boolean;
  level: GaugeLevel;
}

export interface TokenBreakdown {
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
  total: number;
}

export interface SessionSummary {
  /** Unique across sources: `<source>:<id>` (`sessionKey.ts`). */
  key: SessionKey;
  /** The session's own id (ours, Claude Code's session uuid, Codex's rollout id). */
  id: string;
  source: SessionSource;
  /** "Scout", "Claude Code", "Codex": the status bar's label. */
  label: string;
  title: string;
  model: string;
  /** Milliseconds since the epoch. */
  lastActivity: number;
  cwd?: string;
  context: ContextUsage;
  /** e.g. "Claude Code 142k/200k 71%". */
  gaugeText: string;
  /** Plain-text tooltip lines (views escape them). */
  tooltip: string[];
  /** Lifetime totals (observed sessions): main chain, subagents, and their cost when priced. */
  totals?: { main: TokenBreakdown; subagents: TokenBreakdown; costUsd?: number };
  compactions?: { count: number; lastPreTokens?: number; lastAt?: string };
  /** The transcript file (observed sessions). */
  path?: string;
}
