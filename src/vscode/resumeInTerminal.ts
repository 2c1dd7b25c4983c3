import * as vscode from 'vscode';
import type { SessionSummary } from '../shared/sessionSummary';
import { resumeFolderVerdict } from '../core/folderContainment';
import { resumeCommand } from '../core/transcripts/sessionActions';
import { LOCAL_PATH_STYLE, resolveFolder, resolveFolders } from '../node/transcripts/resolveFolder';

export interface ResumedTerminal {
  shellPath: string;
  shellArgs: string[];
  cwd: string;
}

/**
 * Resumes another agent's session in a terminal. Everything the transcript chose is checked first:
 * the id must be a session id, the folder must exist and be a directory, and a folder outside the
 * open workspace folders (scope `workspace`) runs only after the user confirms it by name.
 */
export async function resumeInTerminal(
  summary: SessionSummary,
  scope: 'workspace' | 'all',
): Promise<ResumedTerminal | undefined> {
  const command = resumeCommand(summary);
  if (!command) return undefined;
  if (!command.ok) {
    void vscode.window.showErrorMessage(command.message);
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Restricted Mode: trust this workspace to run an agent in a terminal.');
    return undefined;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  const open = folders.filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const folder = summary.cwd ?? open[0];
  if (!folder) {
    void vscode.window.showErrorMessage('This session names no working folder and no folder is open; not running it.');
    return undefined;
  }
  const resolved = await resolveFolder(folder);
  if (!resolved.ok) {
    void vscode.window.showErrorMessage(resolved.message);
    return undefined;
  }
  const cwd = resolved.path;
  if (resumeFolderVerdict(cwd, await resolveFolders(open), scope, LOCAL_PATH_STYLE) === 'confirm') {
    const answer = await vscode.window.showWarningMessage(
      `Resume in ${cwd}? It is outside the open folders.`,
      { modal: true, detail: cwd === folder ? undefined : `The transcript names ${folder}, which leads there.` },
      'Resume There',
    );
    if (answer !== 'Resume There') return undefined;
  }
  const name = `${summary.label}: ${summary.title.slice(0, 40)}`;
  vscode.window.createTerminal({ name, cwd, shellPath: command.file, shellArgs: command.args }).show();
  return { shellPath: command.file, shellArgs: command.args, cwd };
}
