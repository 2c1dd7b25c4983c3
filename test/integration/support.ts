import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/shared/ids';
import type { AgentSessionsTestApi } from '../../src/vscode/testApi';

/** Activates the extension (as a user's first command would) and returns its read-only test API, loaded. */
export async function extensionApi(): Promise<AgentSessionsTestApi> {
  const ext = vscode.extensions.getExtension<AgentSessionsTestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  await api.ready;
  return api;
}

/**
 * Resolves when `check` holds, re-checking on every change of any session (ours or another agent's)
 * and of the status bar: waits for the event, not for time (the timer only turns a hang into a failure).
 */
export function waitFor<T>(
  api: AgentSessionsTestApi,
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      sessions.dispose();
      statusBar.dispose();
      clearTimeout(timer);
    };
    const probe = () => {
      const value = check();
      if (value) {
        stop();
        resolve(value);
      }
    };
    const sessions = api.onDidChangeSessions(probe);
    const statusBar = api.onDidChangeStatusBar(probe);
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(
          `timed out waiting for ${what}; status bar "${api.statusBarText()}", tree ${JSON.stringify(api.treeItems())}`,
        ),
      );
    }, timeoutMs);
    probe();
  });
}

export async function configure(baseUrl: string, model: string): Promise<void> {
  await vscode.commands.executeCommand('agentSessions.setEndpoint', baseUrl);
  await vscode.workspace
    .getConfiguration('agentSessions')
    .update('models.scout', model, vscode.ConfigurationTarget.Global);
}

export const MAIN_TASK = 'Map the auth module';
export const CRASH_TASK = 'Explain the build, slowly';

/** Resolves with the session once its latest turn has ended (or waits for approval) and nothing runs. */
export function turnEnded(api: AgentSessionsTestApi, id: string, what: string, timeoutMs = 60_000) {
  return waitFor(
    api,
    () => {
      const state = api.session(id);
      const turn = state?.turns[state.turns.length - 1];
      return turn && turn.status !== 'streaming' && !api.isBusy(id) && state;
    },
    what,
    timeoutMs,
  );
}

/** A file of the first workspace folder (the sample project), as text; undefined when missing. */
export async function workspaceText(rel: string): Promise<string | undefined> {
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, ...rel.split('/'));
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * Resolves once a file of the first workspace folder exists, on the file watcher's event (checked once
 * at the start too, so a file made before the call counts). Start it before what makes the file.
 */
export function fileAppears(rel: string, what: string, timeoutMs = 30_000): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0];
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, rel));
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    const found = () => {
      clearTimeout(timer);
      resolve();
    };
    watcher.onDidCreate(found);
    watcher.onDidChange(found);
    void workspaceText(rel).then((text) => text !== undefined && found());
  }).finally(() => watcher.dispose());
}

export const APPROVAL_TASK = 'Print the node version';
export const TOOL_CRASH_TASK = 'Run the slow script';
