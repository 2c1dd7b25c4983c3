import type { KeptOutputView, ToolCallView, TurnItemView } from '../shared/turnItemView';
import { argvText, PLAN_HEADINGS } from './runnerWords';
import type { KeptOutput, PlanParts } from './sessionEvents';
import type { ToolCallItem, TurnItem } from './turnItems';
import { redactSecrets } from './transcripts/redact';

/** What one tool card shows of a result or a diff; the log keeps all of it. */
const OUTPUT_CHARS = 8_000;
const DIFF_CHARS = 32_000;

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… [${text.length - max} more characters]`;
}

/** The one-line subject of a call, from its arguments (which the model wrote: parsed defensively). */
export function callSubject(call: Pick<ToolCallItem, 'name' | 'arguments'>): string {
  let args: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(call.arguments);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) args = parsed as typeof args;
  } catch {
    return call.arguments ? 'unreadable arguments' : '';
  }
  const str = (key: string) => (typeof args[key] === 'string' ? (args[key] as string) : undefined);
  if (Array.isArray(args.argv) && args.argv.every((a) => typeof a === 'string')) return argvText(args.argv as string[]);
  const pattern = str('pattern') ?? str('glob');
  const where = str('path');
  const asked = str('question')?.split('\n')[0] ?? str('id'); // ask_scout, read_tool_output
  const line = pattern ? `${pattern}${where ? ` in ${where}` : ''}` : (where ?? asked ?? '');
  const range = typeof args.startLine === 'number' ? ` (from line ${args.startLine})` : '';
  return cap(line + range, 300);
}

function toolView(call: ToolCallItem): ToolCallView {
  const view: ToolCallView = {
    kind: 'tool',
    callId: call.callId,
    name: call.name,
    subject: redactSecrets(callSubject(call)),
    status: call.status,
  };
  if (call.output !== undefined) view.output = cap(redactSecrets(call.output), OUTPUT_CHARS);
  if (call.approval && call.status === 'awaiting_approval') {
    const { subject, reason, key } = call.approval;
    view.approval = { subject: redactSecrets(subject), reason, rememberable: key !== '' };
  }
  if (call.change) {
    const { path, created, diff } = call.change;
    view.change = { path, created, diff: cap(diff, DIFF_CHARS) };
  }
  if (call.kept) view.kept = keptView(call.kept);
  if (call.subSession) view.subSession = call.subSession;
  return view;
}

function keptView(kept: KeptOutput): KeptOutputView {
  return { id: kept.id, chars: kept.chars, lines: kept.lines };
}

const PLAN_ORDER: Array<keyof PlanParts> = ['rootCause', 'files', 'invariants', 'risks', 'validation'];

/** The items of a turn as the session tab shows them (secrets redacted, long outputs capped). */
export function turnItemsView(items: readonly TurnItem[]): TurnItemView[] {
  return items.map((item): TurnItemView => {
    switch (item.kind) {
      case 'text':
      case 'note':
        return item;
      case 'tool':
        return toolView(item);
      case 'validation':
        return {
          kind: 'validation',
          ok: item.ok,
          steps: item.steps.map((s) => ({
            command: argvText(s.argv),
            exitCode: s.exitCode,
            timedOut: s.timedOut,
            durationMs: s.durationMs,
            ...(s.error ? { error: s.error } : {}),
          })),
          ...(item.failureOutput ? { failureOutput: cap(redactSecrets(item.failureOutput), OUTPUT_CHARS) } : {}),
          ...(item.kept ? { kept: keptView(item.kept) } : {}),
        };
      case 'plan':
        return {
          kind: 'plan',
          sections: PLAN_ORDER.map((part) => ({ title: PLAN_HEADINGS[part], text: item.plan[part] })),
        };
    }
  });
}
