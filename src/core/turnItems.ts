import type { ToolCallStatusView } from '../shared/turnItemView';
import type { KeptOutput, PlanParts, RecordedChange, SubSpend, ValidationStep } from './sessionEvents';

/**
 * What a turn holds, in order, as the user reads it: the model's text, each tool call with its state and
 * result, validation runs, the plan, and the runner's notes (a guard, a plan reminder, tools off).
 */
/**
 * requested: recorded, not yet checked or run; running: started (after a crash, this call was in
 * flight); lost: it had started when the host died, and is never run again.
 */
export type ToolCallStatus = ToolCallStatusView;

export interface ToolCallItem {
  kind: 'tool';
  callId: string;
  name: string;
  /** The raw argument text the model sent. */
  arguments: string;
  status: ToolCallStatus;
  approval?: { subject: string; reason: string; key: string; remember?: boolean };
  /** The result, the refusal reason or the loss message. */
  output?: string;
  change?: RecordedChange;
  /** The whole output, kept on disk: `output` is its head and tail. */
  kept?: KeptOutput;
  /** ask_scout: the Scout session that answered, and what it spent. */
  subSession?: string;
  subSpend?: SubSpend;
}

export interface ValidationItem {
  kind: 'validation';
  callId?: string;
  ok: boolean;
  steps: ValidationStep[];
  failureOutput?: string;
  kept?: KeptOutput;
  named?: string[];
}

export type TurnItem =
  | { kind: 'text'; text: string }
  | ToolCallItem
  | ValidationItem
  | { kind: 'plan'; plan: PlanParts }
  | { kind: 'note'; text: string };

/** Appends text to the last text item, or starts one after a tool call. */
export function withText(items: TurnItem[], text: string): TurnItem[] {
  const last = items[items.length - 1];
  if (last?.kind === 'text') return [...items.slice(0, -1), { kind: 'text', text: last.text + text }];
  return [...items, { kind: 'text', text }];
}

export function withCall(items: TurnItem[], callId: string, change: (call: ToolCallItem) => ToolCallItem): TurnItem[] {
  return items.map((item) => (item.kind === 'tool' && item.callId === callId ? change(item) : item));
}

export function toolCalls(items: readonly TurnItem[]): ToolCallItem[] {
  return items.filter((item): item is ToolCallItem => item.kind === 'tool');
}

/** A call that has not reached an end (done, failed, refused, denied, lost). */
export function isOpenCall(call: ToolCallItem): boolean {
  return (
    call.status === 'requested' ||
    call.status === 'awaiting_approval' ||
    call.status === 'approved' ||
    call.status === 'running'
  );
}
