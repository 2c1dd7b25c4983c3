import type { Services } from './services';
import type { SessionTree } from './sessionTree';
import type { TokenMeter } from './tokenMeter';

/**
 * What activate() returns: a small read-only view of what the user sees, used by the integration
 * tests in the real VS Code host (the status-bar text and the tree items come from the real objects).
 */
export function createTestApi(parts: { services: Services; meter?: TokenMeter; tree?: SessionTree; ready: Promise<void>; activationMs: number }) {
  const { services, meter, tree } = parts;
  return {
    /** Resolves when stored sessions have been opened and recovered. */
    ready: parts.ready,
    /** How long activate() took, measured inside it (the benchmark figure from the real host). */
    activationMs: parts.activationMs,
    storageFolder: services.storageFolder,
    sessionIds: () => services.sessions.all().map((s) => s.id),
    session: (id: string) => services.sessions.get(id),
    isBusy: (id: string) => services.sessions.isBusy(id),
    activeSessionId: () => services.active.id,
    statusBarText: () => meter?.text,
    statusBarTooltip: () => meter?.tooltip,
    treeItems: () => {
      if (!tree) return [];
      return tree.getChildren().flatMap((group) => {
        const groupItem = tree.getTreeItem(group);
        return tree.getChildren(group).map((node) => {
          const item = tree.getTreeItem(node);
          return { group: String(groupItem.label), label: String(item.label), description: String(item.description ?? '') };
        });
      });
    },
    onDidChange: (listener: () => void) => services.sessions.onDidChange(listener),
  };
}

export type AgentSessionsTestApi = ReturnType<typeof createTestApi>;
