/**
 * The host <-> webview protocol of the session editor tab, declared once.
 * The host owns the data and pushes full snapshots; the webview sends intents, validated on arrival.
 */
import type { LimitKey } from './budgetKeys';
import { isLimitKey } from './budgetKeys';
import type { ModelErrorKind, SessionType, TurnStatus } from './sessionTypes';
import type { ApprovalDecision, TurnItemView } from './turnItemView';
import { APPROVAL_DECISIONS } from './turnItemView';

export type GaugeLevel = 'normal' | 'warning' | 'error';

export interface TurnView {
  id: string;
  userText: string;
  /** Markdown from the model; rendered inert by the webview (no raw HTML, no scripts, no remote images). */
  assistantText: string;
  /** The turn in order: text, tool calls (with approvals and diffs), validation, the plan, notes. */
  items: TurnItemView[];
  status: TurnStatus;
  error?: { kind: ModelErrorKind | string; message: string };
  /** e.g. "retrying in 2 s (429)". */
  notice?: string;
  usage?: { promptTokens: number; completionTokens: number; totalTokens: number };
  /** The runner stopped the turn: why, and what the user can do about it in one click. */
  halt?: HaltView;
}

export interface HaltView {
  message: string;
  /** A budget limit held: raise it to `to` and the turn goes on. */
  raise?: { key: LimitKey; label: string; to: number; toText: string };
  /** Validation failed twice: go on with the escalation model. */
  escalate?: { model: string };
}

/** One budget limit as a small meter in the session tab. */
export interface MeterView {
  key: LimitKey;
  label: string;
  /** e.g. "12 / 200", "$0.0123 / $2.00". */
  text: string;
  percent: number;
  level: GaugeLevel;
  /** A hover line: what is counted and how (e.g. "3 requests at their estimate"). */
  detail: string;
}

export interface BudgetView {
  meters: MeterView[];
  /** The read scope, when set. */
  readScope?: string[];
  /** Summarize first: bullets wanted and written so far. */
  summary?: { wanted: number; written: number };
  /** What the budget does not enforce (a task block's advice), and notes such as the reviewer's model. */
  notes: string[];
  /** The current values for the edit form (undefined: not set). */
  values: { [K in LimitKey]?: number };
  /** How much of the context tool output holds, e.g. "Tool output: 41% of the context". */
  toolShare?: string;
}

export interface SessionView {
  id: string;
  title: string;
  sessionType: SessionType;
  typeLabel: string;
  model: string;
  endpointHost: string;
  gauge: { text: string; tooltip: string; level: GaugeLevel; measured: boolean };
  turns: TurnView[];
  /** Plan mode: read-only tools, and the reply must be a five-part plan. */
  planMode: boolean;
  /** Which tools the session has now, in a few words ("read-only tools", "no tools: …"). */
  toolsLine: string;
  /** Said when the rules files are long ("a runbook, not a manifesto"), else undefined. */
  rulesNote?: string;
  budget: BudgetView;
  /** A turn is streaming: the stop button is enabled, the composer is not. */
  busy: boolean;
  /** Why sending is not possible (Restricted Mode, no endpoint), or undefined when it is. */
  blockedReason?: string;
  /** Another VS Code window writes this session: shown read-only (banner, no composer, no resend). */
  readOnlyReason?: string;
}

export type HostToWebview = { type: 'snapshot'; session: SessionView };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'resend'; turnId: string }
  /** The read-only banner's Take Over button: the host asks (naming the other window) before it acts. */
  | { type: 'takeOver' }
  /** The approval card's buttons. */
  | { type: 'decide'; callId: string; decision: ApprovalDecision }
  /** Open Diff on an edit: the file before the call against the file now. */
  | { type: 'openDiff'; turnId: string; callId: string }
  | { type: 'setPlanMode'; on: boolean }
  /** Open Full Output: a tool output kept on disk, in an editor. */
  | { type: 'openToolOutput'; id: string }
  /** Open Scout Session on an ask_scout call. */
  | { type: 'openSession'; sessionId: string }
  /** A stop's "Raise to … and continue". */
  | { type: 'raise'; turnId: string; key: LimitKey; value: number }
  /** "Continue on <model>" after two failed validation rounds. */
  | { type: 'escalate'; turnId: string }
  /** The budget form's Save: every limit, null where it is cleared; the read scope as entries. */
  | { type: 'setBudget'; limits: { [K in LimitKey]?: number | null }; readScope?: string[] };

const MAX_TEXT = 1_000_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

/** Returns the message if it is well-formed, otherwise undefined (the host drops it, never throws). */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
    case 'stop':
    case 'takeOver':
      return { type: value.type };
    case 'send':
      return typeof value.text === 'string' && value.text.trim() !== '' && value.text.length <= MAX_TEXT
        ? { type: 'send', text: value.text }
        : undefined;
    case 'decide':
      return isId(value.callId) && APPROVAL_DECISIONS.includes(value.decision as ApprovalDecision)
        ? { type: 'decide', callId: value.callId, decision: value.decision as ApprovalDecision }
        : undefined;
    case 'openDiff':
      return isId(value.turnId) && isId(value.callId)
        ? { type: 'openDiff', turnId: value.turnId, callId: value.callId }
        : undefined;
    case 'openSession':
      return isId(value.sessionId) ? { type: 'openSession', sessionId: value.sessionId } : undefined;
    case 'openToolOutput':
      return isId(value.id) ? { type: 'openToolOutput', id: value.id } : undefined;
    case 'setPlanMode':
      return typeof value.on === 'boolean' ? { type: 'setPlanMode', on: value.on } : undefined;
    case 'raise':
      return isId(value.turnId) && isLimitKey(value.key) && isPositive(value.value)
        ? { type: 'raise', turnId: value.turnId, key: value.key, value: value.value }
        : undefined;
    case 'escalate':
      return isId(value.turnId) ? { type: 'escalate', turnId: value.turnId } : undefined;
    case 'setBudget':
      return parseSetBudget(value);
    case 'resend':
      return typeof value.turnId === 'string' && value.turnId.length <= 200
        ? { type: 'resend', turnId: value.turnId }
        : undefined;
    default:
      return undefined;
  }
}

const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

function parseSetBudget(value: Record<string, unknown>): WebviewToHost | undefined {
  if (!isRecord(value.limits)) return undefined;
  const limits: { [K in LimitKey]?: number | null } = {};
  for (const [key, v] of Object.entries(value.limits)) {
    // any finite number passes here: the host says which ones are not a valid limit
    if (!isLimitKey(key) || (v !== null && (typeof v !== 'number' || !Number.isFinite(v)))) return undefined;
    limits[key] = v;
  }
  const scope = value.readScope;
  if (scope === undefined) return { type: 'setBudget', limits };
  if (!Array.isArray(scope) || scope.length > 100 || !scope.every((e) => typeof e === 'string' && e.length <= 500))
    return undefined;
  return { type: 'setBudget', limits, readScope: scope };
}

/** The webview's own check of what the host sent. */
export function isHostToWebview(value: unknown): value is HostToWebview {
  return isRecord(value) && value.type === 'snapshot' && isRecord(value.session) && Array.isArray(value.session.turns);
}
