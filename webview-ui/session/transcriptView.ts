import type { LimitKey } from '../../src/shared/budgetKeys';
import type { TurnView } from '../../src/shared/protocol';
import { renderMarkdown } from './markdown';
import type { ItemActions } from './turnItems';
import { itemsKey, renderItems } from './turnItems';

/** A stop's one-click ways on. */
export interface HaltActions {
  raise(turnId: string, key: LimitKey, value: number): void;
  escalate(turnId: string): void;
}

const STATUS_LABEL: Record<string, string> = {
  streaming: 'Replying…',
  done: '',
  interrupted: 'Interrupted',
  incomplete: 'Incomplete',
  failed: 'Failed',
  stopped: 'Stopped',
  awaiting_approval: 'Waiting for approval',
  halted: 'Stopped by the runner',
};

/**
 * Renders the turns into a list, keeping the DOM of turns that did not change; only the streaming
 * turn is re-rendered on each snapshot. Model text goes through the inert markdown renderer only.
 */
export class TranscriptView {
  private readonly rendered = new Map<string, { key: string; element: HTMLElement }>();

  constructor(
    private readonly list: HTMLElement,
    private readonly onResend: (turnId: string) => void,
    private readonly onHalt: HaltActions,
    private readonly actions: (turnId: string) => ItemActions,
  ) {}

  /** `readOnly`: another window writes this session, so no turn offers Resend. */
  render(turns: TurnView[], readOnly = false): void {
    const keep = new Set(turns.map((t) => t.id));
    for (const [id, entry] of this.rendered) {
      if (!keep.has(id)) {
        entry.element.remove();
        this.rendered.delete(id);
      }
    }
    turns.forEach((turn, index) => {
      const isLast = index === turns.length - 1;
      const halt = turn.halt ? `${turn.halt.raise?.to ?? ''}|${turn.halt.escalate?.model ?? ''}` : '';
      const key = `${readOnly}|${isLast}|${halt}|${turn.status}|${itemsKey(turn.items)}|${turn.notice ?? ''}|${turn.error?.message ?? ''}|${turn.usage?.totalTokens ?? ''}`;
      const existing = this.rendered.get(turn.id);
      if (existing?.key === key) return;
      const element = this.renderTurn(turn, isLast && !readOnly);
      if (existing) existing.element.replaceWith(element);
      else this.list.appendChild(element);
      this.rendered.set(turn.id, { key, element });
    });
  }

  private renderTurn(turn: TurnView, isLast: boolean): HTMLElement {
    const item = document.createElement('li');
    item.className = `turn turn-${turn.status}`;
    item.dataset.turnId = turn.id;
    const user = document.createElement('div');
    user.className = 'message user';
    user.textContent = turn.userText;
    const assistant = document.createElement('div');
    assistant.className = 'assistant-items';
    if (turn.status === 'streaming') assistant.setAttribute('aria-live', 'polite');
    if (turn.items.length) assistant.append(...renderItems(turn.items, this.actions(turn.id)));
    else if (turn.assistantText) {
      const text = assistant.appendChild(document.createElement('div'));
      text.className = 'message assistant markdown';
      text.innerHTML = renderMarkdown(turn.assistantText); // html:false renderer: inert
    }
    item.append(user, assistant);

    const meta = document.createElement('div');
    meta.className = 'turn-meta';
    if (turn.status === 'streaming')
      meta.appendChild(document.createElement('vscode-progress-ring')).className = 'spinner';
    const label = STATUS_LABEL[turn.status];
    if (label) {
      const chip = document.createElement('span');
      chip.className = `chip chip-${turn.status}`;
      chip.textContent = label;
      meta.appendChild(chip);
    }
    if (turn.notice) meta.appendChild(text('span', 'notice', turn.notice));
    if (turn.error && turn.status !== 'done') meta.appendChild(text('span', 'error-message', turn.error.message));
    if (turn.usage)
      meta.appendChild(
        text(
          'span',
          'usage',
          `${turn.usage.promptTokens.toLocaleString()} in · ${turn.usage.completionTokens.toLocaleString()} out`,
        ),
      );
    if (isLast && ['interrupted', 'incomplete', 'failed', 'stopped'].includes(turn.status)) {
      const resend = document.createElement('vscode-button');
      resend.setAttribute('secondary', '');
      resend.textContent = 'Resend';
      resend.setAttribute('aria-label', 'Resend this message as a new turn');
      resend.addEventListener('click', () => this.onResend(turn.id));
      meta.appendChild(resend);
    }
    if (isLast && turn.halt?.raise) {
      const { key, label, to, toText } = turn.halt.raise;
      const raise = document.createElement('vscode-button');
      raise.textContent = `Raise to ${toText} and Continue`;
      raise.setAttribute('aria-label', `Raise the ${label} limit to ${toText} and continue the turn`);
      raise.addEventListener('click', () => this.onHalt.raise(turn.id, key, to));
      meta.appendChild(raise);
    }
    if (isLast && turn.halt?.escalate) {
      const model = turn.halt.escalate.model;
      const escalate = document.createElement('vscode-button');
      escalate.textContent = `Continue on ${model}`;
      escalate.setAttribute('aria-label', `Continue this turn on the escalation model ${model}`);
      escalate.addEventListener('click', () => this.onHalt.escalate(turn.id));
      meta.appendChild(escalate);
    }
    if (meta.childElementCount) item.appendChild(meta);
    return item;
  }
}

function text(tag: string, className: string, content: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = content;
  return el;
}
