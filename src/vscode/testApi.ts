import type * as vscode from 'vscode';
import type { ContextPressure } from './contextPressure';
import { usageJson } from '../core/transcripts/sessionActions';
import type { Services } from './services';
import type { SessionDirectory } from './sessionDirectory';
import type { SessionPanels } from './sessionPanels';
import type { SessionTree } from './sessionTree';
import type { TokenMeter } from './tokenMeter';

/**
 * What activate() returns. For other extensions: `onContextPressure` and `getContextUsage` (documented
 * in the README). For the integration tests: a small read-only view of what the user sees (the
 * status-bar text and the tree items come from the real objects).
 */
export function createTestApi(parts: {
  services: Services;
  meter?: TokenMeter;
  tree?: SessionTree;
  view?: vscode.TreeView<unknown>;
  panels?: SessionPanels;
  directory: SessionDirectory;
  pressure?: ContextPressure;
  ready: Promise<void>;
  activationMs: number;
}) {
  const { services, meter, tree, directory, pressure } = parts;
  const noEvent = () => ({ dispose: () => undefined });
  return {
    /** Fires when a session (ours or another agent's) crosses a context threshold upwards. */
    onContextPressure: pressure?.onContextPressure ?? noEvent,
    /** The current context usage of a session (by id or `<source>:<id>` key), or of the one in the status bar. */
    getContextUsage: (sessionId?: string) => {
      const summary = sessionId ? directory.find(sessionId) : meter?.session;
      return summary ? (JSON.parse(usageJson(summary)) as Record<string, unknown>) : undefined;
    },
    /** Resolves when stored sessions have been opened and recovered. */
    ready: parts.ready,
    /** How long activate() took, measured inside it (the benchmark figure from the real host). */
    activationMs: parts.activationMs,
    storageFolder: services.storageFolder,
    sessionIds: () => services.sessions.all().map((s) => s.id),
    session: (id: string) => services.sessions.get(id),
    isBusy: (id: string) => services.sessions.isBusy(id),
    activeSessionId: () => services.active.id,
    /** Resolves when the status bar's chosen session is remembered on disk. */
    activeSessionSaved: () => services.active.saved(),
    statusBarText: () => meter?.text,
    statusBarTooltip: () => meter?.tooltip,
    treeItems: () => {
      if (!tree) return [];
      return tree.getChildren().flatMap((group) => {
        const groupItem = tree.getTreeItem(group);
        return tree.getChildren(group).flatMap((node) => {
          const item = tree.getTreeItem(node);
          const row = { group: String(groupItem.label), label: String(item.label) };
          // sub-sessions (ask_scout) are the children of their parent's item
          const nested = tree.getChildren(node).map((child) => {
            const childItem = tree.getTreeItem(child);
            return {
              ...row,
              label: String(childItem.label),
              description: String(childItem.description ?? ''),
              under: row.label,
            };
          });
          return [{ ...row, description: String(item.description ?? '') }, ...nested];
        });
      });
    },
    /** The line the Sessions view shows above its items (Restricted Mode), if any. */
    treeMessage: () => parts.view?.message,
    /** Who holds a session's log when another process (another VS Code window) writes it. */
    readOnlyHolder: (id: string) => services.sessions.readOnly(id),
    isPanelOpen: (id: string) => parts.panels?.isOpen(id) ?? false,
    /** Handles `message` as if the session's tab had posted it (e.g. Open Full Output's `openToolOutput`). */
    postFromTab: (id: string, message: unknown) => parts.panels?.receive(id, message),
    /** Why sending is not possible right now, as the session tab shows it. */
    blockedReason: () => services.blockedReason(),
    onDidChange: (listener: () => void) => services.sessions.onDidChange(listener),
    /** Fires with the status-bar text each time it changes. */
    onDidChangeStatusBar: (listener: (text: string) => void) => meter?.onDidChangeText(listener) ?? noEvent(),
    observedSessions: () => directory.others(),
    /** Fires when any session, ours or another agent's, changes. */
    onDidChangeSessions: (listener: () => void) => directory.onDidChange(listener),
  };
}

export type AgentSessionsTestApi = ReturnType<typeof createTestApi>;
