import { DEFAULT_REPEATS, LIMIT_KEYS, LIMIT_LABELS } from '../../src/shared/budgetKeys';
import type { LimitKey } from '../../src/shared/budgetKeys';
import type { BudgetView, WebviewToHost } from '../../src/shared/protocol';

/**
 * The session's budget row: one small meter per set limit, the read scope and summary-first progress, the
 * notes, and an Edit Budget form (number per limit, empty clears it; the read scope one entry per line).
 * The host owns the budget: Save sends the whole form, the host checks it and records it.
 */
export class BudgetPanel {
  private last: BudgetView | undefined;
  private editing = false;

  constructor(
    private readonly section: HTMLElement,
    private readonly meters: HTMLElement,
    private readonly editButton: HTMLElement,
    private readonly form: HTMLFormElement,
    private readonly post: (message: WebviewToHost) => void,
  ) {
    editButton.addEventListener('click', () => this.toggle(!this.editing));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
  }

  render(budget: BudgetView, readOnly: boolean): void {
    this.last = budget;
    const parts: HTMLElement[] = budget.meters.map((m) => {
      const el = document.createElement('span');
      el.className = `meter meter-${m.level}`;
      el.title = m.detail;
      el.setAttribute('role', 'meter');
      el.setAttribute('aria-label', `${m.label}: ${m.text}`);
      el.setAttribute('aria-valuenow', String(m.percent));
      el.append(text('span', 'meter-label', m.label), text('span', 'meter-text', m.text));
      const bar = el.appendChild(document.createElement('span'));
      bar.className = 'meter-bar';
      bar.appendChild(document.createElement('span')).style.width = `${m.percent}%`;
      return el;
    });
    if (budget.readScope) parts.push(text('span', 'budget-scope', `Read scope: ${budget.readScope.join(', ')}`));
    if (budget.summary)
      parts.push(
        text(
          'span',
          'budget-scope',
          `Summary first: ${Math.min(budget.summary.written, budget.summary.wanted)} of ${budget.summary.wanted} bullets`,
        ),
      );
    for (const note of budget.notes) parts.push(text('span', 'budget-note', note));
    if (!parts.length) parts.push(text('span', 'budget-note', 'No budget limits set.'));
    if (budget.toolShare) parts.push(text('span', 'budget-scope', budget.toolShare));
    this.meters.replaceChildren(...parts);
    this.section.hidden = false;
    this.editButton.hidden = readOnly;
    if (readOnly) this.toggle(false);
  }

  private toggle(on: boolean): void {
    this.editing = on;
    this.form.hidden = !on;
    this.editButton.textContent = on ? 'Close Budget' : 'Edit Budget';
    if (on && this.last) this.fill(this.last);
  }

  private fill(budget: BudgetView): void {
    const rows: HTMLElement[] = LIMIT_KEYS.map((key) => {
      const label = document.createElement('label');
      label.className = 'budget-field';
      label.append(text('span', '', LIMIT_LABELS[key]));
      const input = label.appendChild(document.createElement('input'));
      input.type = 'number';
      input.min = key === 'maxRepeats' ? '2' : '0';
      input.step = key === 'maxCostUsd' || key === 'maxMinutes' ? 'any' : '1';
      input.name = key;
      input.placeholder = key === 'maxRepeats' ? `${DEFAULT_REPEATS} (default)` : 'no limit';
      input.value = budget.values[key] === undefined ? '' : String(budget.values[key]);
      return label;
    });
    const scope = document.createElement('label');
    scope.className = 'budget-field budget-field-wide';
    scope.append(text('span', '', 'Read scope (one folder, file or glob per line; empty: everything)'));
    const area = scope.appendChild(document.createElement('textarea'));
    area.name = 'readScope';
    area.rows = 2;
    area.value = (budget.readScope ?? []).join('\n');
    const save = document.createElement('vscode-button');
    save.textContent = 'Save Budget';
    save.addEventListener('click', () => this.save());
    this.form.replaceChildren(...rows, scope, save);
  }

  private save(): void {
    const limits: { [K in LimitKey]?: number | null } = {};
    for (const key of LIMIT_KEYS) {
      const input = this.form.elements.namedItem(key) as HTMLInputElement | null;
      if (!input) continue;
      const raw = input.value.trim();
      limits[key] = raw === '' ? null : Number(raw);
    }
    const area = this.form.elements.namedItem('readScope') as HTMLTextAreaElement | null;
    const readScope = (area?.value ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    this.post({ type: 'setBudget', limits, readScope });
    this.toggle(false);
  }
}

function text(tag: string, className: string, content: string): HTMLElement {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.textContent = content;
  return el;
}
