import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { isHostToWebview } from '../../src/shared/protocol';
import type { SessionView, WebviewToHost } from '../../src/shared/protocol';
import { BudgetPanel } from './budgetView';
import { TranscriptView } from './transcriptView';
import { updateState, vscode } from './vscodeApi';

const post = (message: WebviewToHost) => vscode.postMessage(message);
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const title = byId('title');
const badge = byId('type');
const model = byId('model');
const gauge = byId('gauge');
const blocked = byId('blocked');
const readOnlyBanner = byId('readonly');
const readOnlyText = byId('readonly-text');
const scroller = byId('scroller');
const composer = byId<HTMLElement & { value: string; disabled: boolean }>('composer');
const send = byId<HTMLElement & { disabled: boolean }>('send');
const stop = byId<HTMLElement & { disabled: boolean }>('stop');
const toolsLine = byId('tools');
const rulesNote = byId('rules-note');
const planMode = byId<HTMLElement & { checked: boolean; disabled: boolean }>('plan-mode');
const transcript = new TranscriptView(
  byId('transcript'),
  (turnId) => post({ type: 'resend', turnId }),
  {
    raise: (turnId, key, value) => post({ type: 'raise', turnId, key, value }),
    escalate: (turnId) => post({ type: 'escalate', turnId }),
  },
  (turnId) => ({
    decide: (callId, decision) => post({ type: 'decide', callId, decision }),
    openDiff: (callId) => post({ type: 'openDiff', turnId, callId }),
    openToolOutput: (id) => post({ type: 'openToolOutput', id }),
    openSession: (sessionId) => post({ type: 'openSession', sessionId }),
  }),
);
const budget = new BudgetPanel(
  byId('budget'),
  byId('budget-meters'),
  byId('budget-edit'),
  byId<HTMLFormElement>('budget-form'),
  post,
);
planMode.addEventListener('change', () => post({ type: 'setPlanMode', on: planMode.checked }));
let busy = false;
let readOnly = false;

composer.value = vscode.getState()?.draft ?? '';
composer.addEventListener('input', () => updateState({ draft: composer.value }));

function submit(): void {
  const text = composer.value.trim();
  if (!text || busy || readOnly || send.disabled) return;
  post({ type: 'send', text });
  composer.value = '';
  updateState({ draft: '' });
}

send.addEventListener('click', submit);
stop.addEventListener('click', () => post({ type: 'stop' }));
byId('takeover').addEventListener('click', () => post({ type: 'takeOver' }));
composer.addEventListener('keydown', (e: KeyboardEvent) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    submit();
  }
});

function render(session: SessionView): void {
  updateState({ sessionId: session.id });
  document.title = session.title;
  title.textContent = session.title;
  badge.textContent = session.typeLabel;
  model.textContent = session.model + (session.endpointHost ? ` · ${session.endpointHost}` : '');
  gauge.textContent = session.gauge.text;
  gauge.title = session.gauge.tooltip;
  gauge.className = `gauge gauge-${session.gauge.level}`;
  toolsLine.textContent = session.toolsLine;
  rulesNote.hidden = !session.rulesNote;
  rulesNote.textContent = session.rulesNote ?? '';
  planMode.checked = session.planMode;
  planMode.disabled = !!session.readOnlyReason;
  busy = session.busy;
  blocked.hidden = !session.blockedReason;
  blocked.textContent = session.blockedReason ?? '';
  readOnly = !!session.readOnlyReason;
  readOnlyBanner.hidden = !readOnly;
  readOnlyText.textContent = session.readOnlyReason ?? '';
  composer.disabled = !!session.blockedReason || readOnly;
  send.disabled = busy || !!session.blockedReason || readOnly;
  stop.disabled = !busy || readOnly;
  budget.render(session.budget, readOnly);
  const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
  transcript.render(session.turns, readOnly);
  if (atBottom) scroller.scrollTop = scroller.scrollHeight;
}

window.addEventListener('message', (event: MessageEvent) => {
  if (isHostToWebview(event.data)) render(event.data.session);
});
post({ type: 'ready' });
