/**
 * The host <-> webview protocol of the session editor tab, declared once.
 * The host owns the data and pushes full snapshots; the webview sends intents, validated on arrival.
 */
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
  | { type: 'setPlanMode'; on: boolean };

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
    case 'setPlanMode':
      return typeof value.on === 'boolean' ? { type: 'setPlanMode', on: value.on } : undefined;
    case 'resend':
      return typeof value.turnId === 'string' && value.turnId.length <= 200
        ? { type: 'resend', turnId: value.turnId }
        : undefined;
    default:
      return undefined;
  }
}

/** The webview's own check of what the host sent. */
export function isHostToWebview(value: unknown): value is HostToWebview {
  return isRecord(value) && value.type === 'snapshot' && isRecord(value.session) && Array.isArray(value.session.turns);
}
