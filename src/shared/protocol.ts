/**
 * The host <-> webview protocol of the session editor tab, declared once.
 * The host owns the data and pushes full snapshots; the webview sends intents, validated on arrival.
 */
import type { ModelErrorKind, SessionType, TurnStatus } from './sessionTypes';

export type GaugeLevel = 'normal' | 'warning' | 'error';

export interface TurnView {
  id: string;
  userText: string;
  /** Markdown from the model; rendered inert by the webview (no raw HTML, no scripts, no remote images). */
  assistantText: string;
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
  | { type: 'takeOver' };

const MAX_TEXT = 1_000_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
