import * as vscode from 'vscode';
import { escapeMarkdown } from '../core/escapeMarkdown';
import { usageText } from '../core/gaugeFormat';
import { Commands } from '../shared/ids';
import { isSessionKey, ownIdOf, sessionKey } from '../shared/sessionKey';
import type { SessionSummary } from '../shared/sessionSummary';
import { SOURCE_LABELS } from '../shared/sessionSummary';
import { SESSION_TYPE_LABELS, SESSION_TYPES } from '../shared/sessionTypes';
import type { SessionService } from '../core/sessionService';
import type { SessionState } from '../core/session';
import { relativeTime } from '../core/relativeTime';
import type { SessionDirectory } from './sessionDirectory';
import type { ExtensionSettings } from './settings';

type Node = { kind: 'group'; label: string; keys: string[] } | { kind: 'session'; key: string };

const STATUS_GROUPS = ['Replying', 'Needs attention', 'Idle'] as const;

function statusGroup(state: SessionState, busy: boolean): (typeof STATUS_GROUPS)[number] {
  if (busy) return 'Replying';
  const last = state.turns[state.turns.length - 1];
  return last && last.status !== 'done' ? 'Needs attention' : 'Idle';
}

/**
 * The sidebar list of sessions: ours grouped by type or by status, then "Claude Code" and "Codex"
 * with the sessions of those agents, newest first. Each item shows its gauge in the description.
 */
export class SessionTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly sessions: SessionService,
    private readonly directory: SessionDirectory,
    private readonly settings: ExtensionSettings,
  ) {
    this.disposables.push(directory.onDidChange(() => this.scheduleRefresh()));
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

  /** Sub-sessions (ask_scout) whose parent is loaded, by the parent's id: they show under it, not in a group. */
  private children(): Map<string, SessionState[]> {
    const all = this.sessions.all();
    const ids = new Set(all.map((s) => s.id));
    const byParent = new Map<string, SessionState[]>();
    for (const s of all) {
      const parent = s.parent?.sessionId;
      if (parent && ids.has(parent)) byParent.set(parent, [...(byParent.get(parent) ?? []), s]);
    }
    return byParent;
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'session') {
      const id = ownIdOf(node.key);
      return (id ? (this.children().get(id) ?? []) : []).map((s) => ({
        kind: 'session',
        key: sessionKey('own', s.id),
      }));
    }
    if (node?.kind === 'group') return node.keys.map((key) => ({ kind: 'session', key }));
    const nested = new Set([...this.children().values()].flat().map((s) => s.id));
    const all = this.sessions.all().filter((s) => !nested.has(s.id));
    const own: Array<{ label: string; keys: string[] }> =
      this.settings.groupBy() === 'status'
        ? STATUS_GROUPS.map((label) => ({
            label,
            keys: all
              .filter((s) => statusGroup(s, this.sessions.isBusy(s.id)) === label)
              .map((s) => sessionKey('own', s.id)),
          }))
        : SESSION_TYPES.map((t) => ({
            label: SESSION_TYPE_LABELS[t],
            keys: all.filter((s) => s.sessionType === t).map((s) => sessionKey('own', s.id)),
          }));
    const others = this.directory.others();
    const observed = (['claude-code', 'codex'] as const).map((source) => ({
      label: SOURCE_LABELS[source],
      keys: others.filter((s) => s.source === source).map((s) => s.key),
    }));
    return [...own, ...observed].filter((g) => g.keys.length > 0).map((g) => ({ kind: 'group', ...g }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.label}`;
      item.description = String(node.keys.length);
      item.contextValue = 'group';
      return item;
    }
    const summary = this.directory.get(node.key);
    const item = new vscode.TreeItem(summary?.title ?? node.key, vscode.TreeItemCollapsibleState.None);
    item.id = `session:${node.key}`;
    if (!summary) return item;
    return summary.source === 'own' ? this.ownItem(item, summary) : this.observedItem(item, summary);
  }

  private ownItem(item: vscode.TreeItem, summary: SessionSummary): vscode.TreeItem {
    const state = this.sessions.get(summary.id);
    if (this.children().has(summary.id)) item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    const busy = this.sessions.isBusy(summary.id);
    const last = state?.turns[state.turns.length - 1];
    item.description = usageText(summary.context);
    item.tooltip = new vscode.MarkdownString(
      `**${escapeMarkdown(summary.title)}**  \n${summary.label} · ${escapeMarkdown(summary.model)}  \n${summary.context.measured ? 'Measured' : 'Estimated'}: ${escapeMarkdown(summary.gaugeText)}`,
    );
    item.iconPath = busy
      ? new vscode.ThemeIcon('loading~spin')
      : last && last.status !== 'done'
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
        : new vscode.ThemeIcon('comment-discussion');
    item.contextValue = 'session';
    item.command = { command: Commands.openSession, title: 'Open Session', arguments: [summary.id] };
    item.accessibilityInformation = { label: `${summary.title}, ${summary.label}, ${summary.gaugeText}` };
    return item;
  }

  private observedItem(item: vscode.TreeItem, summary: SessionSummary): vscode.TreeItem {
    const gauge = usageText(summary.context);
    const compacted = summary.compactions
      ? ` · compacted${summary.compactions.count > 1 ? ` ×${summary.compactions.count}` : ''}`
      : '';
    item.description = `${gauge} · ${summary.model} · ${relativeTime(summary.lastActivity, Date.now())}${compacted}`;
    item.tooltip = new vscode.MarkdownString(summary.tooltip.map(escapeMarkdown).join('  \n'));
    item.iconPath = new vscode.ThemeIcon(summary.source === 'codex' ? 'terminal' : 'sparkle');
    item.contextValue = 'observedSession';
    item.command = { command: Commands.openTranscript, title: 'Open Transcript', arguments: [summary.key] };
    item.accessibilityInformation = { label: `${summary.title}, ${summary.label} session, ${gauge}${compacted}` };
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
  if (typeof arg === 'string') return isSessionKey(arg) ? ownIdOf(arg) : arg;
  if (arg && typeof arg === 'object' && 'key' in arg && typeof (arg as { key: unknown }).key === 'string') {
    const key = (arg as { key: string }).key;
    return isSessionKey(key) ? ownIdOf(key) : undefined;
  }
  if (arg && typeof arg === 'object' && 'id' in arg && typeof (arg as { id: unknown }).id === 'string')
    return (arg as { id: string }).id;
  return undefined;
}

/** The summary key of a tree node or a key/string argument. */
export function sessionKeyOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'key' in arg && typeof (arg as { key: unknown }).key === 'string')
    return (arg as { key: string }).key;
  return undefined;
}
