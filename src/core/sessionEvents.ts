import type { Budget, LimitKey } from './budget';
import type { ModelErrorKind, SessionSource, SessionType } from '../shared/sessionTypes';

/**
 * Everything that happens to a session is one of these records, appended to the session's log
 * before anyone is told. A record on disk is one JSON line: `{ "seq": n, "at": iso, "type": ..., ...payload }`.
 * Unknown record types are kept on disk and ignored by the reducer (newer versions may write them);
 * a known type whose fields fail its guard (`eventGuards.ts`) is kept on disk and counted, never folded.
 */

/** Usage as the provider reported it (OpenAI semantics: prompt includes cached, completion includes reasoning). */
export interface ProviderUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cachedTokens?: number;
  reasoningTokens?: number;
  /** What the endpoint says this reply cost, in US dollars (OpenRouter's `usage.cost`); wins over a computed price. */
  costUsd?: number;
}

/** The local estimate made before a reply arrives, with its parts. */
export interface ContextEstimate {
  /** The whole system message (rules files, role, plan mode) with its framing. */
  systemTokens: number;
  /** The rules files' share of systemTokens (absent in logs written before rules files). */
  rulesTokens?: number;
  conversationTokens: number;
  encoding: string;
}

/** A rules file (AGENTS.md, CLAUDE.md, .github/copilot-instructions.md) as it was when the session began. */
export interface RulesFile {
  /** Relative to the session's root. */
  path: string;
  text: string;
}

/** The five parts a plan must have in plan mode, each as the model wrote it. */
export interface PlanParts {
  rootCause: string;
  files: string;
  invariants: string;
  risks: string;
  validation: string;
}

/** One validation command's outcome, as recorded (the output is kept only for the first failure). */
export interface ValidationStep {
  argv: string[];
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  error?: string;
}

/** What an edit did, as recorded in a tool result (see FileChange in tools/toolPorts.ts). */
export interface RecordedChange {
  path: string;
  created: boolean;
  diff: string;
  before?: string;
}

/** Which limit stopped a turn: its value then, and what was used (or would be, with the next call). */
export interface TrippedLimit {
  key: LimitKey;
  value: number;
  used: number;
}

export type BudgetSource = 'settings' | 'task' | 'user' | 'raise';

/** The version of the log's record shapes this build writes; a newer log is read, never rewritten. */
export const LOG_SCHEMA = 2;

export type SessionEventPayload =
  | {
      type: 'session_created';
      sessionId: string;
      sessionType: SessionType;
      source: SessionSource;
      title: string;
      model: string;
      endpointHost: string;
      /** The role text; the rules files go before it in every request (see contextOf). */
      systemPrompt: string;
      /** The shape version of the records in this log (absent: 1, before the agent runner). */
      schema?: number;
      /** The folder the session's tools work in (absent: a chat session without tools). */
      root?: string;
      rules?: RulesFile[];
      /** A Reviewer's seed: the diff it reviews, against `base`. */
      review?: { base: string; diff: string };
      /** A sub-session (ask_scout): the session and call that asked, and the read scope it inherits. */
      parent?: SubSessionParent;
    }
  | { type: 'renamed'; title: string }
  | { type: 'user_message'; turnId: string; text: string; estimate?: ContextEstimate }
  | { type: 'assistant_delta'; turnId: string; text: string }
  | { type: 'retry_scheduled'; turnId: string; attempt: number; delayMs: number; reason: string }
  | { type: 'usage_reported'; turnId: string; usage: ProviderUsage }
  | { type: 'turn_completed'; turnId: string; finishReason: string }
  | {
      type: 'turn_failed';
      turnId: string;
      kind: ModelErrorKind;
      message: string;
      /** The window the endpoint named when it refused a context-full request (llama.cpp's n_ctx). */
      contextWindow?: number;
      /** The prompt's size by the endpoint's count, from the same refusal. */
      promptTokens?: number;
    }
  | {
      type: 'turn_interrupted';
      turnId: string;
      reason: 'host_died' | 'idle_timeout' | 'incomplete_stream';
      message: string;
    }
  | { type: 'turn_stopped'; turnId: string }
  /** The model asked for a tool; written (fsynced) before anything is checked or run. */
  | { type: 'tool_call_requested'; turnId: string; callId: string; name: string; arguments: string }
  /** Nothing ran: unknown tool, bad arguments, not allowed for this session type or mode, outside the root. */
  | { type: 'tool_call_refused'; turnId: string; callId: string; reason: string }
  /** The user must decide; `subject` is what the card names (the file, the argv), `key` what "allow for this session" remembers. */
  | { type: 'approval_requested'; turnId: string; callId: string; subject: string; reason: string; key: string }
  | { type: 'approval_granted'; turnId: string; callId: string; remember: boolean }
  | { type: 'approval_denied'; turnId: string; callId: string }
  /** The tool is about to run: after a crash, a started call without a result was in flight and is never re-run. */
  | { type: 'tool_started'; turnId: string; callId: string }
  /** `output` is what the model reads; past the threshold it is the head and tail, the whole output `kept` on disk. */
  | {
      type: 'tool_result';
      turnId: string;
      callId: string;
      ok: boolean;
      output: string;
      change?: RecordedChange;
      kept?: KeptOutput;
      /** ask_scout: the Scout session that answered, and what it spent (counted in this session's budget). */
      subSession?: string;
      subSpend?: SubSpend;
    }
  /** Found on load: the call had started when the host died; it is not run again. */
  | { type: 'tool_lost'; turnId: string; callId: string; message: string }
  /** The validation commands ran (after a change set, or as the model's run_validation call when `callId` is set). */
  | {
      type: 'validation_run';
      turnId: string;
      callId?: string;
      ok: boolean;
      steps: ValidationStep[];
      /** The first failing command's output, capped: the only failure the model is told about. */
      failureOutput?: string;
      /** The whole failure output, kept on disk when it was over the threshold. */
      kept?: KeptOutput;
      /** With `kept`: the files the whole output names (the read scope lets them be read). */
      named?: string[];
    }
  /**
   * The runner stopped the turn; `guard` names the rule, `message` explains it to the user and the log;
   * `limit` is the budget limit that held (the tab offers to raise it and continue).
   */
  | { type: 'guard_tripped'; turnId: string; guard: string; message: string; limit?: TrippedLimit }
  /** The session's budget from now on, whole; `source` says who set it, `notes` what of a task block is not enforced. */
  | { type: 'budget_set'; budget: Budget; source: BudgetSource; notes?: string[] }
  /** A stopped turn goes on (the user raised a limit, or moved to the escalation model). */
  | { type: 'turn_resumed'; turnId: string; reason: string }
  /** The session's model from now on (after two failed validation rounds: the escalation model, in one click). */
  | { type: 'model_changed'; model: string; reason: 'escalation' | 'user' }
  /** A model request is about to be sent: what it is reserved at (tokens by a local estimate, US$ by the price). */
  | { type: 'request_started'; turnId: string; promptTokens: number; completionTokens: number; reservedUsd?: number }
  | { type: 'plan_mode_set'; on: boolean }
  /** In plan mode the reply lacked plan parts: the model is asked once more, naming them. */
  | { type: 'plan_reminder'; turnId: string; missing: string[] }
  | { type: 'plan_recorded'; turnId: string; plan: PlanParts }
  /** A compaction summary for the user to preview, edit, apply or discard (compaction/compactionFold.ts). */
  | {
      type: 'compaction_proposed';
      proposalId: string;
      carried: string;
      narrative: string;
      model: string;
      focus?: string;
      contextItems: number;
      tokensBefore: number;
      tokensAfter: number;
    }
  | { type: 'compaction_discarded'; proposalId: string }
  /** The model's context is replaced by `summary` (the applied, perhaps edited, proposal); the log keeps all. */
  | { type: 'context_replaced'; proposalId: string; summary: string; contextItems: number; tokensAfter?: number }
  /** The endpoint refused the tools field: from now on the session runs as chat. */
  | { type: 'tools_disabled'; turnId: string; message: string };

export type SessionEventType = SessionEventPayload['type'];

/** A record as stored: payload plus its place in the log. */
export type SessionEvent = SessionEventPayload & { seq: number; at: string };

/** A record whose type this version does not know; kept, never interpreted. */
export interface UnknownRecord {
  seq: number;
  at: string;
  type: string;
  [key: string]: unknown;
}

/** Events that end a turn, or change what a user would lose, are fsynced before they are acknowledged. */
export function isDurable(payload: SessionEventPayload): boolean {
  return (
    payload.type !== 'assistant_delta' &&
    payload.type !== 'usage_reported' &&
    payload.type !== 'retry_scheduled' &&
    payload.type !== 'request_started'
  );
}

/**
 * A tool output over the context threshold, kept whole (redacted) in a file next to the session's log;
 * `id` is what `read_tool_output` takes (the call id, or the runner's validation run's id).
 */
export interface KeptOutput {
  id: string;
  /** The file's name in the sessions folder (never a path). */
  file: string;
  chars: number;
  lines: number;
}

/** What a sub-session holds of the session that asked it: it never widens that session's read scope. */
export interface SubSessionParent {
  sessionId: string;
  callId: string;
  readScope?: string[];
}

/** What a sub-session spent: its tokens, and its US$ when its price or reported cost made that known. */
export interface SubSpend {
  tokens: number;
  usd?: number;
}
