import type {
  ApprovalDecision,
  KeptOutputView,
  ToolCallView,
  TurnItemView,
  ValidationView,
} from '../../src/shared/turnItemView';
import { renderMarkdown } from './markdown';

/** What the item views send back: an approval answer, or Open Diff on an edit. */
export interface ItemActions {
  decide(callId: string, decision: ApprovalDecision): void;
  openDiff(callId: string): void;
  openToolOutput(id: string): void;
  openSession(sessionId: string): void;
}

const STATUS_WORDS: Record<ToolCallView['status'], string> = {
  requested: 'requested',
  refused: 'refused',
  awaiting_approval: 'waiting for you',
  approved: 'approved',
  denied: 'denied',
  running: 'running…',
  done: 'done',
  failed: 'failed',
  lost: 'was in flight when VS Code stopped: not run again',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A text button (no codicon: the webview loads no icon font, so an icon would be an empty box). */
function button(label: string, onClick: () => void, options: { secondary?: boolean } = {}): HTMLElement {
  const b = document.createElement('vscode-button');
  if (options.secondary) b.setAttribute('secondary', '');
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** A unified diff, each line coloured by its sign; text only (never HTML). */
function diffBlock(diff: string): HTMLElement {
  const pre = el('pre', 'diff');
  for (const line of diff.replace(/\n$/, '').split('\n')) {
    if (/^(Index: |={20,}$)/.test(line)) continue; // jsdiff's header lines: the file names follow anyway
    const kind = line.startsWith('+++') || line.startsWith('---') ? 'file' : line[0];
    const cls = kind === '+' ? 'add' : kind === '-' ? 'del' : kind === '@' ? 'hunk' : kind === 'file' ? 'file' : 'ctx';
    pre.appendChild(el('span', `diff-${cls}`, `${line}\n`));
  }
  return pre;
}

function details(summary: string, body: HTMLElement, open = false): HTMLElement {
  const d = el('details', 'tool-output');
  d.open = open;
  d.append(el('summary', '', summary), body);
  return d;
}

function approvalCard(call: ToolCallView, actions: ItemActions): HTMLElement {
  const approval = call.approval!;
  const card = el('div', 'approval');
  card.setAttribute('role', 'group');
  card.setAttribute('aria-label', `Approval for ${call.name}`);
  card.append(el('div', 'approval-reason', approval.reason), el('code', 'approval-subject', approval.subject));
  const row = el('div', 'approval-actions');
  row.append(button('Approve', () => actions.decide(call.callId, 'approve')));
  if (approval.rememberable)
    row.append(
      button('Allow for this session', () => actions.decide(call.callId, 'approve_always'), { secondary: true }),
    );
  row.append(button('Deny', () => actions.decide(call.callId, 'deny'), { secondary: true }));
  card.append(row);
  return card;
}

function toolCard(call: ToolCallView, actions: ItemActions): HTMLElement {
  const card = el('div', `tool tool-${call.status}`);
  card.dataset.callId = call.callId;
  const head = el('div', 'tool-head');
  head.append(el('span', 'tool-name', call.name), el('code', 'tool-subject', call.subject));
  head.append(el('span', `tool-status status-${call.status}`, STATUS_WORDS[call.status]));
  card.append(head);
  if (call.approval) card.append(approvalCard(call, actions));
  if (call.change) {
    const change = call.change;
    const row = el('div', 'change-head');
    row.append(el('span', '', `${change.created ? 'Created' : 'Changed'} ${change.path}`));
    row.append(button('Open Diff', () => actions.openDiff(call.callId), { secondary: true }));
    card.append(row, diffBlock(change.diff));
  } else if (call.output) {
    const failed = call.status === 'failed' || call.status === 'refused' || call.status === 'lost';
    card.append(details(failed ? 'Why' : 'Output', el('pre', 'output', call.output), failed));
  }
  if (call.kept) card.append(keptRow(call.kept, actions));
  if (call.subSession) {
    const id = call.subSession;
    const row = el('div', 'kept-output');
    const said =
      call.status === 'failed'
        ? 'The Scout gave no answer (why is above); what it did is in its own session.'
        : 'Only the Scout’s final answer came back; its reads are in its own session.';
    row.append(el('span', '', said));
    row.append(button('Open Scout Session', () => actions.openSession(id), { secondary: true }));
    card.append(row);
  }
  return card;
}

/** An output kept whole on disk: how big it is, and Open Full Output (an editor). */
function keptRow(kept: KeptOutputView, actions: ItemActions): HTMLElement {
  const row = el('div', 'kept-output');
  const size = `${kept.lines.toLocaleString()} lines, ${Math.ceil(kept.chars / 1000).toLocaleString()}k characters`;
  row.append(el('span', '', `The model read its head and tail; the whole output (${size}) is kept.`));
  row.append(button('Open Full Output', () => actions.openToolOutput(kept.id), { secondary: true }));
  return row;
}

function validationCard(v: ValidationView, actions: ItemActions): HTMLElement {
  const card = el('div', `validation validation-${v.ok ? 'ok' : 'failed'}`);
  card.append(el('div', 'validation-head', v.ok ? 'Validation passed' : 'Validation failed'));
  const list = el('ul', 'validation-steps');
  for (const step of v.steps) {
    const ok = step.exitCode === 0;
    const end = step.error ?? (step.timedOut ? 'time limit' : `exit ${step.exitCode ?? 'killed'}`);
    const li = el('li', ok ? 'step-ok' : 'step-failed');
    li.append(el('span', 'step-mark', ok ? '✓' : '✗'), el('code', '', step.command));
    li.append(el('span', 'step-end', ` ${end} · ${(step.durationMs / 1000).toFixed(1)} s`));
    list.append(li);
  }
  card.append(list);
  if (v.failureOutput) card.append(details('First failure', el('pre', 'output', v.failureOutput), true));
  if (v.kept) card.append(keptRow(v.kept, actions));
  return card;
}

/** Renders a turn's items in order; model text only through the inert markdown renderer. */
export function renderItems(items: TurnItemView[], actions: ItemActions): HTMLElement[] {
  return items.map((item) => {
    switch (item.kind) {
      case 'text': {
        const div = el('div', 'message assistant markdown');
        div.innerHTML = renderMarkdown(item.text); // html:false renderer: inert
        return div;
      }
      case 'tool':
        return toolCard(item, actions);
      case 'validation':
        return validationCard(item, actions);
      case 'plan': {
        const plan = el('div', 'plan');
        plan.append(el('div', 'plan-head', 'Plan recorded'));
        for (const s of item.sections) {
          const part = el('section', 'plan-part');
          part.append(el('h3', '', s.title));
          const body = el('div', 'markdown');
          body.innerHTML = renderMarkdown(s.text);
          part.append(body);
          plan.append(part);
        }
        return plan;
      }
      case 'note':
        return el('div', 'runner-note', item.text);
    }
  });
}

/** A short key that changes when anything shown of the items changes. */
export function itemsKey(items: TurnItemView[]): string {
  return items
    .map((i) => {
      if (i.kind === 'text' || i.kind === 'note') return `${i.kind}${i.text.length}`;
      if (i.kind === 'tool') return `t${i.callId}${i.status}${i.output?.length ?? ''}${i.change ? 'c' : ''}`;
      if (i.kind === 'validation') return `v${i.ok}${i.steps.length}`;
      return 'p';
    })
    .join(',');
}
