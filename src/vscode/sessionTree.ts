import * as vscode from 'vscode';
import { escapeMarkdown } from '../core/escapeMarkdown';
import { Commands } from '../shared/ids';
import { SESSION_TYPE_LABELS, SESSION_TYPES } from '../shared/sessionTypes';
import type { SessionService } from '../core/sessionService';
import type { SessionState } from '../core/session';
import { computeGauge, gaugeText } from '../core/tokenMeter';
import type { ExtensionSettings } from './settings';

type Node = { kind: 'group'; label: string; ids: string[] } | { kind: 'session'; id: string };

const STATUS_GROUPS = ['Replying', 'Needs attention', 'Idle'] as const;

function statusGroup(state: SessionState, busy: boolean): (typeof STATUS_GROUPS)[number] {
  if (busy) return 'Replying';
  const last = state.turns[state.turns.length - 1];
  return last && last.status !== 'done' ? 'Needs attention' : 'Idle';
}

/** The sidebar list of sessions, grouped by type or by status, each with its gauge as description. */
export class SessionTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly sessions: SessionService, private readonly settings: ExtensionSettings) {
    const refresh = () => this.scheduleRefresh();
    this.disposables.push({ dispose: sessions.onDidChange(refresh) }, { dispose: sessions.onDidRemove(refresh) }, settings.onDidChange(refresh));
  }

  /** Coalesces the many changes of a streaming reply into at most a few repaints a second. */
  private scheduleRefresh(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.emitter.fire(undefined);
    }, 100);
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'session') return [];
    if (node?.kind === 'group') return node.ids.map((id) => ({ kind: 'session', id }));
    const all = this.sessions.all();
    const groups: Array<{ label: string; ids: string[] }> =
      this.settings.groupBy() === 'status'
        ? STATUS_GROUPS.map((label) => ({ label, ids: all.filter((s) => statusGroup(s, this.sessions.isBusy(s.id)) === label).map((s) => s.id) }))
        : SESSION_TYPES.map((t) => ({ label: SESSION_TYPE_LABELS[t], ids: all.filter((s) => s.sessionType === t).map((s) => s.id) }));
    return groups.filter((g) => g.ids.length > 0).map((g) => ({ kind: 'group', ...g }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.label}`;
      item.description = String(node.ids.length);
      item.contextValue = 'group';
      return item;
    }
    const state = this.sessions.get(node.id);
    const item = new vscode.TreeItem(state?.title ?? node.id, vscode.TreeItemCollapsibleState.None);
    item.id = `session:${node.id}`;
    if (!state) return item;
    const gauge = computeGauge(state, this.settings.gauge());
    const busy = this.sessions.isBusy(state.id);
    const last = state.turns[state.turns.length - 1];
    item.description = gaugeText(gauge).slice(gauge.label.length + 1);
    item.tooltip = new vscode.MarkdownString(`**${escapeMarkdown(state.title)}**  \n${SESSION_TYPE_LABELS[state.sessionType]} · ${escapeMarkdown(state.model)}  \n${gauge.measured ? 'Measured' : 'Estimated'}: ${escapeMarkdown(gaugeText(gauge))}`);
    item.iconPath = busy ? new vscode.ThemeIcon('loading~spin')
      : last && last.status !== 'done' ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
        : new vscode.ThemeIcon('comment-discussion');
    item.contextValue = 'session';
    item.command = { command: Commands.openSession, title: 'Open Session', arguments: [state.id] };
    item.accessibilityInformation = { label: `${state.title}, ${SESSION_TYPE_LABELS[state.sessionType]}, ${gaugeText(gauge)}` };
    return item;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.disposables.forEach((d) => d.dispose());
    this.emitter.dispose();
  }
}


/** Tree item arguments arrive as the node; commands from the palette pass an id or nothing. */
export function sessionIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'id' in arg && typeof (arg as { id: unknown }).id === 'string') return (arg as { id: string }).id;
  return undefined;
}
