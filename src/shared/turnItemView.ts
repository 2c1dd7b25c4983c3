/**
 * What the session tab shows of a turn's items (part of the session view's protocol, protocol.ts):
 * the model's text, each tool call with its state, its approval card and its diff, validation runs,
 * the recorded plan, and the runner's notes. Built by the host (src/core/turnItemsView.ts), capped.
 */
export type ToolCallStatusView =
  'requested' | 'refused' | 'awaiting_approval' | 'approved' | 'denied' | 'running' | 'done' | 'failed' | 'lost';

export interface ToolCallView {
  kind: 'tool';
  callId: string;
  name: string;
  /** What the call is about, in one line: a path, a glob, the argv. */
  subject: string;
  status: ToolCallStatusView;
  /** The result, the refusal or the loss, capped for display. */
  output?: string;
  /** Present while the call waits: what to approve and why; `rememberable` offers "allow for this session". */
  approval?: { subject: string; reason: string; rememberable: boolean };
  change?: { path: string; created: boolean; diff: string };
  /** The whole output is kept on disk (`output` is its head and tail): Open Full Output. */
  kept?: KeptOutputView;
  /** ask_scout: the Scout session that answered (Open Scout Session). */
  subSession?: string;
}

/** A tool output kept whole on disk: what read_tool_output and Open Full Output take. */
export interface KeptOutputView {
  id: string;
  chars: number;
  lines: number;
}

export interface ValidationView {
  kind: 'validation';
  ok: boolean;
  steps: { command: string; exitCode: number | null; timedOut: boolean; durationMs: number; error?: string }[];
  failureOutput?: string;
  kept?: KeptOutputView;
}

export interface PlanView {
  kind: 'plan';
  sections: { title: string; text: string }[];
}

export type TurnItemView =
  { kind: 'text'; text: string } | ToolCallView | ValidationView | PlanView | { kind: 'note'; text: string };

export type ApprovalDecision = 'approve' | 'approve_always' | 'deny';

export const APPROVAL_DECISIONS: readonly ApprovalDecision[] = ['approve', 'approve_always', 'deny'];
