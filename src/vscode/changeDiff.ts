import * as path from 'path';
import * as vscode from 'vscode';
import type { SessionService } from '../core/sessionService';
import type { ToolCallItem } from '../core/turnItems';
import { BEFORE_EDIT_SCHEME } from '../shared/ids';

/** The edit a call made, looked up in the session's fold (the host owns the data; the webview sends only ids). */
function changeOf(sessions: SessionService, sessionId: string, turnId: string, callId: string) {
  const state = sessions.get(sessionId);
  const turn = state?.turns.find((t) => t.id === turnId);
  const call = turn?.items.find((i): i is ToolCallItem => i.kind === 'tool' && i.callId === callId);
  return state?.root && call?.change ? { root: state.root, change: call.change } : undefined;
}

/** Read-only documents of a file as it was before an agent's edit: `agent-session-before:/<name>?s&t&c`. */
export class BeforeEditDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly sessions: SessionService) {}

  static uriFor(sessionId: string, turnId: string, callId: string, file: string): vscode.Uri {
    const query = new URLSearchParams({ s: sessionId, t: turnId, c: callId }).toString();
    return vscode.Uri.from({ scheme: BEFORE_EDIT_SCHEME, path: `/${path.posix.basename(file)}`, query });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const q = new URLSearchParams(uri.query);
    const found = changeOf(this.sessions, q.get('s') ?? '', q.get('t') ?? '', q.get('c') ?? '');
    if (!found) return '';
    return found.change.before ?? '';
  }
}

/**
 * Open Diff on an agent's edit: the file before the call (kept in the log) against the file now, in
 * VS Code's diff editor. When the text before was too large to keep, the recorded diff opens instead.
 */
export async function openChangeDiff(
  sessions: SessionService,
  sessionId: string,
  turnId: string,
  callId: string,
): Promise<void> {
  const found = changeOf(sessions, sessionId, turnId, callId);
  if (!found) return;
  const { root, change } = found;
  if (!change.created && change.before === undefined) {
    const doc = await vscode.workspace.openTextDocument({ content: change.diff, language: 'diff' });
    await vscode.window.showTextDocument(doc, { preview: true });
    return;
  }
  const left = BeforeEditDocuments.uriFor(sessionId, turnId, callId, change.path);
  const right = vscode.Uri.file(path.join(root, ...change.path.split('/')));
  const title = `${change.path} (before the agent's edit ↔ now)`;
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
}
